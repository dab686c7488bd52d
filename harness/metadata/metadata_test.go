package metadata

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// resources is a small Resources document in the ODS/API 7 shape.
const resources = `{
  "openapi": "3.0.1",
  "paths": {
    "/ed-fi/students": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/edFi_student"}}}}}},
    "/ed-fi/students/{id}": {"put": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/edFi_student"}}}}}},
    "/ed-fi/studentSchoolAssociations": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/edFi_studentSchoolAssociation"}}}}}},
    "/ed-fi/gradeLevelDescriptors": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/edFi_gradeLevelDescriptor"}}}}}}
  },
  "components": {"schemas": {
    "edFi_student": {"type": "object", "required": ["studentUniqueId", "firstName", "birthDate", "birthCity", "birthSexDescriptor"],
      "properties": {
        "studentUniqueId": {"type": "string", "maxLength": 32},
        "firstName": {"type": "string", "maxLength": 75},
        "birthDate": {"type": "string", "format": "date"},
        "birthCity": {"type": "string", "minLength": 2, "maxLength": 5},
        "birthSexDescriptor": {"type": "string", "maxLength": 306},
        "middleName": {"type": "string", "maxLength": 75}
      }},
    "edFi_schoolReference": {"type": "object", "required": ["schoolId"], "properties": {"schoolId": {"type": "integer", "format": "int64"}}},
    "edFi_studentReference": {"type": "object", "required": ["studentUniqueId"], "properties": {"studentUniqueId": {"type": "string", "maxLength": 32}}},
    "edFi_studentSchoolAssociationAlternativeGraduationPlan": {"type": "object", "required": ["planName", "count"],
      "properties": {"planName": {"type": "string", "maxLength": 3}, "count": {"type": "integer", "minimum": 4}}},
    "edFi_studentSchoolAssociation": {"type": "object", "required": ["entryDate", "schoolReference", "studentReference", "entryGradeLevelDescriptor", "plans", "primarySchool", "fte"],
      "properties": {
        "entryDate": {"type": "string", "format": "date"},
        "schoolReference": {"$ref": "#/components/schemas/edFi_schoolReference"},
        "studentReference": {"$ref": "#/components/schemas/edFi_studentReference"},
        "entryGradeLevelDescriptor": {"type": "string", "maxLength": 306},
        "plans": {"type": "array", "items": {"$ref": "#/components/schemas/edFi_studentSchoolAssociationAlternativeGraduationPlan"}},
        "primarySchool": {"type": "boolean"},
        "fte": {"type": "number", "format": "double"},
        "exitWithdrawDate": {"type": "string", "format": "date"}
      }},
    "edFi_gradeLevelDescriptor": {"type": "object", "required": ["codeValue"], "properties": {"codeValue": {"type": "string", "maxLength": 50}}}
  }}
}`

func catalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Parse([]byte(resources))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseReadsRequiredLengthsReferencesAndDescriptors(t *testing.T) {
	c := catalog(t)
	if got, want := c.Endpoints(), []string{"gradeLevelDescriptors", "studentSchoolAssociations", "students"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("endpoints: got %v, want %v", got, want)
	}
	student, _ := c.Resource("students")
	if got := student.Required; !reflect.DeepEqual(got, []string{"studentUniqueId", "firstName", "birthDate", "birthCity", "birthSexDescriptor"}) {
		t.Errorf("students required: %v", got)
	}
	city := student.Properties["birthCity"]
	if city.MinLength != 2 || city.MaxLength != 5 || city.Type != "string" {
		t.Errorf("birthCity: %+v", city)
	}
	if !student.Properties["birthSexDescriptor"].Descriptor || student.Properties["firstName"].Descriptor {
		t.Error("birthSexDescriptor should be a descriptor, firstName not")
	}
	ssa, _ := c.Resource("studentSchoolAssociations")
	school := ssa.Properties["schoolReference"]
	if school.Reference != "school" || !reflect.DeepEqual(school.Object.Required, []string{"schoolId"}) {
		t.Errorf("schoolReference: reference %q, required %v", school.Reference, school.Object.Required)
	}
	plans := ssa.Properties["plans"]
	if plans.Type != "array" || plans.Object == nil || plans.Object.Properties["count"].Minimum == nil {
		t.Errorf("plans: %+v", plans)
	}
	if got := c.RequiredMissing("students", map[string]any{"studentUniqueId": "a", "firstName": "b", "birthDate": "c"}); !reflect.DeepEqual(got, []string{"birthCity", "birthSexDescriptor"}) {
		t.Errorf("RequiredMissing: %v", got)
	}
}

func TestParseReadsSwagger2(t *testing.T) {
	c, err := Parse([]byte(`{"swagger": "2.0",
	  "paths": {"/ed-fi/academicWeeks": {"post": {"parameters": [{"in": "body", "schema": {"$ref": "#/definitions/edFi_academicWeek"}}]}}},
	  "definitions": {"edFi_academicWeek": {"required": ["weekIdentifier"], "properties": {"weekIdentifier": {"type": "string", "maxLength": 80}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	week, ok := c.Resource("academicWeeks")
	if !ok || week.Properties["weekIdentifier"].MaxLength != 80 {
		t.Fatalf("academicWeeks: %v %+v", ok, week)
	}
}

func TestParseRefusesMalformedMetadata(t *testing.T) {
	for name, doc := range map[string]string{
		"not JSON":             `{"openapi": `,
		"neither format":       `{"paths": {}}`,
		"no schemas":           `{"openapi": "3.0.1", "paths": {}}`,
		"dangling $ref":        `{"openapi": "3.0.1", "paths": {"/ed-fi/x": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/gone"}}}}}}}, "components": {"schemas": {"a": {}}}}`,
		"no collection POSTs":  `{"openapi": "3.0.1", "paths": {"/ed-fi/x/{id}": {}}, "components": {"schemas": {"a": {}}}}`,
		"array of non-objects": `{"openapi": "3.0.1", "paths": {"/ed-fi/x": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/a"}}}}}}}, "components": {"schemas": {"a": {"properties": {"l": {"type": "array", "items": {"type": "string"}}}}}}}`,
	} {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("%s: parsed without an error", name)
		} else if !strings.Contains(err.Error(), "metadata") {
			t.Errorf("%s: the error does not say it is about the metadata: %v", name, err)
		}
	}
}

func filler(t *testing.T) (*Filler, *[][]string) {
	var asked [][]string
	n := 0
	return &Filler{
		Catalog: catalog(t),
		Unique: func(prefix string) string {
			n++
			return fmt.Sprintf("edc123456-%s-%d", prefix, n)
		},
		Descriptor: func(endpoints []string) (string, error) {
			asked = append(asked, endpoints)
			return "uri://ed-fi.org/" + endpoints[len(endpoints)-1] + "#First", nil
		},
		Reference: func(target string, ref *Schema) (map[string]any, error) {
			if target == "school" {
				return map[string]any{"schoolId": int64(255901001)}, nil
			}
			return nil, errors.New("no " + target)
		},
	}, &asked
}

func TestCompleteFillsOnlyWhatIsMissing(t *testing.T) {
	f, asked := filler(t)
	doc := map[string]any{"studentUniqueId": "s1", "firstName": "Ada", "birthDate": "2010-01-13", "middleName": "kept"}
	got, added, err := f.Complete("students", doc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(added, []string{"birthCity", "birthSexDescriptor"}) {
		t.Errorf("added: %v", added)
	}
	for k, v := range doc {
		if got[k] != v {
			t.Errorf("%s changed from %v to %v", k, v, got[k])
		}
	}
	if len(doc) != 4 {
		t.Error("Complete changed the document it was given")
	}
	city := got["birthCity"].(string)
	if len(city) < 2 || len(city) > 5 {
		t.Errorf("birthCity %q is outside its declared lengths 2..5", city)
	}
	if got["birthSexDescriptor"] != "uri://ed-fi.org/sexDescriptors#First" {
		t.Errorf("birthSexDescriptor: %v", got["birthSexDescriptor"])
	}
	// the catalog lists no sex descriptors, so every name the property may mean is tried
	if !reflect.DeepEqual((*asked)[0], []string{"birthSexDescriptors", "sexDescriptors"}) {
		t.Errorf("descriptor endpoints tried: %v", (*asked)[0])
	}
}

func TestCompleteFillsReferencesCollectionsAndTypes(t *testing.T) {
	f, asked := filler(t)
	got, added, err := f.Complete("studentSchoolAssociations", map[string]any{"studentReference": map[string]any{"studentUniqueId": "s1"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"entryDate", "entryGradeLevelDescriptor", "fte", "plans", "plans[0].count", "plans[0].planName", "primarySchool", "schoolReference"}
	if !reflect.DeepEqual(added, want) {
		t.Errorf("added: got %v, want %v", added, want)
	}
	if got["entryDate"] != "2023-09-11" || got["primarySchool"] != false {
		t.Errorf("entryDate %v, primarySchool %v", got["entryDate"], got["primarySchool"])
	}
	if !reflect.DeepEqual(got["schoolReference"], map[string]any{"schoolId": int64(255901001)}) {
		t.Errorf("schoolReference: %v", got["schoolReference"])
	}
	plan := got["plans"].([]any)[0].(map[string]any)
	if len(plan["planName"].(string)) > 3 || plan["count"] != int64(4) {
		t.Errorf("plan item: %v", plan)
	}
	if _, ok := got["exitWithdrawDate"]; ok {
		t.Error("an optional property was added")
	}
	// a role-named descriptor: the full name first, then the type's name,
	// keeping only those the target lists
	if !reflect.DeepEqual((*asked)[0], []string{"gradeLevelDescriptors"}) {
		t.Errorf("descriptor endpoints tried: %v", (*asked)[0])
	}
}

func TestCompleteCompletesPresentCollectionItems(t *testing.T) {
	f, _ := filler(t)
	got, added, err := f.Complete("studentSchoolAssociations", map[string]any{
		"plans": []any{map[string]any{"planName": "abc"}}, "schoolReference": map[string]any{"schoolId": 1}, "studentReference": map[string]any{"studentUniqueId": "s"},
	})
	if err != nil {
		t.Fatal(err)
	}
	plan := got["plans"].([]any)[0].(map[string]any)
	if plan["planName"] != "abc" || plan["count"] != int64(4) {
		t.Errorf("plan item: %v", plan)
	}
	if !strings.Contains(strings.Join(added, " "), "plans[0].count") {
		t.Errorf("added: %v", added)
	}
}

func TestCompleteReportsWhatItCannotFill(t *testing.T) {
	f, _ := filler(t)
	_, _, err := f.Complete("studentSchoolAssociations", map[string]any{"schoolReference": map[string]any{"schoolId": 1}})
	if err == nil || !strings.Contains(err.Error(), "studentReference") {
		t.Fatalf("want an error naming studentReference, got %v", err)
	}
}

func TestCompleteLeavesUnknownResourcesAlone(t *testing.T) {
	f, _ := filler(t)
	doc := map[string]any{"a": 1}
	got, added, err := f.Complete("calendars", doc)
	if err != nil || len(added) != 0 || !reflect.DeepEqual(got, doc) {
		t.Fatalf("got %v %v %v", got, added, err)
	}
}

// site serves an API root, a section list and the Resources document.
type site map[string]string

func (s site) get(_ context.Context, u string) (int, []byte, error) {
	if body, ok := s[u]; ok {
		return 200, []byte(body), nil
	}
	return 404, nil, nil
}

func TestDiscoverFollowsTheRootToTheResources(t *testing.T) {
	s := site{
		"http://h/api":                           `{"version": "7.2", "urls": {"openApiMetadata": "http://h/api/metadata/"}}`,
		"http://h/api/metadata/":                 `[{"name": "Descriptors", "endpointUri": "http://h/api/metadata/descriptors.json"}, {"name": "Resources", "endpointUri": "resources.json"}]`,
		"http://h/api/metadata/resources.json":   resources,
		"http://h/api/metadata/descriptors.json": `{"openapi": "3.0.1", "paths": {"/ed-fi/sexDescriptors": {}}}`,
	}
	c, err := Discover(context.Background(), s.get, "http://h/api")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Resource("students"); !ok {
		t.Fatal("no students resource")
	}
	if has, _ := c.HasDescriptor("sexDescriptors"); !has {
		t.Error("the Descriptors section was not read")
	}
}

func TestDiscoverTriesTheRootsParent(t *testing.T) {
	s := site{
		"http://h/local/v3.3b":                           `{"version": "0.4.0"}`,
		"http://h/local/":                                `{"urls": {"openApiMetadata": "metadata/"}}`,
		"http://h/local/metadata/":                       `[{"name": "Resources", "endpointUri": "http://h/local/metadata/resources/swagger.json"}]`,
		"http://h/local/metadata/resources/swagger.json": resources,
	}
	if _, err := Discover(context.Background(), s.get, "http://h/local/v3.3b"); err != nil {
		t.Fatal(err)
	}
}

// A root that does not answer ends the discovery: its parent is not asked,
// so a hung target costs one timeout, not two.
func TestDiscoverStopsAtARootThatDoesNotAnswer(t *testing.T) {
	var asked []string
	hung := func(_ context.Context, u string) (int, []byte, error) {
		asked = append(asked, u)
		return 0, nil, errors.New("context deadline exceeded")
	}
	_, err := Discover(context.Background(), hung, "http://h/local/v3.3b")
	if err == nil || !strings.Contains(err.Error(), "http://h/local/v3.3b did not answer: context deadline exceeded") {
		t.Errorf("want an error naming the root and why, got %v", err)
	}
	if len(asked) != 1 {
		t.Errorf("asked %v, want the root only", asked)
	}
}

func TestDiscoverSaysWhyThereIsNoCatalog(t *testing.T) {
	root := `{"urls": {"openApiMetadata": "http://h/m"}}`
	for name, tc := range map[string]struct {
		site site
		want string
	}{
		"no metadata named":  {site{"http://h/": `{"version": "7.2", "urls": {}}`}, "no urls.openApiMetadata"},
		"list missing":       {site{"http://h/": root}, "HTTP 404"},
		"list malformed":     {site{"http://h/": root, "http://h/m": `{}`}, "sections"},
		"no Resources":       {site{"http://h/": root, "http://h/m": `[{"name": "Other", "endpointUri": "x"}]`}, "no section named Resources"},
		"malformed document": {site{"http://h/": root, "http://h/m": `[{"name": "Resources", "endpointUri": "http://h/r"}]`, "http://h/r": `[]`}, "not JSON"},
	} {
		_, err := Discover(context.Background(), tc.site.get, "http://h/")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: want an error with %q, got %v", name, tc.want, err)
		}
		if name == "no metadata named" && !errors.Is(err, ErrNone) {
			t.Errorf("%s: the error should wrap ErrNone", name)
		}
	}
}

func TestCompleteGivesIntegerIdentityMembersRunScopedNumbers(t *testing.T) {
	c, err := Parse([]byte(`{"openapi": "3.0.1",
	  "paths": {"/ed-fi/schools": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/edFi_school"}}}}}}},
	  "components": {"schemas": {"edFi_school": {"type": "object", "required": ["schoolId", "rank"],
	    "properties": {"schoolId": {"type": "integer", "format": "int64", "x-Ed-Fi-isIdentity": true}, "rank": {"type": "integer"}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	f := &Filler{Catalog: c, UniqueNumber: func() int64 { return 880_123_456 }}
	got, _, err := f.Complete("schools", nil)
	if err != nil || got["schoolId"] != int64(880_123_456) || got["rank"] != int64(1) {
		t.Fatalf("got %v, %v", got, err)
	}
}
