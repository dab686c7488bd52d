package edlink

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/request"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Response is what a request brought back.
type Response = transport.Exchange

// Option adjusts one request.
type Option = request.Option

// The tokens (auth.tokens.<role>) requests use unless told otherwise.
const (
	// GraphToken authorizes Graph API requests: an active integration's token.
	GraphToken = "integration"
	// UserToken authorizes User API requests: a person token of a teacher of
	// settings.classId, who may write its assignments.
	UserToken = "teacher"
)

// Request options, see package request.
var (
	AuthorizationHeader   = request.AuthorizationHeader
	NoAuthorizationHeader = request.NoAuthorizationHeader
	Header                = request.Header
)

// Param adds a query parameter. Edlink's parameter names start with `$`,
// which a query may carry as it is, so only the value is escaped.
func Param(name, value string) Option {
	return func(s *request.Spec) {
		sep := "?"
		if strings.Contains(s.Raw.URL, "?") {
			sep = "&"
		}
		s.Raw.URL += sep + name + "=" + url.QueryEscape(value)
	}
}

// First asks for a page of n items ($first).
func First(n int) Option { return Param("$first", strconv.Itoa(n)) }

// Cursor asks for the page a cursor points at ($cursor).
func Cursor(c string) Option { return Param("$cursor", c) }

// IdempotencyKey sends an $idempotency key, which Edlink takes as a query
// parameter on POST.
func IdempotencyKey(key string) Option { return Param("$idempotency", key) }

// Graph is the path of a Graph API endpoint: Graph("classes", id, "enrollments").
func Graph(segments ...string) string { return "/graph/" + strings.Join(segments, "/") }

// My is the path of a User API endpoint: My("classes", id, "assignments").
func My(segments ...string) string { return "/my/" + strings.Join(segments, "/") }

// URL is the address of an API path under target.baseURL.
func URL(path string) string {
	return strings.TrimRight(suite.Current().Profile.Target.BaseURL, "/") + "/" + strings.TrimLeft(path, "/")
}

// GET reads an API path.
func GET(ctx ginkgo.SpecContext, path string, opts ...Option) *Response {
	return send(ctx, http.MethodGet, path, nil, opts)
}

// POST sends a body to an API path.
func POST(ctx ginkgo.SpecContext, path string, body any, opts ...Option) *Response {
	return send(ctx, http.MethodPost, path, body, opts)
}

// PATCH sends a partial body to an API path.
func PATCH(ctx ginkgo.SpecContext, path string, body any, opts ...Option) *Response {
	return send(ctx, http.MethodPatch, path, body, opts)
}

// DELETE deletes at an API path.
func DELETE(ctx ginkgo.SpecContext, path string, opts ...Option) *Response {
	return send(ctx, http.MethodDelete, path, nil, opts)
}

// defaultToken is the token of the API a path belongs to.
func defaultToken(path string) string {
	if strings.HasPrefix(path, "/my/") {
		return UserToken
	}
	return GraphToken
}

func send(ctx ginkgo.SpecContext, method, path string, body any, opts []Option) *Response {
	resp := request.Send(ctx, method, URL(path), body, request.Spec{Token: defaultToken(path)}, opts)
	adoptCreated(ctx, resp)
	return resp
}

func probeRequest(s *suite.Session, token string) transport.Request {
	base := strings.TrimRight(s.Profile.Target.BaseURL, "/")
	return transport.Request{Method: http.MethodGet, URL: base + Graph("districts") + "?$first=1",
		Header: http.Header{"Authorization": {"Bearer " + token}}}
}

// NextCursor is the $cursor of a page's `$next` link, which Edlink's
// success envelope carries as a full URL when a list has more. The spec
// fails, naming what differs, when the page is no success with such a link.
func NextCursor(page *Response) string {
	checks := []expect.Check{expect.Status(page, http.StatusOK)}
	var next any
	if body, err := jsonObject(page); err == nil {
		next = body["$next"]
	}
	link, _ := next.(string)
	u, err := url.Parse(link)
	absolute := err == nil && u.IsAbs() && u.Host != ""
	cursor := ""
	if absolute {
		cursor = u.Query().Get("$cursor")
	}
	checks = append(checks,
		expect.That(expect.Must, "$next", absolute, "a full URL (the list has more than one page)", expect.Render(next)),
		expect.That(expect.Must, "$next's $cursor", cursor != "", "a cursor", expect.Render(cursor)))
	failed := slices.DeleteFunc(checks, func(c expect.Check) bool { return c.Passed })
	if len(failed) > 0 {
		expect.Fail(page, `200 {"$data": [...], "$next": "<URL with $cursor>"}: the spec follows that link`, failed...)
	}
	return cursor
}
