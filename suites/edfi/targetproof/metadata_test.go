package targetproof

import (
	"testing"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suitetest"
)

// The stricter reference model requires of students a birthCity and a
// birthSexDescriptor, of sections a sectionName and of attendance events an
// eventDuration, which no Data Standard release requires and the built-in
// documents therefore lack. Every spec that creates a student stops there.
func TestFixturesFollowTheTargetsMetadata(t *testing.T) {
	t.Parallel()
	students := [2]string{"students", "birthCity"}
	suitetest.RequireFixturesFollowMetadata(t, suitetest.MetadataProof{
		Test:   suiteTest,
		Vendor: "edfi",
		SetupErrors: map[string][2]string{
			"400 Bad Request Descriptor Does Not Exist reports a term descriptor whose code value does not exist, on PUT":                           students,
			"400 Bad Request Descriptor Does Not Exist reports a term descriptor in a namespace that does not exist, on POST":                       students,
			"403 Forbidden Student / Parent / Staff Relationship Does Not Exist denies reading a student the caller has no school association with": students,
			"409 Conflict Dependent Item Exists refuses to delete a student that an attendance event references":                                    students,
		},
		Fixtures: `fixtures:
  students: {birthCity: Austin, birthSexDescriptor: "uri://ed-fi.org/SexDescriptor#Female"}
  sections: {sectionName: Algebra I, period 1}
  studentSectionAttendanceEvents: {eventDuration: 1}
  schools: {schoolTypeDescriptor: "uri://ed-fi.org/SchoolTypeDescriptor#Regular"}
`,
	})
}

func TestTheExampleProfilesFixturesExampleIsAccepted(t *testing.T) {
	suitetest.RequireExampleFixtures(t, edfi.Vendor, "edfi-ods-7.2.yaml", nil)
}
