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
	"flag"
	"os"
	"runtime"
	"strconv"
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

// The two race runs spend most of a second each waiting on their racers,
// not computing; unless -test.parallel says otherwise, more runs go side by
// side than there are cores, so the waits overlap the other runs. The value
// is set on the flag itself, not through flag.Set, since Ginkgo refuses a
// run in which -test.parallel was given.
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
