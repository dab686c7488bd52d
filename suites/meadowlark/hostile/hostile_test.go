// Package meadowlarkhostile puts the Meadowlark suite against every target of the hostile
// zoo (harness/suitetest/hostile), in child runs of this test binary.
package meadowlarkhostile

import (
	"testing"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest/hostile"
	_ "github.com/edconform/edconform/reference/meadowlark"
	_ "github.com/edconform/edconform/specs/meadowlark"
)

// The suite runs in-process beside the zoo's child runs: no test here
// reads the vendor's settings it sets.
func TestMeadowlarkConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, meadowlark.Vendor)
}

func TestHostileTargets(t *testing.T) {
	t.Parallel()
	hostile.Run(t, hostile.Suite{Vendor: "meadowlark", Test: "TestMeadowlarkConformance", Writes: "delete"})
}
