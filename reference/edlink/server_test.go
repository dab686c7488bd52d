package edlink

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edconform/edconform/reference"
	"github.com/google/uuid"
)

func TestRegisteredVendorBuildsAndRejectsUnknownSwitches(t *testing.T) {
	v, ok := reference.Lookup("edlink")
	if !ok {
		t.Fatal("edlink not registered")
	}
	if _, err := v.Build(reference.Options{Deviations: []string{"no-such-deviation"}}); err == nil {
		t.Error("unknown deviation accepted")
	}
	srv, err := v.Build(reference.Options{Faults: []string{FaultUnknownProvider}})
	if err != nil {
		t.Fatal(err)
	}
	prof := srv.Profile("http://127.0.0.1:1")
	if got := prof["target"].(map[string]any)["baseURL"]; got != "http://127.0.0.1:1/api/v2" {
		t.Errorf("baseURL %v", got)
	}
	if _, ok := prof["auth"].(map[string]any)["tokens"].(map[string]any)["unknownProvider"]; !ok {
		t.Error("fault token missing from profile")
	}
}

func TestProfileTokensAreRandomPerServer(t *testing.T) {
	a, b := newFixture(t, Config{}), newFixture(t, Config{})
	if a.tokens["integration"] == b.tokens["integration"] || a.setting("classId") == b.setting("classId") {
		t.Error("two servers share seeded secrets or ids")
	}
	for _, role := range []string{"unknownProvider", "internalError", "unknownError"} {
		if _, ok := a.tokens[role]; ok {
			t.Errorf("fault token %s present without its fault", role)
		}
	}
	if _, ok := a.settings["statusOverrides"]; ok {
		t.Error("statusOverrides declared without EdlinkStatuses")
	}
}

func TestGraphReadsEntitiesOfEveryKind(t *testing.T) {
	f := newFixture(t, Config{})
	for kind, key := range map[string]string{
		"districts": "districtId", "schools": "schoolId", "sessions": "sessionId", "courses": "courseId",
		"classes": "classId", "sections": "sectionId", "people": "teacherPersonId", "enrollments": "enrollmentId",
	} {
		data := f.expectOK(f.do("GET", "integration", "/graph/"+kind+"/"+f.setting(key), nil))
		if data.(map[string]any)["id"] != f.setting(key) {
			t.Errorf("%s: got %v", kind, data)
		}
		if !slices.Contains(ids(f.list(f.do("GET", "integration", "/graph/"+kind, nil))), f.setting(key)) {
			t.Errorf("%s list lacks %s", kind, f.setting(key))
		}
	}
	// Upper-case ids are the same ids.
	f.expectOK(f.do("GET", "integration", "/graph/classes/"+strings.ToUpper(f.setting("classId")), nil))
}

func TestGraphRelationsFollowTheModel(t *testing.T) {
	f := newFixture(t, Config{})
	people := ids(f.list(f.do("GET", "integration", "/graph/classes/"+f.setting("classId")+"/people", nil)))
	for _, key := range []string{"teacherPersonId", "studentPersonId", "enrichmentOnlyPersonId"} {
		if !slices.Contains(people, f.setting(key)) {
			t.Errorf("class people lack %s", key)
		}
	}
	if slices.Contains(people, f.setting("unsharedPersonId")) || slices.Contains(people, f.setting("notEnrolledPersonId")) {
		t.Error("class people include an unshared or unenrolled person")
	}
	classes := ids(f.list(f.do("GET", "integration", "/graph/people/"+f.setting("teacherPersonId")+"/classes", nil)))
	if len(classes) != 3 {
		t.Errorf("teacher has %d classes, want 3", len(classes))
	}
	schools := ids(f.list(f.do("GET", "integration", "/graph/districts/"+f.setting("districtId")+"/schools", nil)))
	if !slices.Equal(schools, []string{f.setting("schoolId")}) {
		t.Errorf("district schools %v", schools)
	}
	for _, en := range f.list(f.do("GET", "integration", "/graph/classes/"+f.setting("classId")+"/enrollments", nil)) {
		if en["class_id"] != f.setting("classId") || en["person_id"] == f.setting("unsharedPersonId") {
			t.Errorf("unexpected enrollment %v", en)
		}
	}
}

func TestNotFoundAndInvalidUUID(t *testing.T) {
	f := newFixture(t, Config{})
	f.expectError(f.do("GET", "integration", "/graph/courses/"+uuid.NewString(), nil), 400, "NOT_FOUND")
	f.expectError(f.do("GET", "integration", "/graph/people/"+f.setting("unsharedPersonId"), nil), 400, "NOT_FOUND")
	f.expectError(f.do("GET", "integration", "/graph/classes/"+f.setting("foreignClassId"), nil), 400, "NOT_FOUND")
	f.expectError(f.do("GET", "integration", "/graph/schools/"+f.setting("classId"), nil), 400, "NOT_FOUND")
	f.expectError(f.do("GET", "integration", "/graph/widgets", nil), 400, "NOT_FOUND")
	f.expectError(f.do("DELETE", "integration", "/graph/people/"+f.setting("studentPersonId"), nil), 400, "NOT_FOUND")
	f.expectError(f.do("GET", "student", "/my/classes/"+f.setting("otherClassId"), nil), 400, "NOT_FOUND")
	for _, bad := range []string{"12345", "not-a-uuid", strings.Repeat("g", 8) + "-0000-4000-8000-000000000000"} {
		f.expectError(f.do("GET", "integration", "/graph/sessions/"+bad, nil), 400, "INVALID_UUID")
	}
	f.expectError(f.do("GET", "integration", "/graph/schools/xyz/classes", nil), 400, "INVALID_UUID")
	f.expectError(f.do("GET", "teacher", "/my/classes/xyz/assignments", nil), 400, "INVALID_UUID")
}

func TestTokenRules(t *testing.T) {
	f := newFixture(t, Config{})
	people := "/graph/people"
	f.expectError(f.do("GET", "", people, nil), 400, "INVALID_TOKEN")
	f.expectError(f.do("GET", "not-a-token-this-server-issued", people, nil), 400, "INVALID_TOKEN")
	f.expectError(f.do("GET", "teacher", people, nil), 400, "INVALID_TOKEN")
	f.expectError(f.do("GET", "integration", "/my/profile", nil), 400, "INVALID_TOKEN")
	f.expectError(f.do("GET", "expired", "/my/classes", nil), 400, "EXPIRED_TOKEN")
	f.expectError(f.do("GET", "unshared", "/my/profile", nil), 400, "UNSHARED_TOKEN")
	f.expectError(f.do("GET", "disabledIntegration", "/graph/schools", nil), 400, "INVALID_INTEGRATION_STATE")
	f.expectError(f.do("GET", "disabledIntegrationTeacher", "/my/profile", nil), 400, "INVALID_INTEGRATION_STATE")
	f.expectOK(f.do("GET", "pausedIntegration", "/graph/schools", nil))
	f.expectOK(f.do("GET", "pausedIntegrationTeacher", "/my/classes", nil))

	profile := f.expectOK(f.do("GET", "teacher", "/my/profile", nil)).(map[string]any)
	if profile["id"] != f.setting("teacherPersonId") {
		t.Errorf("profile %v", profile)
	}
	// Person tokens expire with time; integration tokens do not.
	f.clock.advance(25 * time.Hour)
	f.expectError(f.do("GET", "teacher", "/my/profile", nil), 400, "EXPIRED_TOKEN")
	f.expectOK(f.do("GET", "integration", "/graph/schools", nil))
}

func TestEdlinkStatusesAreDeclared(t *testing.T) {
	f := newFixture(t, Config{EdlinkStatuses: true})
	f.expectError(f.do("GET", "", "/graph/people", nil), 401, "INVALID_TOKEN")
	f.expectError(f.do("GET", "expired", "/my/profile", nil), 401, "EXPIRED_TOKEN")
	f.expectError(f.do("GET", "integration", "/graph/people/"+uuid.NewString(), nil), 404, "NOT_FOUND")
	f.expectError(f.do("GET", "integration", "/graph/people/x", nil), 400, "INVALID_UUID")
	overrides, _ := f.settings["statusOverrides"].(map[string]any)
	if overrides["NOT_FOUND"] != 404 || overrides["INVALID_TOKEN"] != 401 || overrides["EXPIRED_TOKEN"] != 401 {
		t.Errorf("statusOverrides %v", overrides)
	}
}

func TestPaginationWalksEveryPageOnce(t *testing.T) {
	f := newFixture(t, Config{})
	all := ids(f.list(f.do("GET", "integration", "/graph/people", nil)))
	if len(all) < 5 || slices.Contains(all, f.setting("unsharedPersonId")) {
		t.Fatalf("people %v", all)
	}
	var walked []string
	r := f.do("GET", "integration", "/graph/people?$first=2", nil)
	for pages := 0; ; pages++ {
		page := f.list(r)
		if len(page) > 2 {
			t.Fatalf("page of %d", len(page))
		}
		walked = append(walked, ids(page)...)
		next, ok := r.env["$next"].(string)
		if !ok {
			break
		}
		if !strings.HasPrefix(next, f.base+"/graph/people?$cursor=") {
			t.Fatalf("$next %q", next)
		}
		if pages > len(all) {
			t.Fatal("pagination does not end")
		}
		r = f.do("GET", "integration", next, nil)
	}
	if !slices.Equal(walked, all) {
		t.Errorf("walked %v, want %v", walked, all)
	}
}

func TestPageSizeBounds(t *testing.T) {
	f := newFixture(t, Config{})
	for _, first := range []string{"0", "-1", "10001", "abc", "", "2.5"} {
		f.expectError(f.do("GET", "integration", "/graph/classes?$first="+first, nil), 400, "INVALID_PAGE_SIZE")
	}
	f.expectOK(f.do("GET", "integration", "/graph/classes?$first=10000", nil))
	f.expectOK(f.do("GET", "integration", "/graph/classes?$first=1", nil))
	f.expectError(f.do("GET", "student", "/my/classes?$first=10001", nil), 400, "INVALID_PAGE_SIZE")
	// Assignment lists page through the provider, whose bound is lower.
	assignments := "/my/classes/" + f.setting("classId") + "/assignments?$first="
	f.expectOK(f.do("GET", "teacher", assignments+"100", nil))
	f.expectError(f.do("GET", "teacher", assignments+"101", nil), 400, "INVALID_PAGE_SIZE")
}

func TestCursorRules(t *testing.T) {
	f := newFixture(t, Config{})
	f.expectError(f.do("GET", "integration", "/graph/people?$cursor="+f.setting("expiredCursor"), nil), 400, "INVALID_CURSOR")
	f.expectError(f.do("GET", "integration", "/graph/people?$cursor=garbage", nil), 400, "INVALID_CURSOR")
	f.expectError(f.do("GET", "integration", "/graph/people?$cursor=", nil), 400, "INVALID_CURSOR")

	next := f.do("GET", "integration", "/graph/people?$first=1", nil).env["$next"].(string)
	cur := next[strings.Index(next, "$cursor=")+len("$cursor="):]
	f.expectError(f.do("GET", "integration", "/graph/classes?$cursor="+cur, nil), 400, "INVALID_CURSOR")
	f.expectError(f.do("GET", "pausedIntegration", "/graph/people?$cursor="+cur, nil), 400, "INVALID_CURSOR")
	f.expectOK(f.do("GET", "integration", next, nil))
	f.clock.advance(time.Hour)
	f.expectError(f.do("GET", "integration", next, nil), 400, "INVALID_CURSOR")
}

func TestFaultModes(t *testing.T) {
	f := newFixture(t, Config{Options: reference.Options{Faults: []string{FaultUnknownError, FaultInternalError, FaultUnknownProvider}}})
	f.expectError(f.do("GET", "unknownError", "/graph/classes", nil), 400, "UNKNOWN")
	f.expectError(f.do("GET", "internalError", "/graph/people/"+uuid.NewString(), nil), 400, "INTERNAL")
	f.expectError(f.do("POST", "unknownProvider", "/graph/classes/"+uuid.NewString()+"/assignments", validAssignment()), 400, "UNKNOWN_PROVIDER")
	f.expectOK(f.do("GET", "integration", "/graph/classes", nil))
}

func TestPanicsAnswerUnknown(t *testing.T) {
	f := newFixture(t, Config{})
	f.srv.routes = append([]route{{http.MethodGet, []string{"graph", "explode"}, integrationToken,
		func(*call) (reply, error) { panic("boom") }}}, f.srv.routes...)
	f.expectError(f.do("GET", "integration", "/graph/explode", nil), 400, "UNKNOWN")
}

func TestProfileCarriesEveryDocumentedKey(t *testing.T) {
	f := newFixture(t, Config{EdlinkStatuses: true, Options: reference.Options{Faults: []string{FaultUnknownError, FaultInternalError, FaultUnknownProvider}}})
	for _, role := range []string{"integration", "pausedIntegration", "disabledIntegration", "unsupportedProvider",
		"teacher", "ta", "student", "expired", "unshared", "invalidProvider", "noProviderSignIn", "enrichmentOnly", "pausedIntegrationTeacher",
		"disabledIntegrationTeacher", "unsupportedProviderTeacher", "unknownProvider", "internalError", "unknownError"} {
		if f.tokens[role] == "" {
			t.Errorf("token %s missing", role)
		}
	}
	for _, key := range []string{"pageSizeMax", "defaultPageSize", "assignmentsPageSizeMax", "idempotencyKeyMaxLength",
		"cursorLifetimeSeconds", "expiredCursor", "assigneeModes", "gradingTypes", "submissionTypes", "providers",
		"districtId", "schoolId", "sessionId", "courseId", "sectionId", "enrollmentId", "classId", "otherClassId",
		"enrichmentOnlyClassId", "foreignClassId", "unsupportedProviderClassId", "teacherPersonId", "taPersonId",
		"studentPersonId", "enrolledPersonIds", "notEnrolledPersonId", "enrichmentOnlyPersonId", "unsharedPersonId",
		"assignmentId", "individualAssignmentId", "statusOverrides"} {
		if f.settings[key] == nil {
			t.Errorf("setting %s missing", key)
		}
	}
	if f.settings["pageSizeMax"] != 10000 || f.settings["idempotencyKeyMaxLength"] != 255 {
		t.Errorf("bounds %v %v", f.settings["pageSizeMax"], f.settings["idempotencyKeyMaxLength"])
	}
}
