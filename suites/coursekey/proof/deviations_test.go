package proof

import (
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

// Specs that send values the dictionary's placeholders stand for.
var placeholderSpecs = []string{
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

// Specs of the entries documented with status 403.
var forbiddenSpecs = []string{
	users + "Unauthorized School refuses a user at a school the auth key may not act on, naming the school",
	members + "Course not authorized refuses an enrolment in a course of a school the auth key may not act on",
	attendance + "Course not authorized refuses a session for a course of a school the auth key may not act on",
	attendance + "Course not authorized refuses to delete a session of a course of a school the auth key may not act on",
}

// Specs of the entries the dictionary documents without a code; every
// other spec asserts a documented code.
var codelessSpecs = []string{
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

// Specs that release concurrent creates of one record: the dictionary's
// "two concurrent requests" entries.
var concurrencySpecs = []string{
	users + "Email must be unique lets one of concurrent creates of users sharing an e-mail succeed",
	users + "userID_schoolID must be unique lets one of concurrent creates of users sharing a userID succeed",
	users + "userID_schoolID must be unique lets one of concurrent creates of the same user succeed",
	members + "userID_courseID must be unique lets one of concurrent enrolments of a user in a course succeed",
	attendance + "mAttendanceID_courseID_sysID must be unique lets one of concurrent creates of sessions sharing an attendanceID succeed",
}

// TestDeviationsFailExactlyTheSpecsThatCheckThem runs the suite once per
// deviation of the reference server and requires exactly these failures.
func TestDeviationsFailExactlyTheSpecsThatCheckThem(t *testing.T) {
	all := allSpecs(t)
	suitetest.ExpectDeviations(t, suiteTest, map[string][]string{
		// Every spec of an entry with a documented code checks it (MUST).
		"code-dropped": without(all, codelessSpecs),
		// The value sent must appear where the placeholder stood (MUST).
		"placeholder-unexpanded": placeholderSpecs,
		"forbidden-as-400":       forbiddenSpecs,
		"overlap-accepted": {
			attendance + "Attendance Overlap refuses a session overlapping another of the course, naming it in info",
		},
		"timezone-unchecked": {
			courses + "Invalid time zone refuses a time zone outside the IANA database, naming it",
		},
		"email-unchecked": {
			users + "Validation isEmail on email failed refuses a user whose e-mail has no @",
		},
		// Every spec checks the envelope schema, which requires info.
		"info-dropped": all,
		// Sequential duplicates are still refused; only races tell.
		"race-unsafe": concurrencySpecs,
	})
}

// allSpecs lists the full text of every spec, from a dry run.
func allSpecs(t *testing.T) []string {
	t.Helper()
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"-ginkgo.dry-run"}})
	var out []string
	for _, s := range run.Report.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt {
			out = append(out, s.FullText())
		}
	}
	if len(out) == 0 {
		t.Fatalf("the dry run reported no specs:\n%s", run.Output)
	}
	for _, list := range [][]string{placeholderSpecs, forbiddenSpecs, codelessSpecs, concurrencySpecs} {
		if missing := without(list, out); len(missing) > 0 {
			t.Fatalf("the mapping names specs that do not exist: %q", missing)
		}
	}
	return out
}

func without(list, drop []string) []string {
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
