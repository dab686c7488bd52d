package edfigen

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/metadata"
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/reference/edfimodel"
)

func referenceCatalog(t *testing.T) *metadata.Catalog {
	t.Helper()
	site := edfimodel.MetadataSite{DataURL: "http://x/data/v3"}
	raw := func(section edfimodel.MetadataSection) []byte {
		b, err := json.Marshal(edfimodel.Default().OpenAPI(edfimodel.OpenAPI3, section, site))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	c, err := metadata.Parse(raw(edfimodel.ResourcesSection))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddDescriptors(raw(edfimodel.DescriptorsSection)); err != nil {
		t.Fatal(err)
	}
	return c
}

func countByRule(cases []Case) map[string]int {
	n := map[string]int{}
	for _, c := range cases {
		n[c.Rule]++
	}
	return n
}

func TestThePlanCoversEveryResourceOfTheModel(t *testing.T) {
	c := referenceCatalog(t)
	cases, err := Plan(c, profile.Generate{})
	if err != nil {
		t.Fatal(err)
	}
	resources := map[string]bool{}
	ids := map[string]bool{}
	for _, k := range cases {
		resources[k.Resource] = true
		if ids[k.ID()] {
			t.Errorf("id %s twice", k.ID())
		}
		ids[k.ID()] = true
	}
	if len(resources) != len(c.Endpoints()) || len(c.Endpoints()) < 50 {
		t.Errorf("cases for %d of %d resources", len(resources), len(c.Endpoints()))
	}
	n := countByRule(cases)
	for _, r := range Rules() {
		if n[r] == 0 {
			t.Errorf("no case for rule %s", r)
		}
	}
	// Every resource has the resource rules but the PUT (authorized first).
	for _, r := range []string{RuleIDInBody, RuleGetAbsentID, RuleDeleteAbsentID, RulePatch, RulePostToItem} {
		if n[r] != len(c.Endpoints()) {
			t.Errorf("rule %s: %d cases for %d resources", r, n[r], len(c.Endpoints()))
		}
	}
	for _, id := range []string{
		"edfi.generated.students.required.first-name",
		"edfi.generated.term-descriptors.max-length.code-value",
		"edfi.generated.academic-weeks.wrong-type.total-instructional-days",
		"edfi.generated.calendars.unresolved-reference.school-year-type-reference",
	} {
		if !ids[id] {
			t.Errorf("no case %s", id)
		}
	}
	// A reference by an education organization or a person the client is
	// authorized by is never made up; neither are collections required.
	for _, id := range []string{
		"edfi.generated.academic-weeks.unresolved-reference.school-reference",
		"edfi.generated.bell-schedules.required.class-periods",
		"edfi.generated.schools.put-absent-id",
	} {
		if ids[id] {
			t.Errorf("unexpected case %s", id)
		}
	}
}

func TestTheSelectionLimitsThePlan(t *testing.T) {
	c := referenceCatalog(t)
	cases, err := Plan(c, profile.Generate{Resources: []string{"students", "calendars"}, Rules: []string{RuleRequired, RulePatch}, MaxPerRule: 2})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range cases {
		ids = append(ids, k.ID())
	}
	want := "edfi.generated.calendars.required.calendar-code edfi.generated.calendars.required.calendar-type-descriptor " +
		"edfi.generated.students.required.birth-date edfi.generated.students.required.first-name " +
		"edfi.generated.calendars.patch edfi.generated.students.patch"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("selected\n  %s\nwant\n  %s", got, want)
	}
	for _, sel := range []profile.Generate{{Resources: []string{"student"}}, {Rules: []string{"too-long"}}} {
		if _, err := Plan(c, sel); err == nil || !strings.Contains(err.Error(), "generate.") {
			t.Errorf("%+v: %v, want an error naming the key", sel, err)
		}
	}
}

// fakeTarget answers GETs from a table of URL → body.
func fakeTarget(bodies map[string]string) suite.Get {
	return func(_ context.Context, url string) (int, []byte, error) {
		if b, ok := bodies[url]; ok {
			return 200, []byte(b), nil
		}
		return 404, []byte(`{}`), nil
	}
}

func withMetadata(resources string) map[string]string {
	return map[string]string{
		"http://t/":                        `{"urls": {"openApiMetadata": "http://t/metadata/"}}`,
		"http://t/metadata/":               `[{"name": "Resources", "endpointUri": "http://t/metadata/resources.json"}]`,
		"http://t/metadata/resources.json": resources,
	}
}

func TestMetadataTroubleIsOneClearError(t *testing.T) {
	p := &profile.Profile{}
	for what, c := range map[string]struct {
		bodies map[string]string
		says   string
	}{
		"no metadata":    {map[string]string{"http://t/": `{"urls": {}}`}, "publishes no OpenAPI metadata"},
		"not OpenAPI":    {withMetadata(`{"hello": "world"}`), "neither OpenAPI 3"},
		"not JSON":       {withMetadata(`<html>`), "is not JSON"},
		"without schema": {withMetadata(`{"openapi": "3.0.1", "paths": {"/ed-fi/foos": {"post": {}}, "/ed-fi/bars": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/edFi_bar"}}}}}}}, "components": {"schemas": {"edFi_bar": {"type": "object", "properties": {"name": {"type": "string"}}}}}}`), "no body schema for the POST of foos"},
	} {
		_, err := Generate(p, fakeTarget(c.bodies), "http://t/")
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want an error saying %q", what, err, c.says)
		}
	}
}
