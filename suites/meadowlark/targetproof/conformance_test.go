// Package targetproof proves how the meadowlark suite behaves against
// targets and configurations: a target it must leave as it found it,
// broken targets, malformed profiles, a wrong namespace, echoed secrets,
// wire transcripts, Locations on another origin, leftovers and
// metadata-driven fixtures. The tests run the suite in child processes of
// this test binary, which is why it runs the suite too.
package targetproof

import (
	"testing"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/meadowlark"
	_ "github.com/edconform/edconform/specs/meadowlark"
)

const suiteTest = "TestMeadowlarkConformance"

// The suite runs in-process beside the child runs; the tests that set the
// vendor's settings themselves run before, not beside it.
func TestMeadowlarkConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, meadowlark.Vendor)
}
