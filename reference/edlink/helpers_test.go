package edlink

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edconform/edconform/reference"
	"github.com/google/uuid"
)

// fixture is a running server, its profile, and a movable clock.
type fixture struct {
	t        *testing.T
	srv      *Server
	base     string
	tokens   map[string]string
	settings map[string]any
	clock    *clock
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	clk := &clock{now: time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC)}
	cfg.Clock = clk.Now
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	prof := srv.Profile(ts.URL)
	f := &fixture{t: t, srv: srv, base: prof["target"].(map[string]any)["baseURL"].(string), tokens: map[string]string{},
		settings: prof["settings"].(map[string]any), clock: clk}
	for role, v := range prof["auth"].(map[string]any)["tokens"].(map[string]any) {
		f.tokens[role] = v.(map[string]any)["value"].(string)
	}
	return f
}

func withDeviations(names ...string) Config {
	return Config{Options: reference.Options{Deviations: names}}
}

func (f *fixture) setting(key string) string {
	f.t.Helper()
	v, ok := f.settings[key].(string)
	if !ok {
		f.t.Fatalf("setting %s missing", key)
	}
	return v
}

// result is one decoded answer.
type result struct {
	status int
	env    map[string]any
	raw    []byte
}

// do sends a request as role ("" for no Authorization header); path is
// under the API base unless it is a full URL.
func (f *fixture) do(method, role, path string, body any) result {
	f.t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		rd = bytes.NewReader(mustJSON(b))
	}
	url := path
	if !strings.HasPrefix(path, "http") {
		url = f.base + path
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if role != "" {
		tok, ok := f.tokens[role]
		if !ok {
			tok = role // a literal token value
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	res := result{status: resp.StatusCode, raw: buf.Bytes()}
	if err := json.Unmarshal(res.raw, &res.env); err != nil {
		f.t.Fatalf("%s %s: body is not a JSON object: %s", method, path, res.raw)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		f.t.Errorf("%s %s: Content-Type %q", method, path, ct)
	}
	return res
}

// codes lists the error codes of an error envelope.
func (r result) codes() []string {
	list, _ := r.env["$errors"].([]any)
	var out []string
	for _, e := range list {
		out = append(out, e.(map[string]any)["code"].(string))
	}
	return out
}

// expectError asserts a documented error envelope holding exactly codes.
func (f *fixture) expectError(r result, status int, codes ...string) {
	f.t.Helper()
	if r.status != status {
		f.t.Errorf("status %d, want %d: %s", r.status, status, r.raw)
	}
	if got := strings.Join(r.codes(), ","); got != strings.Join(codes, ",") {
		f.t.Errorf("codes %q, want %q: %s", got, strings.Join(codes, ","), r.raw)
	}
	list, _ := r.env["$errors"].([]any)
	for _, e := range list {
		if msg, _ := e.(map[string]any)["message"].(string); msg == "" {
			f.t.Errorf("error without message: %s", r.raw)
		}
	}
	f.expectRequestID(r)
	if _, ok := r.env["$data"]; ok {
		f.t.Errorf("error envelope carries $data: %s", r.raw)
	}
}

func (f *fixture) expectRequestID(r result) {
	f.t.Helper()
	id, _ := r.env["$request"].(string)
	if u, err := uuid.Parse(id); err != nil || u.Version() != 4 {
		f.t.Errorf("$request %q is not a v4 UUID", id)
	}
}

// expectOK asserts a success envelope and returns its $data.
func (f *fixture) expectOK(r result) any {
	f.t.Helper()
	if r.status != http.StatusOK {
		f.t.Fatalf("status %d, want 200: %s", r.status, r.raw)
	}
	if _, ok := r.env["$errors"]; ok {
		f.t.Fatalf("success carries $errors: %s", r.raw)
	}
	f.expectRequestID(r)
	data, ok := r.env["$data"]
	if !ok {
		f.t.Fatalf("no $data: %s", r.raw)
	}
	return data
}

func (f *fixture) list(r result) []map[string]any {
	f.t.Helper()
	data, ok := f.expectOK(r).([]any)
	if !ok {
		f.t.Fatalf("$data is not a list: %s", r.raw)
	}
	out := make([]map[string]any, len(data))
	for i, d := range data {
		out[i] = d.(map[string]any)
	}
	return out
}

func ids(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["id"].(string)
	}
	return out
}

// validAssignment is a complete body the tests vary one field at a time.
func validAssignment() map[string]any {
	return map[string]any{
		"title": "Lab report", "description": "Write up the titration lab.",
		"due_date": "2026-02-01T23:59:00Z", "grading_type": "rubric",
		"submission_types": []string{"file", "text"},
	}
}

func with(body map[string]any, key string, value any) map[string]any {
	body[key] = value
	return body
}

func without(body map[string]any, key string) map[string]any {
	delete(body, key)
	return body
}
