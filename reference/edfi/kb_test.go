package edfi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Each test provokes one knowledge-base case through a resource or field
// other than the document's sample, to show the texts come from the model.

const academicWeek = `{"schoolReference": {"schoolId": 255901001}, "weekIdentifier": "%s",
	"beginDate": "2023-09-11", "endDate": "2023-09-15", "totalInstructionalDays": 5}`

func week(identifier string) string { return strings.Replace(academicWeek, "%s", identifier, 1) }

func TestKeyChangeNotSupported(t *testing.T) {
	h := newHarness(t)
	id := h.create("/academicWeeks", "primary", week("W-key"))
	rec := h.do(http.MethodPut, "/academicWeeks/"+id, "primary", week("W-key-renamed"))
	h.problem(rec, http.StatusBadRequest, "urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported",
		"Identifying values for the AcademicWeek item cannot be changed. Delete and recreate the item instead.")
	// Class periods allow it.
	cp := h.idOf("/classPeriods?classPeriodName=02%20-%20Traditional")
	h.status(h.do(http.MethodPut, "/classPeriods/"+cp, "primary", `{"classPeriodName": "02 - Block", "schoolReference": {"schoolId": 255901001}}`), http.StatusNoContent)
}

func TestIdentifierInPostBody(t *testing.T) {
	h := newHarness(t)
	rec := h.do(http.MethodPost, "/gradeLevelDescriptors", "primary",
		`{"id": "00000000000000000000000000000001", "codeValue": "Pre-K", "shortDescription": "Pre-K", "namespace": "uri://gbisd.edu/GradeLevelDescriptor"}`)
	p := h.problem(rec, http.StatusBadRequest, typeValidation, "The request data was constructed incorrectly.")
	h.errorsAre(p, "Resource identifiers cannot be assigned by the client. The 'id' property should not be included in the request body.")
}

func TestValidationMessages(t *testing.T) {
	h := newHarness(t)
	order := h.invalid(h.do(http.MethodPost, "/termDescriptors", "primary", `{"description": "x"}`), map[string][]string{
		"$.codeValue":        {"CodeValue is required."},
		"$.namespace":        {"Namespace is required."},
		"$.shortDescription": {"ShortDescription is required."},
	})
	if strings.Join(order, " ") != "$.codeValue $.namespace $.shortDescription" {
		t.Errorf("order %v", order)
	}
	long := strings.Repeat("n", 76)
	h.invalid(h.do(http.MethodPost, "/staffs", "primary", `{"staffUniqueId": "S1", "firstName": "`+long+`", "lastSurname": "L"}`), map[string][]string{
		"$.firstName": {"FirstName must be at most 75 characters in length."},
	})
	h.invalid(h.do(http.MethodPost, "/accountabilityRatings", "primary", `{"educationOrganizationReference": {"educationOrganizationId": 255901001},
		"schoolYearTypeReference": {"schoolYear": 2022}, "ratingTitle": "Title", "rating": "`+strings.Repeat("r", 36)+`"}`), map[string][]string{
		"$.rating": {"Rating must be between 1 and 35 characters in length."},
	})
	h.invalid(h.do(http.MethodPost, "/classPeriods", "primary", `{"classPeriodName": "<b>P1</b>", "schoolReference": {"schoolId": 255901001}}`), map[string][]string{
		"$.classPeriodName": {"ClassPeriodName contains a value that could be dangerous for downstream systems using this data. Try to avoid the use of special symbols like '<', '>' or '&' without surrounding spaces."},
	})
	h.invalid(h.do(http.MethodPost, "/academicWeeks", "primary", week("W1 ")), map[string][]string{
		"$.weekIdentifier": {"WeekIdentifier cannot contain leading or trailing spaces."},
	})
	h.invalid(h.do(http.MethodPost, "/schools", "primary", `{"schoolId": 255901999, "nameOfInstitution": "New",
		"educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
		"gradeLevels": []}`), map[string][]string{
		"$.gradeLevels": {"SchoolGradeLevels must have at least one item."},
	})
	h.invalid(h.do(http.MethodPost, "/studentAcademicRecords", "primary", `{"educationOrganizationReference": {"educationOrganizationId": 255901001},
		"schoolYearTypeReference": {"schoolYear": 2022}, "studentReference": {"studentUniqueId": "604874"},
		"termDescriptor": "uri://ed-fi.org/TermDescriptor#Spring Semester",
		"gradePointAverages": [{"gradePointAverageTypeDescriptor": "uri://ed-fi.org/GradePointAverageTypeDescriptor#Weighted", "gradePointAverageValue": 4},
			{"gradePointAverageValue": 3.2}]}`), map[string][]string{
		"$.gradePointAverages[1].gradePointAverageTypeDescriptor": {"GradePointAverageTypeDescriptor is required."},
	})
}

func TestEmptyBody(t *testing.T) {
	h := newHarness(t)
	cp := h.idOf("/classPeriods")
	for _, body := range []string{"   \n\n", "null"} {
		rec := h.do(http.MethodPost, "/classPeriods", "primary", body, "Content-Type", "application/json")
		p := h.problem(rec, http.StatusBadRequest, typeBadRequest, detailBadRequest)
		h.errorsAre(p, "A non-empty request body is required.")
		// ODS/API reports a PUT without a body at "$", beside a malformed id.
		h.invalid(h.do(http.MethodPut, "/classPeriods/"+cp, "primary", body, "Content-Type", "application/json"), map[string][]string{
			"$": {"A non-empty request body is required."},
		})
		h.invalid(h.do(http.MethodPut, "/classPeriods/f", "primary", body, "Content-Type", "application/json"), map[string][]string{
			"$":    {"A non-empty request body is required."},
			"$.id": {"The value 'f' is not valid."},
		})
	}
}

func TestKeyUnificationInCollections(t *testing.T) {
	h := newHarness(t)
	msg := "All values supplied for 'schoolId' must match. Review all references and align the following conflicting values: '255901044', '255901001'"
	h.invalid(h.do(http.MethodPost, "/bellSchedules", "primary", `{"bellScheduleName": "Normal", "schoolReference": {"schoolId": 255901044},
		"classPeriods": [{"classPeriodReference": {"classPeriodName": "01 - Traditional", "schoolId": 255901001}}]}`), map[string][]string{
		"$.schoolReference.schoolId":                      {msg},
		"$.classPeriods[0].classPeriodReference.schoolId": {msg},
	})
}

func TestLimitAndOffset(t *testing.T) {
	h := newHarnessWith(t, Config{PageSizeLimit: 100})
	for _, q := range []string{"101", "-1", "ten"} {
		p := h.problem(h.do(http.MethodGet, "/calendars?limit="+q, "primary", ""), http.StatusBadRequest,
			"urn:ed-fi:api:bad-request:parameter-validation-failed", "The limit parameter was incorrect.")
		h.errorsAre(p, "Limit must be omitted or set to a value between 0 and 100.")
	}
	p := h.problem(h.do(http.MethodGet, "/calendars?offset=-5", "primary", ""), http.StatusBadRequest,
		"urn:ed-fi:api:bad-request:parameter-validation-failed", "The offset parameter was incorrect.")
	h.errorsAre(p, "Offset must be omitted or set to a non-negative value.")
	rec := h.do(http.MethodGet, "/gradeLevelDescriptors?limit=5&offset=10&totalCount=true", "primary", "")
	var items []map[string]any
	if json.Unmarshal(rec.Body.Bytes(), &items) != nil || len(items) != 3 || rec.Header().Get("Total-Count") != "13" {
		t.Errorf("paging: %d items, total %q", len(items), rec.Header().Get("Total-Count"))
	}
}

func TestDescriptorDoesNotExist(t *testing.T) {
	h := newHarness(t)
	h.invalid(h.do(http.MethodPost, "/calendars", "primary", `{"calendarCode": "C-1", "schoolReference": {"schoolId": 255901044},
		"schoolYearTypeReference": {"schoolYear": 2022}, "calendarTypeDescriptor": "uri://gbisd.edu/CalendarTypeDescriptor#School"}`), map[string][]string{
		"$.calendarTypeDescriptor": {"CalendarTypeDescriptor value 'uri://gbisd.edu/CalendarTypeDescriptor#School' does not exist."},
	})
}

func TestProfileUsage(t *testing.T) {
	h := newHarness(t)
	student := h.idOf("/students?studentUniqueId=604822")
	rec := h.do(http.MethodPut, "/students/"+student, "primary", `{"studentUniqueId": "604822"}`,
		"Content-Type", "application/vnd.ed-fi.student.test-profile-studentonly-resource-includeall.readable+json")
	p := h.problem(rec, http.StatusBadRequest, typeProfileUsage, detailProfileUsage)
	h.errorsAre(p, "A profile-based content type that is readable cannot be used with PUT requests.")
	rec = h.do(http.MethodPost, "/schools", "primary", `{}`, "Content-Type", "application/vnd.ed-fi.school.sample-profile-resource-readonly.writable+json")
	p = h.problem(rec, http.StatusBadRequest, typeProfileUsage, detailProfileUsage)
	h.errorsAre(p, "Resource class 'School' is not writable using API profile 'sample-profile-resource-readonly'.")
	rec = h.do(http.MethodGet, "/schools", "primary", "", "Accept", "application/vnd.ed-fi.school.no-such-profile.readable+json")
	h.problem(rec, http.StatusNotAcceptable, typeProfileUsage, detailProfileUsage)
	// Any client may read through a profile it is not assigned.
	rec = h.do(http.MethodGet, "/schools", "primary", "", "Accept", "application/vnd.ed-fi.school.sample-profile-resource-readonly.readable+json")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/vnd.ed-fi.school.sample-profile-resource-readonly.readable+json") {
		t.Errorf("profile read: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

func TestAuthentication(t *testing.T) {
	h := newHarnessWith(t, Config{TokenLifetime: time.Minute})
	cases := map[string]string{
		"":                           "Authorization header is missing.",
		"Basic am9obmRvZToxMjM=":     "Unknown Authorization header scheme.",
		"BEARER":                     "Missing Authorization header bearer token value.",
		"Bearer 123":                 "Invalid Authorization header.",
		"Bearer " + h.s.expiredToken: "Invalid Authorization header.",
	}
	for header, message := range cases {
		rec := h.do(http.MethodGet, "/sections", "", "", "Authorization", header)
		p := h.problem(rec, http.StatusUnauthorized, typeAuthentication, "The caller could not be authenticated.")
		h.errorsAre(p, message)
	}
	h.status(h.do(http.MethodGet, "/sections", "", "", "Authorization", "bearer "+h.tokens["primary"]), http.StatusOK)
	// Tokens expire after the configured lifetime.
	later := time.Now().Add(2 * time.Minute)
	h.s.cfg.Clock = func() time.Time { return later }
	h.problem(h.do(http.MethodGet, "/sections", "primary", ""), http.StatusUnauthorized, typeAuthentication, "The caller could not be authenticated.")
}

func TestTokenEndpoint(t *testing.T) {
	h := newHarness(t)
	c := h.s.clients[0]
	form := func(body string) int {
		req := h.do(http.MethodPost, "//oauth/token", "", body, "Content-Type", "application/x-www-form-urlencoded")
		return req.Code
	}
	if code := form("grant_type=client_credentials&client_id=" + c.id + "&client_secret=" + c.secret); code != http.StatusOK {
		t.Errorf("form credentials: %d", code)
	}
	if code := form("grant_type=client_credentials&client_id=" + c.id + "&client_secret=wrong"); code != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d", code)
	}
	if code := form("grant_type=password&client_id=" + c.id + "&client_secret=" + c.secret); code != http.StatusBadRequest {
		t.Errorf("wrong grant: %d", code)
	}
	rec := h.do(http.MethodPost, "//oauth/token", "", `{"grant_type": "client_credentials", "client_id": "`+c.id+`", "client_secret": "`+c.secret+`"}`)
	var tok map[string]any
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &tok) != nil || tok["expires_in"] != float64(1800) {
		t.Errorf("json credentials: %d %s", rec.Code, rec.Body)
	}
}

func TestDataPolicyIncorrectUsage(t *testing.T) {
	h := newHarness(t)
	detail := "A data policy failure was encountered. The request was not constructed correctly for the data policy that has been applied to this data for the caller."
	student := h.idOf("/students?studentUniqueId=604823")
	rec := h.do(http.MethodGet, "/students/"+student, "profiled", "", "Accept", "application/vnd.ed-fi.student.test-profile-studentonly2-resource-includeall.readable+json")
	p := h.problem(rec, http.StatusForbidden, typeDataPolicy, detail)
	h.errorsAre(p, "Based on profile assignments, the following profile-specific content type is required when requesting this resource: 'application/vnd.ed-fi.student.test-profile-studentonly-resource-includeall.readable+json'")
	student2 := "application/vnd.ed-fi.student.test-profile-studentonly2-resource-includeall.writable+json"
	rec = h.do(http.MethodPost, "/students", "profiled", `{"studentUniqueId": "P-1", "firstName": "F", "lastSurname": "L", "birthDate": "2010-01-13"}`, "Content-Type", student2)
	p = h.problem(rec, http.StatusForbidden, typeDataPolicy, detail)
	h.errorsAre(p, "Based on profile assignments, the following profile-specific content type is required when creating or updating this resource: 'application/vnd.ed-fi.student.test-profile-studentonly-resource-includeall.writable+json'")
	// The assigned profile works, and a single assigned profile applies
	// implicitly when none is named.
	rec = h.do(http.MethodPost, "/students", "profiled", `{"studentUniqueId": "P-1", "firstName": "F", "lastSurname": "L", "birthDate": "2010-01-13"}`,
		"Content-Type", "application/vnd.ed-fi.student.test-profile-studentonly-resource-includeall.writable+json")
	h.status(rec, http.StatusCreated)
	h.status(h.do(http.MethodPost, "/students", "profiled", `{"studentUniqueId": "P-2", "firstName": "F", "lastSurname": "L", "birthDate": "2010-01-13"}`), http.StatusCreated)
	h.status(h.do(http.MethodGet, "/students/"+student, "profiled", ""), http.StatusOK)
}

func TestNamespaceMismatch(t *testing.T) {
	h := newHarness(t)
	rec := h.do(http.MethodPost, "/assessments", "primary", `{"assessmentIdentifier": "A-1", "namespace": "uri://state.example/Assessment",
		"assessmentTitle": "T", "academicSubjects": [{"academicSubjectDescriptor": "uri://ed-fi.org/AcademicSubjectDescriptor#Mathematics"}]}`)
	p := h.problem(rec, http.StatusForbidden, typeNamespace,
		"Access to the requested data could not be authorized. The 'Namespace' value of the data does not start with any of the caller's associated namespace prefixes ('uri://ed-fi.org', 'uri://gbisd.edu', 'uri://tpdm.ed-fi.org').")
	if p.Errors != nil {
		t.Errorf("errors %q", p.Errors)
	}
}

const claims = "No relationships have been established between the caller's education organization id claims (255901, 19255901) and "

func TestStudentRelationship(t *testing.T) {
	h := newHarness(t)
	id := h.create("/students", "primary", `{"studentUniqueId": "S-900", "firstName": "Bessie", "lastSurname": "Coleman", "birthDate": "2011-01-26"}`)
	p := h.problem(h.do(http.MethodGet, "/students/"+id, "primary", ""), http.StatusForbidden, typeAuthorization,
		"Access to the requested data could not be authorized. Hint: You may need to create a corresponding 'StudentSchoolAssociation' item.")
	h.errorsAre(p, claims+"the resource item's 'StudentUniqueId' value.")
	h.create("/studentSchoolAssociations", "primary", `{"studentReference": {"studentUniqueId": "S-900"}, "schoolReference": {"schoolId": 255901044},
		"entryDate": "2022-08-20", "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Sixth grade"}`)
	h.status(h.do(http.MethodGet, "/students/"+id, "primary", ""), http.StatusOK)
	// Unrelated students are also left out of lists.
	rec := h.do(http.MethodGet, "/students?studentUniqueId=S-900", "primary", "")
	if !strings.Contains(rec.Body.String(), "S-900") {
		t.Errorf("related student missing from list: %s", rec.Body)
	}
	h.create("/students", "primary", `{"studentUniqueId": "S-901", "firstName": "A", "lastSurname": "B", "birthDate": "2011-01-26"}`)
	if rec := h.do(http.MethodGet, "/students?studentUniqueId=S-901", "primary", ""); rec.Body.String() != "[]" {
		t.Errorf("unrelated student listed: %s", rec.Body)
	}
}

func TestStaffAndEducationOrganizationRelationships(t *testing.T) {
	h := newHarness(t)
	rec := h.do(http.MethodPost, "/staffSectionAssociations", "primary", `{"sectionReference": {"localCourseCode": "ALG-1", "schoolId": 255901001,
		"schoolYear": 2022, "sectionIdentifier": "25590100102Trad220ALG112011", "sessionName": "2021-2022 Fall Semester"},
		"staffReference": {"staffUniqueId": "NO-SUCH-STAFF"}, "classroomPositionDescriptor": "uri://ed-fi.org/ClassroomPositionDescriptor#Support Teacher"}`)
	p := h.problem(rec, http.StatusForbidden, typeAuthorization,
		"Access to the requested data could not be authorized. Hint: You may need to create corresponding 'StaffEducationOrganizationEmploymentAssociation' or 'StaffEducationOrganizationAssignmentAssociation' items.")
	h.errorsAre(p, claims+"one or more of the following properties of the resource item: 'SchoolId', 'StaffUniqueId'.")

	rec = h.do(http.MethodPost, "/academicWeeks", "primary", strings.Replace(week("W-x"), "255901001", "55901001", 1))
	p = h.problem(rec, http.StatusForbidden, typeAuthorization, "Access to the requested data could not be authorized.")
	h.errorsAre(p, claims+"the resource item's 'SchoolId' value.")

	rec = h.do(http.MethodPost, "/studentEducationOrganizationAssociations", "primary",
		`{"studentReference": {"studentUniqueId": "604823"}, "educationOrganizationReference": {"educationOrganizationId": 1}}`)
	p = h.problem(rec, http.StatusForbidden, typeAuthorization,
		"Access to the requested data could not be authorized. Hint: You may need to create a corresponding 'StudentSchoolAssociation' item.")
	h.errorsAre(p, claims+"one or more of the following properties of the resource item: 'EducationOrganizationId', 'StudentUniqueId'.")

	// The sandbox claim set needs no relationships.
	h.status(h.do(http.MethodPost, "/academicWeeks", "cleanup", strings.Replace(week("W-x"), "255901001", "255901107", 1)), http.StatusCreated)
}

func TestClaimSetDenials(t *testing.T) {
	h := newHarness(t)
	id := h.idOf("/gradeLevelDescriptors")
	rec := h.do(http.MethodPut, "/gradeLevelDescriptors/"+id, "readOnly", `{"codeValue": "Kindergarten"}`)
	p := h.problem(rec, http.StatusForbidden, typeDeniedAction, detailNotAuthorized)
	h.errorsAre(p, "The API client's assigned claim set (currently 'Descriptor and Education Organization Reader') must grant permission of the 'http://ed-fi.org/odsapi/actions/update'action on one of the following resource claims: http://ed-fi.org/ods/identity/claims/domains/systemDescriptors, http://ed-fi.org/ods/identity/claims/domains/GradeLevelDescriptor")
	h.status(h.do(http.MethodGet, "/gradeLevelDescriptors/"+id, "readOnly", ""), http.StatusOK)

	rec = h.do(http.MethodGet, "/absenceEventCategoryDescriptors", "noDescriptors", "")
	p = h.problem(rec, http.StatusForbidden, typeDeniedResource, detailNotAuthorized)
	h.errorsAre(p, "The API client's assigned claim set (currently 'SIS Vendor Without Descriptors') must grant permission of the 'http://ed-fi.org/odsapi/actions/read'action on one of the following resource claims: http://ed-fi.org/ods/identity/claims/domains/systemDescriptors, http://ed-fi.org/ods/identity/claims/domains/AbsenceEventCategoryDescriptor")
}

func TestNotFound(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/calendar", "/calendars/x/y", "//unknown"} {
		h.problem(h.do(http.MethodGet, path, "primary", ""), http.StatusNotFound, typeNotFound, "The specified data could not be found.")
	}
	h.status(h.do(http.MethodGet, "/Calendars", "primary", ""), http.StatusOK)
	cp := `{"classPeriodName": "09 - Late", "schoolReference": {"schoolId": 255901001}}`
	absent := "0123456789abcdef0123456789abcdef"
	h.problem(h.do(http.MethodPut, "/classPeriods/"+absent, "primary", cp), http.StatusNotFound, typeNotFound, "The specified item could not be found.")
	h.problem(h.do(http.MethodDelete, "/classPeriods/"+absent, "primary", ""), http.StatusNotFound, typeNotFound, "The specified item could not be found.")
	// A malformed id is a validation error, as ODS/API answers it.
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		body := ""
		if method == http.MethodPut {
			body = cp
		}
		h.invalid(h.do(method, "/classPeriods/not-valid-id", "primary", body), map[string][]string{"$.id": {"The value 'not-valid-id' is not valid."}})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := newHarness(t)
	cases := []struct{ method, path, message string }{
		{http.MethodPost, "/calendars/0123456789abcdef0123456789abcdef", `Resource items can only be updated using PUT. To "upsert" an item in the data collection using POST, remove the "id" from the route.`},
		{http.MethodPut, "/calendars", `Resource collections cannot be replaced. To "upsert" an item in the collection, use POST. To update a specific item, use PUT and include the "id" in the route.`},
		{http.MethodDelete, "/calendars", `Resource collections cannot be deleted. To delete a specific item, use DELETE and include the "id" in the route.`},
		{http.MethodPatch, "/calendars/0123456789abcdef0123456789abcdef", "The endpoint of the request does not support the 'PATCH' method."},
	}
	for _, c := range cases {
		// Method checks precede authentication: no token is needed.
		p := h.problem(h.do(c.method, c.path, "", "{}"), http.StatusMethodNotAllowed, typeMethod, "The request construction was invalid.")
		h.errorsAre(p, c.message)
	}
}

func TestDependentItemExists(t *testing.T) {
	h := newHarness(t)
	school := h.idOf("/schools?schoolId=255901044")
	// Class periods and an enrolment reference the school; the enrolment
	// comes later in dependency order, so it is named.
	h.problem(h.do(http.MethodDelete, "/schools/"+school, "primary", ""), http.StatusConflict, typeDependentExists,
		"The requested action cannot be performed because this item is referenced by an existing 'StudentSchoolAssociation' item.")
	week := h.create("/academicWeeks", "primary", week("W-del"))
	h.status(h.do(http.MethodDelete, "/academicWeeks/"+week, "primary", ""), http.StatusNoContent)
	h.problem(h.do(http.MethodGet, "/academicWeeks/"+week, "primary", ""), http.StatusNotFound, typeNotFound, "The specified item could not be found.")
}

func TestUnresolvedReference(t *testing.T) {
	h := newHarness(t)
	rec := h.do(http.MethodPost, "/courseOfferings", "primary", `{"localCourseCode": "BIO-1", "schoolReference": {"schoolId": 255901001},
		"schoolYearTypeReference": {"schoolYear": 4022}, "sessionName": "Fall"}`)
	h.problem(rec, http.StatusConflict, typeUnresolved, "The referenced 'SchoolYearType' item does not exist.")
	rec = h.do(http.MethodPost, "/sections", "primary", `{"sectionIdentifier": "S1", "courseOfferingReference":
		{"localCourseCode": "BIO-1", "schoolId": 255901001, "schoolYear": 2022, "sessionName": "Fall"}}`)
	h.problem(rec, http.StatusConflict, typeUnresolved, "The referenced 'CourseOffering' item does not exist.")
	rec = h.do(http.MethodPost, "/studentSchoolAssociations", "primary", `{"studentReference": {"studentUniqueId": "604823"},
		"schoolReference": {"schoolId": 255901044}, "entryDate": "2022-08-20", "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Sixth grade",
		"calendarReference": {"calendarCode": "NONE", "schoolId": 255901044, "schoolYear": 2022}}`)
	h.problem(rec, http.StatusConflict, typeUnresolved, "The referenced 'Calendar' item does not exist.")
	// The fund dimension exists; the source dimension does not.
	rec = h.do(http.MethodPost, "/chartOfAccounts", "primary", `{"accountIdentifier": "2-2", "fiscalYear": 2022,
		"educationOrganizationReference": {"educationOrganizationId": 255901001},
		"accountTypeDescriptor": "uri://ed-fi.org/AccountTypeDescriptor#Expenditure",
		"fundDimensionReference": {"code": "1", "fiscalYear": 2022}, "sourceDimensionReference": {"code": "2000", "fiscalYear": 2022}}`)
	h.problem(rec, http.StatusConflict, typeUnresolved, "The referenced 'SourceDimension' item does not exist.")
}

func TestNonUniqueIdentity(t *testing.T) {
	h := newHarness(t)
	section := `{"courseOfferingReference": {"localCourseCode": "ALG-1", "schoolId": 255901001, "schoolYear": 2022,
		"sessionName": "2021-2022 Fall Semester"}, "sectionIdentifier": "%s"}`
	h.create("/sections", "primary", strings.Replace(section, "%s", "S1", 1))
	second := h.create("/sections", "primary", strings.Replace(section, "%s", "S2", 1))
	rec := h.do(http.MethodPut, "/sections/"+second, "primary", strings.Replace(section, "%s", "S1", 1))
	p := h.problem(rec, http.StatusConflict, typeNonUnique, "The identifying value(s) of the item are the same as another item that already exists.")
	h.errorsAre(p, "A primary key conflict occurred when attempting to create or update a record in the 'Section' table. The duplicate key is (LocalCourseCode, SchoolId, SchoolYear, SessionName, SectionIdentifier) = (ALG-1, 255901001, 2022, 2021-2022 Fall Semester, S1).")
	// A school may not take an education organization id already in use.
	rec = h.do(http.MethodPost, "/schools", "primary", `{"schoolId": 19255901, "nameOfInstitution": "Clash",
		"educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
		"gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#First grade"}]}`)
	p = h.problem(rec, http.StatusConflict, typeNonUnique, "The identifying value(s) of the item are the same as another item that already exists.")
	h.errorsAre(p, "A primary key conflict occurred when attempting to create or update a record in the 'EducationOrganization' table. The duplicate key is (EducationOrganizationId) = (19255901).")
}

func TestETags(t *testing.T) {
	h := newHarness(t)
	id := h.create("/academicWeeks", "primary", week("W-etag"))
	rec := h.do(http.MethodGet, "/academicWeeks/"+id, "primary", "")
	var item map[string]any
	if json.Unmarshal(rec.Body.Bytes(), &item) != nil || item["_etag"] == nil || rec.Header().Get("ETag") != `"`+item["_etag"].(string)+`"` {
		t.Fatalf("etag: %s / %q", rec.Body, rec.Header().Get("ETag"))
	}
	if _, err := time.Parse("2006-01-02T15:04:05.0000000Z", item["_lastModifiedDate"].(string)); err != nil {
		t.Errorf("_lastModifiedDate: %v", err)
	}
	if link := item["schoolReference"].(map[string]any)["link"].(map[string]any); link["rel"] != "School" || !strings.HasPrefix(link["href"].(string), "/ed-fi/schools/") {
		t.Errorf("link %v", link)
	}
	stale := rec.Header().Get("ETag")
	h.status(h.do(http.MethodPut, "/academicWeeks/"+id, "primary", strings.Replace(week("W-etag"), "5}", "4}", 1), "If-Match", stale), http.StatusNoContent)
	rec = h.do(http.MethodPut, "/academicWeeks/"+id, "primary", week("W-etag"), "If-Match", stale)
	h.problem(rec, http.StatusPreconditionFailed, typeOptimisticLock, "The item has been modified by another user.")
}

func TestUnsupportedMediaType(t *testing.T) {
	h := newHarness(t)
	for _, ct := range []string{"", "text/plain", "application/json; charset=klingon"} {
		rec := h.do(http.MethodPost, "/calendars", "primary", `{}`, "Content-Type", ct)
		p := h.problem(rec, http.StatusUnsupportedMediaType, typeMediaType, "The request construction was invalid.")
		h.errorsAre(p, "The value specified in the 'Content-Type' header is not supported by this host.")
	}
}

func TestPipelineOrder(t *testing.T) {
	h := newHarness(t)
	// Validation comes before authorization, authorization before references.
	rec := h.do(http.MethodPost, "/classPeriods", "primary", `{"schoolReference": {"schoolId": 55901001}}`)
	h.invalid(rec, map[string][]string{"$.classPeriodName": {"ClassPeriodName is required."}})
	rec = h.do(http.MethodPost, "/calendars", "primary", `{"calendarCode": "c", "schoolReference": {"schoolId": 99},
		"schoolYearTypeReference": {"schoolYear": 4022}, "calendarTypeDescriptor": "uri://ed-fi.org/CalendarTypeDescriptor#School"}`)
	h.problem(rec, http.StatusForbidden, typeAuthorization, detailNotAuthorized)
	// Claims come before the body is read.
	rec = h.do(http.MethodPost, "/termDescriptors", "noDescriptors", `{,`)
	h.problem(rec, http.StatusForbidden, typeDeniedResource, detailNotAuthorized)
	// Authentication comes before the content type.
	rec = h.do(http.MethodPost, "/calendars", "", `{}`, "Content-Type", "text/plain")
	h.problem(rec, http.StatusUnauthorized, typeAuthentication, "The caller could not be authenticated.")
}

func TestConcurrentClients(t *testing.T) {
	h := newHarness(t)
	done := make(chan string, 16)
	for i := range 16 {
		go func() {
			id := "C-" + strings.Repeat("x", i%4) + string(rune('a'+i))
			rec := h.do(http.MethodPost, "/academicWeeks", "primary", week(id))
			if rec.Code != http.StatusCreated {
				done <- "create " + rec.Body.String()
				return
			}
			loc := rec.Header().Get("Location")
			path := loc[strings.Index(loc, "/academicWeeks"):]
			if rec := h.do(http.MethodGet, path, "primary", ""); rec.Code != http.StatusOK {
				done <- "get " + rec.Body.String()
				return
			}
			if rec := h.do(http.MethodDelete, path, "primary", ""); rec.Code != http.StatusNoContent {
				done <- "delete " + rec.Body.String()
				return
			}
			done <- ""
		}()
	}
	for range 16 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}
