// Package coursekeyhostile puts the CourseKey suite against every target of the hostile
// zoo (harness/suitetest/hostile), in child runs of this test binary.
package coursekeyhostile

import (
	"testing"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest/hostile"
	_ "github.com/edconform/edconform/reference/coursekey"
	_ "github.com/edconform/edconform/specs/coursekey"
)

// The suite runs in-process beside the zoo's child runs: no test here
// reads the vendor's settings it sets.
func TestCoursekeyConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, coursekey.Vendor)
}

func TestHostileTargets(t *testing.T) {
	t.Parallel()
	hostile.Run(t, hostile.Suite{Vendor: "coursekey", Test: "TestCoursekeyConformance", Writes: "uniqueness && !concurrency"})
}
