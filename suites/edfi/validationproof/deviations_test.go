package validationproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/edfi/prooftest"
)

// TestEachValidationDeviationFailsExactlyTheSpecsThatCheckIt runs the suite
// against the reference server with one request validation check broken at
// a time; proof and accessproof run the other deviations, and proof counts
// the pinning of every group.
func TestEachValidationDeviationFailsExactlyTheSpecsThatCheckIt(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, prooftest.ExpectedDeviations(t, suiteTest).Validation)
}
