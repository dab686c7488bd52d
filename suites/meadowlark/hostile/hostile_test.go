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

func TestMeadowlarkConformance(t *testing.T) { suite.Run(t, meadowlark.Vendor) }

func TestHostileTargets(t *testing.T) {
	hostile.Run(t, hostile.Suite{Vendor: "meadowlark", Test: "TestMeadowlarkConformance", Writes: "delete"})
}
