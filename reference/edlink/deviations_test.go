package edlink

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// Each deviation changes its one behaviour; a conformant answer elsewhere
// stays as it was.
func TestDeviations(t *testing.T) {
	unknownPerson := "/graph/people/" + uuid.NewString()
	cases := map[string]func(t *testing.T, f *fixture){
		DeviationErrorsRenamed: func(t *testing.T, f *fixture) {
			r := f.do("GET", "", "/graph/people", nil)
			if _, ok := r.env["$errors"]; ok || r.env["$error"] == nil {
				t.Errorf("envelope %s", r.raw)
			}
		},
		DeviationCodesLowercased: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "expired", "/my/profile", nil), 400, "expired_token")
		},
		DeviationRequestIDMissing: func(t *testing.T, f *fixture) {
			for _, r := range []result{f.do("GET", "", "/graph/people", nil), f.do("GET", "integration", "/graph/people", nil)} {
				if _, ok := r.env["$request"]; ok {
					t.Errorf("$request present: %s", r.raw)
				}
			}
		},
		DeviationPageSizeUnchecked: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "integration", "/graph/people?$first=10001", nil))
			f.expectError(f.do("GET", "integration", "/graph/people?$first=0", nil), 400, "INVALID_PAGE_SIZE")
			f.expectError(f.do("GET", "teacher", f.myAssignments()+"?$first=101", nil), 400, "INVALID_PAGE_SIZE")
		},
		DeviationUnknownIDEmpty200: func(t *testing.T, f *fixture) {
			data := f.expectOK(f.do("GET", "integration", unknownPerson, nil))
			if m, ok := data.(map[string]any); !ok || len(m) != 0 {
				t.Errorf("$data %v", data)
			}
			f.expectError(f.do("GET", "integration", "/graph/widgets", nil), 400, "NOT_FOUND")
		},
		DeviationIdempotencyIgnored: func(t *testing.T, f *fixture) {
			path := f.myAssignments() + "?$idempotency=once"
			a := f.expectOK(f.do("POST", "teacher", path, validAssignment())).(map[string]any)
			b := f.expectOK(f.do("POST", "teacher", path, validAssignment())).(map[string]any)
			if a["id"] == b["id"] {
				t.Error("replayed")
			}
			f.expectError(f.do("POST", "teacher", f.myAssignments()+"?$idempotency="+strings.Repeat("k", 256), validAssignment()), 400, "IDEMPOTENCY_KEY_TOO_LONG")
		},
		DeviationExpiredCursorAccepted: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "integration", "/graph/people?$cursor="+f.setting("expiredCursor"), nil))
			f.expectError(f.do("GET", "integration", "/graph/people?$cursor=garbage", nil), 400, "INVALID_CURSOR")
		},
		DeviationInvalidUUIDNotFound: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "integration", "/graph/people/nope", nil), 400, "NOT_FOUND")
		},
		DeviationUndeclaredEdlinkStatuses: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "integration", unknownPerson, nil), http.StatusNotFound, "NOT_FOUND")
			f.expectError(f.do("GET", "", unknownPerson, nil), http.StatusUnauthorized, "INVALID_TOKEN")
			if _, ok := f.settings["statusOverrides"]; ok {
				t.Error("statuses declared")
			}
		},
	}
	for _, d := range deviations {
		check, ok := cases[d.Name]
		if !ok {
			t.Errorf("deviation %s has no test", d.Name)
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			f := newFixture(t, withDeviations(d.Name))
			check(t, f)
			// Untouched behaviour: an unknown course id under the document's rules.
			if d.Name != DeviationUnknownIDEmpty200 && d.Name != DeviationUndeclaredEdlinkStatuses {
				r := f.do("GET", "integration", "/graph/courses/"+uuid.NewString(), nil)
				if r.status != 400 {
					t.Errorf("NOT_FOUND status %d", r.status)
				}
			}
			if r := f.do("GET", "teacher", "/my/classes", nil); r.status != http.StatusOK || r.env["$data"] == nil {
				t.Errorf("success changed: %s", r.raw)
			}
		})
	}
}
