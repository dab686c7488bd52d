package meadowlark

import (
	"crypto/rand"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
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
	request.AdoptCreated(resp, "host")
	return resp
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
