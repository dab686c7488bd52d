package request

import (
	"net/http"
	"net/url"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// AdoptCreated makes whatever a POST created (201 with a Location) the
// suite's own, to be deleted when the spec ends, even when the spec
// expected the POST to be refused. Deletion is done as fallback (a profile
// client allowed to delete anything) when the profile has it, since the
// primary client may be refused what it created (an Ed-Fi student whose
// associations are gone); as the primary client otherwise, or when the
// fallback is forbidden.
func AdoptCreated(resp *transport.Exchange, fallback string) {
	if resp.Err != nil || resp.Request.Method != http.MethodPost || resp.Status != http.StatusCreated {
		return
	}
	loc := ItemURL(resp)
	if loc == "" {
		return
	}
	suite.Current().Ledger.Own(loc)
	ginkgo.DeferCleanup(Remove, loc, fallback)
}

// ItemURL resolves a created item's Location header against the request.
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
	return base.ResolveReference(ref).String()
}

// Remove deletes an item the suite created; an item already gone is fine.
func Remove(ctx ginkgo.SpecContext, itemURL, fallback string) {
	s := suite.Current()
	var resp *transport.Exchange
	if s.Tokens.Has(fallback) == nil {
		resp = deleteAs(ctx, itemURL, fallback)
	}
	if resp == nil || resp.Status == http.StatusForbidden {
		resp = deleteAs(ctx, itemURL, "primary")
	}
	switch {
	case resp.Err == nil && (resp.Status == http.StatusNoContent || resp.Status == http.StatusOK || resp.Status == http.StatusNotFound):
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

func deleteAs(ctx ginkgo.SpecContext, itemURL, client string) *transport.Exchange {
	s := suite.Current()
	token, err := s.Tokens.Token(ctx, client)
	if err != nil {
		return &transport.Exchange{Request: transport.Request{Method: http.MethodDelete, URL: itemURL}, Err: err}
	}
	return s.Client.Do(ctx, transport.Request{Method: http.MethodDelete, URL: itemURL,
		Header: http.Header{"Authorization": {"Bearer " + token}}})
}
