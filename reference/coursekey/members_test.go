package coursekey

import (
	"net/http"
	"strings"
	"testing"
)

func (h *harness) foreignCourse() map[string]any {
	return h.settings["unauthorizedSchoolRecords"].(map[string]any)
}

func TestCourseMemberErrors(t *testing.T) {
	var c testCourse
	var student testUser
	memberOf := func(h *harness) map[string]any {
		if c.courseID == "" {
			c = h.newCourse(h.school(SchoolAuthorized), "addCode", unique("Chem-"))
			student = h.newUser(h.school(SchoolAuthorized))
		}
		return map[string]any{"courseID": c.courseID, "email": student.email}
	}
	runErrorCases(t, []errorCase{
		{"nothing given", OpCreateCourseMember, func(*harness) map[string]any { return map[string]any{} },
			400, 2019, fixed("Missing required parameter: email, courseID")},
		{"mappingID without configuration", OpCreateCourseMember, func(h *harness) map[string]any {
			return with(memberOf(h), "mappingID", h.school(SchoolWithoutIntegrationConfig))
		}, 400, 2019, fixed("School's integration configuration has not been setup.")},
		{"unknown courseID", OpCreateCourseMember, func(h *harness) map[string]any {
			return with(memberOf(h), "courseID", unique("nope"))
		}, 400, 2213, fixed("Course not found.")},
		{"unknown addCode", OpCreateCourseMember, func(h *harness) map[string]any {
			return with(memberOf(h), "courseID", nil, "addCode", unique("nope"))
		}, 400, 2213, fixed("Course not found.")},
		{"addCode in the wrong case", OpCreateCourseMember, func(h *harness) map[string]any {
			return with(memberOf(h), "courseID", nil, "addCode", strings.ToUpper(c.addCode))
		}, 400, 10005, fixed("Course does not exist.")},
		{"course of another customer", OpCreateCourseMember, func(h *harness) map[string]any {
			return with(memberOf(h), "courseID", h.foreignCourse()["courseID"])
		}, 403, 2213, fixed("Course not authorized")},
		{"course of another customer by addCode", OpUpdateCourseMember, func(h *harness) map[string]any {
			return with(memberOf(h), "courseID", nil, "addCode", h.foreignCourse()["addCode"])
		}, 403, 2213, fixed("Course not authorized")},
		{"unknown user", OpCreateCourseMember, func(h *harness) map[string]any {
			return with(memberOf(h), "email", "ghost@school.example.edu")
		}, 400, 10005, fixed("User does not exist.")},
		{"user of another customer", OpCreateCourseMember, func(h *harness) map[string]any {
			return with(memberOf(h), "email", h.foreignCourse()["userEmail"])
		}, 400, 10005, fixed("User does not exist.")},
		{"unknown userID", OpCreateCourseMember, func(h *harness) map[string]any {
			return with(memberOf(h), "email", nil, "userID", unique("nobody"))
		}, 400, 10005, fixed("User does not exist.")},
		{"enrolled twice", OpCreateCourseMember, func(h *harness) map[string]any {
			h.do(OpCreateCourseMember, memberOf(h)).expectStatus(h.t, http.StatusCreated)
			return with(memberOf(h), "email", strings.ToUpper(student.email))
		}, 400, 0, fixed("userID_courseID must be unique.")},
		{"courseID at two of the integration's schools", OpCreateCourseMember, func(h *harness) map[string]any {
			h.newCourse(h.school(SchoolSecondAuthorized), "courseID", c.courseID)
			return memberOf(h)
		}, 400, 2019, fixed("Missing required parameter: schoolID")},
	})
}

func TestCourseMemberLifecycle(t *testing.T) {
	h := start(t)
	c := h.newCourse(h.school(SchoolAuthorized))
	u := h.newUser(h.school(SchoolAuthorized))
	ref := map[string]any{"courseID": c.courseID, "mappingID": c.schoolID}
	m := h.do(OpCreateCourseMember, with(ref, "userID", u.userID)).expectStatus(t, http.StatusCreated)["member"].(map[string]any)
	if m["email"] != u.email || m["admin"] != false {
		t.Fatalf("member %v", m)
	}
	m = h.do(OpUpdateCourseMember, with(ref, "email", u.email, "admin", true)).expectStatus(t, http.StatusOK)["member"].(map[string]any)
	if m["admin"] != true {
		t.Fatalf("updated member %v", m)
	}
	// Update enrols a user not yet enrolled.
	other := h.newUser(h.school(SchoolAuthorized))
	h.do(OpUpdateCourseMember, with(ref, "email", other.email)).expectStatus(t, http.StatusCreated)
	// mappingID limits the search to that school.
	h.do(OpCreateCourseMember, with(ref, "email", other.email, "mappingID", h.school(SchoolSecondAuthorized))).
		expectError(t, 400, 2213, "Course not found.")
}
