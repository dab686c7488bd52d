package accessproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/edfi/prooftest"
)

// TestEachAccessDeviationFailsExactlyTheSpecsThatCheckIt runs the suite
// against the reference server with one authentication or authorization
// check broken at a time; proof runs the envelope, conflict and routing
// deviations and counts the pinning of every group.
func TestEachAccessDeviationFailsExactlyTheSpecsThatCheckIt(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, prooftest.ExpectedDeviations(t, suiteTest).Access)
}
