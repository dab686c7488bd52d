package targetproof

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

// A 201 Location on another origin is never requested: the records are
// addressed, deleted and checked on the target, and the report says so.
func TestLocationsOnAnotherOriginStayOnTheTarget(t *testing.T) {
	t.Parallel()
	suitetest.RequireLocationsStayOnTarget(t, "TestEdfiConformance", "edfi")
}
