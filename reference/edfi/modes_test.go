package edfi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

func stricter(t *testing.T, modes ...string) *harness {
	return newHarnessOptions(t, Config{}, reference.Options{Modes: append([]string{edfimodel.ModeStricterDataStandard}, modes...)})
}

const plainStudent = `{"studentUniqueId": "S-STRICT", "firstName": "Mae", "lastSurname": "Jemison", "birthDate": "2010-10-17"`

func TestStricterDataStandardRequiresTheNewMembers(t *testing.T) {
	h := stricter(t)
	rec := h.do(http.MethodPost, "/students", "primary", plainStudent+`}`)
	h.invalid(rec, map[string][]string{
		"$.birthCity":          {"BirthCity is required."},
		"$.birthSexDescriptor": {"BirthSexDescriptor is required."},
	})
	h.create("/students", "primary", plainStudent+`, "birthCity": "Decatur", "birthSexDescriptor": "uri://ed-fi.org/SexDescriptor#Female"}`)

	school := `{"schoolId": 255901999, "nameOfInstitution": "Strict High", "localEducationAgencyReference": {"localEducationAgencyId": 255901},
		"educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
		"gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]`
	h.invalid(h.do(http.MethodPost, "/schools", "cleanup", school+`}`), map[string][]string{
		"$.schoolTypeDescriptor": {"SchoolTypeDescriptor is required."},
	})
	h.create("/schools", "cleanup", school+`, "schoolTypeDescriptor": "uri://ed-fi.org/SchoolTypeDescriptor#Regular"}`)
}

func TestDefaultModelLeavesTheNewMembersOptional(t *testing.T) {
	h := newHarness(t)
	h.create("/students", "primary", plainStudent+`}`)
}

func TestUnknownModeIsRefusedWithTheList(t *testing.T) {
	v, _ := reference.Lookup("edfi")
	_, err := v.Build(reference.Options{Modes: []string{"stricter"}})
	if err == nil || !strings.Contains(err.Error(), `unknown mode "stricter"`) || !strings.Contains(err.Error(), edfimodel.ModeStricterDataStandard) {
		t.Fatalf("err = %v", err)
	}
}
