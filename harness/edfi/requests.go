package edfi

import (
	"net/http"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/request"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Response is what a request brought back.
type Response = transport.Exchange

// Request options, see package request.
var (
	As                    = request.As
	AuthorizationHeader   = request.AuthorizationHeader
	NoAuthorizationHeader = request.NoAuthorizationHeader
	ContentType           = request.ContentType
	NoContentType         = request.NoContentType
	Accept                = request.Accept
	IfMatch               = request.IfMatch
	Header                = request.Header
	OnCollection          = request.OnCollection
	Body                  = request.Body
)

// Option adjusts one request.
type Option = request.Option

// URL is the address of a resource collection, or of one item with id.
func URL(resource string, id ...string) string {
	s := suite.Current()
	u := strings.TrimRight(s.Profile.Target.BaseURL, "/") + "/" + strings.Trim(settings.DataPath, "/") + "/" + resource
	if len(id) > 0 {
		u += "/" + strings.Join(id, "/")
	}
	return u
}

// GET reads a resource collection or item (path may carry a query).
func GET(ctx ginkgo.SpecContext, path string, opts ...Option) *Response {
	return send(ctx, http.MethodGet, URL(path), nil, opts)
}

// POST sends a body to a resource path.
func POST(ctx ginkgo.SpecContext, path string, body any, opts ...Option) *Response {
	return send(ctx, http.MethodPost, URL(path), body, opts)
}

// PUT sends a body to a resource path (usually collection/id).
func PUT(ctx ginkgo.SpecContext, path string, body any, opts ...Option) *Response {
	return send(ctx, http.MethodPut, URL(path), body, opts)
}

// PATCH sends a body to a resource path.
func PATCH(ctx ginkgo.SpecContext, path string, body any, opts ...Option) *Response {
	return send(ctx, http.MethodPatch, URL(path), body, opts)
}

// DELETE deletes at a resource path.
func DELETE(ctx ginkgo.SpecContext, path string, opts ...Option) *Response {
	return send(ctx, http.MethodDelete, URL(path), nil, opts)
}

func send(ctx ginkgo.SpecContext, method, url string, body any, opts []Option) *Response {
	resp := request.Send(ctx, method, url, body, request.Spec{Client: "primary"}, opts)
	adoptCreated(resp)
	return resp
}

// adoptCreated makes anything a POST created the suite's own, to be deleted
// when the spec ends, even when the spec expected the POST to be refused.
func adoptCreated(resp *Response) {
	if resp.Err != nil || resp.Request.Method != http.MethodPost || resp.Status != http.StatusCreated {
		return
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		return
	}
	s := suite.Current()
	if !strings.Contains(loc, "://") {
		loc = strings.TrimRight(s.Profile.Target.BaseURL, "/") + "/" + strings.TrimLeft(loc, "/")
	}
	s.Ledger.Own(loc)
	ginkgo.DeferCleanup(remove, loc)
}

// remove deletes an item the suite created. When relationship-based
// authorization stops the primary client (a student whose associations are
// already gone), it retries as the profile's cleanup client.
func remove(ctx ginkgo.SpecContext, itemURL string) {
	s := suite.Current()
	resp := deleteAs(ctx, itemURL, "primary")
	if resp.Status == http.StatusForbidden && s.Tokens.Has("cleanup") == nil {
		resp = deleteAs(ctx, itemURL, "cleanup")
	}
	switch {
	case resp.Err == nil && (resp.Status == http.StatusNoContent || resp.Status == http.StatusOK || resp.Status == http.StatusNotFound):
	case resp.Status == http.StatusForbidden && s.Tokens.Has("cleanup") != nil:
		expect.Fail(resp, "204 No Content: removing what the spec created (set auth.clients.cleanup to a client allowed to delete it)",
			expect.Status(resp, http.StatusNoContent))
	default:
		expect.Fail(resp, "204 No Content: removing what the spec created", expect.Status(resp, http.StatusNoContent))
	}
}

func deleteAs(ctx ginkgo.SpecContext, itemURL, client string) *Response {
	s := suite.Current()
	token, err := s.Tokens.Token(ctx, client)
	if err != nil {
		return &Response{Err: err}
	}
	return s.Client.Do(ctx, transport.Request{Method: http.MethodDelete, URL: itemURL,
		Header: http.Header{"Authorization": {"Bearer " + token}}})
}
