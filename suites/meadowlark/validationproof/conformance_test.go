// Package validationproof proves that each deviation of the Meadowlark
// reference server's body, query and endpoint checks fails exactly the
// specs that check it, and that quoted names are judged by the profile's
// strictness and texts; proof runs the other deviations and counts the
// pinning of both. The tests run the suite in child processes of this test
// binary, which is why it runs the suite too.
package validationproof

import (
	"testing"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/meadowlark"
	_ "github.com/edconform/edconform/specs/meadowlark"
)

const suiteTest = "TestMeadowlarkConformance"

// The suite runs in-process beside the child runs; the tests that set the
// vendor's settings themselves run before, not beside it.
func TestMeadowlarkConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, meadowlark.Vendor)
}
