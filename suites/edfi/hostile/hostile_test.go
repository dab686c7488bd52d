// Package edfihostile puts the Ed-Fi suite against every target of the hostile
// zoo (harness/suitetest/hostile), in child runs of this test binary.
package edfihostile

import (
	"testing"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest/hostile"
	_ "github.com/edconform/edconform/reference/edfi"
	_ "github.com/edconform/edconform/specs/edfi"
)

// The suite runs in-process beside the zoo's child runs: no test here
// reads the vendor's settings it sets.
func TestEdfiConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, edfi.Vendor)
}

func TestHostileTargets(t *testing.T) {
	t.Parallel()
	hostile.Run(t, hostile.Suite{Vendor: "edfi", Test: "TestEdfiConformance", Writes: "conflict"})
}
