package edfimodel

import (
	"fmt"
	"slices"
	"sync"

	"github.com/edconform/edconform/reference"
)

// Modes shared by the Ed-Fi-model servers: conformant variants a real
// target may be in, so the suite's fixtures can be tried against them.
const (
	// ModeStricterDataStandard requires what StricterRequirements lists, the
	// way a newer Data Standard release makes optional members required.
	ModeStricterDataStandard = "stricter-data-standard"
	// ModeMetadataHidden publishes no OpenAPI metadata: the root document
	// names none and the metadata routes answer 404.
	ModeMetadataHidden = "metadata-hidden"
)

// Modes documents the modes.
var Modes = []reference.Switch{
	{Name: ModeStricterDataStandard, Description: "a stricter data model: " + describeRequirements() + " become required, and the published metadata says so"},
	{Name: ModeMetadataHidden, Description: "no OpenAPI metadata: the root document names none and the metadata routes answer 404"},
}

// Requirement makes one optional member of a resource required.
type Requirement struct {
	Resource string
	Property string
}

// StricterRequirements are the members ModeStricterDataStandard requires.
// No Data Standard release requires them, so a suite's built-in documents
// lack them and only the published metadata can tell a client about them;
// all sit on resources the Ed-Fi and Meadowlark suites create as fixtures.
var StricterRequirements = []Requirement{
	{"Student", "birthCity"},
	{"Student", "birthSexDescriptor"},
	{"School", "schoolTypeDescriptor"},
	{"Section", "sectionName"},
	{"StudentSectionAttendanceEvent", "eventDuration"},
}

func describeRequirements() string {
	var out string
	for i, r := range StricterRequirements {
		if i > 0 {
			out += ", "
		}
		out += r.Resource + "." + r.Property
	}
	return out
}

var (
	stricterOnce  sync.Once
	stricterModel *Model
)

// Stricter returns the catalogue with StricterRequirements applied. It is
// built once and immutable.
func Stricter() *Model {
	stricterOnce.Do(func() {
		resources := catalogue()
		for _, req := range StricterRequirements {
			i := slices.IndexFunc(resources, func(r *Resource) bool { return r.Name == req.Resource })
			if i < 0 || resources[i].Property(req.Property) == nil {
				panic(fmt.Sprintf("edfimodel: stricter requirement %s.%s is not in the catalogue", req.Resource, req.Property))
			}
			resources[i].Property(req.Property).Required = true
		}
		m, err := build(resources)
		if err != nil {
			panic("edfimodel: " + err.Error())
		}
		stricterModel = m
	})
	return stricterModel
}

// ForModes returns the model the modes ask for.
func ForModes(o reference.Options) *Model {
	if o.Mode(ModeStricterDataStandard) {
		return Stricter()
	}
	return Default()
}
