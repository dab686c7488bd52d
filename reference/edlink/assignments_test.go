package edlink

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func (f *fixture) myAssignments() string {
	return "/my/classes/" + f.setting("classId") + "/assignments"
}

func TestTeacherCreatesReadsUpdatesAndDeletesAnAssignment(t *testing.T) {
	f := newFixture(t, Config{})
	body := with(validAssignment(), "assignee_mode", "individual")
	body["assignee_ids"] = []string{f.setting("studentPersonId")}
	created := f.expectOK(f.do("POST", "teacher", f.myAssignments(), body)).(map[string]any)
	if created["assignee_mode"] != "individuals" || created["class_id"] != f.setting("classId") || created["creator_id"] != f.setting("teacherPersonId") {
		t.Errorf("created %v", created)
	}
	item := f.myAssignments() + "/" + created["id"].(string)
	got := f.expectOK(f.do("GET", "student", item, nil)).(map[string]any)
	if got["title"] != "Lab report" {
		t.Errorf("student reads %v", got)
	}
	updated := f.expectOK(f.do("PATCH", "ta", item, map[string]any{"title": "Lab report (revised)", "assignee_mode": "all"})).(map[string]any)
	if updated["title"] != "Lab report (revised)" || updated["description"] != "Write up the titration lab." || updated["assignee_mode"] != "all" {
		t.Errorf("updated %v", updated)
	}
	f.expectOK(f.do("DELETE", "teacher", item, nil))
	f.expectError(f.do("GET", "teacher", item, nil), 400, "NOT_FOUND")
	f.expectError(f.do("DELETE", "teacher", item, nil), 400, "NOT_FOUND")
}

func TestStudentsSeeOnlyWhatIsAssignedToThem(t *testing.T) {
	f := newFixture(t, Config{})
	seen := ids(f.list(f.do("GET", "student", f.myAssignments(), nil)))
	if !slices.Equal(seen, []string{f.setting("assignmentId")}) {
		t.Errorf("student sees %v", seen)
	}
	if n := len(f.list(f.do("GET", "teacher", f.myAssignments(), nil))); n != 2 {
		t.Errorf("teacher sees %d assignments, want 2", n)
	}
	f.expectError(f.do("GET", "student", f.myAssignments()+"/"+f.setting("individualAssignmentId"), nil), 400, "NOT_FOUND")
	f.expectError(f.do("PATCH", "student", f.myAssignments()+"/"+f.setting("individualAssignmentId"), map[string]any{"title": "x"}), 400, "NOT_FOUND")
}

func TestOnlyClassStaffMayWriteAssignments(t *testing.T) {
	f := newFixture(t, Config{})
	f.expectError(f.do("POST", "student", f.myAssignments(), validAssignment()), 400, "NO_PERMISSION")
	f.expectError(f.do("PATCH", "student", f.myAssignments()+"/"+f.setting("assignmentId"), map[string]any{"title": "mine"}), 400, "NO_PERMISSION")
	f.expectError(f.do("DELETE", "student", f.myAssignments()+"/"+f.setting("assignmentId"), nil), 400, "NO_PERMISSION")
	f.expectOK(f.do("POST", "ta", f.myAssignments(), validAssignment()))
	// A teacher of another class has no class here to write to.
	f.expectError(f.do("POST", "unsupportedProviderTeacher", "/my/classes/"+f.setting("classId")+"/assignments", validAssignment()), 400, "UNSUPPORTED_OPERATION")
	f.expectError(f.do("POST", "teacher", "/my/classes/"+uuid.NewString()+"/assignments", validAssignment()), 400, "NOT_FOUND")
}

func TestProviderAndSourceRules(t *testing.T) {
	f := newFixture(t, Config{})
	sisClass := f.setting("unsupportedProviderClassId")
	f.expectError(f.do("POST", "unsupportedProvider", "/graph/classes/"+sisClass+"/assignments", validAssignment()), 400, "UNSUPPORTED_OPERATION")
	f.expectError(f.do("GET", "unsupportedProviderTeacher", "/my/classes/"+sisClass+"/assignments", nil), 400, "UNSUPPORTED_OPERATION")
	f.expectOK(f.do("GET", "unsupportedProviderTeacher", "/my/classes/"+sisClass, nil))

	f.expectError(f.do("GET", "invalidProvider", f.myAssignments(), nil), 400, "INVALID_PROVIDER_TOKEN")
	f.expectError(f.do("GET", "noProviderSignIn", f.myAssignments(), nil), 400, "INVALID_PROVIDER_TOKEN")
	f.expectOK(f.do("GET", "invalidProvider", "/my/classes", nil))

	f.expectError(f.do("POST", "enrichmentOnly", f.myAssignments(), validAssignment()), 400, "ENTITY_NOT_PRESENT_IN_SOURCE")
	f.expectOK(f.do("GET", "enrichmentOnly", "/my/profile", nil))
	enriched := "/classes/" + f.setting("enrichmentOnlyClassId") + "/assignments"
	f.expectError(f.do("GET", "teacher", "/my"+enriched, nil), 400, "ENTITY_NOT_PRESENT_IN_SOURCE")
	f.expectError(f.do("POST", "integration", "/graph"+enriched, validAssignment()), 400, "ENTITY_NOT_PRESENT_IN_SOURCE")
	f.expectOK(f.do("GET", "teacher", "/my/classes/"+f.setting("enrichmentOnlyClassId"), nil))

	created := f.expectOK(f.do("POST", "integration", "/graph/classes/"+f.setting("otherClassId")+"/assignments", validAssignment())).(map[string]any)
	if created["creator_id"] != nil {
		t.Errorf("integration-created assignment has creator %v", created["creator_id"])
	}
}

func TestAssignmentValidation(t *testing.T) {
	f := newFixture(t, Config{})
	post := func(body any, codes ...string) {
		t.Helper()
		f.expectError(f.do("POST", "teacher", f.myAssignments(), body), 400, codes...)
	}
	for _, field := range []string{"title", "description", "due_date", "grading_type"} {
		post(without(validAssignment(), field), "MISSING_REQUIRED_FIELD")
		post(with(validAssignment(), field, nil), "MISSING_REQUIRED_FIELD")
		post(with(validAssignment(), field, "  "), "MISSING_REQUIRED_FIELD")
	}
	post(with(validAssignment(), "grading_type", "stars"), "MISSING_REQUIRED_FIELD")
	post(with(validAssignment(), "due_date", "next tuesday"), "MISSING_REQUIRED_FIELD")
	post(with(validAssignment(), "title", 7), "MISSING_REQUIRED_FIELD")
	post("", "MISSING_REQUIRED_FIELD")
	post("[1,2]", "MISSING_REQUIRED_FIELD")

	post(with(validAssignment(), "submission_types", []string{"file", "video"}), "INVALID_SUBMISSION_TYPE")
	post(with(validAssignment(), "submission_types", "file"), "INVALID_SUBMISSION_TYPE")
	post(with(validAssignment(), "submission_types", []any{1}), "INVALID_SUBMISSION_TYPE")

	individuals := func(mode string, ids any) map[string]any {
		b := with(validAssignment(), "assignee_mode", mode)
		if ids != nil {
			b["assignee_ids"] = ids
		}
		return b
	}
	for _, mode := range []string{"individual", "individuals"} {
		post(individuals(mode, nil), "INVALID_ASSIGNEES")
		post(individuals(mode, []string{}), "INVALID_ASSIGNEES")
		post(individuals(mode, []string{f.setting("studentPersonId"), f.setting("notEnrolledPersonId")}), "INVALID_ASSIGNEES")
		post(individuals(mode, []string{"not-an-id"}), "INVALID_ASSIGNEES")
		post(individuals(mode, []string{uuid.NewString()}), "INVALID_ASSIGNEES")
		post(individuals(mode, []string{f.setting("enrichmentOnlyPersonId")}), "INVALID_ASSIGNEES")
		post(individuals(mode, []string{f.setting("unsharedPersonId")}), "INVALID_ASSIGNEES")
	}
	post(individuals("everyone", nil), "INVALID_ASSIGNEES")

	// Every rule that applies is reported.
	all := without(individuals("individuals", nil), "title")
	all["submission_types"] = []string{"video"}
	post(all, "MISSING_REQUIRED_FIELD", "INVALID_SUBMISSION_TYPE", "INVALID_ASSIGNEES")

	enrolled := f.settings["enrolledPersonIds"].([]any)
	ok := f.expectOK(f.do("POST", "teacher", f.myAssignments(), individuals("individuals", []any{strings.ToUpper(enrolled[0].(string)), enrolled[1]}))).(map[string]any)
	if got := ok["assignee_ids"].([]any); len(got) != 2 || got[0] != enrolled[0] {
		t.Errorf("assignee_ids %v", got)
	}
}

func TestPatchValidatesTheMergedAssignment(t *testing.T) {
	f := newFixture(t, Config{})
	item := f.myAssignments() + "/" + f.setting("assignmentId")
	f.expectError(f.do("PATCH", "teacher", item, map[string]any{"title": nil}), 400, "MISSING_REQUIRED_FIELD")
	f.expectError(f.do("PATCH", "teacher", item, map[string]any{"assignee_mode": "individuals"}), 400, "INVALID_ASSIGNEES")
	f.expectError(f.do("PATCH", "teacher", item, map[string]any{"submission_types": []string{"essay"}}), 400, "INVALID_SUBMISSION_TYPE")
	unchanged := f.expectOK(f.do("GET", "teacher", item, nil)).(map[string]any)
	if unchanged["title"] != "Chapter 1 Review" || unchanged["assignee_mode"] != "all" {
		t.Errorf("a refused PATCH changed the assignment: %v", unchanged)
	}
	f.expectOK(f.do("PATCH", "teacher", item, map[string]any{"assignee_mode": "individual", "assignee_ids": []string{f.setting("studentPersonId")}}))
	if n := len(f.list(f.do("GET", "student", f.myAssignments(), nil))); n != 1 {
		t.Errorf("assignee sees %d assignments, want 1", n)
	}
}

func TestIdempotencyKeys(t *testing.T) {
	f := newFixture(t, Config{})
	path := f.myAssignments() + "?$idempotency="
	f.expectError(f.do("POST", "teacher", path+strings.Repeat("k", 256), validAssignment()), 400, "IDEMPOTENCY_KEY_TOO_LONG")
	f.expectError(f.do("POST", "integration", "/graph/classes/"+f.setting("classId")+"/assignments?$idempotency="+strings.Repeat("é", 256), validAssignment()), 400, "IDEMPOTENCY_KEY_TOO_LONG")
	long := strings.Repeat("é", 255)
	first := f.do("POST", "teacher", path+long, validAssignment())
	f.expectOK(first)
	again := f.do("POST", "teacher", path+long, with(validAssignment(), "title", "Different"))
	if string(again.raw) != string(first.raw) {
		t.Errorf("replay differs:\n%s\n%s", first.raw, again.raw)
	}
	// Keys belong to their token's principal; a new key acts anew.
	f.expectOK(f.do("POST", "ta", path+long, validAssignment()))
	other := f.do("POST", "teacher", path+"other", validAssignment())
	if string(other.raw) == string(first.raw) {
		t.Error("a different key replayed")
	}
	if n := len(f.list(f.do("GET", "teacher", f.myAssignments(), nil))); n != 5 {
		t.Errorf("%d assignments, want 2 seeded + 3 created", n)
	}
	// A refused first response is replayed too.
	refused := f.do("POST", "student", path+"s1", validAssignment())
	f.expectError(refused, 400, "NO_PERMISSION")
	if string(f.do("POST", "student", path+"s1", validAssignment()).raw) != string(refused.raw) {
		t.Error("refusal not replayed")
	}
	// A key is remembered for a day (integration tokens outlive it); after that it acts anew.
	graph := "/graph/classes/" + f.setting("classId") + "/assignments?$idempotency=daily"
	once := f.do("POST", "integration", graph, validAssignment())
	f.expectOK(once)
	f.clock.advance(24 * time.Hour)
	if string(f.do("POST", "integration", graph, validAssignment()).raw) == string(once.raw) {
		t.Error("an expired key replayed")
	}
}
