package profile

import (
	"strings"
	"testing"
)

func TestCheckFixturesNamesAResourceTheSuiteDoesNotCreate(t *testing.T) {
	p := &Profile{Source: "profiles/acme.yaml", Fixtures: map[string]map[string]any{
		"students": {"birthCity": "Austin"},
		"stduents": {"birthCity": "Austin"},
	}}
	err := p.CheckFixtures("edfi", []string{"academicWeeks", "students"})
	if err == nil {
		t.Fatal("a fixtures entry for an unknown resource was accepted")
	}
	for _, want := range []string{"profiles/acme.yaml", "fixtures.stduents", "creates no stduents", "academicWeeks, students"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	delete(p.Fixtures, "stduents")
	if err := p.CheckFixtures("edfi", []string{"academicWeeks", "students"}); err != nil {
		t.Errorf("a fixtures entry for a created resource was refused: %v", err)
	}
}
