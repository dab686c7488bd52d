package edfi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/edconform/edconform/reference"
)

// harness drives a server in-process with one token per client role.
type harness struct {
	t      testing.TB
	s      *Server
	tokens map[string]string
}

func newHarness(t *testing.T, deviations ...string) *harness {
	t.Helper()
	return newHarnessWith(t, Config{}, deviations...)
}

func newHarnessWith(t testing.TB, cfg Config, deviations ...string) *harness {
	t.Helper()
	for _, d := range deviations {
		if !slices.Contains(deviationNames(), d) {
			t.Fatalf("unknown deviation %q", d)
		}
	}
	return newHarnessOptions(t, cfg, reference.Options{Deviations: deviations})
}

// newHarnessOptions builds the server through the registry, so unknown
// switches are refused as the suite would refuse them.
func newHarnessOptions(t testing.TB, cfg Config, opts reference.Options) *harness {
	t.Helper()
	if _, err := (reference.Vendor{Name: "edfi", Deviations: Deviations, Modes: Modes,
		New: func(reference.Options) (reference.Server, error) { return nil, nil }}).Build(opts); err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, s: s, tokens: map[string]string{}}
	for _, c := range s.clients {
		h.tokens[c.role] = h.token(c.id, c.secret)
	}
	return h
}

func deviationNames() []string {
	var names []string
	for _, d := range Deviations {
		names = append(names, d.Name)
	}
	return names
}

// token obtains an access token through the token endpoint.
func (h *harness) token(id, secret string) string {
	h.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/oauth/token", strings.NewReader(url.Values{"grant_type": {"client_credentials"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, req)
	var body struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &body) != nil || body.AccessToken == "" || body.TokenType != "bearer" {
		h.t.Fatalf("token: %d %s", rec.Code, rec.Body)
	}
	return body.AccessToken
}

// do sends a request. path is below the data path unless it starts with
// "//" (then it is taken from the root, less one slash). role "" sends no
// Authorization header. headers are name/value pairs; a body is sent as
// application/json unless a Content-Type is given.
func (h *harness) do(method, path, role, body string, headers ...string) *httptest.ResponseRecorder {
	h.t.Helper()
	if strings.HasPrefix(path, "//") {
		path = path[1:]
	} else {
		path = DataPath + path
	}
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+h.tokens[role])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, req)
	return rec
}

type problemBody struct {
	Detail           string              `json:"detail"`
	Type             string              `json:"type"`
	Title            string              `json:"title"`
	Status           int                 `json:"status"`
	CorrelationID    string              `json:"correlationId"`
	Errors           []string            `json:"errors"`
	ValidationErrors map[string][]string `json:"validationErrors"`
}

// problem asserts rec is a problem with this status, type and detail.
func (h *harness) problem(rec *httptest.ResponseRecorder, status int, typ, detail string) problemBody {
	h.t.Helper()
	var p problemBody
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		h.t.Fatalf("not a problem body (%d): %s", rec.Code, rec.Body)
	}
	if rec.Code != status || p.Status != status || p.Type != typ || p.Detail != detail {
		h.t.Fatalf("got %d %+v\nwant %d %s %q", rec.Code, p, status, typ, detail)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		h.t.Errorf("content type %q", ct)
	}
	if len(p.CorrelationID) != 36 {
		h.t.Errorf("correlationId %q", p.CorrelationID)
	}
	return p
}

// errorsAre asserts a problem's errors list.
func (h *harness) errorsAre(p problemBody, want ...string) {
	h.t.Helper()
	if len(p.Errors) != len(want) {
		h.t.Fatalf("errors = %q, want %q", p.Errors, want)
	}
	for i := range want {
		if p.Errors[i] != want[i] {
			h.t.Errorf("errors[%d] = %q\nwant        %q", i, p.Errors[i], want[i])
		}
	}
}

// invalid asserts a 400 data validation failure and returns its
// validationErrors paths in response order.
func (h *harness) invalid(rec *httptest.ResponseRecorder, want map[string][]string) []string {
	h.t.Helper()
	p := h.problem(rec, http.StatusBadRequest, "urn:ed-fi:api:bad-request:data-validation-failed", "Data validation failed. See 'validationErrors' for details.")
	if len(p.ValidationErrors) != len(want) {
		h.t.Fatalf("validationErrors = %q, want %q", p.ValidationErrors, want)
	}
	for path, messages := range want {
		got := p.ValidationErrors[path]
		if strings.Join(got, "|") != strings.Join(messages, "|") {
			h.t.Errorf("%s = %q\nwant %q", path, got, messages)
		}
	}
	return validationOrder(h.t, rec.Body.Bytes())
}

// validationOrder lists the validationErrors keys in the order sent.
func validationOrder(t testing.TB, raw []byte) []string {
	t.Helper()
	var doc struct {
		ValidationErrors json.RawMessage `json:"validationErrors"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || doc.ValidationErrors == nil {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(doc.ValidationErrors)))
	var keys []string
	_, _ = dec.Token()
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		_ = dec.Decode(&skip)
	}
	return keys
}

// create POSTs body and returns the new item's id.
func (h *harness) create(path, role, body string) string {
	h.t.Helper()
	rec := h.do(http.MethodPost, path, role, body)
	if rec.Code != http.StatusCreated {
		h.t.Fatalf("create %s: %d %s", path, rec.Code, rec.Body)
	}
	loc := rec.Header().Get("Location")
	if !strings.Contains(loc, DataPath+path+"/") {
		h.t.Fatalf("location %q", loc)
	}
	return loc[strings.LastIndex(loc, "/")+1:]
}

// idOf finds the id of the first item of a collection query.
func (h *harness) idOf(pathAndQuery string) string {
	h.t.Helper()
	rec := h.do(http.MethodGet, pathAndQuery, "cleanup", "")
	var items []map[string]any
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &items) != nil || len(items) == 0 {
		h.t.Fatalf("query %s: %d %s", pathAndQuery, rec.Code, rec.Body)
	}
	return items[0]["id"].(string)
}

func (h *harness) status(rec *httptest.ResponseRecorder, want int) {
	h.t.Helper()
	if rec.Code != want {
		h.t.Fatalf("status %d, want %d: %s", rec.Code, want, rec.Body)
	}
}
