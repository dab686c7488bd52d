package meadowlark

import (
	"net/http"
	"path"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/request"
	"github.com/edconform/edconform/harness/suite"
)

// Doc is a resource body; see request.Doc.
//
// The builders below carry every property that the Data Standard of
// Meadowlark 0.4.0 (3.3.1-b) and the later releases (4.0, 5.x) require of
// their resource, as the ODS/API 5.x, 6.x and 7.x resource models publish
// them; the one requirement the releases do not share is a student
// education organization association's sexDescriptor, required through DS
// 4.0. A target that requires more says so in its metadata, which Create
// and the builders follow.
type Doc = request.Doc

// Item is a document a fixture created on the target.
type Item struct {
	Resource string // endpoint, e.g. "academicWeeks"
	ID       string // document UUID
	Doc      Doc
}

// Path is the document's path under the namespace, for GET, PUT, DELETE.
func (i *Item) Path() string { return i.Resource + "/" + i.ID }

// Body is the document as a PUT sends it: its fields and its id.
func (i *Item) Body() Doc { return i.Doc.With("id", i.ID) }

// NamedBy reports whether a URI (a Location or a blockingUris entry)
// names this document.
func (i *Item) NamedBy(uri string) bool {
	return strings.HasSuffix(strings.TrimRight(uri, "/"), "/"+i.Resource+"/"+i.ID)
}

// Create POSTs doc, completed with what the target's metadata requires and
// the profile's fixtures.<resource>, and expects it to be created; the
// document (as sent) is deleted when the spec ends (dependents first, as
// DeferCleanup runs in reverse). A refusal stops the spec as a set-up
// error. The spec must carry the `writes` label.
func Create(ctx ginkgo.SpecContext, resource string, doc Doc, opts ...Option) *Item {
	return create(ctx, resource, doc, 0, opts...)
}

func create(ctx ginkgo.SpecContext, resource string, doc Doc, depth int, opts ...Option) *Item {
	suite.RequireWritesLabel()
	doc, added, fillErr := model.Complete(ctx, resource, doc, depth)
	resp := POST(ctx, resource, doc, opts...)
	if resp.Err != nil || resp.Status != http.StatusCreated {
		expect.SetupError(resp, "201 Created: the spec needs this "+resource+" document as a fixture",
			model.Refused(resource, resp, added, fillErr), expect.Status(resp, http.StatusCreated))
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		expect.SetupError(resp, "201 Created with a Location header: the spec needs this "+resource+" document as a fixture", "", expect.That(expect.Must, "Location header", false, "present", "absent"))
	}
	return &Item{Resource: resource, ID: path.Base(loc), Doc: doc}
}

// AbsentID is a well-formed document UUID that no document has; PUT and
// DELETE may be sent to it.
func AbsentID() string {
	hex := suite.Current().Ledger.AbsentID()
	return MadeUpID(hex[:8] + "-" + hex[8:12] + "-4" + hex[13:16] + "-8" + hex[17:20] + "-" + hex[20:])
}

// MadeUpID marks an id the spec invented (say, a malformed one) as safe to
// send PUT or DELETE to.
func MadeUpID(id string) string {
	suite.Current().Ledger.MarkAbsent(id)
	return id
}

// Unique is a run-scoped identifier; see fixtures.Unique.
func Unique(prefix string) string { return fixtures.Unique(prefix) }

// UniqueNumber is a run-scoped number in [base, base+1e6).
func UniqueNumber(base int64) int64 { return fixtures.UniqueNumber(base) }

// DescriptorURI is an Ed-Fi descriptor value: DescriptorURI("GradeLevel",
// "Ninth grade") is uri://ed-fi.org/GradeLevelDescriptor#Ninth grade.
func DescriptorURI(kind, code string) string {
	return settings.DescriptorNamespace + "/" + kind + "Descriptor#" + code
}

// School is the profile's existing school.
func School() int64 { return settings.SchoolID }

// NewAcademicWeek is a new academic week at the profile's school.
func NewAcademicWeek() Doc {
	return model.Built("academicWeeks", Doc{"schoolReference": Ref("schoolId", School()), "weekIdentifier": Unique("week"),
		"beginDate": "2023-09-11", "endDate": "2023-09-15", "totalInstructionalDays": 5})
}

// NewStudent is a new student.
func NewStudent() Doc {
	return model.Built("students", Doc{"studentUniqueId": Unique("stu"), "firstName": "Ada", "lastSurname": "Lovelace", "birthDate": "2010-01-13"})
}

// Enrollment associates a student with a school.
func Enrollment(studentUniqueID any, schoolID int64) Doc {
	return model.Built("studentSchoolAssociations", Doc{"studentReference": Ref("studentUniqueId", studentUniqueID), "schoolReference": Ref("schoolId", schoolID),
		"entryDate": "2021-08-23", "entryGradeLevelDescriptor": DescriptorURI("GradeLevel", "Ninth grade")})
}

// EducationOrganizationAssociation associates a student with an
// education organization.
func EducationOrganizationAssociation(studentUniqueID any, educationOrganizationID int64) Doc {
	return model.Built("studentEducationOrganizationAssociations", Doc{
		"studentReference":               Ref("studentUniqueId", studentUniqueID),
		"educationOrganizationReference": Ref("educationOrganizationId", educationOrganizationID),
		"sexDescriptor":                  DescriptorURI("Sex", "Female"),
	})
}

// NewSchool is a new school with this id.
func NewSchool(id int64) Doc {
	return model.Built("schools", Doc{"schoolId": id, "nameOfInstitution": "Edconform Test School",
		"educationOrganizationCategories": []any{map[string]any{"educationOrganizationCategoryDescriptor": DescriptorURI("EducationOrganizationCategory", "School")}},
		"gradeLevels":                     []any{map[string]any{"gradeLevelDescriptor": DescriptorURI("GradeLevel", "Ninth grade")}}})
}

// NewLocalEducationAgency is a new local education agency with this id.
func NewLocalEducationAgency(id int64) Doc {
	return model.Built("localEducationAgencies", Doc{"localEducationAgencyId": id, "nameOfInstitution": "Edconform Test District",
		"categories":                             []any{map[string]any{"educationOrganizationCategoryDescriptor": DescriptorURI("EducationOrganizationCategory", "Local Education Agency")}},
		"localEducationAgencyCategoryDescriptor": DescriptorURI("LocalEducationAgencyCategory", "Independent")})
}

// NewClassPeriod is a new class period at the profile's school; the Ed-Fi
// model lets a class period's identity change.
func NewClassPeriod() Doc {
	return model.Built("classPeriods", Doc{"classPeriodName": Unique("period"), "schoolReference": Ref("schoolId", School())})
}

// Ref builds a reference object; see request.Ref.
var Ref = request.Ref

// Step checks a preparatory request's status; see expect.Step.
var Step = expect.Step
