package edfi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/edconform/edconform/reference"
)

func rawProblem(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	return body
}

func TestRegistration(t *testing.T) {
	v, ok := reference.Lookup("edfi")
	if !ok || len(v.Deviations) != len(Deviations) {
		t.Fatal("edfi not registered with its deviations")
	}
	if _, err := v.Build(reference.Options{Deviations: []string{"no-such-deviation"}}); err == nil {
		t.Error("an unknown deviation must be refused")
	}
	srv, err := v.Build(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	profile := srv.Profile("http://127.0.0.1:1")
	auth := profile["auth"].(map[string]any)
	primary := auth["clients"].(map[string]any)["primary"].(map[string]any)
	if auth["tokenURL"] != "http://127.0.0.1:1/oauth/token" || primary["claimSet"] != "SIS Vendor" || len(primary["secret"].(string)) != 32 {
		t.Errorf("profile auth %v", auth)
	}
	other, _ := v.Build(reference.Options{})
	if other.Profile("x")["auth"].(map[string]any)["clients"].(map[string]any)["primary"].(map[string]any)["secret"] == primary["secret"] {
		t.Error("secrets must be generated per server")
	}
	settings := profile["settings"].(map[string]any)
	if settings["pageSizeLimit"] != 500 || settings["schoolYear"] != 2022 || settings["educationOrganizations"].(map[string]any)["school"] != 255901001 {
		t.Errorf("settings %v", settings)
	}
}

func TestDeviationsBendOneBehaviour(t *testing.T) {
	invalidTerm := func(h *harness) *httptest.ResponseRecorder {
		return h.do(http.MethodPost, "/termDescriptors", "primary", `{"description": "d"}`)
	}
	t.Run(DeviationTypeURNMisspelled, func(t *testing.T) {
		h := newHarness(t, DeviationTypeURNMisspelled)
		if got := rawProblem(t, invalidTerm(h))["type"]; got != "urn:ed-fi:api:bad-request:data-validation-fail" {
			t.Errorf("type %v", got)
		}
		id := h.create("/academicWeeks", "primary", week("W-dev"))
		if got := rawProblem(t, h.do(http.MethodPut, "/academicWeeks/"+id, "primary", week("W-dev2")))["type"]; got != "urn:ed-fi:api:bad-request:data-validation-fail:key-change-not-supported" {
			t.Errorf("key change type %v", got)
		}
		h.problem(h.do(http.MethodGet, "/nothing", "primary", ""), http.StatusNotFound, typeNotFound, "The specified data could not be found.")
	})
	t.Run(DeviationStatusMismatch, func(t *testing.T) {
		h := newHarness(t, DeviationStatusMismatch)
		rec := h.do(http.MethodGet, "/nothing", "primary", "")
		if rec.Code != http.StatusNotFound || rawProblem(t, rec)["status"] != float64(405) {
			t.Errorf("%d %s", rec.Code, rec.Body)
		}
	})
	t.Run(DeviationFirstValidationErrorOnly, func(t *testing.T) {
		h := newHarness(t, DeviationFirstValidationErrorOnly)
		h.invalid(invalidTerm(h), map[string][]string{"$.codeValue": {"CodeValue is required."}})
	})
	t.Run(DeviationPatchNotFound, func(t *testing.T) {
		h := newHarness(t, DeviationPatchNotFound)
		h.problem(h.do(http.MethodPatch, "/students/0123456789abcdef0123456789abcdef", "primary", "{}"), http.StatusNotFound, typeNotFound, "The specified data could not be found.")
		h.problem(h.do(http.MethodPut, "/students", "primary", "{}"), http.StatusMethodNotAllowed, typeMethod, detailInvalid)
	})
	t.Run(DeviationDependentCheckDisabled, func(t *testing.T) {
		h := newHarness(t, DeviationDependentCheckDisabled)
		h.status(h.do(http.MethodDelete, "/schools/"+h.idOf("/schools?schoolId=255901044"), "primary", ""), http.StatusNoContent)
	})
	t.Run(DeviationNoCorrelationID, func(t *testing.T) {
		h := newHarness(t, DeviationNoCorrelationID)
		if _, present := rawProblem(t, invalidTerm(h))["correlationId"]; present {
			t.Error("correlationId present")
		}
	})
	t.Run(DeviationContentTypeText, func(t *testing.T) {
		h := newHarness(t, DeviationContentTypeText)
		if ct := invalidTerm(h).Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("content type %q", ct)
		}
		if ct := h.do(http.MethodGet, "/calendars", "primary", "").Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("success content type %q", ct)
		}
	})
	t.Run(DeviationLimitUnchecked, func(t *testing.T) {
		h := newHarness(t, DeviationLimitUnchecked)
		h.status(h.do(http.MethodGet, "/schoolYearTypes?limit=501", "primary", ""), http.StatusOK)
		h.problem(h.do(http.MethodGet, "/schoolYearTypes?limit=-1", "primary", ""), http.StatusBadRequest, typeParameter, "The limit parameter was incorrect.")
	})
	t.Run(DeviationIfMatchIgnored, func(t *testing.T) {
		h := newHarness(t, DeviationIfMatchIgnored)
		id := h.create("/academicWeeks", "primary", week("W-ifm"))
		h.status(h.do(http.MethodPut, "/academicWeeks/"+id, "primary", week("W-ifm"), "If-Match", `"1"`), http.StatusNoContent)
	})
	t.Run(DeviationRequiredMessageReworded, func(t *testing.T) {
		h := newHarness(t, DeviationRequiredMessageReworded)
		h.invalid(invalidTerm(h), map[string][]string{
			"$.codeValue": {"The CodeValue field is required."}, "$.namespace": {"The Namespace field is required."},
			"$.shortDescription": {"The ShortDescription field is required."},
		})
		h.invalid(h.do(http.MethodPost, "/termDescriptors", "primary", `{"codeValue": "`+strings.Repeat("x", 51)+`", "namespace": "uri://ed-fi.org/TermDescriptor", "shortDescription": "s"}`),
			map[string][]string{"$.codeValue": {"CodeValue must be at most 50 characters in length."}})
	})
	t.Run(DeviationExpiredTokenAccepted, func(t *testing.T) {
		h := newHarness(t, DeviationExpiredTokenAccepted)
		h.status(h.do(http.MethodGet, "/calendars", "", "", "Authorization", "Bearer "+h.s.expiredToken), http.StatusOK)
		h.problem(h.do(http.MethodGet, "/calendars", "", "", "Authorization", "Bearer 123"), http.StatusUnauthorized, typeAuthentication, "The caller could not be authenticated.")
	})
}

// TestBehaviourDeviationsChangeOneAnswer sends, per deviation, a request
// the healthy server refuses and requires the deviant server to answer it
// otherwise, while the healthy one keeps the documented answer.
func TestBehaviourDeviationsChangeOneAnswer(t *testing.T) {
	type request struct {
		method, path, role, body string
		headers                  []string
	}
	tooLongCode := `{"codeValue": "` + strings.Repeat("x", 51) + `", "namespace": "uri://ed-fi.org/TermDescriptor", "shortDescription": "s"}`
	cases := []struct {
		deviation       string
		req             request
		healthy, broken int
	}{
		{DeviationMissingHeaderAnonymous, request{http.MethodGet, "/calendars", "", "", nil}, 401, 200},
		{DeviationUnknownTokenAccepted, request{http.MethodGet, "/calendars", "", "", []string{"Authorization", "Bearer 123"}}, 401, 200},
		{DeviationActionClaimsUnchecked, request{http.MethodPost, "/termDescriptors", "readOnly", `{"codeValue": "ro", "namespace": "uri://ed-fi.org/TermDescriptor", "shortDescription": "s"}`, nil}, 403, 201},
		{DeviationMaxLengthUnchecked, request{http.MethodPost, "/termDescriptors", "primary", tooLongCode, nil}, 400, 201},
		{DeviationClientIDsAccepted, request{http.MethodPost, "/termDescriptors", "primary", `{"id": "0123456789abcdef0123456789abcdef", "codeValue": "id", "namespace": "uri://ed-fi.org/TermDescriptor", "shortDescription": "s"}`, nil}, 400, 201},
		{DeviationMediaTypeUnchecked, request{http.MethodPost, "/termDescriptors", "primary", `{"codeValue": "mt", "namespace": "uri://ed-fi.org/TermDescriptor", "shortDescription": "s"}`, []string{"Content-Type", "text/plain"}}, 415, 201},
		{DeviationCollectionWritesNotFound, request{http.MethodDelete, "/termDescriptors", "primary", "", nil}, 405, 404},
		{DeviationSingularRoutesAccepted, request{http.MethodGet, "/calendar", "primary", "", nil}, 404, 200},
		{DeviationMalformedIDBadRequest, request{http.MethodGet, "/calendars/not-an-id", "primary", "", nil}, 400, 400},
		{DeviationRouteIDUnvalidated, request{http.MethodGet, "/calendars/not-an-id", "primary", "", nil}, 400, 404},
		{DeviationEmptyPutBodyAsBadRequest, request{http.MethodPut, "/calendars/0123456789abcdef0123456789abcdef", "primary", "", []string{"Content-Type", "application/json"}}, 400, 400},
		{DeviationNegativeLimitIgnored, request{http.MethodGet, "/calendars?limit=-1", "primary", "", nil}, 400, 200},
		{DeviationPutCreatesAbsentID, request{http.MethodPut, "/academicWeeks/0123456789abcdef0123456789abcdef", "primary", week("W-put"), nil}, 404, 201},
	}
	for _, c := range cases {
		t.Run(c.deviation, func(t *testing.T) {
			send := func(h *harness) *httptest.ResponseRecorder {
				return h.do(c.req.method, c.req.path, c.req.role, c.req.body, c.req.headers...)
			}
			healthy, broken := send(newHarness(t)), send(newHarness(t, c.deviation))
			if healthy.Code != c.healthy || broken.Code != c.broken || healthy.Body.String() == broken.Body.String() {
				t.Errorf("healthy %d %s\ndeviant %d %s", healthy.Code, healthy.Body, broken.Code, broken.Body)
			}
		})
	}
}

func TestDatabaseUnreachableFault(t *testing.T) {
	s, err := New(Config{}, reference.Options{Faults: []string{FaultDatabaseUnreachable}})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, s: s, tokens: map[string]string{"primary": s.issue(s.clients[0], time.Minute)}}
	down := "/" + StageDatabaseDown + DataPath + "/academicWeeks"
	p := h.problem(h.do(http.MethodGet, down, "primary", ""), http.StatusInternalServerError, "urn:ed-fi:api:system-failure", "An unexpected problem has occurred.")
	if p.Status != http.StatusInternalServerError {
		t.Errorf("body status %d", p.Status)
	}
	h.problem(h.do(http.MethodGet, down, "", ""), http.StatusUnauthorized, typeAuthentication, "The caller could not be authenticated.")
	if url := s.Profile("http://x")["settings"].(map[string]any)["internalErrorURL"]; url != "http://x"+StageDatabaseDown+DataPath+"/academicWeeks" {
		t.Errorf("overlay internalErrorURL %v", url)
	}
	healthy := newHarness(t)
	healthy.status(healthy.do(http.MethodGet, down, "primary", ""), http.StatusNotFound)
	if _, named := healthy.s.Profile("http://x")["settings"].(map[string]any)["internalErrorURL"]; named {
		t.Error("a healthy server names an internal error URL")
	}

	plain, err := New(Config{}, reference.Options{Faults: []string{FaultDatabaseUnreachable}, Deviations: []string{DeviationServerFailurePlainText}})
	if err != nil {
		t.Fatal(err)
	}
	ph := &harness{t: t, s: plain, tokens: map[string]string{"primary": plain.issue(plain.clients[0], time.Minute)}}
	rec := ph.do(http.MethodGet, down, "primary", "")
	if rec.Code != http.StatusInternalServerError || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Errorf("plain-text 500: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
