// Package proof proves the edfi suite against the reference server broken
// one named way at a time: each deviation of the envelope, conflicts,
// methods, routes and preconditions fails exactly the specs that check it,
// every spec is pinned by a deviation or fault mode (build/pinning/edfi.txt),
// and the database fault provokes the 500 spec. accessproof and
// validationproof do the same for the authentication and authorization
// deviations and for the request validation ones. The tests run the suite
// in child processes of this test binary, which is why it runs the suite
// too.
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
