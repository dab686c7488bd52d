package edlink

import (
	"net/http"
	"slices"
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
		DeviationAnonymousNotFound: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "", "/graph/people", nil), 400, "NOT_FOUND")
			f.expectError(f.do("GET", "not-a-token", "/graph/people", nil), 400, "INVALID_TOKEN")
		},
		DeviationUnknownTokenExpired: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "not-a-token", "/graph/people", nil), 400, "EXPIRED_TOKEN")
			f.expectError(f.do("GET", "", "/graph/people", nil), 400, "INVALID_TOKEN")
		},
		DeviationTokenKindUnchecked: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "teacher", "/graph/people", nil))
			f.expectError(f.do("GET", "integration", "/my/profile", nil), 400, "NOT_FOUND")
			f.expectError(f.do("GET", "", "/my/profile", nil), 400, "INVALID_TOKEN")
		},
		DeviationExpiredTokenInvalid: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "expired", "/my/profile", nil), 400, "INVALID_TOKEN")
		},
		DeviationUnsharedTokenServed: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "unshared", "/my/profile", nil))
			f.expectError(f.do("GET", "integration", "/graph/people/"+f.setting("unsharedPersonId"), nil), 400, "NOT_FOUND")
		},
		DeviationDisabledIntegrationServed: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "disabledIntegration", "/graph/schools", nil))
			f.expectOK(f.do("GET", "disabledIntegrationTeacher", "/my/profile", nil))
		},
		DeviationPausedIntegrationRefused: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "pausedIntegration", "/graph/schools", nil), 400, "INVALID_INTEGRATION_STATE")
			f.expectError(f.do("GET", "pausedIntegrationTeacher", "/my/profile", nil), 400, "INVALID_INTEGRATION_STATE")
			f.expectOK(f.do("GET", "integration", "/graph/schools", nil))
		},
		DeviationStudentWritesAllowed: func(t *testing.T, f *fixture) {
			created := f.expectOK(f.do("POST", "student", f.myAssignments(), validAssignment())).(map[string]any)
			f.expectOK(f.do("DELETE", "student", f.myAssignments()+"/"+created["id"].(string), nil))
			// What a student sees is unchanged.
			f.expectError(f.do("GET", "student", f.myAssignments()+"/"+f.setting("individualAssignmentId"), nil), 400, "NOT_FOUND")
		},
		DeviationTANotAuthor: func(t *testing.T, f *fixture) {
			f.expectError(f.do("POST", "ta", f.myAssignments(), validAssignment()), 400, "NO_PERMISSION")
			f.expectOK(f.do("GET", "ta", f.myAssignments()+"/"+f.setting("individualAssignmentId"), nil))
			f.expectOK(f.do("POST", "teacher", f.myAssignments(), validAssignment()))
		},
		DeviationTitleNotRequired: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("POST", "teacher", f.myAssignments(), without(validAssignment(), "title")))
			f.expectError(f.do("POST", "teacher", f.myAssignments(), without(validAssignment(), "description")), 400, "MISSING_REQUIRED_FIELD")
		},
		DeviationDescriptionNotRequired: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("POST", "teacher", f.myAssignments(), without(validAssignment(), "description")))
			f.expectError(f.do("POST", "teacher", f.myAssignments(), without(validAssignment(), "title")), 400, "MISSING_REQUIRED_FIELD")
		},
		DeviationDueDateNotRequired: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("POST", "teacher", f.myAssignments(), without(validAssignment(), "due_date")))
			f.expectError(f.do("POST", "teacher", f.myAssignments(), without(validAssignment(), "grading_type")), 400, "MISSING_REQUIRED_FIELD")
		},
		DeviationGradingTypeNotRequired: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("POST", "teacher", f.myAssignments(), without(validAssignment(), "grading_type")))
			f.expectError(f.do("POST", "teacher", f.myAssignments(), without(validAssignment(), "due_date")), 400, "MISSING_REQUIRED_FIELD")
		},
		DeviationPatchNullIgnored: func(t *testing.T, f *fixture) {
			item := f.myAssignments() + "/" + f.setting("assignmentId")
			got := f.expectOK(f.do("PATCH", "teacher", item, map[string]any{"title": nil})).(map[string]any)
			if got["title"] != "Chapter 1 Review" {
				t.Errorf("title %v", got["title"])
			}
			f.expectError(f.do("PATCH", "teacher", item, map[string]any{"title": " "}), 400, "MISSING_REQUIRED_FIELD")
		},
		DeviationMissingFieldsNamed: func(t *testing.T, f *fixture) {
			r := f.do("POST", "teacher", f.myAssignments(), without(without(validAssignment(), "title"), "due_date"))
			f.expectError(r, 400, "MISSING_REQUIRED_FIELD")
			if msg := r.env["$errors"].([]any)[0].(map[string]any)["message"]; msg != "Missing required fields: title, due_date." {
				t.Errorf("message %v", msg)
			}
			r = f.do("POST", "teacher", f.myAssignments(), with(validAssignment(), "submission_types", []string{"fax"}))
			if msg := r.env["$errors"].([]any)[0].(map[string]any)["message"]; msg != messages[codeInvalidSubmissionType] {
				t.Errorf("other message changed: %v", msg)
			}
		},
		DeviationSubmissionTypesUnchecked: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("POST", "teacher", f.myAssignments(), with(validAssignment(), "submission_types", []string{"fax"})))
			f.expectError(f.do("POST", "teacher", f.myAssignments(), with(validAssignment(), "submission_types", "file")), 400, "INVALID_SUBMISSION_TYPE")
		},
		DeviationAssigneeIDsOptional: func(t *testing.T, f *fixture) {
			created := f.expectOK(f.do("POST", "teacher", f.myAssignments(), with(validAssignment(), "assignee_mode", "individual"))).(map[string]any)
			if ids, _ := created["assignee_ids"].([]any); len(ids) != 0 {
				t.Errorf("assignee_ids %v", created["assignee_ids"])
			}
			body := with(validAssignment(), "assignee_mode", "individuals")
			f.expectError(f.do("POST", "teacher", f.myAssignments(), with(body, "assignee_ids", []string{f.setting("notEnrolledPersonId")})), 400, "INVALID_ASSIGNEES")
		},
		DeviationAssigneeIDInvalidUUID: func(t *testing.T, f *fixture) {
			body := with(validAssignment(), "assignee_mode", "individuals")
			f.expectError(f.do("POST", "teacher", f.myAssignments(), with(body, "assignee_ids", []string{"student-42"})), 400, "INVALID_UUID")
			f.expectError(f.do("POST", "teacher", f.myAssignments(), with(body, "assignee_ids", []string{uuid.NewString()})), 400, "INVALID_ASSIGNEES")
		},
		DeviationAssigneesUnresolved: func(t *testing.T, f *fixture) {
			body := with(validAssignment(), "assignee_mode", "individuals")
			f.expectOK(f.do("POST", "teacher", f.myAssignments(), with(body, "assignee_ids", []string{f.setting("notEnrolledPersonId"), uuid.NewString()})))
			f.expectError(f.do("POST", "teacher", f.myAssignments(), with(body, "assignee_ids", []string{"student-42"})), 400, "INVALID_ASSIGNEES")
		},
		DeviationIndividualsModeUnknown: func(t *testing.T, f *fixture) {
			enrolled := []string{f.setting("studentPersonId")}
			f.expectError(f.do("POST", "teacher", f.myAssignments(), with(with(validAssignment(), "assignee_mode", "individuals"), "assignee_ids", enrolled)), 400, "INVALID_ASSIGNEES")
			f.expectOK(f.do("POST", "teacher", f.myAssignments(), with(with(validAssignment(), "assignee_mode", "individual"), "assignee_ids", enrolled)))
		},
		DeviationUnknownCursorRestarts: func(t *testing.T, f *fixture) {
			first := ids(f.list(f.do("GET", "integration", "/graph/people?$first=1", nil)))
			if got := ids(f.list(f.do("GET", "integration", "/graph/people?$first=1&$cursor=garbage", nil))); !slices.Equal(got, first) {
				t.Errorf("page %v, want the first %v", got, first)
			}
			f.expectError(f.do("GET", "integration", "/graph/people?$cursor="+f.setting("expiredCursor"), nil), 400, "INVALID_CURSOR")
		},
		DeviationCursorBoundToQuery: func(t *testing.T, f *fixture) {
			next, _ := f.do("GET", "integration", "/graph/people?$first=1", nil).env["$next"].(string)
			f.expectError(f.do("GET", "integration", next, nil), 400, "INVALID_CURSOR")
			f.expectOK(f.do("GET", "integration", next+"&$first=1", nil))
		},
		DeviationPageSizeZeroDefault: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "integration", "/graph/people?$first=0", nil))
			f.expectError(f.do("GET", "integration", "/graph/people?$first=-1", nil), 400, "INVALID_PAGE_SIZE")
		},
		DeviationPageSizeMaxExclusive: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "integration", "/graph/people?$first=10000", nil), 400, "INVALID_PAGE_SIZE")
			f.expectOK(f.do("GET", "integration", "/graph/people?$first=9999", nil))
		},
		DeviationAssignmentPageSizeRoster: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "teacher", f.myAssignments()+"?$first=10000", nil))
			f.expectError(f.do("GET", "teacher", f.myAssignments()+"?$first=10001", nil), 400, "INVALID_PAGE_SIZE")
		},
		DeviationIdempotencyKeyUnbounded: func(t *testing.T, f *fixture) {
			path := f.myAssignments() + "?$idempotency=" + strings.Repeat("k", 256)
			a := f.expectOK(f.do("POST", "teacher", path, validAssignment())).(map[string]any)
			b := f.expectOK(f.do("POST", "teacher", path, validAssignment())).(map[string]any)
			if a["id"] != b["id"] {
				t.Error("not replayed")
			}
		},
		DeviationUnknownRoutePlain404: func(t *testing.T, f *fixture) {
			resp, err := http.Get(f.base + "/graph/widgets")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("status %d, Content-Type %q", resp.StatusCode, ct)
			}
			f.expectError(f.do("GET", "integration", "/graph/people/"+uuid.NewString(), nil), 400, "NOT_FOUND")
		},
		DeviationProviderSignInUnchecked: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "noProviderSignIn", f.myAssignments(), nil))
			f.expectError(f.do("GET", "invalidProvider", f.myAssignments(), nil), 400, "INVALID_PROVIDER_TOKEN")
		},
		DeviationProviderExpiryUnchecked: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "invalidProvider", f.myAssignments(), nil))
			f.expectError(f.do("GET", "noProviderSignIn", f.myAssignments(), nil), 400, "INVALID_PROVIDER_TOKEN")
		},
		DeviationProviderCapabilityIgnored: func(t *testing.T, f *fixture) {
			class := f.setting("unsupportedProviderClassId")
			f.expectOK(f.do("GET", "unsupportedProvider", "/graph/classes/"+class+"/assignments", nil))
			f.expectOK(f.do("GET", "unsupportedProviderTeacher", "/my/classes/"+class+"/assignments", nil))
		},
		DeviationEnrichmentOnlyPersonServed: func(t *testing.T, f *fixture) {
			// Past the enrichment check, the person has no provider sign-in.
			f.expectError(f.do("GET", "enrichmentOnly", f.myAssignments(), nil), 400, "INVALID_PROVIDER_TOKEN")
			f.expectError(f.do("GET", "teacher", "/my/classes/"+f.setting("enrichmentOnlyClassId")+"/assignments", nil), 400, "ENTITY_NOT_PRESENT_IN_SOURCE")
		},
		DeviationEnrichmentOnlyClassServed: func(t *testing.T, f *fixture) {
			class := f.setting("enrichmentOnlyClassId")
			f.expectOK(f.do("GET", "teacher", "/my/classes/"+class+"/assignments", nil))
			f.expectOK(f.do("GET", "integration", "/graph/classes/"+class+"/assignments", nil))
			f.expectError(f.do("GET", "enrichmentOnly", f.myAssignments(), nil), 400, "ENTITY_NOT_PRESENT_IN_SOURCE")
		},
		DeviationUnknownProviderNotFound: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "unknownProvider", "/graph/people", nil), 400, "NOT_FOUND")
			f.expectError(f.do("GET", "internalError", "/graph/people", nil), 400, "INTERNAL")
		},
		DeviationStoreFailureUnknown: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "internalError", "/graph/people", nil), 400, "UNKNOWN")
			f.expectError(f.do("GET", "unknownProvider", "/graph/people", nil), 400, "UNKNOWN_PROVIDER")
		},
		DeviationUnclassifiedInternal: func(t *testing.T, f *fixture) {
			f.expectError(f.do("GET", "unknownError", "/graph/people", nil), 400, "INTERNAL")
			f.expectError(f.do("GET", "internalError", "/graph/people", nil), 400, "INTERNAL")
		},
		DeviationForeignEntitiesVisible: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "integration", "/graph/classes/"+f.setting("foreignClassId"), nil))
			f.expectError(f.do("GET", "integration", "/graph/classes/"+uuid.NewString(), nil), 400, "NOT_FOUND")
		},
		DeviationUnsharedPeopleVisible: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "integration", "/graph/people/"+f.setting("unsharedPersonId"), nil))
			f.expectError(f.do("GET", "unshared", "/my/profile", nil), 400, "UNSHARED_TOKEN")
		},
		DeviationUnknownParentEmptyList: func(t *testing.T, f *fixture) {
			if got := f.list(f.do("GET", "integration", "/graph/classes/"+uuid.NewString()+"/enrollments", nil)); len(got) != 0 {
				t.Errorf("enrollments %v", got)
			}
			f.expectError(f.do("GET", "integration", "/graph/classes/"+uuid.NewString(), nil), 400, "NOT_FOUND")
		},
		DeviationMyClassEnrollmentUnchecked: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "student", "/my/classes/"+f.setting("otherClassId"), nil))
			f.expectError(f.do("GET", "student", "/my/classes/"+f.setting("otherClassId")+"/assignments", nil), 400, "NOT_FOUND")
		},
		DeviationAssignmentClassUnchecked: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "teacher", "/my/classes/"+f.setting("otherClassId")+"/assignments/"+f.setting("assignmentId"), nil))
			f.expectError(f.do("GET", "teacher", f.myAssignments()+"/"+uuid.NewString(), nil), 400, "NOT_FOUND")
		},
		DeviationStudentsSeeAllAssignments: func(t *testing.T, f *fixture) {
			f.expectOK(f.do("GET", "student", f.myAssignments()+"/"+f.setting("individualAssignmentId"), nil))
			f.expectError(f.do("PATCH", "student", f.myAssignments()+"/"+f.setting("individualAssignmentId"), map[string]any{"title": "x"}), 400, "NO_PERMISSION")
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
			cfg := withDeviations(d.Name)
			// The server-fault deviations need the broken integrations.
			cfg.Options.Faults = []string{FaultUnknownProvider, FaultInternalError, FaultUnknownError}
			f := newFixture(t, cfg)
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
