package edlink

import "github.com/edconform/edconform/harness/suite"

// The target's records the specs address, from the profile's settings. Each
// skips the spec, naming the key and what it must be, when the profile lacks it.

// ClassID is a class the teacher, ta and student tokens are enrolled in.
func ClassID() string {
	return need(settings.ClassID, "settings.classId", "a class the teacher, ta and student tokens are enrolled in")
}

// OtherClassID is a class the teacher teaches and the student is not in.
func OtherClassID() string {
	return need(settings.OtherClassID, "settings.otherClassId", "a class the teacher token teaches and the student token is not enrolled in")
}

// EnrichmentOnlyClassID is a class of the teacher known only through data enrichment.
func EnrichmentOnlyClassID() string {
	return need(settings.EnrichmentOnlyClassID, "settings.enrichmentOnlyClassId", "a class the teacher token teaches that is present only through data enrichment")
}

// ForeignClassID is a class another integration sees and the integration token does not.
func ForeignClassID() string {
	return need(settings.ForeignClassID, "settings.foreignClassId", "a class of another integration, invisible to the integration token")
}

// UnsupportedProviderClassID is a class of the provider without assignments.
func UnsupportedProviderClassID() string {
	return need(settings.UnsupportedProviderClassID, "settings.unsupportedProviderClassId", "a class the unsupportedProvider token sees, on a provider without assignments")
}

// SchoolID is a school the integration token sees.
func SchoolID() string {
	return need(settings.SchoolID, "settings.schoolId", "a school the integration token sees")
}

// EnrolledPersonID is a student of ClassID who may be assigned work.
func EnrolledPersonID() string {
	first := ""
	if len(settings.EnrolledPersonIDs) > 0 {
		first = settings.EnrolledPersonIDs[0]
	}
	return need(first, "settings.enrolledPersonIds", "students of settings.classId who may be assignees")
}

// NotEnrolledPersonID is a shared person not enrolled in ClassID.
func NotEnrolledPersonID() string {
	return need(settings.NotEnrolledPersonID, "settings.notEnrolledPersonId", "a person shared with the integration and not enrolled in settings.classId")
}

// UnsharedPersonID is a person the integration's sharing rules exclude.
func UnsharedPersonID() string {
	return need(settings.UnsharedPersonID, "settings.unsharedPersonId", "a person the integration's sharing rules exclude")
}

// AssignmentID is an assignment of ClassID for every student.
func AssignmentID() string {
	return need(settings.AssignmentID, "settings.assignmentId", "an assignment of settings.classId assigned to all")
}

// IndividualAssignmentID is an assignment of ClassID not assigned to the student token.
func IndividualAssignmentID() string {
	return need(settings.IndividualAssignmentID, "settings.individualAssignmentId", "an assignment of settings.classId assigned individually, not to the student token")
}

// ExpiredCursor is a cursor for /graph/people, issued to the integration token, now expired.
func ExpiredCursor() string {
	return need(settings.ExpiredCursor, "settings.expiredCursor", "a cursor the server issued to the integration token for /graph/people that has since expired")
}

// AssignmentsPageSizeMax is the provider's $first bound on assignment lists.
func AssignmentsPageSizeMax() int {
	suite.RequireSetting(settings.AssignmentsPageSizeMax > 0, "settings.assignmentsPageSizeMax", "the provider's $first bound on assignment lists")
	return settings.AssignmentsPageSizeMax
}

func need(value, key, what string) string {
	suite.RequireSetting(value != "", key, what)
	return value
}
