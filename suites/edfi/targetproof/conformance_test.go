// Package targetproof proves how the edfi suite behaves against targets and
// configurations: broken and hostile targets, malformed profiles, the
// example profile against a target it must leave as it found it, echoed
// secrets, wire transcripts, leftovers and metadata-driven fixtures. The
// tests run the suite in child processes of this test binary, which is why
// it runs the suite too.
package targetproof

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
