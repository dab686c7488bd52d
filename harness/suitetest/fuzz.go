package suitetest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

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
