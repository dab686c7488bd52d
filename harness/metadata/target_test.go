package metadata

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestTargetPointsReferencesAtTheProfileOrAtNewItems(t *testing.T) {
	target := &Target{Catalog: catalog(t)}
	lookups, created := 0, []string{}
	l := Lookups{
		Unique: func(p string) string { return "u-" + p },
		Descriptor: func(endpoint string) string {
			lookups++
			if endpoint == "gradeLevelDescriptors" {
				return "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"
			}
			return ""
		},
		Known: func(key string) (any, bool) { return int64(7), key == "schoolId" },
		Create: func(endpoint string) (map[string]any, error) {
			created = append(created, endpoint)
			return map[string]any{"studentUniqueId": "new-student", "firstName": "x"}, nil
		},
	}
	got, _, err := target.Complete("studentSchoolAssociations", nil, l)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got["schoolReference"], map[string]any{"schoolId": int64(7)}) {
		t.Errorf("schoolReference: %v", got["schoolReference"])
	}
	if !reflect.DeepEqual(got["studentReference"], map[string]any{"studentUniqueId": "new-student"}) || !reflect.DeepEqual(created, []string{"students"}) {
		t.Errorf("studentReference %v, created %v", got["studentReference"], created)
	}
	if got["entryGradeLevelDescriptor"] != "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade" {
		t.Errorf("entryGradeLevelDescriptor: %v", got["entryGradeLevelDescriptor"])
	}
	before := lookups
	if _, _, err := target.Complete("studentSchoolAssociations", nil, l); err != nil || lookups != before {
		t.Errorf("descriptor values are looked up once per run: %d more lookups, %v", lookups-before, err)
	}
	// without lookups (a builder), only the values found before are used
	_, _, err = target.Complete("students", nil, Lookups{Unique: l.Unique})
	if err == nil || !strings.Contains(err.Error(), "birthSexDescriptor") {
		t.Errorf("want an error naming birthSexDescriptor, got %v", err)
	}
}

func TestTargetWithoutCatalogChangesNothing(t *testing.T) {
	target := &Target{Missing: ErrNone}
	doc := map[string]any{"a": 1}
	got, added, err := target.Complete("students", doc, Lookups{})
	if err != nil || added != nil || !reflect.DeepEqual(got, doc) {
		t.Fatalf("got %v %v %v", got, added, err)
	}
}

func TestReportedFindsEdfiAndMeadowlarkPaths(t *testing.T) {
	edfi := `{"status": 400, "validationErrors": {"$.birthCity": ["BirthCity is required."], "$.schoolReference.schoolId": ["x"]}}`
	if got := Reported([]byte(edfi)); !reflect.DeepEqual(got, []string{"$.birthCity", "$.schoolReference.schoolId"}) {
		t.Errorf("Ed-Fi: %v", got)
	}
	meadowlark := `{"error": [{"message": "$.birthCity: birthCity is required", "path": "$.birthCity", "context": {"errorType": "required"}}]}`
	if got := Reported([]byte(meadowlark)); !reflect.DeepEqual(got, []string{"$.birthCity"}) {
		t.Errorf("Meadowlark: %v", got)
	}
	if got := Reported([]byte("not json")); got != nil {
		t.Errorf("not JSON: %v", got)
	}
}

func TestHintNamesTheKeyWhatTheTargetReportedAndHowTheDocumentWasMade(t *testing.T) {
	body := []byte(`{"validationErrors": {"$.birthCity": ["BirthCity is required."]}}`)
	hidden := &Target{Missing: errors.New("the target publishes no OpenAPI metadata")}
	for name, tc := range map[string]struct {
		target *Target
		added  []string
		err    error
		want   []string
	}{
		"no metadata":    {hidden, nil, nil, []string{"fixtures.students", "$.birthCity", "{students: {birthCity: <value>}}", "built-in document", "publishes no OpenAPI metadata"}},
		"completed":      {&Target{Catalog: catalog(t)}, []string{"birthCity"}, nil, []string{"fixtures.students", "added birthCity from the target's metadata"}},
		"fill failed":    {&Target{Catalog: catalog(t)}, nil, errors.New("birthSexDescriptor: no descriptor value"), []string{"could not complete", "birthSexDescriptor"}},
		"nothing to add": {&Target{Catalog: catalog(t)}, nil, nil, []string{"requires nothing the document lacks"}},
	} {
		got := tc.target.Hint("students", body, tc.added, tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", name, got, w)
			}
		}
	}
}

func TestAReferenceWithoutRequiredKeysUsesItsPropertiesButNeverLink(t *testing.T) {
	c, err := Parse([]byte(`{"openapi": "3.0.1",
	  "paths": {"/ed-fi/sections": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/edFi_section"}}}}}}},
	  "components": {"schemas": {
	    "link": {"type": "object", "properties": {"rel": {"type": "string"}}},
	    "edFi_schoolReference": {"type": "object", "properties": {"schoolId": {"type": "integer"}, "link": {"$ref": "#/components/schemas/link"}}},
	    "edFi_section": {"type": "object", "required": ["schoolReference"], "properties": {"schoolReference": {"$ref": "#/components/schemas/edFi_schoolReference"}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	target := &Target{Catalog: c}
	got, _, err := target.Complete("sections", nil, Lookups{Known: func(key string) (any, bool) { return int64(9), key == "schoolId" }})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got["schoolReference"], map[string]any{"schoolId": int64(9)}) {
		t.Errorf("schoolReference: %v", got["schoolReference"])
	}
	if e, ok := c.EndpointOf("section"); !ok || e != "sections" {
		t.Errorf("EndpointOf(section) = %q, %v", e, ok)
	}
}
