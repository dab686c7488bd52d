// Package productproof proves the edfi suite against the Ed-Fi products of
// specs/edfi/PRODUCTS.md, the MUST and SHOULD levels of message texts, and
// what a pipeline gates on: exit codes, waivers, reruns and dry runs. The
// tests run the suite in child processes of this test binary, which is why
// it runs the suite too.
package productproof

import (
	"testing"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
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

// Four product runs wait out the DMS rate window more than they compute.
func TestMain(m *testing.M) { suitetest.MainOverlappingWaits(m, 6) }
