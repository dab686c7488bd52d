package validationproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/edlink/prooftest"
)

// Each deviation that drops one check of what a request sends makes exactly
// the specs that check it fail; proof runs the other deviations and counts
// the pinning of both.
func TestValidationDeviations(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, prooftest.Expected.Validation)
}
