package validationproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/meadowlark/prooftest"
)

// Each deviation of the checks of a request's body, query and endpoint makes
// exactly the specs that check it fail; proof runs the other deviations and
// counts the pinning of both.
func TestEachValidationDeviationFailsExactlyTheSpecsThatCheckIt(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, prooftest.Expected.Validation)
}
