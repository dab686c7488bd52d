// Package proof proves the coursekey suite against the reference server
// broken one named way at a time: each deviation of the envelope, of what
// the auth key may act on and of lookups fails exactly the specs that check
// it, the race deviations let no concurrency spec pass, and every spec is
// pinned by a deviation (build/pinning/coursekey.txt). validationproof runs
// the deviations of the values a request sends, uniqueness included. The
// tests run the suite in child processes of this test binary, which is why
// it runs the suite too.
package proof

import (
	"testing"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
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

// The two race runs wait on their racers more than they compute.
func TestMain(m *testing.M) { suitetest.MainOverlappingWaits(m, 6) }
