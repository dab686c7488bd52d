// Package proof holds the tests that prove the coursekey suite both ways: it
// passes against the reference server and fails, readably and precisely,
// against each named deviation and each kind of broken target. They run
// the suite in child processes of this test binary, which is why it runs
// the suite too.
package proof

import (
	"testing"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/coursekey"
	_ "github.com/edconform/edconform/specs/coursekey"
)

const suiteTest = "TestCoursekeyConformance"

// The suite runs in-process beside the child runs; the tests that set the
// vendor's settings themselves run before, not beside it.
func TestCoursekeyConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, coursekey.Vendor)
}
