// Package validationproof proves that each deviation of the Edlink
// reference server that drops one check of what a request sends fails
// exactly the specs that check it; proof runs the other deviations and
// counts the pinning of both. The tests run the suite in child processes
// of this test binary, which is why it runs the suite too.
package validationproof

import (
	"testing"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/edlink"
	_ "github.com/edconform/edconform/specs/edlink"
)

const suiteTest = "TestEdlinkConformance"

// The suite runs in-process beside the child runs; the tests that set the
// vendor's settings themselves run before, not beside it.
func TestEdlinkConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, edlink.Vendor)
}
