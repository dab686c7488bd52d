package coursekey

import (
	"net/http"
	"strings"
	"testing"
)

// ruleDeviation is a request the conformant server refuses with a
// documented entry, and what the server answers instead under a deviation
// that breaks that one rule: a success (message "") or another entry.
type ruleDeviation struct {
	deviation string
	op        string
	body      func(h *harness) map[string]any
	status    int
	message   string
}

func TestEachRuleDeviationChangesTheAnswerToItsRule(t *testing.T) {
	member := func(h *harness, kv ...any) map[string]any {
		c := h.newCourse(h.school(SchoolAuthorized))
		return with(map[string]any{"courseID": c.courseID, "email": h.newUser(h.school(SchoolAuthorized)).email}, kv...)
	}
	session := func(h *harness, kv ...any) map[string]any {
		return with(sessionBody(h.newCourse(h.school(SchoolAuthorized)), unique("A-"), "3/4/2030", "9:00", "10:00"), kv...)
	}
	user := func(kv ...any) func(h *harness) map[string]any {
		return func(h *harness) map[string]any { return with(userBody(h), kv...) }
	}
	course := func(role string, kv ...any) func(h *harness) map[string]any {
		return func(h *harness) map[string]any { return validCourse(h, role, kv...) }
	}
	conversion := func(kv ...any) func(h *harness) map[string]any {
		return func(h *harness) map[string]any { return conversionCourse(h, kv...) }
	}
	again := func(op string, first func(h *harness) map[string]any, kv ...any) func(h *harness) map[string]any {
		return func(h *harness) map[string]any {
			b := first(h)
			h.do(op, b).expectStatus(h.t, http.StatusCreated)
			return with(b, kv...)
		}
	}
	cases := []ruleDeviation{
		{DeviationSchoolAuthorizationUnchecked, OpCreateCourse, course(SchoolUnauthorized), 201, ""},
		{DeviationForeignOwnerAsMissing, OpCreateCourse, func(h *harness) map[string]any {
			return validCourse(h, SchoolAuthorized, "owner", h.foreignCourse()["userEmail"])
		}, 400, "Owner does not exist: "},
		{DeviationCourseAuthorizationUnchecked, OpCreateAttendance, func(h *harness) map[string]any {
			return session(h, "courseID", h.foreignCourse()["courseID"])
		}, 201, ""},
		{DeviationIntegrationConfigUnchecked, OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "schoolID", h.school(SchoolWithoutIntegrationConfig))
		}, 201, ""},
		{DeviationAttendanceNameDefaulted, OpCreateCourse, course(SchoolMultipleAttendanceSettings), 201, ""},
		{DeviationDurationMinUnchecked, OpCreateCourse, course(SchoolInvalidDurationSetting), 201, ""},
		{DeviationAttendanceOptionsUnchecked, OpCreateAttendance, func(h *harness) map[string]any {
			return sessionBody(h.newCourse(h.school(SchoolWithoutAttendanceSettings)), "A-1", "3/4/2030", "9:00", "10:00")
		}, 201, ""},
		{DeviationWelcomeEmailSkipped, OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "schoolID", h.school(SchoolBrokenEmailTemplate))
		}, 201, ""},
		{DeviationUnmatchedUpdateSucceeds, OpUpdateUser, func(h *harness) map[string]any {
			return map[string]any{"userID": unique("nobody"), "schoolID": h.school(SchoolAuthorized), "firstName": "Ada"}
		}, 200, ""},
		{DeviationAdminUnchecked, OpCreateCourse, course(SchoolAuthorized, "admin", []any{"ghost@school.example.edu"}), 201, ""},
		{DeviationOwnerUnchecked, OpCreateCourse, course(SchoolAuthorized, "owner", "ghost@school.example.edu"), 201, ""},
		{DeviationAddCodeLookupIgnoresCase, OpCreateCourseMember, func(h *harness) map[string]any {
			c := h.newCourse(h.school(SchoolAuthorized), "addCode", unique("Chem-"))
			return map[string]any{"addCode": strings.ToUpper(c.addCode), "email": c.owner}
		}, 201, ""},
		{DeviationCourseNotFoundAs404, OpCreateCourseMember, func(h *harness) map[string]any {
			return member(h, "courseID", unique("nope"))
		}, 404, "Course not found."},
		{DeviationUnknownMemberInvited, OpCreateCourseMember, func(h *harness) map[string]any {
			return member(h, "email", "ghost@school.example.edu")
		}, 201, ""},
		{DeviationUnknownAttendanceDeleteOK, OpDeleteAttendance, func(h *harness) map[string]any {
			return with(session(h), "attendanceID", unique("A-"))
		}, 200, ""},
		{DeviationEmailUniqueUnchecked, OpCreateUser, again(OpCreateUser, user(), "userID", unique("U-")), 201, ""},
		{DeviationAccountUniqueUnchecked, OpCreateUser, again(OpCreateUser, user(), "email", unique("grace")+"@navy.example.mil"), 201, ""},
		{DeviationAddCodeUniqueUnchecked, OpCreateCourse, again(OpCreateCourse, course(SchoolAuthorized, "addCode", unique("Bio-")), "courseID", unique("C-")), 201, ""},
		{DeviationCourseCreateUpserts, OpCreateCourse, again(OpCreateCourse, course(SchoolAuthorized)), 200, ""},
		{DeviationProvisioningConflictIgnored, OpCreateCourse, func(h *harness) map[string]any {
			owner := h.newUser(h.school(SchoolAuthorized))
			h.newUserAs(h.primary, h.school(SchoolSecondAuthorized), owner.userID)
			return with(courseBody(h.school(SchoolSecondAuthorized), owner.email))
		}, 201, ""},
		{DeviationMemberUniqueUnchecked, OpCreateCourseMember, again(OpCreateCourseMember, func(h *harness) map[string]any { return member(h) }), 201, ""},
		{DeviationSessionUniqueUnchecked, OpCreateAttendance, again(OpCreateAttendance, func(h *harness) map[string]any { return session(h) }, "startTime", "11:00", "endTime", "12:00"), 201, ""},
		{DeviationIssuedIDOptional, OpCreateUser, user("issuedID", nil), 201, ""},
		{DeviationUserIDGenerated, OpCreateUser, user("userID", nil), 201, ""},
		{DeviationLastNameOptional, OpCreateUser, user("lastName", nil), 201, ""},
		{DeviationUpdateIdentityUnchecked, OpUpdateUser, func(h *harness) map[string]any {
			return map[string]any{"schoolID": h.school(SchoolAuthorized), "firstName": "Ada"}
		}, 400, "User not found."},
		{DeviationDaysUnchecked, OpCreateCourse, course(SchoolAuthorized, "days", "Monday,Friday"), 201, ""},
		{DeviationCourseTimesAsSessionErrors, OpCreateCourse, course(SchoolAuthorized, "startDate", "13/7/2030"), 400, "Start Date invalid"},
		{DeviationCourseOrderUnchecked, OpCreateCourse, course(SchoolAuthorized, "startDate", "6/1/2030"), 201, ""},
		{DeviationAddCode26Allowed, OpCreateCourse, course(SchoolAuthorized, "addCode", strings.Repeat("a", 26)), 201, ""},
		{DeviationAddCodeNumericAllowed, OpCreateCourse, course(SchoolAuthorized, "addCode", "20300107"), 201, ""},
		{DeviationAddCodeCharactersUnchecked, OpCreateCourse, course(SchoolAuthorized, "addCode", "BIO#101"), 201, ""},
		{DeviationConversionDataIgnored, OpUpdateCourse, func(h *harness) map[string]any {
			c := h.newCourse(h.school(SchoolAuthorized))
			return map[string]any{"courseID": c.courseID, "schoolID": c.schoolID, "totalTime": 10, "syncTime": 6, "asyncTime": 4}
		}, 200, ""},
		{DeviationAsyncNullAsMissing, OpCreateCourse, conversion("asyncTime", jsonNull), 400, "Conversion Course requires totalTime, syncTime and asyncTime."},
		{DeviationConversionTotalUnchecked, OpCreateCourse, conversion("totalTime", 12), 201, ""},
		{DeviationConversionTimesOptional, OpCreateCourse, conversion("syncTime", nil), 201, ""},
		{DeviationCourseISOFieldsWin, OpCreateCourse, course(SchoolAuthorized, "start", "2030-01-07T15:00:00Z", "end", "2030-05-31T23:30:00Z"), 201, ""},
		{DeviationCourseDatesOptional, OpCreateCourse, course(SchoolAuthorized, "startDate", nil, "endDate", nil, "startTime", nil,
			"endTime", nil, "timeZone", nil), 201, ""},
		{DeviationStrategyDefaulted, OpCreateCourse, conversion("strategy", "weekly"), 201, ""},
		{DeviationCourseOwnerOptional, OpCreateCourse, course(SchoolAuthorized, "owner", nil), 201, ""},
		{DeviationUniformOptionsIgnored, OpCreateCourse, conversion("strategy", "uniform", "awardedTime", 2), 201, ""},
		{DeviationMemberIdentityUnchecked, OpCreateCourseMember, func(h *harness) map[string]any { return member(h, "email", nil) },
			400, "User does not exist."},
		{DeviationSessionTimesAsCourseErrors, OpCreateAttendance, func(h *harness) map[string]any {
			return session(h, "startDate", "Feb 4, 2030")
		}, 400, "Invalid start date"},
		{DeviationSessionTimeZoneDefaulted, OpCreateAttendance, func(h *harness) map[string]any { return session(h, "timeZone", nil) }, 201, ""},
		{DeviationEmptyBulkCreateOK, OpBulkCreateAttendance, func(h *harness) map[string]any {
			return map[string]any{"courseID": h.newCourse(h.school(SchoolAuthorized)).courseID}
		}, 201, ""},
		{DeviationEmptyDeleteOK, OpDeleteAttendance, func(h *harness) map[string]any {
			return map[string]any{"courseID": h.newCourse(h.school(SchoolAuthorized)).courseID}
		}, 200, ""},
	}
	tested := map[string]bool{}
	for _, tc := range cases {
		tested[tc.deviation] = true
		t.Run(tc.deviation, func(t *testing.T) {
			strict := start(t)
			if r := strict.do(tc.op, tc.body(strict)); r.status < 400 {
				t.Fatalf("the conformant server accepted the request: %d %v", r.status, r.body)
			}
			h := start(t, tc.deviation)
			r := h.do(tc.op, tc.body(h))
			if tc.message == "" {
				r.expectStatus(t, tc.status)
				return
			}
			env, _ := r.body["error"].(map[string]any)
			if msg, _ := env["message"].(string); r.status != tc.status || !strings.HasPrefix(msg, tc.message) {
				t.Errorf("got %d %v, want %d %q", r.status, r.body, tc.status, tc.message)
			}
		})
	}
	// TestDeviations and the race tests cover these.
	for _, name := range []string{DeviationCodeDropped, DeviationPlaceholderUnexpanded, DeviationInfoDropped, DeviationForbiddenAs400,
		DeviationOverlapAccepted, DeviationTimezoneUnchecked, DeviationEmailUnchecked, DeviationRaceUnsafe, DeviationConcurrencyControlOff} {
		tested[name] = true
	}
	for _, d := range deviations {
		if !tested[d.Name] {
			t.Errorf("no case for the deviation %s", d.Name)
		}
	}
}
