// Package edlinkhostile puts the Edlink suite against every target of the hostile
// zoo (harness/suitetest/hostile), in child runs of this test binary.
package edlinkhostile

import (
	"testing"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest/hostile"
	_ "github.com/edconform/edconform/reference/edlink"
	_ "github.com/edconform/edconform/specs/edlink"
)

// The suite runs in-process beside the zoo's child runs: no test here
// reads the vendor's settings it sets.
func TestEdlinkConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, edlink.Vendor)
}

func TestHostileTargets(t *testing.T) {
	t.Parallel()
	hostile.Run(t, hostile.Suite{Vendor: "edlink", Test: "TestEdlinkConformance", Writes: "idempotency"})
}
