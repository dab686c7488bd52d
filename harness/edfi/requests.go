package edfi

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Response is what a request brought back.
type Response = transport.Exchange

// Option adjusts one request.
type Option func(*request)

type request struct {
	client        string
	authorization *string
	header        http.Header
	raw           transport.Request
}

// As sends the request with the token of another profile client, skipping
// the spec when the profile does not configure that client.
func As(client string) Option { return func(r *request) { r.client = client } }

// AuthorizationHeader sends this exact Authorization header instead of a token.
func AuthorizationHeader(value string) Option { return func(r *request) { r.authorization = &value } }

// NoAuthorizationHeader sends no Authorization header.
func NoAuthorizationHeader() Option { return AuthorizationHeader("") }

// ContentType sends this Content-Type.
func ContentType(ct string) Option { return Header("Content-Type", ct) }

// NoContentType sends the body without any Content-Type header.
func NoContentType() Option { return func(r *request) { r.raw.OmitContentType = true } }

// Accept sends this Accept header.
func Accept(ct string) Option { return Header("Accept", ct) }

// IfMatch sends an If-Match header with this ETag.
func IfMatch(etag string) Option { return Header("If-Match", etag) }

// Header sends one more header.
func Header(name, value string) Option { return func(r *request) { r.header.Set(name, value) } }

// OnCollection marks a PUT or DELETE aimed at a whole collection, which a
// conformant server refuses (405); see fixtures.Ledger.Guard.
func OnCollection() Option { return func(r *request) { r.raw.TouchesCollection = true } }

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

// Body renders a request body: strings and byte slices go as they are
// (malformed JSON must stay malformed), anything else as JSON.
func Body(body any) []byte {
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return []byte(b)
	case []byte:
		return b
	}
	raw, err := json.Marshal(body)
	if err != nil {
		ginkgo.Fail("cannot encode the request body: " + err.Error())
	}
	return raw
}

func send(ctx ginkgo.SpecContext, method, url string, body any, opts []Option) *Response {
	s := suite.Current()
	r := &request{client: "primary", header: http.Header{}}
	r.raw = transport.Request{Method: method, URL: url, Body: Body(body)}
	if r.raw.Body != nil {
		r.header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(r)
	}
	switch {
	case r.authorization == nil:
		suite.Require(s.Tokens.Has(r.client))
		token, err := s.Tokens.Token(ctx, r.client)
		if err != nil {
			ginkgo.Fail(err.Error())
		}
		r.header.Set("Authorization", "Bearer "+token)
	case *r.authorization != "":
		r.header.Set("Authorization", *r.authorization)
	}
	r.raw.Header = r.header
	resp := s.Client.Do(ctx, r.raw)
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
	case resp.Err != nil:
		ginkgo.Fail("cleanup: could not delete what the spec created: " + resp.Err.Error())
	case resp.Status == http.StatusNoContent, resp.Status == http.StatusOK, resp.Status == http.StatusNotFound:
	default:
		hint := ""
		if resp.Status == http.StatusForbidden {
			hint = " (set auth.clients.cleanup to a client allowed to delete it)"
		}
		ginkgo.Fail("cleanup: could not delete what the spec created" + hint + ":\n" + resp.String())
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
