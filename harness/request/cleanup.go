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
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// AdoptCreated makes whatever a POST created (201 with a Location) the
// suite's own, to be deleted when the spec ends, even when the spec
// expected the POST to be refused. Deletion is done as fallback (a profile
// client allowed to delete anything) when the profile has it, since the
// primary client may be refused what it created (an Ed-Fi student whose
// associations are gone); as the primary client otherwise, or when the
// fallback is forbidden. The item is tracked for the end-of-run check.
func AdoptCreated(resp *transport.Exchange, fallback string) {
	if resp.Err != nil || resp.Request.Method != http.MethodPost || resp.Status != http.StatusCreated {
		return
	}
	loc, note := Locate(resp.Request.URL, resp.Header.Get("Location"), suite.Current().Profile.Target)
	if loc == "" {
		return
	}
	if note != "" {
		ginkgo.AddReportEntry(suite.LocationEntry, note, ginkgo.ReportEntryVisibilityAlways)
	}
	rec := &fixtures.Record{Resource: resourceOf(loc), ID: path.Base(loc), URL: loc,
		Check: func(ctx ginkgo.SpecContext) (bool, *transport.Exchange) {
			answer := sendAs(ctx, http.MethodGet, loc, "primary")
			if answer.Status == http.StatusForbidden && suite.Current().Tokens.Has(fallback) == nil {
				answer = sendAs(ctx, http.MethodGet, loc, fallback)
			}
			return answer.Err != nil || answer.Status != http.StatusOK, answer
		}}
	suite.Current().Ledger.Track(rec)
	ginkgo.DeferCleanup(Remove, rec, fallback)
}

// ItemURL is where a created item lives on the target; see Locate.
func ItemURL(resp *transport.Exchange) string {
	itemURL, _ := Locate(resp.Request.URL, resp.Header.Get("Location"), suite.Current().Profile.Target)
	return itemURL
}

// Locate resolves a created item's Location against the request that
// created it. A Location on another origin is never requested: where
// target.publicBaseURL is its API root (a gateway naming its public
// address), it is mapped onto target.baseURL; otherwise the Location's last
// segment, the item's id, is addressed under the collection the request
// went to. note says how a foreign Location was handled ("" for one on
// the target).
func Locate(requestURL, location string, target profile.Target) (itemURL, note string) {
	if location == "" {
		return "", ""
	}
	base, err := url.Parse(requestURL)
	if err != nil {
		return location, ""
	}
	ref, err := url.Parse(location)
	if err != nil {
		return location, ""
	}
	abs := base.ResolveReference(ref)
	want := transport.Origin(requestURL)
	if transport.Origin(abs.String()) == want {
		return abs.String(), ""
	}
	how := "through target.publicBaseURL (" + target.PublicBaseURL + ")"
	itemURL = underPublicBase(abs, target.PublicBaseURL, target.BaseURL)
	if itemURL == "" {
		how = "by its id under the collection the POST went to"
		collection := *base
		collection.RawQuery, collection.Fragment = "", ""
		itemURL = strings.TrimRight(collection.String(), "/") + "/" + url.PathEscape(path.Base(abs.Path))
	}
	return itemURL, fmt.Sprintf("Location: %s names another origin than the target's (%s), so it was not requested; the item is addressed on the target %s, at %s. If a gateway names its public address there, set target.publicBaseURL to that API root.",
		location, want, how, itemURL)
}

// OnTarget maps a URL a response named under target.publicBaseURL onto
// target.baseURL; any other URL is returned as it is (and, on another
// origin, the client refuses it).
func OnTarget(raw string, target profile.Target) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if mapped := underPublicBase(u, target.PublicBaseURL, target.BaseURL); mapped != "" {
		return mapped
	}
	return raw
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
	var resp *transport.Exchange
	if s.Tokens.Has(fallback) == nil {
		resp = sendAs(ctx, http.MethodDelete, rec.URL, fallback)
	}
	if resp == nil || resp.Status == http.StatusForbidden {
		resp = sendAs(ctx, http.MethodDelete, rec.URL, "primary")
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
	return s.ClientFor(ctx).Do(ctx, transport.Request{Method: method, URL: itemURL,
		Header: http.Header{"Authorization": {"Bearer " + token}}})
}
