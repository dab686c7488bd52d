package coursekey

import (
	"net/http"
	"testing"
)

func TestAttendanceErrors(t *testing.T) {
	var c testCourse
	session := func(h *harness, kv ...any) map[string]any {
		if c.courseID == "" {
			c = h.newCourse(h.school(SchoolAuthorized))
		}
		return with(sessionBody(c, unique("A-"), "3/4/2030", "9:00", "10:15"), kv...)
	}
	sessionCase := func(name string, code int, message string, kv ...any) errorCase {
		return errorCase{name, OpCreateAttendance, func(h *harness) map[string]any { return session(h, kv...) }, 400, code, fixed(message)}
	}
	runErrorCases(t, []errorCase{
		{"nothing given", OpCreateAttendance, func(*harness) map[string]any { return map[string]any{} },
			400, 2019, fixed("Missing required parameter: courseID, startDate, endDate, startTime, endTime, timeZone")},
		sessionCase("endTime and timeZone missing", 2019, "Missing required parameter: endTime, timeZone", "endTime", nil, "timeZone", ""),
		sessionCase("ISO end missing", 2019, "Missing required parameter: end", "start", "2030-03-04T15:00:00Z"),
		sessionCase("unknown course", 2213, "Course not found", "courseID", "nope"),
		{"course of another customer", OpCreateAttendance, func(h *harness) map[string]any {
			return session(h, "courseID", h.foreignCourse()["courseID"])
		}, 403, 2213, fixed("Course not authorized")},
		{"mappingID without configuration", OpCreateAttendance, func(h *harness) map[string]any {
			return session(h, "mappingID", h.school(SchoolWithoutIntegrationConfig))
		}, 400, 2019, fixed("School's integration configuration has not been setup.")},
		{"course without attendance options", OpCreateAttendance, func(h *harness) map[string]any {
			bare := h.newCourse(h.school(SchoolWithoutAttendanceSettings))
			return sessionBody(bare, "A-1", "3/4/2030", "9:00", "10:00")
		}, 400, 2112, fixed("Attendance options not setup.")},
		sessionCase("startDate invalid", 10002, "Start Date invalid", "startDate", "2030-03-04"),
		sessionCase("ISO start invalid", 10002, "Start Date invalid", "start", "03/04/2030 09:00", "end", "2030-03-04T16:00:00Z"),
		sessionCase("endDate invalid", 10003, "End Date invalid", "endDate", "3/32/2030"),
		sessionCase("startTime invalid", 10006, "Invalid start time", "startTime", "9am"),
		sessionCase("endTime invalid", 10007, "Invalid end time", "endTime", "10:15:60"),
		sessionCase("time zone invalid", 10005, "Invalid timezone: Central. Use the IANA TZDB standard", "timeZone", "Central"),
		sessionCase("end before start", 10005, "Invalid session times: start must be before end", "endTime", "8:59"),
		{"bulk without session", OpBulkCreateAttendance, func(h *harness) map[string]any {
			return map[string]any{"courseID": "any", "session": []any{}}
		}, 400, 2019, fixed("Missing required parameter: session")},
		{"bulk session missing fields", OpBulkCreateAttendance, func(h *harness) map[string]any {
			return map[string]any{"courseID": session(h)["courseID"], "session": []any{"not an object"}}
		}, 400, 2019, fixed("Missing required parameter: startDate, endDate, startTime, endTime, timeZone")},
		{"delete without attendanceID", OpDeleteAttendance, func(h *harness) map[string]any {
			return map[string]any{"courseID": session(h)["courseID"]}
		}, 400, 2019, fixed("Missing required parameter: attendanceID")},
		{"bulk delete without attendanceID", OpBulkDeleteAttendance, func(h *harness) map[string]any {
			return map[string]any{"addCode": c.addCode, "attendanceID": []any{}}
		}, 400, 2019, fixed("Missing required parameter: attendanceID")},
		{"delete on a course of another customer", OpDeleteAttendance, func(h *harness) map[string]any {
			return map[string]any{"courseID": h.foreignCourse()["courseID"], "attendanceID": "A-1"}
		}, 403, 2213, fixed("Course not authorized")},
	})
}

func TestAttendanceOverlapAndUniqueness(t *testing.T) {
	h := start(t)
	c := h.newCourse(h.school(SchoolAuthorized))
	first := sessionBody(c, unique("A-"), "3/4/2030", "9:00", "10:00")
	created := h.do(OpCreateAttendance, first).expectStatus(t, http.StatusCreated)["attendance"].(map[string]any)
	if created["start"] != "2030-03-04T15:00:00Z" {
		t.Fatalf("session %v", created)
	}
	// Overlapping by one minute, as ISO strings in another offset.
	info := h.do(OpCreateAttendance, map[string]any{
		"courseID": c.courseID, "attendanceID": unique("A-"), "start": "2030-03-04T09:59:00-06:00", "end": "2030-03-04T11:00:00-06:00",
	}).expectError(t, 400, 2109, "Attendance Overlap")
	if info["attendanceID"] != first["attendanceID"] || info["start"] != created["start"] {
		t.Fatalf("overlap info %v, want the existing session", info)
	}
	// Back to back is not an overlap.
	h.do(OpCreateAttendance, sessionBody(c, unique("A-"), "3/4/2030", "10:00", "11:00")).expectStatus(t, http.StatusCreated)
	// Same attendanceID at another time.
	h.do(OpCreateAttendance, sessionBody(c, first["attendanceID"].(string), "3/5/2030", "9:00", "10:00")).
		expectError(t, 400, 0, "mAttendanceID_courseID_sysID must be unique.")
	// The same attendanceID in another course is fine.
	other := h.newCourse(h.school(SchoolAuthorized))
	h.do(OpCreateAttendance, sessionBody(other, first["attendanceID"].(string), "3/4/2030", "9:00", "10:00")).
		expectStatus(t, http.StatusCreated)
}

func TestAttendanceBulkIsAllOrNothing(t *testing.T) {
	h := start(t)
	c := h.newCourse(h.school(SchoolAuthorized))
	a, b, d := unique("A-"), unique("A-"), unique("A-")
	sessions := []any{
		sessionBody(c, a, "3/4/2030", "9:00", "10:00"),
		sessionBody(c, b, "3/4/2030", "9:30", "10:30"), // overlaps the first in the same batch
	}
	info := h.do(OpBulkCreateAttendance, map[string]any{"courseID": c.courseID, "session": sessions}).
		expectError(t, 400, 2109, "Attendance Overlap")
	if info["attendanceID"] != a {
		t.Fatalf("overlap info %v", info)
	}
	// Nothing was stored: the first session can be created alone.
	h.do(OpCreateAttendance, sessions[0].(map[string]any)).expectStatus(t, http.StatusCreated)
	ok := []any{sessionBody(c, b, "3/5/2030", "9:00", "10:00"), sessionBody(c, d, "3/6/2030", "9:00", "10:00")}
	got := h.do(OpBulkCreateAttendance, map[string]any{"addCode": c.addCode, "session": ok}).expectStatus(t, http.StatusCreated)
	if n := len(got["attendance"].([]any)); n != 2 {
		t.Fatalf("bulk created %d sessions", n)
	}
	// Bulk delete with one unknown id deletes nothing.
	info = h.do(OpBulkDeleteAttendance, map[string]any{"courseID": c.courseID, "attendanceID": []any{a, "A-missing"}}).
		expectError(t, 400, 5, "AttendanceID A-missing does not exist")
	if info["attendanceID"] != "A-missing" {
		t.Fatalf("info %v", info)
	}
	h.do(OpBulkDeleteAttendance, map[string]any{"courseID": c.courseID, "attendanceID": []any{a, b}}).expectStatus(t, http.StatusOK)
	h.do(OpDeleteAttendance, map[string]any{"courseID": c.courseID, "attendanceID": d}).expectStatus(t, http.StatusOK)
	h.do(OpDeleteAttendance, map[string]any{"courseID": c.courseID, "attendanceID": d}).
		expectError(t, 400, 5, "AttendanceID "+d+" does not exist")
	// Deleted sessions free their time and their attendanceID.
	h.do(OpCreateAttendance, sessionBody(c, a, "3/4/2030", "9:30", "10:30")).expectStatus(t, http.StatusCreated)
}
