package edfimodel

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

var testSite = MetadataSite{DataURL: "http://127.0.0.1:8765/data/v3", TokenURL: "http://127.0.0.1:8765/oauth/token", Title: "Ed-Fi ODS/API"}

// loadOpenAPI3 parses and validates a generated document with an OpenAPI
// library, as a client would read it.
func loadOpenAPI3(t *testing.T, doc map[string]any) *openapi3.T {
	t.Helper()
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("not OpenAPI 3: %v", err)
	}
	if err := loaded.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI 3: %v", err)
	}
	return loaded
}

// loadSwagger2 parses a Swagger 2.0 document, converts it to OpenAPI 3 and
// validates that.
func loadSwagger2(t *testing.T, doc map[string]any) *openapi3.T {
	t.Helper()
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var v2 openapi2.T
	if err := json.Unmarshal(raw, &v2); err != nil {
		t.Fatalf("not Swagger 2.0: %v", err)
	}
	if v2.Swagger != "2.0" || v2.BasePath != "/local/v3.3b/" || v2.Host != "127.0.0.1:8765" {
		t.Fatalf("swagger %q host %q basePath %q", v2.Swagger, v2.Host, v2.BasePath)
	}
	v3, err := openapi2conv.ToV3(&v2)
	if err != nil {
		t.Fatalf("Swagger 2.0 does not convert: %v", err)
	}
	if err := v3.Validate(context.Background()); err != nil {
		t.Fatalf("invalid after conversion: %v", err)
	}
	return v3
}

func bodySchemaName(t *testing.T, doc *openapi3.T, endpoint string) string {
	t.Helper()
	item := doc.Paths.Find("/ed-fi/" + endpoint)
	if item == nil || item.Post == nil || doc.Paths.Find("/ed-fi/"+endpoint+"/{id}") == nil {
		t.Fatalf("no paths for %s", endpoint)
	}
	var ref string
	if item.Post.RequestBody != nil {
		ref = item.Post.RequestBody.Value.Content.Get("application/json").Schema.Ref
	}
	return ref[strings.LastIndex(ref, "/")+1:]
}

func TestMetadataPublishesEveryResourceAsTheModelDeclaresIt(t *testing.T) {
	for _, model := range []*Model{Default(), Stricter()} {
		resources := loadOpenAPI3(t, model.OpenAPI(OpenAPI3, ResourcesSection, testSite))
		descriptors := loadOpenAPI3(t, model.OpenAPI(OpenAPI3, DescriptorsSection, testSite))
		swagger := loadSwagger2(t, model.OpenAPI(Swagger2, ResourcesSection, MetadataSite{Title: "Meadowlark", DataURL: "http://127.0.0.1:8765/local/v3.3b", TokenURL: "http://127.0.0.1:8765/local/oauth/token"}))
		for _, r := range model.Resources() {
			docs := []*openapi3.T{resources, swagger}
			if r.IsDescriptor {
				docs = []*openapi3.T{descriptors}
				if resources.Paths.Find("/ed-fi/"+r.Endpoint) != nil {
					t.Errorf("descriptor %s is in the Resources section", r.Name)
				}
			}
			for _, doc := range docs {
				name := bodySchemaName(t, doc, r.Endpoint)
				if name != SchemaName(r.Name) {
					t.Errorf("%s: body schema %q", r.Name, name)
				}
				checkEntity(t, doc, model, name, &r.Entity)
			}
		}
	}
}

// checkEntity compares a schema with the entity it was made from: the
// required list, each member's kind and lengths, each reference's and
// collection's schema.
func checkEntity(t *testing.T, doc *openapi3.T, m *Model, name string, e *Entity) {
	t.Helper()
	ref := doc.Components.Schemas[name]
	if ref == nil {
		t.Fatalf("no schema %s", name)
	}
	schema := ref.Value
	var required []string
	for _, p := range e.Properties {
		if p.Required {
			required = append(required, p.Name)
		}
	}
	if !slices.Equal(schema.Required, required) {
		t.Errorf("%s required %v, want %v", name, schema.Required, required)
	}
	for _, p := range e.Properties {
		prop := schema.Properties[p.Name]
		if prop == nil {
			t.Errorf("%s lacks %s", name, p.Name)
			continue
		}
		switch p.Kind {
		case Reference:
			target := prop.Ref[strings.LastIndex(prop.Ref, "/")+1:]
			if target != ReferenceSchemaName(p.Target) {
				t.Errorf("%s.%s refers to %q", name, p.Name, prop.Ref)
				continue
			}
			refSchema := doc.Components.Schemas[target].Value
			if keys := m.Resource(p.Target).KeyNames(); !slices.Equal(refSchema.Required, keys) {
				t.Errorf("%s requires %v, want the identity %v", target, refSchema.Required, keys)
			}
			for _, f := range m.ReferenceFields(p) {
				checkScalar(t, target+"."+f.JSON, refSchema.Properties[f.JSON], f.Kind, m.FieldLimits(f))
			}
		case Collection:
			if !prop.Value.Type.Is("array") || prop.Value.Items == nil || prop.Value.MinItems != uint64(p.MinItems) {
				t.Errorf("%s.%s is not an array of %d+ items", name, p.Name, p.MinItems)
				continue
			}
			item := prop.Value.Items.Ref[strings.LastIndex(prop.Value.Items.Ref, "/")+1:]
			checkEntity(t, doc, m, item, p.Item)
		default:
			checkScalar(t, name+"."+p.Name, prop, p.Kind, p)
			if got, _ := prop.Value.Extensions["x-Ed-Fi-isIdentity"].(bool); got != p.Identity {
				t.Errorf("%s.%s x-Ed-Fi-isIdentity %v", name, p.Name, got)
			}
		}
	}
}

func checkScalar(t *testing.T, what string, ref *openapi3.SchemaRef, kind Kind, limits *Property) {
	t.Helper()
	if ref == nil {
		t.Errorf("%s is missing", what)
		return
	}
	s := ref.Value
	want := map[Kind]string{Int32: "integer", Int64: "integer", Decimal: "number", Bool: "boolean"}[kind]
	if want == "" {
		want = "string"
	}
	if !s.Type.Is(want) {
		t.Errorf("%s type %v, want %s", what, s.Type, want)
	}
	wantMax := uint64(limits.MaxLength)
	if kind != String && kind != Descriptor {
		wantMax = 0
	}
	gotMax := uint64(0)
	if s.MaxLength != nil {
		gotMax = *s.MaxLength
	}
	if gotMax != wantMax || (kind == String && s.MinLength != uint64(limits.MinLength)) {
		t.Errorf("%s lengths %d..%d, want %d..%d", what, s.MinLength, gotMax, limits.MinLength, wantMax)
	}
	if kind == Descriptor && (gotMax != 306 || !strings.Contains(s.Description, limits.DescriptorType)) {
		t.Errorf("%s: descriptor %q of max %d", what, s.Description, gotMax)
	}
}

func TestStricterMetadataRequiresTheStricterMembers(t *testing.T) {
	strict := loadOpenAPI3(t, Stricter().OpenAPI(OpenAPI3, ResourcesSection, testSite))
	plain := loadOpenAPI3(t, Default().OpenAPI(OpenAPI3, ResourcesSection, testSite))
	for _, req := range StricterRequirements {
		name := SchemaName(req.Resource)
		if !slices.Contains(strict.Components.Schemas[name].Value.Required, req.Property) {
			t.Errorf("stricter %s does not require %s", name, req.Property)
		}
		if slices.Contains(plain.Components.Schemas[name].Value.Required, req.Property) {
			t.Errorf("default %s already requires %s", name, req.Property)
		}
	}
}

func TestSchemaNamesFollowTheProduct(t *testing.T) {
	m := Default()
	school := m.Resource("School")
	for name, want := range map[string]string{
		SchemaName("Student"):                                                   "edFi_student",
		ReferenceSchemaName("SchoolYearType"):                                   "edFi_schoolYearTypeReference",
		ItemSchemaName(school.Property("gradeLevels").Item):                     "edFi_schoolGradeLevel",
		ItemSchemaName(school.Property("addresses").Item):                       "edFi_schoolAddress",
		ItemSchemaName(school.Property("educationOrganizationCategories").Item): "edFi_schoolEducationOrganizationCategory",
	} {
		if name != want {
			t.Errorf("%s, want %s", name, want)
		}
	}
	// A role-named reference shares the target's schema.
	ssa := loadOpenAPI3(t, m.OpenAPI(OpenAPI3, ResourcesSection, testSite)).Components.Schemas["edFi_studentSchoolAssociation"].Value
	if ref := ssa.Properties["classOfSchoolYearTypeReference"].Ref; ref != "#/components/schemas/edFi_schoolYearTypeReference" {
		t.Errorf("classOfSchoolYearTypeReference refers to %q", ref)
	}
}

func TestSectionListNamesEachDocument(t *testing.T) {
	list := MetadataSectionList(map[MetadataSection]string{ResourcesSection: "r.json", DescriptorsSection: "d.json"}, DescriptorsSection, ResourcesSection)
	raw, _ := json.Marshal(list)
	if string(raw) != `[{"endpointUri":"d.json","name":"Descriptors","prefix":""},{"endpointUri":"r.json","name":"Resources","prefix":""}]` {
		t.Errorf("list %s", raw)
	}
}
