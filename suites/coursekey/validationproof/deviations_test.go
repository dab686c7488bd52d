package validationproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/coursekey/prooftest"
)

// TestValidationDeviationsFailExactlyTheSpecsThatCheckThem runs the suite
// once per deviation that drops one check of a value a request sends, and
// requires exactly these failures; proof runs the other deviations and
// counts the pinning of both.
func TestValidationDeviationsFailExactlyTheSpecsThatCheckThem(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, prooftest.ExpectedDeviations(prooftest.AllSpecs(t, suiteTest)).Validation)
}
