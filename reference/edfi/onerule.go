package edfi

import (
	"slices"

	"github.com/edconform/edconform/reference/edfimodel"
)

// Deviations that break one rule on one member of one resource, as a
// product's validation of a single resource can be wrong while every other
// resource is right; only the specs generated for that resource and rule
// see them.
const (
	DeviationOneMaxLengthUnchecked      = "one-max-length-unchecked"
	DeviationOneRequiredUnchecked       = "one-required-unchecked"
	DeviationOneDescriptorUnchecked     = "one-descriptor-unchecked"
	DeviationMetadataOverstatesRequired = "metadata-overstates-required"
)

// oneRule is the member each one-rule deviation stops checking.
var oneRule = map[string]struct {
	resource, property string
	kind               edfimodel.IssueKind
}{
	DeviationOneMaxLengthUnchecked:  {"Student", "firstName", edfimodel.TooLong},
	DeviationOneRequiredUnchecked:   {"AcademicWeek", "totalInstructionalDays", edfimodel.Required},
	DeviationOneDescriptorUnchecked: {"Calendar", "calendarTypeDescriptor", edfimodel.DescriptorMissing},
}

// uncheckedOnce reports whether a one-rule deviation drops this issue.
func (s *Server) uncheckedOnce(r *edfimodel.Resource, is edfimodel.Issue) bool {
	for name, one := range oneRule {
		if s.opts.Has(name) && r.Name == one.resource && is.Path == "$."+one.property && is.Kind == one.kind {
			return true
		}
	}
	return false
}

// overstate adds to the published metadata a requirement the server does
// not enforce, under DeviationMetadataOverstatesRequired.
func (s *Server) overstate(doc map[string]any) {
	if !s.opts.Has(DeviationMetadataOverstatesRequired) {
		return
	}
	components, _ := doc["components"].(map[string]any)
	schemas, _ := components["schemas"].(map[string]any)
	student, _ := schemas[edfimodel.SchemaName("Student")].(map[string]any)
	if student == nil {
		return
	}
	required, _ := student["required"].([]any)
	if !slices.Contains(required, any("middleName")) {
		student["required"] = append(required, "middleName")
	}
}
