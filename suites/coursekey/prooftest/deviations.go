// Package prooftest holds what the CourseKey proof packages share: the
// specs of the dictionary's kinds of entries and what each named deviation
// of the reference server fails.
package prooftest

import (
	"maps"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/suitetest"
)

// The dictionary's chapters, the outer containers of every spec.
const (
	users      = "User Error Messages "
	courses    = "Course Error Messages "
	members    = "Course Member (Enrollment) Error Messages "
	attendance = "Course Attendance Session Error Messages "
)

// PlaceholderSpecs send values the dictionary's placeholders stand for.
var PlaceholderSpecs = []string{
	users + "Account missing the following fields refuses a user without an issuedID, naming the field",
	users + "Missing required parameter refuses a user without a userID, naming the parameter",
	users + "User missing the following fields refuses a user without a lastName, naming the field",
	users + "Unauthorized School refuses a user at a school the auth key may not act on, naming the school",
	courses + "Admin does not exist refuses an admin e-mail no user has, naming it",
	courses + "Invalid time zone refuses a time zone outside the IANA database, naming it",
	courses + "Missing required parameter refuses a course without an owner, naming the parameter",
	courses + "Owner does not exist refuses an owner e-mail no user has, naming it",
	courses + "Unauthorized owner refuses an owner who exists only at schools the auth key may not act on, naming them",
	courses + "Unauthorized school refuses a course at a school the auth key may not act on, naming the school",
	members + "Missing required parameter refuses an enrolment without the user's e-mail, naming the parameter",
	attendance + "Attendance does not exist refuses to delete an attendanceID the course has no session for, naming it",
	attendance + "Missing Required Parameter refuses a session without a timeZone, naming the parameter",
	attendance + "Missing Required Parameter refuses a bulk create without a session array, naming the parameter",
	attendance + "Missing Required Parameter refuses a delete without an attendanceID, naming the parameter",
	attendance + "Missing Required Parameter refuses a bulk delete without attendanceIDs, naming the parameter",
}

// ForbiddenSpecs are the specs of the entries documented with status 403.
var ForbiddenSpecs = []string{
	users + "Unauthorized School refuses a user at a school the auth key may not act on, naming the school",
	members + "Course not authorized refuses an enrolment in a course of a school the auth key may not act on",
	attendance + "Course not authorized refuses a session for a course of a school the auth key may not act on",
	attendance + "Course not authorized refuses to delete a session of a course of a school the auth key may not act on",
}

// CodelessSpecs are the specs of the entries the dictionary documents
// without a code; every other spec asserts a documented code.
var CodelessSpecs = []string{
	users + "Email must be unique refuses a second user with the e-mail of another",
	users + "Email must be unique lets one of concurrent creates of users sharing an e-mail succeed",
	users + "userID_schoolID must be unique refuses a second user with the userID of another at the same school",
	users + "userID_schoolID must be unique lets one of concurrent creates of users sharing a userID succeed",
	users + "userID_schoolID must be unique lets one of concurrent creates of the same user succeed",
	users + "Validation isEmail on email failed refuses a user whose e-mail has no @",
	users + "Template Not Found fails a user create at a school whose welcome e-mail template is missing",
	courses + "userID_courseID must be unique refuses an owner whose userID another user has at the course's school",
	courses + "Validation min on duration failed refuses a course at a school whose attendance setting has a duration below 1",
	courses + "Validation min on duration failed refuses a course whose duration is 0",
	members + "userID_courseID must be unique refuses to enrol a user in a course twice",
	members + "userID_courseID must be unique lets one of concurrent enrolments of a user in a course succeed",
	attendance + "mAttendanceID_courseID_sysID must be unique refuses a second session with the attendanceID of another in the course",
	attendance + "mAttendanceID_courseID_sysID must be unique lets one of concurrent creates of sessions sharing an attendanceID succeed",
	attendance + "mAttendanceID_courseID_sysID must be unique answers a session sent again unchanged with this entry, not Attendance Overlap",
}

// ConcurrencySpecs release concurrent creates of one record: the
// dictionary's "two concurrent requests" entries.
var ConcurrencySpecs = []string{
	users + "Email must be unique lets one of concurrent creates of users sharing an e-mail succeed",
	users + "userID_schoolID must be unique lets one of concurrent creates of users sharing a userID succeed",
	users + "userID_schoolID must be unique lets one of concurrent creates of the same user succeed",
	members + "userID_courseID must be unique lets one of concurrent enrolments of a user in a course succeed",
	attendance + "mAttendanceID_courseID_sysID must be unique lets one of concurrent creates of sessions sharing an attendanceID succeed",
}

// EnvelopeWide are the deviations that break every envelope at once: they
// pin no one behaviour.
var EnvelopeWide = []string{"code-dropped", "info-dropped", "placeholder-unexpanded"}

// RaceDeviations break only what concurrent creates show; their specs must
// not pass, and may end failed or not observed.
var RaceDeviations = []string{"race-unsafe", "concurrency-control-off"}

// Deviations are the specs each deviation but the race ones fails, in two
// groups that proof and validationproof run apart.
type Deviations struct {
	// Others break the envelope of answers, the checks of what the auth key
	// may act on and of a school's set-up, and lookups.
	Others map[string][]string
	// Validation each drop one check of a value a request sends: that it is
	// unique, a required field or parameter, a format, a range, a
	// combination of fields.
	Validation map[string][]string
}

// ExpectedDeviations maps each deviation but the race ones to exactly the
// specs it fails, all being every spec of the suite.
func ExpectedDeviations(all []string) Deviations {
	return Deviations{
		Others: map[string][]string{
			// Every spec of an entry with a documented code checks it (MUST).
			"code-dropped": Without(all, CodelessSpecs),
			// The value sent must appear where the placeholder stood (MUST).
			"placeholder-unexpanded": PlaceholderSpecs,
			// Every spec checks the envelope schema, which requires info.
			"info-dropped": all,

			"forbidden-as-400": ForbiddenSpecs,

			"overlap-accepted": {
				attendance + "Attendance Overlap refuses a session overlapping another of the course, naming it in info",
			},
			"timezone-unchecked": {
				courses + "Invalid time zone refuses a time zone outside the IANA database, naming it",
			},
			"email-unchecked": {
				users + "Validation isEmail on email failed refuses a user whose e-mail has no @",
			},

			"school-authorization-unchecked": {
				users + "Unauthorized School refuses a user at a school the auth key may not act on, naming the school",
				courses + "Unauthorized school refuses a course at a school the auth key may not act on, naming the school",
			},
			"foreign-owner-as-missing": {
				courses + "Unauthorized owner refuses an owner who exists only at schools the auth key may not act on, naming them",
			},
			"course-authorization-unchecked": {
				members + "Course not authorized refuses an enrolment in a course of a school the auth key may not act on",
				attendance + "Course not authorized refuses a session for a course of a school the auth key may not act on",
				attendance + "Course not authorized refuses to delete a session of a course of a school the auth key may not act on",
			},
			"integration-config-unchecked": {
				users + "School's integration configuration has not been setup refuses a user at a school without an integration configuration",
				courses + "School's integration configuration has not been setup refuses a course at a school without an integration configuration",
				members + "School's integration configuration has not been setup refuses an enrolment whose mappingID names a school without an integration configuration",
				attendance + "School's integration configuration has not been setup refuses a session whose mappingID names a school without an integration configuration",
			},
			"attendance-name-defaulted": {
				courses + "attendanceName is required for school with multiple attendance settings refuses a course without an attendanceName at a school with several attendance settings",
			},
			"duration-min-unchecked": {
				courses + "Validation min on duration failed refuses a course at a school whose attendance setting has a duration below 1",
				courses + "Validation min on duration failed refuses a course whose duration is 0",
			},
			"attendance-options-unchecked": {
				attendance + "Attendance options not setup refuses a session for a course whose school has no attendance settings",
			},
			"welcome-email-skipped": {
				users + "Template Not Found fails a user create at a school whose welcome e-mail template is missing",
			},

			"unmatched-update-succeeds": {
				users + "User Not Found refuses to update a userID no user has at the school",
				courses + "Course does not exist refuses to update a courseID the school does not have",
			},
			"admin-unchecked": {courses + "Admin does not exist refuses an admin e-mail no user has, naming it"},
			"owner-unchecked": {courses + "Owner does not exist refuses an owner e-mail no user has, naming it"},
			"addcode-lookup-ignores-case": {
				members + "Course does not exist refuses an addCode that matches a course only when ignoring case",
			},
			"course-not-found-as-404": {
				members + "Course not found refuses an enrolment in a courseID no course has",
				attendance + "Course not found refuses a session for a courseID no course has",
			},
			"unknown-member-invited": {members + "User does not exist refuses to enrol an e-mail no user has"},
			"unknown-attendance-delete-ok": {
				attendance + "Attendance does not exist refuses to delete an attendanceID the course has no session for, naming it",
			},
		},
		Validation: map[string][]string{
			"email-unique-unchecked": {
				users + "Email must be unique refuses a second user with the e-mail of another",
				users + "Email must be unique lets one of concurrent creates of users sharing an e-mail succeed",
			},
			"account-unique-unchecked": {
				users + "userID_schoolID must be unique refuses a second user with the userID of another at the same school",
				users + "userID_schoolID must be unique lets one of concurrent creates of users sharing a userID succeed",
			},
			"addcode-unique-unchecked": {
				courses + "addCode must be unique refuses a second course with the addCode of another at the same school",
			},
			"course-create-upserts": {
				courses + "Attendance is already set up for this course refuses to create a course again",
				courses + "Conversion Course is already set up for this course refuses to create a conversion course again",
			},
			"provisioning-conflict-ignored": {
				courses + "userID_courseID must be unique refuses an owner whose userID another user has at the course's school",
			},
			"member-unique-unchecked": {
				members + "userID_courseID must be unique refuses to enrol a user in a course twice",
				members + "userID_courseID must be unique lets one of concurrent enrolments of a user in a course succeed",
			},
			"session-unique-unchecked": {
				attendance + "mAttendanceID_courseID_sysID must be unique refuses a second session with the attendanceID of another in the course",
				attendance + "mAttendanceID_courseID_sysID must be unique lets one of concurrent creates of sessions sharing an attendanceID succeed",
				attendance + "mAttendanceID_courseID_sysID must be unique answers a session sent again unchanged with this entry, not Attendance Overlap",
			},

			"issuedid-optional": {users + "Account missing the following fields refuses a user without an issuedID, naming the field"},
			"userid-generated":  {users + "Missing required parameter refuses a user without a userID, naming the parameter"},
			"lastname-optional": {users + "User missing the following fields refuses a user without a lastName, naming the field"},
			"update-identity-unchecked": {
				users + "userID or Email is required for updating user refuses an update that names neither a userID nor an e-mail",
			},
			"days-unchecked": {courses + "Invalid course days refuses days separated by commas"},
			"course-times-as-session-errors": {
				courses + "Invalid end date refuses an endDate that is not M/D/YYYY",
				courses + "Invalid end time refuses an endTime that is not H:mm or H:mm:ss",
				courses + "Invalid start date refuses a startDate with month 13",
				courses + "Invalid start time refuses a startTime with hour 25",
			},
			"course-order-unchecked": {
				courses + "Invalid session times: start must be before end refuses a course that starts after it ends",
			},
			"addcode-26-allowed":      {courses + "addCode must be less than 26 characters refuses an addCode of 26 characters"},
			"addcode-numeric-allowed": {courses + "addCode must contain at least one non-numeric character refuses an addCode of digits only"},
			"addcode-characters-unchecked": {
				courses + `addCode must contain only these characters: a-z (A-Z), 0-9, "~", "-", "_", ".", "!", "*", "\", "(", ")", or "," refuses an addCode with a #`,
			},
			"conversion-data-ignored": {
				courses + "Attempt to update the conversion data of a course that was not created with conversion refuses conversion times on a course using a non-conversion attendance setting",
			},
			"async-null-as-missing": {
				courses + "Cannot set property 'asyncTime' of null refuses a conversion course whose asyncTime is null",
			},
			"conversion-total-unchecked": {
				courses + "Conversion Course requires totalTime has to be equal to syncTime + asyncTime refuses a conversion course whose totalTime is not syncTime + asyncTime",
			},
			"conversion-times-optional": {
				courses + "Conversion: Requires totalTime, syncTime, asyncTime refuses a uniform-strategy conversion course without a syncTime",
			},
			"course-iso-fields-win": {
				courses + `Course may only have the fields "start, end" OR "startDate, endDate, startTime, endTime, timeZone" refuses a course with both ISO start/end and local date fields`,
			},
			"course-dates-optional": {
				courses + "Course missing the following fields: startDate, endDate, startTime, endTime, timeZone refuses a course with neither start/end nor the local date fields",
			},
			"strategy-defaulted": {
				courses + "Invalid conversion data to create-update in a course refuses a conversion course whose strategy is neither uniform nor fixed",
			},
			"course-owner-optional": {courses + "Missing required parameter refuses a course without an owner, naming the parameter"},
			"uniform-options-ignored": {
				courses + "No options allowed in uniform strategy refuses an awardedTime on a uniform-strategy conversion course",
			},
			"member-identity-unchecked": {
				members + "Missing required parameter refuses an enrolment without the user's e-mail, naming the parameter",
			},
			"session-times-as-course-errors": {
				attendance + "End Date Invalid refuses a session whose endDate is not M/D/YYYY",
				attendance + "Invalid end time refuses a session whose endTime is not H:mm or H:mm:ss",
				attendance + "Invalid start time refuses a session whose startTime is not H:mm or H:mm:ss",
				attendance + "Start Date invalid refuses a session whose startDate is not M/D/YYYY",
			},
			"session-timezone-defaulted": {
				attendance + "Missing Required Parameter refuses a session without a timeZone, naming the parameter",
			},
			"empty-bulk-create-ok": {
				attendance + "Missing Required Parameter refuses a bulk create without a session array, naming the parameter",
			},
			"empty-delete-ok": {
				attendance + "Missing Required Parameter refuses a delete without an attendanceID, naming the parameter",
				attendance + "Missing Required Parameter refuses a bulk delete without attendanceIDs, naming the parameter",
			},
		},
	}
}

// Pinned is every deviation, the race ones included, with the specs it
// fails, for suitetest.Pinning.
func (d Deviations) Pinned() map[string][]string {
	pinned := maps.Clone(d.Others)
	maps.Copy(pinned, d.Validation)
	for _, name := range RaceDeviations {
		pinned[name] = ConcurrencySpecs
	}
	return pinned
}

// AllSpecs lists the full text of every spec of the suite run by test, from
// a dry run.
func AllSpecs(t *testing.T, test string) []string {
	t.Helper()
	run := suitetest.Execute(t, suitetest.Options{Test: test, Args: []string{"-ginkgo.dry-run"}})
	var out []string
	for _, s := range run.Report.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt {
			out = append(out, s.FullText())
		}
	}
	if len(out) == 0 {
		t.Fatalf("the dry run reported no specs:\n%s", run.Output)
	}
	for _, list := range [][]string{PlaceholderSpecs, ForbiddenSpecs, CodelessSpecs, ConcurrencySpecs} {
		if missing := Without(list, out); len(missing) > 0 {
			t.Fatalf("the mapping names specs that do not exist: %q", missing)
		}
	}
	return out
}

// Without is list less the elements of drop.
func Without(list, drop []string) []string {
	dropped := map[string]bool{}
	for _, d := range drop {
		dropped[d] = true
	}
	var out []string
	for _, s := range list {
		if !dropped[s] {
			out = append(out, s)
		}
	}
	return out
}

// Intersect is list less what is not in keep.
func Intersect(list, keep []string) []string {
	return Without(list, Without(list, keep))
}
