package coursekey

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edconform/edconform/reference"
)

func TestRegisteredWithEveryDeviation(t *testing.T) {
	v, ok := reference.Lookup(VendorName)
	if !ok {
		t.Fatal("coursekey is not registered")
	}
	seen := map[string]bool{}
	for _, d := range deviations {
		if seen[d.Name] || d.Description == "" {
			t.Errorf("%s: registered twice or without a description", d.Name)
		}
		seen[d.Name] = true
		if _, err := v.Build(reference.Options{Deviations: []string{d.Name}}); err != nil {
			t.Errorf("%s: %v", d.Name, err)
		}
	}
	if _, err := v.Build(reference.Options{Deviations: []string{"code-droped"}}); err == nil {
		t.Error("a misspelt deviation was accepted")
	}
}

func TestTheReadmeDocumentsEveryDeviation(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range deviations {
		if !strings.Contains(string(raw), "| `"+d.Name+"` | ") {
			t.Errorf("README.md has no row for the deviation %s", d.Name)
		}
	}
}

func TestProfile(t *testing.T) {
	a, _ := New(reference.Options{})
	b, _ := New(reference.Options{})
	pa, pb := a.Profile("http://127.0.0.1:1/"), b.Profile("http://127.0.0.1:1")
	if pa["vendor"] != VendorName || pa["target"].(map[string]any)["baseURL"] != "http://127.0.0.1:1"+BasePath {
		t.Fatalf("profile head %v %v", pa["vendor"], pa["target"])
	}
	token := func(p map[string]any, role string) string {
		return p["auth"].(map[string]any)["tokens"].(map[string]any)[role].(map[string]any)["value"].(string)
	}
	if token(pa, "primary") == token(pb, "primary") || token(pa, "primary") == token(pa, "secondary") || len(token(pa, "primary")) < 32 {
		t.Error("auth keys are not fresh random values")
	}
	settings := pa["settings"].(map[string]any)
	routes := settings["routes"].(map[string]any)
	if len(routes) != len(operations) {
		t.Errorf("%d routes, want %d", len(routes), len(operations))
	}
	seen := map[string]bool{}
	for _, role := range []string{SchoolAuthorized, SchoolSecondAuthorized, SchoolUnauthorized, SchoolWithoutIntegrationConfig,
		SchoolMultipleAttendanceSettings, SchoolBrokenEmailTemplate, SchoolConversion, SchoolWithoutAttendanceSettings,
		SchoolInvalidDurationSetting} {
		id, _ := settings["schools"].(map[string]any)[role].(string)
		if id == "" || seen[id] {
			t.Errorf("school %s: id %q missing or shared", role, id)
		}
		seen[id] = true
	}
	for _, key := range []string{"authHeader", "authScheme", "timeZone", "attendanceNames", "unauthorizedSchoolRecords"} {
		if settings[key] == nil {
			t.Errorf("settings.%s missing", key)
		}
	}
}

func TestTransportErrors(t *testing.T) {
	h := start(t)
	noToken, _ := h.send("", OpCreateUser, userBody(h))
	noToken.expectError(t, 401, 0, "Invalid or missing auth key.")
	wrong, _ := h.send(h.primary+"x", OpCreateUser, userBody(h))
	wrong.expectError(t, 401, 0, "Invalid or missing auth key.")

	srv, _ := New(reference.Options{})
	for _, tc := range []struct {
		method, path, body string
		auth               bool
		status             int
	}{
		{http.MethodGet, BasePath + "/users", "", true, 405},
		{http.MethodPost, BasePath + "/teachers", "{}", true, 404},
		{http.MethodPost, BasePath + "/users", "[1,2]", true, 400},
		{http.MethodPost, BasePath + "/users", "{", true, 400},
	} {
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
		req.Header.Set("Authorization", "Bearer "+srv.seed.primaryKey)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), `"error"`) {
			t.Errorf("%s %s %q: %d %s", tc.method, tc.path, tc.body, rec.Code, rec.Body)
		}
	}
}

func TestDeviations(t *testing.T) {
	unauthorizedUser := func(h *harness) response {
		return h.do(OpCreateUser, with(userBody(h), "schoolID", h.school(SchoolUnauthorized)))
	}
	t.Run(DeviationCodeDropped, func(t *testing.T) {
		h := start(t, DeviationCodeDropped)
		h.do(OpCreateUser, with(userBody(h), "userID", nil)).expectError(t, 400, 0, "Missing required parameter: userID")
	})
	t.Run(DeviationPlaceholderUnexpanded, func(t *testing.T) {
		h := start(t, DeviationPlaceholderUnexpanded)
		unauthorizedUser(h).expectError(t, 403, 10005, "Unauthorized school: $SCHOOL_ID")
		h.do(OpCreateCourse, validCourse(h, SchoolAuthorized, "timeZone", "Nowhere")).
			expectError(t, 400, 10005, "Invalid timezone: ${timeZone}. Use the IANA TZDB standard")
		// Messages without placeholders are untouched.
		h.do(OpUpdateUser, map[string]any{}).expectError(t, 400, 10008, "userID or email is required for updating user.")
	})
	t.Run(DeviationForbiddenAs400, func(t *testing.T) {
		h := start(t, DeviationForbiddenAs400)
		unauthorizedUser(h).expectError(t, 400, 10005, "Unauthorized school: "+h.school(SchoolUnauthorized))
		h.do(OpCreateAttendance, map[string]any{"courseID": h.foreignCourse()["courseID"], "start": "2030-01-01T00:00:00Z",
			"end": "2030-01-01T01:00:00Z"}).expectError(t, 400, 2213, "Course not authorized")
	})
	t.Run(DeviationOverlapAccepted, func(t *testing.T) {
		h := start(t, DeviationOverlapAccepted)
		c := h.newCourse(h.school(SchoolAuthorized))
		h.do(OpCreateAttendance, sessionBody(c, "A-1", "3/4/2030", "9:00", "10:00")).expectStatus(t, http.StatusCreated)
		h.do(OpCreateAttendance, sessionBody(c, "A-2", "3/4/2030", "9:30", "10:30")).expectStatus(t, http.StatusCreated)
		h.do(OpCreateAttendance, sessionBody(c, "A-2", "3/5/2030", "9:30", "10:30")).
			expectError(t, 400, 0, "mAttendanceID_courseID_sysID must be unique.")
	})
	t.Run(DeviationTimezoneUnchecked, func(t *testing.T) {
		h := start(t, DeviationTimezoneUnchecked)
		c := h.do(OpCreateCourse, validCourse(h, SchoolAuthorized, "timeZone", "Mars/Olympus_Mons")).
			expectStatus(t, http.StatusCreated)["course"].(map[string]any)
		if c["start"] != "2030-01-08T09:00:00Z" {
			t.Errorf("unknown zone not read as UTC: %v", c["start"])
		}
		h.do(OpCreateCourse, validCourse(h, SchoolAuthorized, "startTime", "9h")).expectError(t, 400, 10005, "Invalid start time")
	})
	t.Run(DeviationInfoDropped, func(t *testing.T) {
		h := start(t, DeviationInfoDropped)
		r := unauthorizedUser(h)
		if _, has := r.body["error"].(map[string]any)["info"]; has || r.status != 403 {
			t.Errorf("info kept: %d %v", r.status, r.body)
		}
	})
	t.Run(DeviationEmailUnchecked, func(t *testing.T) {
		h := start(t, DeviationEmailUnchecked)
		h.do(OpCreateUser, with(userBody(h), "email", "not-an-address")).expectStatus(t, http.StatusCreated)
	})
}

// race sends n copies of a request at once and counts answers by status and
// message.
func race(t *testing.T, h *harness, n int, op string, body func(i int) map[string]any) map[string]int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	outcomes := map[string]int{}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := h.send(h.primary, op, body(i))
			key := fmt.Sprint(r.status)
			if env, ok := r.body["error"].(map[string]any); ok {
				key += " " + fmt.Sprint(env["message"])
			}
			if err != nil {
				key = err.Error()
			}
			mu.Lock()
			outcomes[key]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return outcomes
}

func expectOneWinner(t *testing.T, outcomes map[string]int, n int, loser string) {
	t.Helper()
	if outcomes["201"] != 1 || outcomes["400 "+loser] != n-1 {
		t.Errorf("outcomes %v: want one 201 and %d × %q", outcomes, n-1, loser)
	}
}

func TestConcurrentCreates(t *testing.T) {
	const n = 16
	h := start(t)
	user := userBody(h)
	expectOneWinner(t, race(t, h, n, OpCreateUser, func(int) map[string]any { return user }), n, "userID_schoolID must be unique.")

	email := unique("same") + "@school.example.edu"
	expectOneWinner(t, race(t, h, n, OpCreateUser, func(int) map[string]any {
		return with(userBody(h), "email", email)
	}), n, "Email must be unique")

	addCode := unique("Race-")
	owner := h.newUser(h.school(SchoolAuthorized))
	expectOneWinner(t, race(t, h, n, OpCreateCourse, func(int) map[string]any {
		return with(courseBody(h.school(SchoolAuthorized), owner.email), "addCode", addCode)
	}), n, "addCode must be unique.")

	c := h.newCourse(h.school(SchoolAuthorized))
	student := h.newUser(h.school(SchoolAuthorized))
	expectOneWinner(t, race(t, h, n, OpCreateCourseMember, func(int) map[string]any {
		return map[string]any{"courseID": c.courseID, "email": student.email}
	}), n, "userID_courseID must be unique.")

	ses := sessionBody(c, unique("A-"), "3/4/2030", "9:00", "10:00")
	expectOneWinner(t, race(t, h, n, OpCreateAttendance, func(int) map[string]any { return ses }), n,
		"mAttendanceID_courseID_sysID must be unique.")
}

func TestRaceDeviationsLetEveryConcurrentDuplicateSucceedButNotASequentialOne(t *testing.T) {
	const n = 4
	underEachRaceDeviation(t, func(t *testing.T, h *harness) {
		user := userBody(h)
		if outcomes := race(t, h, n, OpCreateUser, func(int) map[string]any { return user }); outcomes["201"] != n {
			t.Errorf("concurrent duplicates: %v, want %d × 201", outcomes, n)
		}
		h.do(OpCreateUser, user).expectError(t, 400, 0, "userID_schoolID must be unique.")

		c := h.newCourse(h.school(SchoolAuthorized))
		ses := sessionBody(c, unique("A-"), "3/4/2030", "9:00", "10:00")
		if outcomes := race(t, h, n, OpCreateAttendance, func(int) map[string]any { return ses }); outcomes["201"] != n {
			t.Errorf("concurrent duplicate sessions: %v, want %d × 201", outcomes, n)
		}
		h.do(OpCreateAttendance, with(ses, "attendanceID", unique("A-"))).expectError(t, 400, 2109, "Attendance Overlap")
	})
}

// underEachRaceDeviation runs test, in parallel, against a server under
// each race deviation.
func underEachRaceDeviation(t *testing.T, test func(t *testing.T, h *harness)) {
	for _, deviation := range []string{DeviationRaceUnsafe, DeviationConcurrencyControlOff} {
		t.Run(deviation, func(t *testing.T) {
			t.Parallel()
			test(t, start(t, deviation))
		})
	}
}

// Under the race deviations only a request about to check uniqueness
// waits for racers: requests refused before that answer at once, and only
// creates pay the wait of a request that meets no other (holdAlone).
func TestRaceDeviationsHoldOnlyRequestsThatCheckUniqueness(t *testing.T) {
	const refused = 40
	underEachRaceDeviation(t, func(t *testing.T, h *harness) {
		began := time.Now()
		for range refused {
			user := userBody(h)
			delete(user, "userID")
			h.do(OpCreateUser, user).expectError(t, 400, codeMissingParameter, "Missing required parameter: userID")
		}
		if took := time.Since(began); took >= refused*holdAlone/2 {
			t.Errorf("%d refused creates took %v: they waited for racers", refused, took)
		}
		began = time.Now()
		if r := h.do(OpCreateUser, userBody(h)); r.status != 201 {
			t.Fatalf("create: status %d (%v)", r.status, r.body)
		}
		if took := time.Since(began); took < holdAlone {
			t.Errorf("a create took %v, less than holdAlone (%v): it did not wait for racers", took, holdAlone)
		}
	})
}
