// Package targetproof proves how the edlink suite behaves against targets
// and configurations: declared statuses, a target it must leave as it
// found it, broken targets, malformed profiles, echoed secrets, wire
// transcripts, leftovers and huge bodies. The tests run the suite in child
// processes of this test binary, which is why it runs the suite too.
package targetproof

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
