package meadowlark

import (
	"net/http"
	"strings"
	"testing"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// missingPaths lists the paths of a schema failure whose entries all
// report a missing required member.
func missingPaths(t *testing.T, r response) []string {
	t.Helper()
	entries, ok := r.errorValue().([]any)
	if r.status != http.StatusBadRequest || !ok {
		t.Fatalf("want a 400 schema failure, got %d %s", r.status, r.body)
	}
	var paths []string
	for _, e := range entries {
		entry := e.(map[string]any)
		if kind := entry["context"].(map[string]any)["errorType"]; kind != "required" {
			t.Errorf("entry %v is not a missing member", entry)
		}
		paths = append(paths, entry["path"].(string))
	}
	return sortStrings(paths)
}

func TestStricterDataStandardRequiresTheNewMembers(t *testing.T) {
	f := start(t, reference.Options{Modes: []string{edfimodel.ModeStricterDataStandard}})
	if got := missingPaths(t, f.do("primary", http.MethodPost, "students", student("S-STRICT"))); strings.Join(got, " ") != "$.birthCity $.birthSexDescriptor" {
		t.Errorf("student paths %v", got)
	}
	f.create("primary", "students", with(with(student("S-STRICT"), "birthCity", "London"), "birthSexDescriptor", "uri://ed-fi.org/SexDescriptor#Female"))

	if got := missingPaths(t, f.do("primary", http.MethodPost, "schools", school(255901998))); strings.Join(got, " ") != "$.schoolTypeDescriptor" {
		t.Errorf("school paths %v", got)
	}
	f.create("primary", "schools", with(school(255901998), "schoolTypeDescriptor", "uri://ed-fi.org/SchoolTypeDescriptor#Regular"))
}

func TestDefaultModelLeavesTheNewMembersOptional(t *testing.T) {
	f := start(t, reference.Options{})
	f.create("primary", "students", student("S-PLAIN"))
	f.create("primary", "schools", school(255901997))
}
