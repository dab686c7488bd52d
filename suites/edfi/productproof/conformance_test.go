// Package productproof proves the edfi suite against the Ed-Fi products of
// specs/edfi/PRODUCTS.md, the MUST and SHOULD levels of message texts, and
// what a pipeline gates on: exit codes, waivers, reruns and dry runs. The
// tests run the suite in child processes of this test binary, which is why
// it runs the suite too.
package productproof

import (
	"flag"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suite"
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

// Four of the product runs spend a second each waiting out the DMS rate
// window, not computing; unless -test.parallel says otherwise, more runs go
// side by side than there are cores, so the waits overlap. The value is set
// on the flag itself, not through flag.Set, since Ginkgo refuses a run in
// which -test.parallel was given.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if parallel := flag.Lookup("test.parallel"); !given && parallel != nil {
		if err := parallel.Value.Set(strconv.Itoa(max(runtime.GOMAXPROCS(0), 6))); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
