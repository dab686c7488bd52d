package edfimodel

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func seeded(t *testing.T) *Store {
	t.Helper()
	s, err := NewSeededStore()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// decode turns JSON text into a generic body as a JSON front end would.
func decode(t *testing.T, text string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body
}

func validate(t *testing.T, resource, text string) (map[string]any, []Issue) {
	t.Helper()
	m := Default()
	return m.Validate(m.Resource(resource), decode(t, text))
}

func paths(issues []Issue) []string {
	var out []string
	for _, is := range issues {
		out = append(out, is.Path+" "+string(is.Kind))
	}
	return out
}

func TestCatalogueShapes(t *testing.T) {
	m := Default()
	cases := map[string][]string{
		"StudentSchoolAssociation":       {"entryDate", "schoolId", "studentUniqueId"},
		"Section":                        {"localCourseCode", "schoolId", "schoolYear", "sessionName", "sectionIdentifier"},
		"GraduationPlan":                 {"educationOrganizationId", "graduationPlanTypeDescriptor", "graduationSchoolYear"},
		"AbsenceEventCategoryDescriptor": {"codeValue", "namespace"},
	}
	for name, want := range cases {
		if got := m.Resource(name).KeyNames(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s keys = %v, want %v", name, got, want)
		}
	}
	for endpoint, name := range map[string]string{"academicWeeks": "AcademicWeek", "Students": "Student",
		"localEducationAgencies": "LocalEducationAgency", "chartOfAccounts": "ChartOfAccount", "staffs": "Staff"} {
		if r := m.ByEndpoint(endpoint); r == nil || r.Name != name {
			t.Errorf("endpoint %s = %v, want %s", endpoint, r, name)
		}
	}
	if m.ByEndpoint("academicWeek") != nil || m.ByEndpoint("educationOrganizations") != nil {
		t.Error("a typo or an abstract resource must not resolve to an endpoint")
	}
	rank := func(n string) int { return m.Resource(n).Rank() }
	if !(rank("StudentSectionAttendanceEvent") > rank("StudentSchoolAssociation") &&
		rank("StudentSchoolAssociation") > rank("Student") && rank("School") > rank("LocalEducationAgency")) {
		t.Error("dependency ranks out of order")
	}
	if m.Resource("Program").UpdatableIdentity || !m.Resource("ClassPeriod").UpdatableIdentity || m.Resource("AcademicWeek").UpdatableIdentity {
		t.Error("updatable identities wrong")
	}
}

func TestValidateRequiredInModelOrder(t *testing.T) {
	_, issues := validate(t, "AbsenceEventCategoryDescriptor", `{"description": "Bereavement", "namespace": "uri://ed-fi.org/AbsenceEventCategoryDescriptor"}`)
	want := []string{"$.codeValue required", "$.shortDescription required"}
	if got := paths(issues); !reflect.DeepEqual(got, want) {
		t.Fatalf("issues = %v, want %v", got, want)
	}
	if issues[0].Name != "CodeValue" || issues[1].Name != "ShortDescription" {
		t.Errorf("names = %q, %q", issues[0].Name, issues[1].Name)
	}
}

func TestValidateLengths(t *testing.T) {
	_, issues := validate(t, "GradeLevelDescriptor", `{"codeValue": "`+strings.Repeat("x", 51)+`", "shortDescription": "x", "namespace": "uri://x"}`)
	if len(issues) != 1 || issues[0].Kind != TooLong || issues[0].Max != 50 || issues[0].Path != "$.codeValue" {
		t.Fatalf("too long: %+v", issues)
	}
	// rating has a minimum, so it reports a range, then the markup.
	_, issues = validate(t, "AccountabilityRating", `{"educationOrganizationReference": {"educationOrganizationId": 255901},
		"schoolYearTypeReference": {"schoolYear": 2014}, "ratingTitle": "t", "rating": "<script>alert('hello world!')</script>"}`)
	if got := paths(issues); !reflect.DeepEqual(got, []string{"$.rating length-range", "$.rating dangerous"}) {
		t.Fatalf("issues = %v", got)
	}
	if issues[0].Min != 1 || issues[0].Max != 35 {
		t.Errorf("bounds = %d..%d", issues[0].Min, issues[0].Max)
	}
}

func TestValidateKeyWhitespaceAndMarkup(t *testing.T) {
	_, issues := validate(t, "ClassPeriod", `{"schoolReference": {"schoolId": 255901001}, "classPeriodName": " 03 - Block "}`)
	if got := paths(issues); !reflect.DeepEqual(got, []string{"$.classPeriodName leading-trailing-space"}) {
		t.Fatalf("issues = %v", got)
	}
	for text, want := range map[string]bool{"a < b": false, "AT&T": true, "x>": true, "plain": false, "a & b & c": false, "&": true} {
		if IsDangerous(text) != want {
			t.Errorf("IsDangerous(%q) = %v", text, !want)
		}
	}
}

func TestValidateCollections(t *testing.T) {
	_, issues := validate(t, "BellSchedule", `{"bellScheduleName": "one", "classPeriods": [], "schoolReference": {"schoolId": 255901}}`)
	if len(issues) != 1 || issues[0].Kind != EmptyCollection || issues[0].Name != "BellScheduleClassPeriods" {
		t.Fatalf("issues = %+v", issues)
	}
	_, issues = validate(t, "StudentAcademicRecord", `{"educationOrganizationReference": {"educationOrganizationId": 1},
		"schoolYearTypeReference": {"schoolYear": 2022}, "studentReference": {"studentUniqueId": "1"},
		"termDescriptor": "uri://ed-fi.org/TermDescriptor#Fall Semester",
		"gradePointAverages": [{"gradePointAverageTypeDescriptor": "uri://x#y", "gradePointAverageValue": 3},
		                       {"gradePointAverageValue": 4}]}`)
	if got := paths(issues); !reflect.DeepEqual(got, []string{"$.gradePointAverages[1].gradePointAverageTypeDescriptor required"}) {
		t.Fatalf("issues = %v", got)
	}
}

func TestValidateTypes(t *testing.T) {
	_, issues := validate(t, "CommunityOrganization", `{"communityOrganizationId": 25590111111122222222222222222222222222222,
		"nameOfInstitution": "CIS", "categories": [{"educationOrganizationCategoryDescriptor": "uri://x#Other"}]}`)
	if len(issues) != 1 || issues[0].Kind != IntOverflow || issues[0].Expected != Int64 {
		t.Fatalf("issues = %+v", issues)
	}
	doc, issues := validate(t, "AcademicWeek", `{"schoolReference": {"schoolId": 255901001}, "weekIdentifier": "w",
		"beginDate": "2023-09-11", "endDate": "someday", "totalInstructionalDays": 3000000000}`)
	if got := paths(issues); !reflect.DeepEqual(got, []string{"$.endDate wrong-type", "$.totalInstructionalDays int-overflow"}) {
		t.Fatalf("issues = %v", got)
	}
	if doc["beginDate"] != "2023-09-11" || doc["schoolReference"].(map[string]any)["schoolId"] != int64(255901001) {
		t.Errorf("normalised doc = %v", doc)
	}
}

func TestValidateKeyUnification(t *testing.T) {
	_, issues := validate(t, "StudentSchoolAssociation", `{
		"schoolYearTypeReference": {"schoolYear": 2023},
		"calendarReference": {"calendarCode": "2010605675", "schoolYear": 2022, "schoolId": 255901107},
		"classOfSchoolYearTypeReference": {"schoolYear": 2027},
		"schoolReference": {"schoolId": 338978318},
		"studentReference": {"studentUniqueId": "8y0mfuzfnffmdk00sgizqy5sj80kvanm"},
		"entryDate": "2023-03-18",
		"entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#First grade",
		"graduationPlanReference": {"educationOrganizationId": 17012391,
			"graduationPlanTypeDescriptor": "uri://ed-fi.org/GraduationPlanTypeDescriptor#Standard", "graduationSchoolYear": 2020}}`)
	want := []string{
		"$.schoolReference.schoolId unification-conflict", "$.calendarReference.schoolId unification-conflict",
		"$.calendarReference.schoolYear unification-conflict", "$.schoolYearTypeReference.schoolYear unification-conflict",
	}
	if got := paths(issues); !reflect.DeepEqual(got, want) {
		t.Fatalf("issues = %v", got)
	}
	if !reflect.DeepEqual(issues[0].Values, []string{"338978318", "255901107"}) || issues[0].Key != "schoolId" {
		t.Errorf("schoolId conflict = %v", issues[0].Values)
	}
	if !reflect.DeepEqual(issues[2].Values, []string{"2022", "2023"}) {
		t.Errorf("schoolYear conflict = %v", issues[2].Values)
	}
}

func TestUnificationKeepsRenamedFieldsApart(t *testing.T) {
	body := `{"accountIdentifier": "1-1", "educationOrganizationReference": {"educationOrganizationId": 255901}, "fiscalYear": %d,
		"accountTypeDescriptor": "uri://ed-fi.org/AccountTypeDescriptor#Revenue",
		"fundDimensionReference": {"code": "1", "fiscalYear": 2022}, "sourceDimensionReference": {"code": "1000", "fiscalYear": 2022}}`
	if _, issues := validate(t, "ChartOfAccount", fmt.Sprintf(body, 2022)); len(issues) != 0 {
		t.Errorf("fund and source codes must not unify: %v", paths(issues))
	}
	_, issues := validate(t, "ChartOfAccount", fmt.Sprintf(body, 2023))
	if len(issues) != 3 || issues[0].Key != "fiscalYear" || !reflect.DeepEqual(issues[0].Values, []string{"2023", "2022"}) {
		t.Errorf("fiscal years must unify: %+v", issues)
	}
}

func TestUnificationReachesCollectionItems(t *testing.T) {
	_, issues := validate(t, "BellSchedule", `{"bellScheduleName": "b", "schoolReference": {"schoolId": 255901001},
		"classPeriods": [{"classPeriodReference": {"classPeriodName": "01 - Traditional", "schoolId": 255901044}}]}`)
	if got := paths(issues); !reflect.DeepEqual(got, []string{"$.schoolReference.schoolId unification-conflict",
		"$.classPeriods[0].classPeriodReference.schoolId unification-conflict"}) {
		t.Fatalf("issues = %v", got)
	}
}

func mustValid(t *testing.T, s *Store, resource, text string) (*Resource, map[string]any) {
	t.Helper()
	r := s.Model().Resource(resource)
	doc, issues := s.Model().Validate(r, decode(t, text))
	if len(issues) > 0 {
		t.Fatalf("unexpected issues %v", paths(issues))
	}
	return r, doc
}

func TestDescriptorsAndReferences(t *testing.T) {
	s := seeded(t)
	r, doc := mustValid(t, s, "StudentAcademicRecord", `{"educationOrganizationReference": {"educationOrganizationId": 255901001},
		"schoolYearTypeReference": {"schoolYear": 2022}, "studentReference": {"studentUniqueId": "604823"},
		"termDescriptor": "uri://ed-fi.org/TermDescriptor#Spring Semester Missing"}`)
	missing := s.MissingDescriptors(r, doc)
	if len(missing) != 1 || missing[0].Path != "$.termDescriptor" || missing[0].DescriptorType != "TermDescriptor" {
		t.Fatalf("missing = %+v", missing)
	}
	if !s.DescriptorExists("TermDescriptor", "URI://ED-FI.ORG/TermDescriptor#fall semester") {
		t.Error("descriptor lookups ignore case")
	}
	cases := map[string]string{
		`{"schoolReference": {"schoolId": 255901107}, "schoolYearTypeReference": {"schoolYear": 4022}, "calendarCode": "c",
		  "calendarTypeDescriptor": "uri://ed-fi.org/CalendarTypeDescriptor#School"}`: "SchoolYearType",
		`{"schoolReference": {"schoolId": 9}, "schoolYearTypeReference": {"schoolYear": 4022}, "calendarCode": "c",
		  "calendarTypeDescriptor": "uri://ed-fi.org/CalendarTypeDescriptor#School"}`: "School",
	}
	for text, target := range cases {
		r, doc := mustValid(t, s, "Calendar", text)
		if e := s.UnresolvedReference(r, doc); e == nil || e.Target != target {
			t.Errorf("unresolved = %v, want %s", e, target)
		}
		if _, _, err := s.Upsert(r, doc, "c"); !errors.As(err, new(*UnresolvedReferenceError)) {
			t.Errorf("upsert err = %v", err)
		}
	}
	r, doc = mustValid(t, s, "StudentSchoolAssociation", `{"studentReference": {"studentUniqueId": "nobody"},
		"schoolReference": {"schoolId": 1}, "entryDate": "2022-08-20", "entryGradeLevelDescriptor": "uri://x#y"}`)
	all := s.UnresolvedReferences(r, doc)
	if len(all) != 2 || all[0].Target != "School" || all[1].Target != "Student" || all[1].Identity["studentUniqueId"] != "nobody" {
		t.Errorf("all unresolved = %+v", all)
	}
	// An abstract reference resolves to any subclass.
	r, doc = mustValid(t, s, "Program", `{"educationOrganizationReference": {"educationOrganizationId": 255901044},
		"programName": "P", "programTypeDescriptor": "uri://ed-fi.org/ProgramTypeDescriptor#Bilingual"}`)
	if e := s.UnresolvedReference(r, doc); e != nil {
		t.Errorf("school as education organization: %v", e)
	}
}

func TestUpsertAndIdentity(t *testing.T) {
	s := seeded(t)
	r, doc := mustValid(t, s, "AcademicWeek", `{"schoolReference": {"schoolId": 255901044}, "weekIdentifier": "W1",
		"beginDate": "2023-09-11", "endDate": "2023-09-15", "totalInstructionalDays": 5}`)
	created, isNew, err := s.Upsert(r, doc, "client-a")
	if err != nil || !isNew || len(created.ID) != 32 || created.CreatedBy != "client-a" {
		t.Fatalf("create: %v %v %+v", err, isNew, created)
	}
	doc["totalInstructionalDays"] = int64(4)
	doc["weekIdentifier"] = "w1" // same key: identities ignore case
	updated, isNew, err := s.Upsert(r, doc, "client-b")
	if err != nil || isNew || updated.ID != created.ID || updated.ETag == created.ETag || updated.CreatedBy != "client-a" {
		t.Fatalf("update: %v %v %+v", err, isNew, updated)
	}
	if _, err := s.Replace(r, created.ID, doc, created.ETag); !errors.Is(err, ErrETagMismatch) {
		t.Errorf("stale etag: %v", err)
	}
	doc["weekIdentifier"] = "W2"
	var kc *KeyChangeError
	if _, err := s.Replace(r, created.ID, doc, ""); !errors.As(err, &kc) || kc.Resource != "AcademicWeek" {
		t.Errorf("key change: %v", err)
	}
	if _, err := s.Replace(r, NewID(), doc, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing id: %v", err)
	}
	// A school cannot take an identity the LEA already holds.
	school, sdoc := mustValid(t, s, "School", `{"schoolId": 255901, "nameOfInstitution": "Dup",
		"educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
		"gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#First grade"}]}`)
	var ic *IdentityConflictError
	if _, _, err := s.Upsert(school, sdoc, "c"); !errors.As(err, &ic) || ic.Table != "EducationOrganization" ||
		!reflect.DeepEqual(ic.Keys, []string{"educationOrganizationId"}) || !reflect.DeepEqual(ic.Values, []string{"255901"}) {
		t.Errorf("superclass conflict: %v", err)
	}
}

func findOne(t *testing.T, s *Store, resource string, match func(map[string]any) bool) *Document {
	t.Helper()
	for _, d := range s.List(s.Model().Resource(resource)) {
		if match(d.Body) {
			return d
		}
	}
	t.Fatalf("no seeded %s", resource)
	return nil
}

func TestIdentityUpdateConflictAndCascade(t *testing.T) {
	s := seeded(t)
	cp := s.Model().Resource("ClassPeriod")
	mine := findOne(t, s, "ClassPeriod", func(b map[string]any) bool {
		return b["classPeriodName"] == "01 - Traditional" && b["schoolReference"].(map[string]any)["schoolId"] == int64(SeedSchool)
	})
	moved := CopyDocument(mine.Body)
	moved["schoolReference"] = map[string]any{"schoolId": int64(SeedOtherSchool)}
	var ic *IdentityConflictError
	if _, err := s.Replace(cp, mine.ID, moved, ""); !errors.As(err, &ic) || ic.Table != "ClassPeriod" ||
		!reflect.DeepEqual(ic.Keys, []string{"classPeriodName", "schoolId"}) || !reflect.DeepEqual(ic.Values, []string{"01 - Traditional", "255901044"}) {
		t.Fatalf("conflict: %v", err)
	}
	renamed := CopyDocument(mine.Body)
	renamed["classPeriodName"] = "01 - Renamed"
	if _, err := s.Replace(cp, mine.ID, renamed, mine.ETag); err != nil {
		t.Fatal(err)
	}
	section := findOne(t, s, "Section", func(map[string]any) bool { return true })
	got := section.Body["classPeriods"].([]any)[0].(map[string]any)["classPeriodReference"].(map[string]any)["classPeriodName"]
	if got != "01 - Renamed" {
		t.Errorf("cascade left section reference at %v", got)
	}
}

func TestDependentsInDependencyOrder(t *testing.T) {
	s := seeded(t)
	student := findOne(t, s, "Student", func(b map[string]any) bool { return b["studentUniqueId"] == "604822" })
	deps := s.Dependents(student)
	var names []string
	for _, d := range deps {
		names = append(names, d.Resource.Name)
	}
	want := []string{"StudentEducationOrganizationAssociation", "StudentSchoolAssociation", "StudentSectionAttendanceEvent"}
	sortedWant := map[string]bool{}
	for _, n := range want {
		sortedWant[n] = true
	}
	if len(names) != 3 || names[len(names)-1] != "StudentSectionAttendanceEvent" || !sortedWant[names[0]] || !sortedWant[names[1]] {
		t.Fatalf("dependents = %v", names)
	}
	var de *DependentsError
	if err := s.Delete(student.Resource, student.ID, "", false); !errors.As(err, &de) {
		t.Fatalf("delete: %v", err)
	}
	school := findOne(t, s, "School", func(b map[string]any) bool { return b["schoolId"] == int64(SeedOtherSchool) })
	if len(s.Dependents(school)) == 0 {
		t.Error("a school referenced as an education organization has dependents")
	}
	lonely := findOne(t, s, "AbsenceEventCategoryDescriptor", func(b map[string]any) bool { return b["codeValue"] == "Vacation" })
	if err := s.Delete(lonely.Resource, lonely.ID, "", false); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Get(lonely.Resource, lonely.ID); ok || s.DescriptorExists("AbsenceEventCategoryDescriptor", lonely.DescriptorURI()) {
		t.Error("deleted descriptor still found")
	}
	if err := s.Delete(student.Resource, student.ID, "", true); err != nil {
		t.Errorf("forced delete: %v", err)
	}
}

func TestSeedAndIDs(t *testing.T) {
	s := seeded(t)
	syt := s.Model().Resource("SchoolYearType")
	if n := len(s.List(syt)); n != LastSchoolYear-FirstSchoolYear+1 {
		t.Errorf("%d school years", n)
	}
	if _, ok := s.FindByIdentity(syt, map[string]any{"schoolYear": int64(4022)}); ok {
		t.Error("4022 must not exist")
	}
	for in, want := range map[string]string{
		"3D3AD42503B443489471B74C05067628":     "3d3ad42503b443489471b74c05067628",
		"8cdf37d9-f2cb-4104-8a5f-8cbaf96ca53f": "8cdf37d9f2cb41048a5f8cbaf96ca53f",
		"not-valid-id":                         "",
	} {
		if got, _ := NormalizeID(in); got != want {
			t.Errorf("NormalizeID(%q) = %q", in, got)
		}
	}
}

func TestConcurrentWrites(t *testing.T) {
	s := seeded(t)
	r := s.Model().Resource("AcademicWeek")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc := map[string]any{"schoolReference": map[string]any{"schoolId": int64(SeedSchool)},
				"weekIdentifier": "shared", "beginDate": "2023-09-11", "endDate": "2023-09-15", "totalInstructionalDays": int64(i)}
			if _, _, err := s.Upsert(r, doc, "c"); err != nil {
				t.Error(err)
			}
			s.List(r)
		}()
	}
	wg.Wait()
	count := 0
	for _, d := range s.List(r) {
		if d.Body["weekIdentifier"] == "shared" {
			count++
		}
	}
	if count != 1 {
		t.Errorf("%d documents share one identity", count)
	}
}
