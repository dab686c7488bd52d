package targetproof

import (
	"testing"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/suitetest"
)

// The stricter reference model requires of students a birthCity and a
// birthSexDescriptor and of schools a schoolTypeDescriptor, which no Data
// Standard release requires and the built-in documents therefore lack.
func TestFixturesFollowTheTargetsMetadata(t *testing.T) {
	t.Parallel()
	suitetest.RequireFixturesFollowMetadata(t, suitetest.MetadataProof{
		Test:   suiteTest,
		Vendor: "meadowlark",
		SetupErrors: map[string][2]string{
			"Upsert Failure INSERT_FAILURE_CONFLICT refuses a local education agency with the id of an existing school, naming the school": {"schools", "schoolTypeDescriptor"},
			"Delete Failure DELETE_FAILURE_REFERENCE refuses to delete a student two associations reference, naming both":                  {"students", "birthCity"},
		},
		Fixtures: `fixtures:
  students: {birthCity: Austin, birthSexDescriptor: "uri://ed-fi.org/SexDescriptor#Female"}
  schools: {schoolTypeDescriptor: "uri://ed-fi.org/SchoolTypeDescriptor#Regular"}
`,
	})
}

func TestTheExampleProfilesFixturesExampleIsAccepted(t *testing.T) {
	suitetest.RequireExampleFixtures(t, meadowlark.Vendor, "meadowlark-example.yaml", nil)
}
