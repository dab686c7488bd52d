// Package coursekeyspecs holds the CourseKey conformance specs, one file
// per kind of entry (validation, uniqueness, references, authorization,
// configuration, server). Within a file, specs are grouped as the "API
// Integrations: Error Code Dictionary" is: by record type, then entry.
// Every decision taken where the dictionary contradicts itself is recorded
// beside the spec and collected in reference/coursekey/DECISIONS.md.
package coursekeyspecs

import (
	"github.com/edconform/edconform/harness/coursekey"
)

// The dictionary's chapters.
const (
	usersChapter      = "User Error Messages"
	coursesChapter    = "Course Error Messages"
	membersChapter    = "Course Member (Enrollment) Error Messages"
	attendanceChapter = "Course Attendance Session Error Messages"
)

// authorized is the school the primary auth key acts on.
func authorized() string { return coursekey.Config().Schools.Authorized }

// missingParameter is the "Missing required parameter" entry every record
// type documents, naming the one parameter the spec left out.
func missingParameter(name string) *coursekey.Error {
	return coursekey.BeError(400, 2019, "Missing required parameter: "+coursekey.MissingParams).
		With(coursekey.MissingParams, name)
}

// userMissingFields serves both "User missing the following fields" and
// "Account missing the following fields".
func userMissingFields(name string) *coursekey.Error {
	return coursekey.BeError(400, 10005, "User missing the following fields: "+coursekey.MissingParams).
		With(coursekey.MissingParams, name)
}

// noIntegrationConfiguration is documented for every record type as
// "400 Internal Server Error".
// Decision: the numeric status is the contract, so 400 (and code 2019).
func noIntegrationConfiguration() *coursekey.Error {
	return coursekey.BeError(400, 2019, "School's integration configuration has not been setup.")
}

// courseNotAuthorized is documented as "403 Bad Request".
// Decision: the numeric status is the contract, so 403.
func courseNotAuthorized() *coursekey.Error {
	return coursekey.BeError(403, 2213, "Course not authorized")
}

func unauthorizedSchool(status int, schoolID string) *coursekey.Error {
	return coursekey.BeError(status, 10005, "Unauthorized school: "+coursekey.SchoolID).With(coursekey.SchoolID, schoolID)
}

// courseReference names a course the way member and attendance requests do.
func courseReference(course coursekey.Body) coursekey.Body {
	return coursekey.Body{"courseID": course["courseID"], "schoolID": course["schoolID"]}
}
