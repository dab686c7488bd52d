package meadowlark

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
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
	WithToken             = request.WithToken
	AuthorizationHeader   = request.AuthorizationHeader
	NoAuthorizationHeader = request.NoAuthorizationHeader
	ContentType           = request.ContentType
	OnCollection          = request.OnCollection
)

// Option adjusts one request.
type Option = request.Option

// URL is the address of a resource collection, or of one document with id;
// path may carry a query.
func URL(path string) string {
	s := suite.Current()
	return strings.TrimRight(s.Profile.Target.BaseURL, "/") + "/" + strings.Trim(settings.Namespace, "/") + "/" + path
}

// GET reads a collection (with a query) or a document.
func GET(ctx ginkgo.SpecContext, path string, opts ...Option) *Response {
	return Send(ctx, http.MethodGet, URL(path), nil, opts...)
}

// POST upserts a document.
func POST(ctx ginkgo.SpecContext, path string, body any, opts ...Option) *Response {
	return Send(ctx, http.MethodPost, URL(path), body, opts...)
}

// PUT updates a document.
func PUT(ctx ginkgo.SpecContext, path string, body any, opts ...Option) *Response {
	return Send(ctx, http.MethodPut, URL(path), body, opts...)
}

// DELETE deletes a document.
func DELETE(ctx ginkgo.SpecContext, path string, opts ...Option) *Response {
	return Send(ctx, http.MethodDelete, URL(path), nil, opts...)
}

// Send sends a request to a full URL as the primary client unless an
// option says otherwise; whatever a POST creates becomes the suite's own.
func Send(ctx ginkgo.SpecContext, method, target string, body any, opts ...Option) *Response {
	resp := request.Send(ctx, method, target, body, request.Spec{Client: "primary"}, opts)
	adoptCreated(resp)
	return resp
}

// adoptCreated makes anything a POST created the suite's own, to be deleted
// when the spec ends, even when the spec expected the POST to be refused.
func adoptCreated(resp *Response) {
	if resp.Err != nil || resp.Request.Method != http.MethodPost || resp.Status != http.StatusCreated {
		return
	}
	loc := itemURL(resp)
	if loc == "" {
		return
	}
	suite.Current().Ledger.Own(loc)
	ginkgo.DeferCleanup(remove, loc)
}

// itemURL resolves a created document's Location against the request.
func itemURL(resp *Response) string {
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

// remove deletes a document the suite created, as its creator; a host
// client, when the profile has one, takes over if the creator may not.
func remove(ctx ginkgo.SpecContext, target string) {
	s := suite.Current()
	resp := deleteAs(ctx, target, "primary")
	if resp.Status == http.StatusForbidden && s.Tokens.Has("host") == nil {
		resp = deleteAs(ctx, target, "host")
	}
	if resp.Err != nil || (resp.Status != http.StatusNoContent && resp.Status != http.StatusOK && resp.Status != http.StatusNotFound) {
		expect.Fail(resp, "204 No Content: removing what the spec created", expect.Status(resp, http.StatusNoContent))
	}
}

func deleteAs(ctx ginkgo.SpecContext, target, client string) *Response {
	s := suite.Current()
	token, err := s.Tokens.Token(ctx, client)
	if err != nil {
		return &Response{Err: err}
	}
	return s.Client.Do(ctx, transport.Request{Method: http.MethodDelete, URL: target,
		Header: http.Header{"Authorization": {"Bearer " + token}}})
}

// ForeignJWT is a well-formed JWT signed with a key no server has, for the
// not-well-formed case: its signature cannot verify.
func ForeignJWT() string {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	now := time.Now()
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject: "edconform", IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
	}).SignedString(key)
	if err != nil {
		ginkgo.Fail("cannot sign a JWT: " + err.Error())
	}
	return signed
}
