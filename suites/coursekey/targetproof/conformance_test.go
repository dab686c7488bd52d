// Package targetproof proves how the coursekey suite behaves against
// targets and configurations: broken targets, malformed profiles, a vendor
// with other paths and auth header, state-dependent entries, echoed
// secrets, wire transcripts and leftovers. The tests run the suite in child
// processes of this test binary, which is why it runs the suite too.
package targetproof

import (
	"testing"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/coursekey"
	_ "github.com/edconform/edconform/specs/coursekey"
)

const suiteTest = "TestCoursekeyConformance"

// The suite runs in-process beside the child runs; the tests that set the
// vendor's settings themselves run before, not beside it.
func TestCoursekeyConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, coursekey.Vendor)
}
