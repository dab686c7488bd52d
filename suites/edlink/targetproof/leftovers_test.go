package targetproof

import (
	"net/http"
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

// A target that accepts every DELETE but keeps the record is caught by the
// end-of-run check, which lists each record it kept.
func TestRecordsADeleteKeptAreListed(t *testing.T) {
	t.Parallel()
	suitetest.RequireLeftoversCaught(t, "TestEdlinkConformance", "edlink", http.StatusOK, `{"$request":"edc"}`)
}
