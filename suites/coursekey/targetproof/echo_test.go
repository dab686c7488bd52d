package targetproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

// A target that echoes every credential back, in every encoding, in headers
// and bodies, must not get one of them into any output or report.
func TestNoEchoedSecretReachesAnyOutput(t *testing.T) {
	t.Parallel()
	suitetest.RequireNoSecretEchoed(t, suiteTest, "coursekey")
}
