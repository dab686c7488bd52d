package meadowlark

import (
	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/metadata"
)

// model completes the fixtures' documents from the target's metadata.
var model = &metadata.Fixtures{
	Resources: []string{
		"academicWeeks", "classPeriods", "localEducationAgencies", "schools",
		"studentEducationOrganizationAssociations", "studentSchoolAssociations", "students",
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

// known gives the reference keys the profile names: its school.
func known(key string) (any, bool) {
	switch key {
	case "schoolId", "educationOrganizationId":
		return settings.SchoolID, settings.SchoolID != 0
	}
	return nil, false
}
