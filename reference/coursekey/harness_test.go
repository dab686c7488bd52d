package coursekey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/edconform/edconform/reference"
)

// harness drives a server the way the suite does: through the profile's
// route map, base URL and tokens.
type harness struct {
	t        *testing.T
	baseURL  string
	routes   map[string]any
	settings map[string]any
	primary  string
	second   string
}

var serial atomic.Int64

// unique returns a value no other call in the test binary returns.
func unique(prefix string) string { return fmt.Sprintf("%s%d", prefix, serial.Add(1)) }

func start(t *testing.T, deviations ...string) *harness {
	t.Helper()
	srv, err := New(reference.Options{Deviations: deviations})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	p := srv.Profile(ts.URL)
	tokens := p["auth"].(map[string]any)["tokens"].(map[string]any)
	settings := p["settings"].(map[string]any)
	return &harness{
		t:        t,
		baseURL:  p["target"].(map[string]any)["baseURL"].(string),
		routes:   settings["routes"].(map[string]any),
		settings: settings,
		primary:  tokens["primary"].(map[string]any)["value"].(string),
		second:   tokens["secondary"].(map[string]any)["value"].(string),
	}
}

func (h *harness) school(role string) string {
	return h.settings["schools"].(map[string]any)[role].(string)
}

type response struct {
	status int
	body   map[string]any
}

func (h *harness) do(op string, b map[string]any) response { return h.doAs(h.primary, op, b) }

func (h *harness) doAs(token, op string, b map[string]any) response {
	h.t.Helper()
	r, err := h.send(token, op, b)
	if err != nil {
		h.t.Fatalf("%s: %v", op, err)
	}
	return r
}

// send is doAs for any goroutine: it reports failures instead of failing.
func (h *harness) send(token, op string, b map[string]any) (response, error) {
	route := h.routes[op].(map[string]any)
	raw, err := json.Marshal(b)
	if err != nil {
		return response{}, err
	}
	req, err := http.NewRequest(route["method"].(string), h.baseURL+route["path"].(string), bytes.NewReader(raw))
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return response{}, fmt.Errorf("response is not a JSON object: %w", err)
	}
	return response{status: res.StatusCode, body: out}, nil
}

// expectError checks status, code (0: must be absent), message, and that
// the envelope has exactly error.{code?, message, info}.
func (r response) expectError(t *testing.T, status, code int, message string) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d (body %v)", r.status, status, r.body)
	}
	env, ok := r.body["error"].(map[string]any)
	if !ok || len(r.body) != 1 {
		t.Fatalf("not an error envelope: %v", r.body)
	}
	gotCode, hasCode := env["code"]
	switch {
	case code == 0 && hasCode:
		t.Errorf("code %v present, the entry documents none", gotCode)
	case code != 0 && gotCode != float64(code):
		t.Errorf("code %v, want %d", gotCode, code)
	}
	if env["message"] != message {
		t.Errorf("message %q, want %q", env["message"], message)
	}
	info, ok := env["info"].(map[string]any)
	if !ok {
		t.Errorf("info is not an object: %v", env["info"])
	}
	return info
}

func (r response) expectStatus(t *testing.T, status int) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d (body %v)", r.status, status, r.body)
	}
	return r.body
}

// Fixtures.

type testUser struct{ userID, email string }

func (h *harness) newUser(schoolID string) testUser {
	return h.newUserAs(h.primary, schoolID, unique("U-"))
}

func (h *harness) newUserAs(token, schoolID, userID string) testUser {
	h.t.Helper()
	u := testUser{userID: userID, email: unique("person") + "@school.example.edu"}
	h.doAs(token, OpCreateUser, map[string]any{
		"userID": u.userID, "schoolID": schoolID, "issuedID": unique("I-"),
		"firstName": "Ada", "lastName": "Lovelace", "email": u.email,
	}).expectStatus(h.t, http.StatusCreated)
	return u
}

// courseBody is a valid create-course body at schoolID owned by owner.
func courseBody(schoolID, owner string) map[string]any {
	return map[string]any{
		"courseID": unique("C-"), "schoolID": schoolID, "owner": owner,
		"startDate": "1/8/2030", "endDate": "05/30/2030", "startTime": "9:00", "endTime": "17:30:00",
		"timeZone": "America/Chicago", "days": "Monday Wednesday Friday",
	}
}

// with returns a copy of b with the given keys set (a nil value deletes).
func with(b map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range b {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
			continue
		}
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// jsonNull marks a field sent as an explicit JSON null.
var jsonNull = json.RawMessage("null")

type testCourse struct{ courseID, addCode, schoolID, owner string }

func (h *harness) newCourse(schoolID string, extra ...any) testCourse {
	h.t.Helper()
	owner := h.newUser(schoolID)
	b := with(courseBody(schoolID, owner.email), extra...)
	c := h.do(OpCreateCourse, b).expectStatus(h.t, http.StatusCreated)["course"].(map[string]any)
	return testCourse{courseID: c["courseID"].(string), addCode: c["addCode"].(string), schoolID: schoolID, owner: owner.email}
}

func sessionBody(c testCourse, attendanceID, day, from, to string) map[string]any {
	return map[string]any{
		"courseID": c.courseID, "attendanceID": attendanceID,
		"startDate": day, "endDate": day, "startTime": from, "endTime": to, "timeZone": "America/Chicago",
	}
}
