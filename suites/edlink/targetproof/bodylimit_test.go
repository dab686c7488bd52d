package targetproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
	edlinkref "github.com/edconform/edconform/reference/edlink"
)

// A wrong target answering 10 MB bodies costs no more than reading the
// limit, and the run says how large the body was.
func TestHugeBodiesAreCutQuickly(t *testing.T) {
	t.Parallel()
	_, overlay := serve(t, edlinkref.Config{})
	huge := suitetest.HugeBodyServer(t)
	path, env := targetProfile(t, huge.URL+"/api/v2", overlay)
	suitetest.RequireHugeBodiesCutQuickly(t, "TestEdlinkConformance", path, env)
}
