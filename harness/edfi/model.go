package edfi

import (
	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/metadata"
)

// model completes the fixtures' documents from the target's metadata.
var model = &metadata.Fixtures{
	Resources: []string{
		"absenceEventCategoryDescriptors", "academicWeeks", "classPeriods", "programs", "schools", "sections",
		"studentAcademicRecords", "studentEducationOrganizationAssociations", "studentSchoolAssociations",
		"studentSectionAttendanceEvents", "students",
	},
	Known:        known,
	Unique:       Unique,
	UniqueNumber: func() int64 { return fixtures.UniqueNumber(880_000_000) },
	GET:          func(ctx ginkgo.SpecContext, path string) *Response { return GET(ctx, path) },
}

func init() {
	model.Create = func(ctx ginkgo.SpecContext, endpoint string, depth int) map[string]any {
		return create(ctx, endpoint, Doc{}, depth).Doc
	}
}

// known gives the reference keys the profile names: its school, local
// education agency, school year and course offering.
func known(key string) (any, bool) {
	eo := settings.EducationOrganizations
	switch key {
	case "schoolId", "educationOrganizationId":
		return eo.School, eo.School != 0
	case "localEducationAgencyId":
		return eo.LocalEducationAgency, eo.LocalEducationAgency != 0
	case "schoolYear":
		return settings.SchoolYear, settings.SchoolYear != 0
	case "localCourseCode":
		if settings.CourseOffering != nil {
			return settings.CourseOffering.LocalCourseCode, true
		}
	case "sessionName":
		if settings.CourseOffering != nil {
			return settings.CourseOffering.SessionName, true
		}
	}
	return nil, false
}

// Known gives the value the profile names for a reference key (schoolId,
// schoolYear...), so generated documents point where the client may write.
func Known(key string) (any, bool) { return known(key) }
