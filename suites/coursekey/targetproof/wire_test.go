package targetproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

// The whole suite runs behind a proxy that records the bytes of every
// request; each spec's transcript must show, as curl, exactly what went on
// the wire.
func TestEveryTranscriptShowsWhatWasSent(t *testing.T) {
	t.Parallel()
	suitetest.RequireSentAsReported(t, suiteTest, "coursekey")
}
