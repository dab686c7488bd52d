package suitetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Matcher is what each vendor's response matcher implements (Gomega's).
type Matcher interface {
	Match(actual any) (bool, error)
	FailureMessage(actual any) string
}

// FuzzMatcher fuzzes a vendor's matcher for the documented response to
// request with any status, Content-Type and body, starting from the
// documented bodies: it never panics, every failure has a message, and it
// accepts only a JSON body with the documented status and a JSON
// Content-Type.
func FuzzMatcher(f *testing.F, status int, request transport.Request, matcher func() Matcher, documented ...string) {
	f.Helper()
	for _, body := range documented {
		f.Add(status, "application/json; charset=utf-8", []byte(body))
	}
	f.Add(200, "text/html", []byte("<html><body>Service Unavailable</body></html>"))
	f.Add(status, "application/json", []byte(`{"error": {"message": [1, {"a": null}]}, "status": "400"}`))
	f.Add(status, "application/problem+json", []byte(`[]`))
	f.Fuzz(func(t *testing.T, got int, contentType string, body []byte) {
		ex := &transport.Exchange{Request: request, Status: got, Header: http.Header{"Content-Type": {contentType}}, Body: body}
		m := matcher()
		ok, err := m.Match(ex)
		if err != nil {
			t.Fatalf("the matcher errs instead of failing: %v", err)
		}
		mediaType, _, _ := strings.Cut(strings.ToLower(contentType), ";")
		mediaType = strings.TrimSpace(mediaType)
		switch {
		case ok && (got != status || !json.Valid(body) || !strings.HasSuffix(mediaType, "json")):
			t.Fatalf("accepted status %d, Content-Type %q, body %q", got, contentType, body)
		case !ok && strings.TrimSpace(m.FailureMessage(ex)) == "":
			t.Fatal("a failure without a message")
		}
	})
}

// FuzzRequest is a seed for FuzzReference: a request relative to the
// target's base URL, as a spec sends it.
type FuzzRequest struct{ Method, Path, Body string }

// FuzzReference fuzzes vendor's reference server (deviation-free) with any
// method, path, query and body, with or without the primary client's token:
// it never panics nor fails internally (5xx, which only fault modes may
// answer), and a JSON answer is JSON.
func FuzzReference(f *testing.F, vendor string, seeds ...FuzzRequest) {
	f.Helper()
	srv := buildReference(f, vendor)
	const host = "http://reference.test"
	overlay := srv.Profile(host)
	target, _ := overlay["target"].(map[string]any)
	baseURL, _ := target["baseURL"].(string)
	authorization := primaryAuthorization(f, srv, overlay)
	for _, s := range seeds {
		f.Add(s.Method, s.Path, []byte(s.Body), true)
		f.Add(s.Method, s.Path, []byte(s.Body), false)
	}
	f.Fuzz(func(t *testing.T, method, path string, body []byte, authorized bool) {
		if !strings.HasPrefix(path, "/") {
			return
		}
		req, err := http.NewRequest(method, baseURL+path, bytes.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", "application/json")
		if authorized {
			req.Header.Set("Authorization", authorization)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		contentType := rec.Header().Get("Content-Type")
		switch {
		case rec.Code < 100 || rec.Code >= 500:
			t.Fatalf("%s %s: HTTP %d: %.300s", method, path, rec.Code, rec.Body.String())
		case strings.Contains(contentType, "json") && rec.Body.Len() > 0 && !json.Valid(rec.Body.Bytes()):
			t.Fatalf("%s %s: HTTP %d with %s that is not JSON: %.300s", method, path, rec.Code, contentType, rec.Body.String())
		}
	})
}

// primaryAuthorization is the Authorization header of the primary client:
// its static token (Edlink's integration token), or a token the server
// issues it.
func primaryAuthorization(f *testing.F, srv http.Handler, overlay map[string]any) string {
	auth, _ := overlay["auth"].(map[string]any)
	tokens, _ := auth["tokens"].(map[string]any)
	for _, role := range []string{"primary", "integration"} {
		if token, ok := tokens[role].(map[string]any); ok {
			value, _ := token["value"].(string)
			return "Bearer " + value
		}
	}
	clients, _ := auth["clients"].(map[string]any)
	primary, _ := clients["primary"].(map[string]any)
	id, _ := primary["id"].(string)
	secret, _ := primary["secret"].(string)
	tokenURL, _ := auth["tokenURL"].(string)
	req := httptest.NewRequest(http.MethodPost, tokenURL, strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil || answer.AccessToken == "" {
		f.Fatalf("no token for the primary client: HTTP %d %s", rec.Code, rec.Body.String())
	}
	return "Bearer " + answer.AccessToken
}

// goTypeDump matches what Go's reflection prints of a type, which no error
// meant for a vendor's engineer shows.
var goTypeDump = regexp.MustCompile(`interface \{\}|unmarshal !!|into \*?(map\[|\[\]|\w+\.[A-Z])`)

// quoted matches the values an error quotes, which are the profile's own.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// FuzzProfile fuzzes loading a profile for vendor v, its settings check
// included, from mutations of profiles/<example>: it never panics, and a
// profile it refuses is one line naming the key, with no Go type in it.
func FuzzProfile(f *testing.F, v *suite.Vendor, example string) {
	f.Helper()
	raw, err := os.ReadFile(filepath.Join(suite.RepoRoot(), "profiles", example))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte("vendor: " + v.Name + "\ntarget: {baseURL: \"https://h.example/api\"}\nsettings: {a: {1: b}}\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := profile.Parse(raw, "fuzz.yaml", v.Name, func(string) string { return "" })
		if err == nil && !p.Embedded && v.Check != nil {
			err = v.Check(p)
		}
		if err != nil && (goTypeDump.MatchString(quoted.ReplaceAllString(err.Error(), `""`)) || strings.Contains(err.Error(), "\n")) {
			t.Fatalf("the error shows a Go type or spans lines: %s", err)
		}
	})
}
