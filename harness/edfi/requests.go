package edfi

import (
	"net/http"
	"strings"

	"github.com/onsi/ginkgo/v2"

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

// Send sends a request to a full URL, as GET and the others do to a
// resource path.
func Send(ctx ginkgo.SpecContext, method, url string, body any, opts ...Option) *Response {
	return send(ctx, method, url, body, opts)
}

func send(ctx ginkgo.SpecContext, method, url string, body any, opts []Option) *Response {
	resp := request.Send(ctx, method, url, body, request.Spec{Client: "primary"}, opts)
	request.AdoptCreated(resp, "cleanup")
	return resp
}
