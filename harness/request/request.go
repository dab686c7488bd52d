// Package request builds and sends the specs' requests: a vendor package
// supplies how a request is authorized by default, specs adjust single
// requests with options (another client, a raw Authorization header, no
// Content-Type...).
package request

import (
	"encoding/json"
	"net/http"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Option adjusts one request.
type Option func(*Spec)

// Spec is a request being built.
type Spec struct {
	// Client is the OAuth client whose token authorizes the request.
	Client string
	// Token is the static token (auth.tokens.<name>) that authorizes it,
	// when the vendor uses static tokens; it wins over Client.
	Token string
	// AuthHeader and Scheme say how a token is sent: by default
	// "Authorization: Bearer <token>".
	AuthHeader, Scheme string
	// Authorization, when set, is sent verbatim ("" sends none).
	Authorization *string
	Header        http.Header
	Raw           transport.Request
}

// As authorizes the request with another OAuth client of the profile; the
// spec is skipped when the profile lacks it.
func As(client string) Option { return func(s *Spec) { s.Client, s.Token = client, "" } }

// WithToken authorizes the request with a static token of the profile
// (auth.tokens.<name>); the spec is skipped when the profile lacks it.
func WithToken(name string) Option { return func(s *Spec) { s.Token = name } }

// AuthorizationHeader sends this exact Authorization header instead of a token.
func AuthorizationHeader(value string) Option { return func(s *Spec) { s.Authorization = &value } }

// NoAuthorizationHeader sends no Authorization header.
func NoAuthorizationHeader() Option { return AuthorizationHeader("") }

// ContentType sends this Content-Type.
func ContentType(ct string) Option { return Header("Content-Type", ct) }

// NoContentType sends the body without any Content-Type header.
func NoContentType() Option { return func(s *Spec) { s.Raw.OmitContentType = true } }

// Accept sends this Accept header.
func Accept(ct string) Option { return Header("Accept", ct) }

// IfMatch sends an If-Match header with this ETag.
func IfMatch(etag string) Option { return Header("If-Match", etag) }

// Header sends one more header.
func Header(name, value string) Option { return func(s *Spec) { s.Header.Set(name, value) } }

// OnCollection marks a PUT or DELETE aimed at a whole collection, which a
// conformant server refuses; see fixtures.Ledger.Guard.
func OnCollection() Option { return func(s *Spec) { s.Raw.TouchesCollection = true } }

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

// Send builds the request from defaults and options, authorizes it, and
// sends it through the suite's recording client. A JSON Content-Type goes
// with every body unless an option says otherwise.
func Send(ctx ginkgo.SpecContext, method, url string, body any, defaults Spec, opts []Option) *transport.Exchange {
	s := suite.Current()
	r := defaults
	r.Header = http.Header{}
	r.Raw = transport.Request{Method: method, URL: url, Body: Body(body)}
	if r.Raw.Body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(&r)
	}
	if header, value, ok := r.authorize(ctx, s); ok {
		r.Header.Set(header, value)
	}
	r.Raw.Header = r.Header
	return s.ClientFor(ctx).Do(ctx, r.Raw)
}

func (r *Spec) authorize(ctx ginkgo.SpecContext, s *suite.Session) (header, value string, ok bool) {
	if r.Authorization != nil {
		return "Authorization", *r.Authorization, *r.Authorization != ""
	}
	header, scheme := r.AuthHeader, r.Scheme
	if header == "" {
		header, scheme = "Authorization", "Bearer"
	}
	var token string
	switch {
	case r.Token != "":
		t, err := s.Tokens.Static(r.Token)
		suite.Require(err)
		token = t
	case r.Client != "":
		suite.Require(s.Tokens.Has(r.Client))
		t, err := s.Tokens.Token(ctx, r.Client)
		if err != nil {
			ginkgo.Fail(err.Error())
		}
		token = t
	default:
		return "", "", false
	}
	if scheme != "" {
		token = scheme + " " + token
	}
	return header, token, true
}
