package targetproof

import (
	"net/http"
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

// The API reads no attendance session back, so the end-of-run check lists
// the sessions whose deletion failed.
func TestSessionsWhoseDeletionFailedAreListed(t *testing.T) {
	t.Parallel()
	suitetest.RequireLeftoversCaught(t, "TestCoursekeyConformance", "coursekey", http.StatusInternalServerError, "")
}

// Users, courses and course members cannot be deleted through the API:
// they are listed as left by design, which fails nothing.
func TestUndeletableRecordsAreListedAsLeftByDesign(t *testing.T) {
	t.Parallel()
	suitetest.RequireLeftByDesign(t, "TestCoursekeyConformance")
}
