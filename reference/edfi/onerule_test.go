package edfi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestOneRuleDeviationsDropOneCheck sends, per one-rule deviation, a
// document broken on its member, which only the deviant server accepts,
// and one broken the same way on another member, which both refuse.
func TestOneRuleDeviationsDropOneCheck(t *testing.T) {
	student := func(first, last string) string {
		return `{"studentUniqueId": "` + first[:1] + last[:1] + `-1r", "firstName": "` + first + `", "lastSurname": "` + last + `", "birthDate": "2010-01-13"}`
	}
	long := strings.Repeat("x", 76)
	calendar := `{"schoolReference": {"schoolId": 255901001}, "schoolYearTypeReference": {"schoolYear": 2022}, "calendarCode": "c-1r",
		"calendarTypeDescriptor": "uri://ed-fi.org/CalendarTypeDescriptor#Nope"}`
	program := `{"educationOrganizationReference": {"educationOrganizationId": 255901}, "programName": "p-1r", "programId": "2",
		"programTypeDescriptor": "uri://ed-fi.org/ProgramTypeDescriptor#Nope"}`
	without := func(member string) string {
		var doc map[string]any
		_ = json.Unmarshal([]byte(week("W-1r")), &doc)
		delete(doc, member)
		b, _ := json.Marshal(doc)
		return string(b)
	}
	cases := []struct {
		deviation                 string
		path, dropped, stillCheck string
	}{
		{DeviationOneMaxLengthUnchecked, "/students", student(long, "L"), student("F", long)},
		{DeviationOneRequiredUnchecked, "/academicWeeks", without("totalInstructionalDays"), without("endDate")},
		{DeviationOneDescriptorUnchecked, "/calendars", calendar, ""},
	}
	for _, c := range cases {
		t.Run(c.deviation, func(t *testing.T) {
			healthy, broken := newHarness(t), newHarness(t, c.deviation)
			h := healthy.do(http.MethodPost, c.path, "primary", c.dropped)
			b := broken.do(http.MethodPost, c.path, "primary", c.dropped)
			if h.Code != http.StatusBadRequest || b.Code != http.StatusCreated {
				t.Errorf("healthy %d %s\ndeviant %d %s", h.Code, h.Body, b.Code, b.Body)
			}
			other, path := c.stillCheck, c.path
			if other == "" {
				other, path = program, "/programs"
			}
			if rec := broken.do(http.MethodPost, path, "primary", other); rec.Code != http.StatusBadRequest {
				t.Errorf("the deviant server dropped another check too: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

func TestMetadataOverstatesRequired(t *testing.T) {
	required := func(h *harness) []any {
		rec := h.do(http.MethodGet, "/"+ResourcesMetadataPath, "", "")
		var doc struct {
			Components struct {
				Schemas map[string]struct {
					Required []any `json:"required"`
				} `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		return doc.Components.Schemas["edFi_student"].Required
	}
	if slices.Contains(required(newHarness(t)), any("middleName")) {
		t.Error("the healthy server's metadata requires a student's middleName")
	}
	broken := newHarness(t, DeviationMetadataOverstatesRequired)
	if !slices.Contains(required(broken), any("middleName")) {
		t.Error("the deviant server's metadata does not require a student's middleName")
	}
	rec := broken.do(http.MethodPost, "/students", "primary", `{"studentUniqueId": "mo-1", "firstName": "F", "lastSurname": "L", "birthDate": "2010-01-13"}`)
	if rec.Code != http.StatusCreated {
		t.Errorf("the deviant server requires what it only declares: %d %s", rec.Code, rec.Body)
	}
}
