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

func TestEdfiConformance(t *testing.T) { suite.Run(t, edfi.Vendor) }

func TestHostileTargets(t *testing.T) {
	hostile.Run(t, hostile.Suite{Vendor: "edfi", Test: "TestEdfiConformance", Writes: "conflict"})
}
