// Package proof holds the tests that prove the edfi suite both ways: it
// passes against the reference server and fails, readably and precisely,
// against each named deviation and each kind of broken target. They run
// the suite in child processes of this test binary, which is why it runs
// the suite too.
package proof

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
