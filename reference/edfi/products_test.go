package edfi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/edconform/edconform/reference"
)

func productServer(t *testing.T, mode string) *harness {
	return newHarnessOptions(t, Config{}, reference.Options{Modes: []string{mode}})
}

const descriptorWithoutCode = `{"description": "d", "namespace": "uri://ed-fi.org/AbsenceEventCategoryDescriptor"}`

func TestTheDMSModeAnswersAsTheDataManagementService(t *testing.T) {
	h := productServer(t, ModeProductDMS)

	// D2: 401s are urn:ed-fi:api:unauthorized.
	p := h.problem(h.do(http.MethodGet, "/academicWeeks", "", ""), http.StatusUnauthorized, "urn:ed-fi:api:unauthorized", "Authorization failed")
	h.errorsAre(p, "Authorization header is missing.")
	if p.Title != "Unauthorized" {
		t.Errorf("title %q", p.Title)
	}
	p = h.problem(h.do(http.MethodGet, "/academicWeeks", "", "", "Authorization", "Bearer never-issued"), http.StatusUnauthorized, "urn:ed-fi:api:unauthorized", "Authorization failed")
	h.errorsAre(p, "Invalid token")

	// D3: limits are plain bad requests.
	p = h.problem(h.do(http.MethodGet, "/calendars?limit=501", "primary", ""), http.StatusBadRequest, typeBadRequest, detailBadRequest)
	h.errorsAre(p, "Limit must be omitted or set to a numeric value between 0 and 500.")

	// D4: a malformed route id is a validation error at $.id.
	h.invalid(h.do(http.MethodPut, "/academicWeeks/not-valid-id", "primary", week("W-dms")), map[string][]string{
		"$.id": {"The value 'not-valid-id' is not valid."},
	})

	// D5: a PUT to an id nobody has.
	h.problem(h.do(http.MethodPut, "/academicWeeks/00000000000040000000000000000000", "primary", week("W-dms")), http.StatusNotFound, typeNotFound,
		"Resource to update was not found")

	// D10: property names as the JSON spells them.
	h.invalid(h.do(http.MethodPost, "/absenceEventCategoryDescriptors", "primary", descriptorWithoutCode), map[string][]string{
		"$.codeValue":        {"codeValue is required."},
		"$.shortDescription": {"shortDescription is required."},
	})

	// D11: a write without a Content-Type is read as JSON.
	rec := h.do(http.MethodPost, "/absenceEventCategoryDescriptors", "primary",
		`{"codeValue": "dms", "shortDescription": "dms", "description": "dms", "namespace": "uri://ed-fi.org/AbsenceEventCategoryDescriptor"}`,
		"Content-Type", "")
	h.status(rec, http.StatusCreated)
	// D24: a PUT without a body is answered as a POST without one.
	p = h.problem(h.do(http.MethodPut, "/academicWeeks/00000000000040000000000000000000", "primary", "", "Content-Type", "application/json"),
		http.StatusBadRequest, typeBadRequest, detailBadRequest)
	h.errorsAre(p, "A non-empty request body is required.")
	// D15: a body that is not JSON is reported under "$." with the
	// parser's location, not at the property the reading stopped in.
	h.invalid(h.do(http.MethodPost, "/academicWeeks", "primary", "{\n  \"schoolReference\": {\n    \"schoolId\": 1,,\n  }\n}"), map[string][]string{
		"$.": {"Invalid property identifier character: ,. LineNumber: 3 | BytePositionInLine: 18."},
	})
	// D12: an explicit unsupported one is still refused.
	h.problem(h.do(http.MethodPost, "/absenceEventCategoryDescriptors", "primary", descriptorWithoutCode, "Content-Type", "text/plain"),
		http.StatusUnsupportedMediaType, typeMediaType, detailInvalid)
}

func TestTheDMSModeRewordsConflictsAndKeyChanges(t *testing.T) {
	h := productServer(t, ModeProductDMS)
	// D9: unresolved references.
	calendar := `{"schoolReference": {"schoolId": 255901001}, "schoolYearTypeReference": {"schoolYear": 4022}, "calendarCode": "dms",
		"calendarTypeDescriptor": "uri://ed-fi.org/CalendarTypeDescriptor#Student Specific"}`
	h.problem(h.do(http.MethodPost, "/calendars", "primary", calendar), http.StatusConflict, typeUnresolved, "The referenced SchoolYearType item(s) do not exist.")
	// D27: an action the claim set lacks, named as DMS names it.
	p := h.problem(h.do(http.MethodPut, "/gradeLevelDescriptors/"+h.idOf("/gradeLevelDescriptors"), "readOnly", `{"codeValue": "Kindergarten"}`),
		http.StatusForbidden, typeDeniedAction, "Access to the resource could not be authorized.")
	h.errorsAre(p, "The API client's assigned claim set (currently 'Descriptor and Education Organization Reader') must grant permission of the 'Update' action on one of the following resource claims: GradeLevelDescriptor")
	// D18: key changes.
	id := h.create("/academicWeeks", "primary", week("W-key"))
	h.problem(h.do(http.MethodPut, "/academicWeeks/"+id, "primary", week("W-key-renamed")), http.StatusBadRequest, typeKeyChange,
		"Identifying values for the AcademicWeek resource cannot be changed. Delete and recreate the resource item instead.")
}

func TestTheDMSModeWritesEveryMemberInEveryBody(t *testing.T) {
	h := productServer(t, ModeProductDMS)
	rec := h.do(http.MethodGet, "/academicWeek", "primary", "")
	h.problem(rec, http.StatusNotFound, typeNotFound, "The specified data could not be found.")
	if body := rec.Body.String(); !strings.Contains(body, `"errors":[]`) || !strings.Contains(body, `"validationErrors":{}`) {
		t.Errorf("D1: body lacks the empty members: %s", body)
	}
}

func TestTheODS73ModeAnswersMethodUsageWith405(t *testing.T) {
	h := productServer(t, ModeProductODS73)
	rec := h.do(http.MethodPost, "/schools", "primary", `{}`, "Content-Type", "application/vnd.ed-fi.school.sample-profile-resource-readonly.writable+json")
	p := h.problem(rec, http.StatusMethodNotAllowed, typeProfileMethodUsage,
		detailProfileUsage+" An attempt was made to access a resource that is not writable using the profile.")
	h.errorsAre(p, "Resource class 'School' is not writable using API profile 'sample-profile-resource-readonly'.")
	// Everything else is the knowledge base's.
	h.problem(h.do(http.MethodGet, "/academicWeeks", "", ""), http.StatusUnauthorized, typeAuthentication, "The caller could not be authenticated.")
}

func TestTwoProductModesAreRefused(t *testing.T) {
	v, _ := reference.Lookup("edfi")
	_, err := v.Build(reference.Options{Modes: []string{ModeProductDMS, ModeProductODS73}})
	if err == nil || !strings.Contains(err.Error(), "choose one") {
		t.Fatalf("err = %v", err)
	}
}

func TestTheDMSModeRequiresThePutBodyIDToBeTheRoutes(t *testing.T) {
	h := productServer(t, ModeProductDMS)
	id := h.create("/academicWeeks", "primary", week("W-body-id"))
	withID := func(bodyID string) string {
		return strings.Replace(week("W-body-id"), "{", `{"id": "`+bodyID+`", `, 1)
	}
	p := h.problem(h.do(http.MethodPut, "/academicWeeks/"+id, "primary", withID("00000000000040000000000000000000")), http.StatusBadRequest, typeBadRequest, detailBadRequest)
	h.errorsAre(p, "Request body id must match the id in the url.")
	h.status(h.do(http.MethodPut, "/academicWeeks/"+id, "primary", withID(id)), http.StatusNoContent)

	broken := newHarnessOptions(t, Config{}, reference.Options{Modes: []string{ModeProductDMS}, Deviations: []string{DeviationBodyIDUnchecked, DeviationRouteIDUnvalidated}})
	id = broken.create("/academicWeeks", "primary", week("W-body-id"))
	broken.status(broken.do(http.MethodPut, "/academicWeeks/"+id, "primary", withID("00000000000040000000000000000000")), http.StatusNoContent)
	broken.problem(broken.do(http.MethodGet, "/academicWeeks/ffc0a272", "primary", ""), http.StatusNotFound, typeNotFound, "The specified item could not be found.")
}

func TestAProductModeNamesItsProductInTheOverlay(t *testing.T) {
	for mode, label := range map[string]string{ModeProductDMS: "dms", ModeProductODS73: "ods-7.3"} {
		h := productServer(t, mode)
		if got := h.s.Profile("http://x")["settings"].(map[string]any)["product"]; got != label {
			t.Errorf("%s: settings.product = %v, want %s", mode, got, label)
		}
	}
	if _, named := newHarness(t).s.Profile("http://x")["settings"].(map[string]any)["product"]; named {
		t.Error("the knowledge base's server names a product")
	}
}

func TestTheDMSModeRateLimitsTheThrottledClient(t *testing.T) {
	h := productServer(t, ModeProductDMS)
	for range 3 {
		h.status(h.do(http.MethodGet, "/academicWeeks?limit=1", "throttled", ""), http.StatusOK)
	}
	rec := h.do(http.MethodGet, "/academicWeeks?limit=1", "throttled", "")
	h.problem(rec, http.StatusTooManyRequests, typeTooManyRequests, "The number of allowed requests has been exceeded. Retry the request later.")
	if got := rec.Header().Get("Retry-After"); got != "1" {
		t.Errorf("D34: Retry-After %q, want 1 (the rest of a one-second window)", got)
	}
	// The budget is the throttled client's only.
	for range 5 {
		h.status(h.do(http.MethodGet, "/academicWeeks?limit=1", "primary", ""), http.StatusOK)
	}

	broken := newHarnessOptions(t, Config{}, reference.Options{Modes: []string{ModeProductDMS}, Deviations: []string{DeviationRateLimitUnenforced}})
	for range 5 {
		broken.status(broken.do(http.MethodGet, "/academicWeeks?limit=1", "throttled", ""), http.StatusOK)
	}
	plain := newHarness(t)
	for range 5 {
		plain.status(plain.do(http.MethodGet, "/academicWeeks?limit=1", "throttled", ""), http.StatusOK)
	}
}
