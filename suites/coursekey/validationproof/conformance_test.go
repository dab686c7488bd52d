// Package validationproof proves that each deviation of the CourseKey
// reference server that drops one check of a value a request sends (that it
// is unique, present, well-formed, in range) fails exactly the specs that
// check it; proof runs the other deviations and counts the pinning of both.
// The tests run the suite in child processes of this test binary, which is
// why it runs the suite too.
package validationproof

import (
	"testing"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/coursekey"
	_ "github.com/edconform/edconform/specs/coursekey"
)

const suiteTest = "TestCoursekeyConformance"

// The suite runs in-process beside the child runs; the tests that set the
// vendor's settings themselves run before, not beside it.
func TestCoursekeyConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, coursekey.Vendor)
}
