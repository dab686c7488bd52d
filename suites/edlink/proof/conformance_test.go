// Package proof proves the edlink suite against the reference server
// broken one named way at a time: each deviation of envelopes, tokens,
// access, routes and providers fails exactly the specs that check it, the
// fault modes provoke the server codes, and every spec is pinned by a
// deviation (build/pinning/edlink.txt). validationproof runs the
// deviations of what a request sends. The tests run the suite in child
// processes of this test binary, which is why it runs the suite too.
package proof

import (
	"testing"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/edlink"
	_ "github.com/edconform/edconform/specs/edlink"
)

const suiteTest = "TestEdlinkConformance"

// The suite runs in-process beside the child runs; the tests that set the
// vendor's settings themselves run before, not beside it.
func TestEdlinkConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, edlink.Vendor)
}
