// Package validationproof proves that each request validation deviation of
// the Ed-Fi reference server (400 and 415 answers) fails exactly the specs
// that check it; proof and accessproof run the other deviations, and proof
// counts the pinning of every group. The tests run the suite in child
// processes of this test binary, which is why it runs the suite too.
package validationproof

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
