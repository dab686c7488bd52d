package expect

import (
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/transport"
)

// A body cut at the limit is one MUST difference naming its size, not a
// cascade of JSON errors about a body that was never read whole.
func TestABodyOverTheLimitIsOneDifferenceWithItsSize(t *testing.T) {
	ex := exchange(`{"type": "urn:ed-fi:api:bad-request", "detail": "` + strings.Repeat("x", 3000))
	ex.BodyCut = transport.BodyCut{Size: 10 << 20, Limit: 1 << 20}
	body, checks := JSONBody(ex, "edfi-problem-details")
	var failed []Check
	for _, c := range checks {
		if !c.Passed {
			failed = append(failed, c)
		}
	}
	if body != nil || len(failed) != 1 || failed[0].Level != Must ||
		failed[0].Got != "body of 10485760 bytes exceeds target.maxBodyBytes (1048576)" {
		t.Fatalf("body %v, failed checks %+v", body, failed)
	}
	if _, checks := JSONBody(exchange(`{"type": "x"}`), "edfi-problem-details"); hasField(checks, "body size") {
		t.Error("a whole body is reported as cut")
	}
}

func hasField(checks []Check, field string) bool {
	for _, c := range checks {
		if c.Field == field {
			return true
		}
	}
	return false
}
