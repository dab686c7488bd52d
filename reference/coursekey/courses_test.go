package coursekey

import (
	"net/http"
	"strings"
	"testing"
)

// validCourse is a create body at the role's school with a fresh owner.
func validCourse(h *harness, role string, kv ...any) map[string]any {
	owner := h.newUser(h.school(SchoolAuthorized))
	return with(courseBody(h.school(role), owner.email), kv...)
}

func conversionCourse(h *harness, kv ...any) map[string]any {
	b := validCourse(h, SchoolConversion, "totalTime", 10, "syncTime", 6, "asyncTime", 4)
	return with(b, kv...)
}

func courseCase(name string, status, code int, message string, kv ...any) errorCase {
	return errorCase{name, OpCreateCourse, func(h *harness) map[string]any {
		return validCourse(h, SchoolAuthorized, kv...)
	}, status, code, fixed(message)}
}

func TestCourseValidationErrors(t *testing.T) {
	const badAddCodeChars = `addCode must contain only these characters: a-z (A-Z), 0-9, '~', '-', '_', '.', '!', '*', '\', '(', ')', or ','`
	runErrorCases(t, []errorCase{
		courseCase("missing parameters", 400, 2019, "Missing required parameter: courseID, owner", "courseID", nil, "owner", ""),
		courseCase("addCode of 26 characters", 400, 10005, "addCode must be less than 26 characters.", "addCode", strings.Repeat("a", 26)),
		courseCase("addCode with a space", 400, 10005, badAddCodeChars, "addCode", "Bio 101"),
		courseCase("addCode with a semicolon", 400, 10005, badAddCodeChars, "addCode", "Bio;101"),
		courseCase("numeric addCode", 400, 10005, "AddCode must contain at least one non-numeric character.", "addCode", "101202"),
		courseCase("ISO and local dates mixed", 400, 10005,
			"Course may only have the fields 'start, end' OR 'startDate, endDate, startTime, endTime, timeZone.'",
			"start", "2030-01-08T15:00:00Z"),
		courseCase("start without end", 400, 2019,
			"Course missing the following fields: startDate, endDate, startTime, endTime, timeZone.",
			"startDate", nil, "endDate", nil, "startTime", nil, "endTime", nil, "timeZone", nil, "start", "2030-01-08T15:00:00Z"),
		courseCase("one local field missing", 400, 2019,
			"Course missing the following fields: startDate, endDate, startTime, endTime, timeZone.", "timeZone", nil),
		courseCase("ISO start invalid", 400, 10005, "Invalid start date",
			"startDate", nil, "endDate", nil, "startTime", nil, "endTime", nil, "timeZone", nil,
			"start", "next Monday", "end", "2030-05-30T23:00:00Z"),
		courseCase("ISO end invalid", 400, 10005, "Invalid end date",
			"startDate", nil, "endDate", nil, "startTime", nil, "endTime", nil, "timeZone", nil,
			"start", "2030-01-08T15:00:00Z", "end", "30/05/2030"),
		courseCase("startDate month 13", 400, 10005, "Invalid start date", "startDate", "13/8/2030"),
		courseCase("startDate in ISO form", 400, 10005, "Invalid start date", "startDate", "2030-01-08"),
		courseCase("endDate February 30", 400, 10005, "Invalid end date", "endDate", "2/30/2030"),
		courseCase("startTime hour 24", 400, 10005, "Invalid start time", "startTime", "24:00"),
		courseCase("endTime single-digit minutes", 400, 10005, "Invalid end time", "endTime", "17:5"),
		courseCase("time zone unknown", 400, 10005, "Invalid timezone: Mars/Olympus_Mons. Use the IANA TZDB standard",
			"timeZone", "Mars/Olympus_Mons"),
		courseCase("time zone Local", 400, 10005, "Invalid timezone: Local. Use the IANA TZDB standard", "timeZone", "Local"),
		courseCase("start after end", 400, 10005, "Invalid session times: start must be before end",
			"startDate", "6/1/2030"),
		courseCase("ISO start equals end", 400, 10005, "Invalid session times: start must be before end",
			"startDate", nil, "endDate", nil, "startTime", nil, "endTime", nil, "timeZone", nil,
			"start", "2030-01-08T15:00:00Z", "end", "2030-01-08T09:00:00-06:00"),
		courseCase("days separated by commas", 400, 10005, "Invalid course days", "days", "Monday,Wednesday"),
		courseCase("days not weekdays", 400, 10005, "Invalid course days", "days", "Monday Funday"),
		courseCase("duration zero", 400, 0, "Validation min on duration failed.", "duration", 0),
		courseCase("duration over a day", 400, 0, "Validation max on duration failed.", "duration", 1441),
		{"unauthorized school", OpCreateCourse, func(h *harness) map[string]any {
			return validCourse(h, SchoolUnauthorized)
		}, 400, 10005, func(h *harness) string { return "Unauthorized school: " + h.school(SchoolUnauthorized) }},
		{"no integration configuration", OpCreateCourse, func(h *harness) map[string]any {
			return validCourse(h, SchoolWithoutIntegrationConfig)
		}, 400, 2019, fixed("School's integration configuration has not been setup.")},
		{"several settings, no attendanceName", OpCreateCourse, func(h *harness) map[string]any {
			return validCourse(h, SchoolMultipleAttendanceSettings)
		}, 400, 10005, fixed("attendanceName is required for school with multiple attendance settings.")},
		{"several settings, unknown attendanceName", OpCreateCourse, func(h *harness) map[string]any {
			return validCourse(h, SchoolMultipleAttendanceSettings, "attendanceName", "Seminar")
		}, 400, 10005, fixed("attendanceName is required for school with multiple attendance settings.")},
		{"setting with duration 0", OpCreateCourse, func(h *harness) map[string]any {
			return validCourse(h, SchoolInvalidDurationSetting)
		}, 400, 0, fixed("Validation min on duration failed.")},
	})
}

func TestCourseConversionErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"asyncTime null", OpCreateCourse, func(h *harness) map[string]any {
			return conversionCourse(h, "asyncTime", jsonNull)
		}, 400, 10005, fixed("Cannot set property 'asyncTime' of null.")},
		{"syncTime missing", OpCreateCourse, func(h *harness) map[string]any {
			return conversionCourse(h, "syncTime", nil)
		}, 400, 3101, fixed("Conversion Course requires totalTime, syncTime and asyncTime.")},
		{"totalTime not numeric", OpCreateCourse, func(h *harness) map[string]any {
			return conversionCourse(h, "totalTime", "ten")
		}, 400, 3101, fixed("Conversion Course requires totalTime, syncTime and asyncTime.")},
		{"fixed without totalTime", OpCreateCourse, func(h *harness) map[string]any {
			return conversionCourse(h, "strategy", "fixed", "awardedTime", 2, "totalTime", nil)
		}, 400, 3101, fixed("Conversion Course requires totalTime, syncTime and asyncTime.")},
		{"total is not sync + async", OpCreateCourse, func(h *harness) map[string]any {
			return conversionCourse(h, "totalTime", 11)
		}, 400, 3103, fixed("Conversion Course requires totalTime has to be equal to syncTime + asyncTime.")},
		{"uniform with awardedTime", OpCreateCourse, func(h *harness) map[string]any {
			return conversionCourse(h, "strategy", "uniform", "awardedTime", 2)
		}, 400, 3103, fixed("No options allowed in uniform strategy.")},
		{"conversion setting picked by name", OpCreateCourse, func(h *harness) map[string]any {
			return with(conversionCourse(h, "maxAwardedTimePerDay", 3), "schoolID", h.school(SchoolMultipleAttendanceSettings),
				"attendanceName", AttendanceConversion)
		}, 400, 3103, fixed("No options allowed in uniform strategy.")},
	})
	h := start(t)
	for name, b := range map[string]map[string]any{
		"unknown strategy":          conversionCourse(h, "strategy", "weekly"),
		"fixed without its options": conversionCourse(h, "strategy", "fixed"),
	} {
		info := h.do(OpCreateCourse, b).expectError(t, 500, 3113, "Invalid conversion data to create-update in a course")
		if detail, _ := info["strategy"].(string); detail == "" {
			t.Errorf("%s: info.strategy missing: %v", name, info)
		}
	}
}

func TestCourseReferenceErrors(t *testing.T) {
	var existing testCourse
	runErrorCases(t, []errorCase{
		courseCase("owner unknown", 400, 10005, "Owner does not exist: ghost@school.example.edu", "owner", "ghost@school.example.edu"),
		courseCase("admin unknown", 400, 10005, "Admin does not exist: ghost@school.example.edu",
			"admin", []any{"ghost@school.example.edu"}),
		{"owner of another customer", OpCreateCourse, func(h *harness) map[string]any {
			return validCourse(h, SchoolAuthorized, "owner", h.settings["unauthorizedSchoolRecords"].(map[string]any)["userEmail"])
		}, 400, 10005, func(h *harness) string {
			return "Unauthorized owner: " + h.settings["unauthorizedSchoolRecords"].(map[string]any)["userEmail"].(string)
		}},
		{"owner's userID taken at the course's school", OpCreateCourse, func(h *harness) map[string]any {
			owner := h.newUser(h.school(SchoolAuthorized))
			h.newUserAs(h.primary, h.school(SchoolSecondAuthorized), owner.userID) // same userID, other person
			return with(courseBody(h.school(SchoolSecondAuthorized), owner.email))
		}, 400, 0, fixed("userID_schoolID must be unique.")},
		{"admin's userID taken at the course's school", OpCreateCourse, func(h *harness) map[string]any {
			admin := h.newUser(h.school(SchoolAuthorized))
			h.newUserAs(h.primary, h.school(SchoolSecondAuthorized), admin.userID)
			return validCourse(h, SchoolSecondAuthorized, "admin", []any{admin.email})
		}, 400, 0, fixed("userID_schoolID must be unique.")},
		{"addCode taken", OpCreateCourse, func(h *harness) map[string]any {
			existing = h.newCourse(h.school(SchoolAuthorized), "addCode", unique("Bio-"))
			return validCourse(h, SchoolAuthorized, "addCode", existing.addCode)
		}, 400, 10005, fixed("addCode must be unique.")},
		{"course created again", OpCreateCourse, func(h *harness) map[string]any {
			return validCourse(h, SchoolAuthorized, "courseID", existing.courseID)
		}, 400, 10005, fixed("Attendance is already set up for this course.")},
		{"conversion course created again", OpCreateCourse, func(h *harness) map[string]any {
			c := h.newCourse(h.school(SchoolConversion), "totalTime", 10, "syncTime", 6, "asyncTime", 4)
			return conversionCourse(h, "courseID", c.courseID)
		}, 400, 10005, fixed("Conversion Course is already set up for this course.")},
		{"update without course reference", OpUpdateCourse, func(h *harness) map[string]any {
			return map[string]any{"owner": existing.owner}
		}, 400, 2019, fixed("Missing required parameter: schoolID, courseID")},
		{"update unknown course", OpUpdateCourse, func(h *harness) map[string]any {
			return map[string]any{"schoolID": h.school(SchoolAuthorized), "courseID": unique("nope")}
		}, 400, 10005, fixed("Course does not exist.")},
		{"update by addCode at the wrong school", OpUpdateCourse, func(h *harness) map[string]any {
			return map[string]any{"schoolID": h.school(SchoolSecondAuthorized), "addCode": existing.addCode}
		}, 400, 10005, fixed("Course does not exist.")},
		{"update conversion data of a plain course", OpUpdateCourse, func(h *harness) map[string]any {
			return map[string]any{"schoolID": existing.schoolID, "courseID": existing.courseID, "totalTime": 5}
		}, 400, 10005, fixed("Attempt to update the conversion data of a course that was not created with conversion.")},
		{"update to an addCode in use", OpUpdateCourse, func(h *harness) map[string]any {
			other := h.newCourse(h.school(SchoolAuthorized))
			return map[string]any{"schoolID": other.schoolID, "courseID": other.courseID, "addCode": existing.addCode}
		}, 400, 10005, fixed("addCode must be unique.")},
		{"update conversion course with asyncTime null", OpUpdateCourse, func(h *harness) map[string]any {
			c := h.newCourse(h.school(SchoolConversion), "totalTime", 10, "syncTime", 6, "asyncTime", 4)
			return map[string]any{"schoolID": c.schoolID, "courseID": c.courseID, "asyncTime": jsonNull}
		}, 400, 10005, fixed("Cannot set property 'asyncTime' of null.")},
	})
}

func TestCourseLifecycle(t *testing.T) {
	h := start(t)
	admin := h.newUser(h.school(SchoolAuthorized))
	b := validCourse(h, SchoolSecondAuthorized, "addCode", `Az09~-_.!*\(),Bio101aaaaa`, "admin", admin.email)
	c := h.do(OpCreateCourse, b).expectStatus(t, http.StatusCreated)["course"].(map[string]any)
	if c["addCode"] != b["addCode"] || c["attendanceName"] != AttendanceStandard || c["duration"] != float64(defaultDuration) {
		t.Fatalf("created course %v", c)
	}
	// 9:00 America/Chicago in January is 15:00 UTC.
	if c["start"] != "2030-01-08T15:00:00Z" || c["end"] != "2030-05-30T22:30:00Z" {
		t.Fatalf("dates %v .. %v", c["start"], c["end"])
	}
	// The owner and admin were given accounts at the course's school.
	owner := h.do(OpUpdateUser, map[string]any{"email": b["owner"]}).expectStatus(t, http.StatusOK)["user"].(map[string]any)
	if len(owner["accounts"].([]any)) != 2 {
		t.Fatalf("owner accounts %v", owner["accounts"])
	}
	// The same addCode is free at another school.
	h.do(OpCreateCourse, validCourse(h, SchoolAuthorized, "addCode", b["addCode"])).expectStatus(t, http.StatusCreated)
	// Update by addCode: new ISO dates and days.
	up := h.do(OpUpdateCourse, map[string]any{
		"schoolID": b["schoolID"], "addCode": b["addCode"], "start": "2031-01-01T00:00:00Z", "end": "2031-02-01T00:00:00Z",
		"days": "tuesday",
	}).expectStatus(t, http.StatusOK)["course"].(map[string]any)
	if up["start"] != "2031-01-01T00:00:00Z" || up["days"].([]any)[0] != "Tuesday" || up["timeZone"] != nil {
		t.Fatalf("updated course %v", up)
	}
	// Rename the addCode by courseID; the old one is free again.
	h.do(OpUpdateCourse, map[string]any{"schoolID": b["schoolID"], "courseID": b["courseID"], "addCode": "Renamed-1"}).
		expectStatus(t, http.StatusOK)
	h.do(OpCreateCourse, validCourse(h, SchoolSecondAuthorized, "addCode", b["addCode"])).expectStatus(t, http.StatusCreated)
	// A generated addCode satisfies the addCode rules.
	gen := h.do(OpCreateCourse, validCourse(h, SchoolAuthorized)).expectStatus(t, http.StatusCreated)["course"].(map[string]any)
	if validateAddCode(gen["addCode"].(string)) != nil {
		t.Fatalf("generated addCode %q breaks the rules", gen["addCode"])
	}
}

func TestConversionCourseLifecycle(t *testing.T) {
	h := start(t)
	b := conversionCourse(h)
	c := h.do(OpCreateCourse, b).expectStatus(t, http.StatusCreated)["course"].(map[string]any)
	if c["strategy"] != strategyUniform || c["totalTime"] != float64(10) {
		t.Fatalf("conversion course %v", c)
	}
	// Switch to fixed: awardedTime becomes required, then allowed.
	ref := map[string]any{"schoolID": b["schoolID"], "courseID": b["courseID"]}
	h.do(OpUpdateCourse, with(ref, "strategy", "fixed")).
		expectError(t, 500, 3113, "Invalid conversion data to create-update in a course")
	fixedCourse := h.do(OpUpdateCourse, with(ref, "strategy", "fixed", "awardedTime", 2)).
		expectStatus(t, http.StatusOK)["course"].(map[string]any)
	if fixedCourse["strategy"] != strategyFixed || fixedCourse["awardedTime"] != float64(2) {
		t.Fatalf("fixed course %v", fixedCourse)
	}
	// Back to uniform only once the option is cleared.
	h.do(OpUpdateCourse, with(ref, "strategy", "uniform")).expectError(t, 400, 3103, "No options allowed in uniform strategy.")
	h.do(OpUpdateCourse, with(ref, "strategy", "uniform", "awardedTime", jsonNull)).expectStatus(t, http.StatusOK)
	// A plain course at a school with several settings may become a conversion course.
	plain := validCourse(h, SchoolMultipleAttendanceSettings, "attendanceName", AttendanceLab)
	h.do(OpCreateCourse, plain).expectStatus(t, http.StatusCreated)
	h.do(OpUpdateCourse, map[string]any{"schoolID": plain["schoolID"], "courseID": plain["courseID"], "attendanceName": AttendanceConversion}).
		expectError(t, 400, 3101, "Conversion Course requires totalTime, syncTime and asyncTime.")
	h.do(OpUpdateCourse, map[string]any{
		"schoolID": plain["schoolID"], "courseID": plain["courseID"], "attendanceName": AttendanceConversion,
		"totalTime": 3, "syncTime": 1, "asyncTime": 2,
	}).expectStatus(t, http.StatusOK)
}
