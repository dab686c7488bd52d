package validationproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/edfi/prooftest"
)

// TestEachValidationDeviationFailsExactlyTheSpecsThatCheckIt runs the suite
// against the reference server with one request validation check broken at
// a time; proof runs the other deviations and counts the pinning of both.
func TestEachValidationDeviationFailsExactlyTheSpecsThatCheckIt(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, prooftest.ExpectedDeviations(t, suiteTest).Validation)
}
