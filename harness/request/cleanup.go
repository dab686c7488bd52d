package request

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// LocationEntry names the report entry that tells of a Location header on
// another origin than the target's.
const LocationEntry = "edconform-location"

// AdoptCreated makes whatever a POST created (201 with a Location) the
// suite's own, to be deleted when the spec ends, even when the spec
// expected the POST to be refused. Deletion is tried as the primary client,
// then as fallback (a profile client allowed to delete anything) when the
// primary one is forbidden. The item is tracked for the end-of-run check.
func AdoptCreated(resp *transport.Exchange, fallback string) {
	if resp.Err != nil || resp.Request.Method != http.MethodPost || resp.Status != http.StatusCreated {
		return
	}
	loc := ItemURL(resp)
	if loc == "" {
		return
	}
	if note := foreignLocation(resp, loc); note != "" {
		ginkgo.AddReportEntry(LocationEntry, note, ginkgo.ReportEntryVisibilityAlways)
	}
	rec := &fixtures.Record{Resource: resourceOf(loc), ID: path.Base(loc), URL: loc,
		Check: func(ctx ginkgo.SpecContext) (bool, *transport.Exchange) {
			answer := sendAs(ctx, http.MethodGet, loc, "primary")
			if answer.Status == http.StatusForbidden && suite.Current().Tokens.Has(fallback) == nil {
				answer = sendAs(ctx, http.MethodGet, loc, fallback)
			}
			return answer.Err == nil && (answer.Status == http.StatusNotFound || answer.Status == http.StatusGone), answer
		}}
	suite.Current().Ledger.Track(rec)
	ginkgo.DeferCleanup(Remove, rec, fallback)
}

// ItemURL is where a created item lives on the target: its Location header
// resolved against the request. A Location on another origin is never
// requested: where target.publicBaseURL is that origin's API root (a
// gateway naming its public address), the URL is mapped onto
// target.baseURL; otherwise the item's id (the Location's last segment) is
// addressed under the collection the POST went to.
func ItemURL(resp *transport.Exchange) string {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return ""
	}
	base, err := url.Parse(resp.Request.URL)
	if err != nil {
		return loc
	}
	ref, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	abs := base.ResolveReference(ref)
	if transport.Origin(abs.String()) == transport.Origin(base.String()) {
		return abs.String()
	}
	target := suite.Current().Profile.Target
	if mapped := underPublicBase(abs, target.PublicBaseURL, target.BaseURL); mapped != "" {
		return mapped
	}
	collection := *base
	collection.RawQuery, collection.Fragment = "", ""
	return strings.TrimRight(collection.String(), "/") + "/" + url.PathEscape(path.Base(abs.Path))
}

// underPublicBase maps u, a URL under the public API root, onto the
// target's base URL; "" when u is not under it.
func underPublicBase(u *url.URL, publicBase, targetBase string) string {
	pub, err := url.Parse(publicBase)
	if publicBase == "" || err != nil || transport.Origin(u.String()) != transport.Origin(publicBase) {
		return ""
	}
	root := strings.TrimRight(pub.Path, "/")
	if u.Path != root && !strings.HasPrefix(u.Path, root+"/") {
		return ""
	}
	return strings.TrimRight(targetBase, "/") + strings.TrimPrefix(u.Path, root)
}

// foreignLocation says how a Location on another origin was handled; ""
// when the Location names the target.
func foreignLocation(resp *transport.Exchange, itemURL string) string {
	loc := resp.Header.Get("Location")
	want := transport.Origin(resp.Request.URL)
	base, _ := url.Parse(resp.Request.URL)
	ref, err := url.Parse(loc)
	if base == nil || err != nil || transport.Origin(base.ResolveReference(ref).String()) == want {
		return ""
	}
	how := "the item's id, addressed on the target"
	if target := suite.Current().Profile.Target; target.PublicBaseURL != "" && transport.Origin(target.PublicBaseURL) == transport.Origin(loc) {
		how = "mapped through target.publicBaseURL (" + target.PublicBaseURL + ")"
	}
	return fmt.Sprintf("Location: %s names another origin than the target's (%s); it was not requested. The suite deletes and checks the item at %s: %s. If a gateway names its public address, set target.publicBaseURL to that API root.",
		loc, want, itemURL, how)
}

// resourceOf names an item's resource: the path segment before its id.
func resourceOf(itemURL string) string {
	u, err := url.Parse(itemURL)
	if err != nil {
		return ""
	}
	return path.Base(path.Dir(strings.TrimRight(u.Path, "/")))
}

// Remove deletes an item the suite created; an item already gone is fine.
// How it ended goes into the ledger for the end-of-run check.
func Remove(ctx ginkgo.SpecContext, rec *fixtures.Record, fallback string) {
	s := suite.Current()
	resp := sendAs(ctx, http.MethodDelete, rec.URL, "primary")
	if resp.Status == http.StatusForbidden && s.Tokens.Has(fallback) == nil {
		resp = sendAs(ctx, http.MethodDelete, rec.URL, fallback)
	}
	removed := resp.Err == nil && (resp.Status == http.StatusNoContent || resp.Status == http.StatusOK || resp.Status == http.StatusNotFound)
	s.Ledger.Removed(rec, resp, !removed)
	switch {
	case removed:
	case resp.Status == http.StatusForbidden:
		hint := "set auth.clients." + fallback + " to a client allowed to delete it"
		if err := s.Tokens.Has(fallback); err != nil {
			hint = err.Error() + ": a client allowed to delete it"
		}
		expect.Fail(resp, "204 No Content: removing what the spec created ("+hint+")", expect.Status(resp, http.StatusNoContent))
	default:
		expect.Fail(resp, "204 No Content: removing what the spec created", expect.Status(resp, http.StatusNoContent))
	}
}

func sendAs(ctx context.Context, method, itemURL, client string) *transport.Exchange {
	s := suite.Current()
	token, err := s.Tokens.Token(ctx, client)
	if err != nil {
		return &transport.Exchange{Request: transport.Request{Method: method, URL: itemURL}, Err: err}
	}
	return s.Client.Do(ctx, transport.Request{Method: method, URL: itemURL,
		Header: http.Header{"Authorization": {"Bearer " + token}}})
}
