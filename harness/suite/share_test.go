package suite

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestReplayAnswersWhatProcessOneRecorded: the other processes get process
// 1's answers to the same requests, each once, and send only what process
// 1 did not.
func TestReplayAnswersWhatProcessOneRecorded(t *testing.T) {
	var sent atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := sent.Add(1)
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Answer", r.Method+" "+r.URL.Path+"|"+string(body))
		w.WriteHeader(240 + int(n)) // a status per request: which one answered
		_, _ = io.WriteString(w, r.Header.Get("Authorization"))
	}))
	defer target.Close()

	rec := &recorder{next: http.DefaultTransport}
	first := &http.Client{Transport: rec}
	want := map[string]int{}
	for _, r := range []struct{ method, path, auth, body string }{
		{"GET", "/metadata", "", ""},
		{"POST", "/oauth/token", "Basic cHJpbWFyeQ==", "grant_type=client_credentials"},
		{"POST", "/oauth/token", "Basic cmVhZE9ubHk=", "grant_type=client_credentials"},
	} {
		status := do(t, first, r.method, target.URL+r.path, r.auth, r.body)
		want[r.method+r.path+r.auth] = status
	}
	if sent.Load() != 3 {
		t.Fatalf("process 1 sent %d requests, not 3", sent.Load())
	}

	rp := &replayer{next: http.DefaultTransport, recorded: map[string][]recordedAnswer{}}
	for _, a := range rec.answers() {
		rp.recorded[a.Key] = append(rp.recorded[a.Key], a)
	}
	other := &http.Client{Transport: rp}
	if got := do(t, other, "POST", target.URL+"/oauth/token", "Basic cmVhZE9ubHk=", "grant_type=client_credentials"); got != want["POST/oauth/tokenBasic cmVhZE9ubHk="] {
		t.Errorf("the readOnly token request got %d, not process 1's %d", got, want["POST/oauth/tokenBasic cmVhZE9ubHk="])
	}
	if got := do(t, other, "GET", target.URL+"/metadata", "", ""); got != want["GET/metadata"] {
		t.Errorf("GET /metadata got %d, not process 1's %d", got, want["GET/metadata"])
	}
	if sent.Load() != 3 {
		t.Errorf("replaying sent %d requests to the target", sent.Load()-3)
	}
	// Another body, another client, or a second GET are not in the record.
	do(t, other, "POST", target.URL+"/oauth/token", "Basic cmVhZE9ubHk=", "grant_type=other")
	do(t, other, "POST", target.URL+"/oauth/token", "Basic b3RoZXI=", "grant_type=client_credentials")
	do(t, other, "GET", target.URL+"/metadata", "", "")
	if sent.Load() != 6 {
		t.Errorf("requests outside the record: %d sent, not 3", sent.Load()-3)
	}
}

func do(t *testing.T, c *http.Client, method, url, auth, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if string(got) != auth {
		t.Errorf("%s %s: body %q, not %q", method, url, got, auth)
	}
	if want := method + " " + req.URL.Path + "|" + body; resp.Header.Get("X-Answer") != want {
		t.Errorf("%s %s: X-Answer %q, not %q", method, url, resp.Header.Get("X-Answer"), want)
	}
	return resp.StatusCode
}

type brokenBody struct{}

func (brokenBody) Read([]byte) (int, error) { return 0, errors.New("stalled: i/o timeout") }
func (brokenBody) Close() error             { return nil }

type brokenTransport struct{}

func (brokenTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: brokenBody{}, Request: r}, nil
}

// A body that breaks while it is recorded is an error of the request, not a
// shorter answer: the pre-flight must report the timeout, not half a body.
func TestRecordingABrokenBodyIsAnError(t *testing.T) {
	rec := &recorder{next: brokenTransport{}}
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/x", nil)
	if resp, err := rec.RoundTrip(req); err == nil || !strings.Contains(err.Error(), "i/o timeout") {
		t.Fatalf("got %v, %v; want the body's error", resp, err)
	}
	if len(rec.answers()) != 0 {
		t.Error("a broken answer was recorded for the other processes")
	}
}
