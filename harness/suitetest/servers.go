package suitetest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/edconform/edconform/reference"
)

// YesServer answers 200 with a JSON body to every request, including token
// requests (it hands out token), the way a broken gateway might. A suite
// must pass nothing against it.
func YesServer(t *testing.T, token string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"` + token + `","token_type":"bearer","expires_in":3600,"$data":[],"status":200}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// HTMLServer answers every request with an HTML page.
func HTMLServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>Service Unavailable</body></html>"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// SlowServer answers only after delay, or not at all if the client gives
// up first.
func SlowServer(t *testing.T, delay time.Duration) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Only once the body is read does the server watch the connection,
		// so that r.Context ends when the client hangs up; unread, Close
		// would wait for delay.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Profile writes a profile file for a child run and returns its path.
func Profile(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "under-test.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// ReportFiles reads every file the child wrote into its reports folder.
func (r *Run) ReportFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	_ = filepath.Walk(r.ReportDir, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			raw, _ := os.ReadFile(path)
			out[path] = string(raw)
		}
		return nil
	})
	return out
}

// Serve serves a reference server (or any handler) on a loopback port for
// the rest of the test, and returns its URL.
func Serve(t *testing.T, h http.Handler) string {
	t.Helper()
	running, err := reference.Serve(h, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = running.Close() })
	return running.URL
}
