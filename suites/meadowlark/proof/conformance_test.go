// Package proof proves the meadowlark suite against the reference server
// broken one named way at a time: each deviation of authorization and of
// the delete, update and upsert failures fails exactly the specs that check
// it, the fault modes provoke the unreachable-server rows and fail them
// when answered wrongly, races without concurrency control do not pass, and
// every spec is pinned (build/pinning/meadowlark.txt). validationproof runs
// the validation deviations. The tests run the suite in child processes of
// this test binary, which is why it runs the suite too.
package proof

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
