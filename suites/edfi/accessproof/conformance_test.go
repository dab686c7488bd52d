// Package accessproof proves that each authentication and authorization
// deviation of the Ed-Fi reference server (tokens, claims, namespaces,
// relationships, education organizations, profiles) fails exactly the specs
// that check it; proof runs the envelope, conflict and routing deviations
// and counts the pinning of every group. The tests run the suite in child
// processes of this test binary, which is why it runs the suite too.
package accessproof

import (
	"testing"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/edfi"
	_ "github.com/edconform/edconform/specs/edfi"
)

const suiteTest = "TestEdfiConformance"

// The suite runs in-process beside the child runs; the tests that set the
// vendor's settings themselves run before, not beside it.
func TestEdfiConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, edfi.Vendor)
}
