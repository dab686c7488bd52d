package edfi

import (
	"fmt"
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
// The builders below carry every property that Ed-Fi Data Standard 4.0
// (ODS/API 6.x) and 5.x (ODS/API 7.x) require of their resource, as the
// products' resource models publish them; the one requirement the releases
// do not share is a student education organization association's
// sexDescriptor, required through DS 4.0 and optional since 5.0. A target
// that requires more says so in its metadata, which Create and the builders
// follow.
type Doc = request.Doc

// Item is something a fixture created on the target.
type Item struct {
	Resource string
	ID       string
	URL      string
	Doc      Doc
}

// Path is the item's path under the data API, for PUT and DELETE.
func (i *Item) Path() string { return i.Resource + "/" + i.ID }

// Create POSTs doc, completed with what the target's metadata requires and
// the profile's fixtures.<resource>, and expects it to be created; the item
// (with the document as sent) is deleted when the spec ends (dependents
// first, as DeferCleanup runs in reverse). A refusal stops the spec as a
// set-up error. The spec must carry the `writes` label.
func Create(ctx ginkgo.SpecContext, resource string, doc Doc, opts ...Option) *Item {
	return create(ctx, resource, doc, 0, opts...)
}

func create(ctx ginkgo.SpecContext, resource string, doc Doc, depth int, opts ...Option) *Item {
	suite.RequireWritesLabel()
	doc, added, fillErr := model.Complete(ctx, resource, doc, depth)
	resp := POST(ctx, resource, doc, opts...)
	if resp.Err != nil || resp.Status != http.StatusCreated {
		expect.SetupError(resp, "201 Created: the spec needs this "+resource+" item as a fixture",
			model.Refused(resource, resp, added, fillErr), expect.Status(resp, http.StatusCreated))
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		expect.SetupError(resp, "201 Created with a Location header: the spec needs this "+resource+" item as a fixture", "",
			expect.That(expect.Must, "Location header", false, "present", "absent"))
	}
	// The Location may name another origin (a gateway): the item is
	// addressed on the target, never there.
	return &Item{Resource: resource, ID: path.Base(loc), URL: request.ItemURL(resp), Doc: doc}
}

// ReadETag reads the item back and returns its version (see ETag); a
// failed read, or one without a version, stops the spec as a set-up error.
func ReadETag(ctx ginkgo.SpecContext, item *Item) string {
	read := GET(ctx, item.Path())
	Step(read, http.StatusOK, "reading the "+item.Resource+" item back for its _etag")
	etag := ETag(read)
	if etag == "" {
		expect.SetupError(read, "an _etag (or ETag header) on the "+item.Resource+" item read back",
			"settings.etags: true only when the target has the ETag feature enabled",
			expect.That(expect.Must, "_etag", false, "present", "absent"))
	}
	return etag
}

// AbsentID is a well-formed id that no item has.
func AbsentID() string { return suite.Current().Ledger.AbsentID() }

// MadeUpID marks an id the spec invented (say, a malformed one) as safe to
// send PUT or DELETE to.
func MadeUpID(id string) string {
	suite.Current().Ledger.MarkAbsent(id)
	return id
}

// Unique is a run-scoped identifier; see fixtures.Unique.
func Unique(prefix string) string { return fixtures.Unique(prefix) }

// Namespace is a descriptor or assessment namespace under the primary
// client's first namespace prefix.
func Namespace(suffix string) string {
	prefix := "uri://ed-fi.org"
	if len(settings.NamespacePrefixes) > 0 {
		prefix = settings.NamespacePrefixes[0]
	}
	return prefix + "/" + suffix
}

// Descriptor is a new descriptor value of the given kind
// ("AbsenceEventCategoryDescriptor"), unique to the run.
func Descriptor(kind string) Doc {
	code := Unique("code")
	return model.Built(strings.ToLower(kind[:1])+kind[1:]+"s", Doc{"codeValue": code, "shortDescription": code, "description": code, "namespace": Namespace(kind)})
}

// DescriptorURI is a descriptor value the Ed-Fi sample data defines.
func DescriptorURI(kind, code string) string { return "uri://ed-fi.org/" + kind + "#" + code }

// School is the school the primary client is authorized for.
func School() int64 { return settings.EducationOrganizations.School }

// NewStudent is a new student, unique to the run.
func NewStudent() Doc {
	return model.Built("students", Doc{"studentUniqueId": Unique("stu"), "firstName": "Amelia", "lastSurname": "Earhart", "birthDate": "2010-01-13"})
}

// Enrollment associates a student with the primary client's school, which
// is what gives the client access to the student.
func Enrollment(student *Item) Doc {
	return model.Built("studentSchoolAssociations", Doc{
		"schoolReference":                Ref("schoolId", School()),
		"studentReference":               Ref("studentUniqueId", student.Doc["studentUniqueId"]),
		"entryDate":                      "2021-08-23",
		"entryGradeLevelDescriptor":      DescriptorURI("GradeLevelDescriptor", "First grade"),
		"classOfSchoolYearTypeReference": Ref("schoolYear", 2027),
	})
}

// EducationOrganizationAssociation associates a student with an
// education organization.
func EducationOrganizationAssociation(studentUniqueID any, educationOrganizationID int64) Doc {
	return model.Built("studentEducationOrganizationAssociations", Doc{
		"studentReference":               Ref("studentUniqueId", studentUniqueID),
		"educationOrganizationReference": Ref("educationOrganizationId", educationOrganizationID),
		"sexDescriptor":                  DescriptorURI("SexDescriptor", "Female"),
	})
}

// CreateStudent creates a new student. Once its associations are gone the
// primary client may no longer delete it (relationship-based
// authorization), so the spec is skipped unless the profile has a cleanup
// client that can.
func CreateStudent(ctx ginkgo.SpecContext) *Item {
	suite.Require(suite.Current().Tokens.Has("cleanup"))
	return Create(ctx, "students", NewStudent())
}

// EnrolledStudent creates a student and its school association.
func EnrolledStudent(ctx ginkgo.SpecContext) *Item {
	student := CreateStudent(ctx)
	Create(ctx, "studentSchoolAssociations", Enrollment(student))
	return student
}

// NewAcademicWeek is a new academic week at the primary client's school.
func NewAcademicWeek() Doc {
	return model.Built("academicWeeks", Doc{
		"schoolReference":        Ref("schoolId", School()),
		"weekIdentifier":         Unique("week"),
		"beginDate":              "2023-09-11",
		"endDate":                "2023-09-15",
		"totalInstructionalDays": 5,
	})
}

// NewClassPeriod is a new class period at the primary client's school.
func NewClassPeriod() Doc {
	return model.Built("classPeriods", Doc{
		"schoolReference": Ref("schoolId", School()),
		"classPeriodName": Unique("period"),
		"meetingTimes":    []any{map[string]any{"startTime": "08:15:00", "endTime": "09:05:00"}},
	})
}

// NewProgram is a new program of the primary client's local education agency.
func NewProgram() Doc {
	return model.Built("programs", Doc{
		"educationOrganizationReference": Ref("educationOrganizationId", settings.EducationOrganizations.LocalEducationAgency),
		"programName":                    Unique("program"),
		"programTypeDescriptor":          DescriptorURI("ProgramTypeDescriptor", "Bilingual Summer"),
		"programId":                      "2",
	})
}

// NewStudentAcademicRecord is a term record for an enrolled student.
func NewStudentAcademicRecord(student *Item, term string) Doc {
	return model.Built("studentAcademicRecords", Doc{
		"educationOrganizationReference": Ref("educationOrganizationId", School()),
		"schoolYearTypeReference":        Ref("schoolYear", settings.SchoolYear),
		"studentReference":               Ref("studentUniqueId", student.Doc["studentUniqueId"]),
		"termDescriptor":                 term,
		"gradePointAverages": []any{map[string]any{
			"gradePointAverageTypeDescriptor": DescriptorURI("GradePointAverageTypeDescriptor", "Unweighted"),
			"gradePointAverageValue":          3.8571,
			"isCumulative":                    true,
		}},
	})
}

// NewSection is a new section of the profile's course offering.
func NewSection() Doc {
	return model.Built("sections", Doc{"sectionIdentifier": Unique("sect"), "courseOfferingReference": courseOfferingReference()})
}

func courseOfferingReference() map[string]any {
	o := settings.CourseOffering
	return Ref("localCourseCode", o.LocalCourseCode, "schoolId", School(), "schoolYear", settings.SchoolYear, "sessionName", o.SessionName)
}

// SectionReference points at a section of the profile's course offering.
func SectionReference(section Doc) map[string]any {
	ref := courseOfferingReference()
	ref["sectionIdentifier"] = section["sectionIdentifier"]
	return ref
}

// ETag is the version a GET or PUT reported: the body's `_etag`, or else
// the ETag header.
func ETag(resp *Response) string {
	if v, err := resp.JSON(); err == nil {
		if m, ok := v.(map[string]any); ok {
			if e, ok := m["_etag"].(string); ok && e != "" {
				return e
			}
		}
	}
	return strings.Trim(resp.Header.Get("ETag"), `"`)
}

// NewSchool is a new school under the primary client's local education
// agency, with a schoolId no school the client can see already has: a POST
// is an upsert, so a server that wrongly accepted it must not change an
// existing school.
func NewSchool(ctx ginkgo.SpecContext) Doc {
	return model.Built("schools", Doc{
		"localEducationAgencyReference": Ref("localEducationAgencyId", settings.EducationOrganizations.LocalEducationAgency),
		"schoolId":                      unusedSchoolID(ctx),
		"nameOfInstitution":             Unique("school"),
		"educationOrganizationCategories": []any{map[string]any{
			"educationOrganizationCategoryDescriptor": DescriptorURI("EducationOrganizationCategoryDescriptor", "School"),
		}},
		"gradeLevels": []any{map[string]any{
			"gradeLevelDescriptor": DescriptorURI("GradeLevelDescriptor", "Sixth grade"),
		}},
	})
}

func unusedSchoolID(ctx ginkgo.SpecContext) int64 {
	var last *Response
	for range 5 {
		id := fixtures.UniqueNumber(900_000_000)
		var exists bool
		if last, exists = schoolExists(ctx, id); !exists {
			return id
		}
	}
	expect.SetupError(last, "a schoolId no school has in 900000000-900999999, in five tries", "",
		expect.That(expect.Must, "schools with that schoolId", false, "none", "one"))
	return 0
}

func schoolExists(ctx ginkgo.SpecContext, id int64) (*Response, bool) {
	resp := GET(ctx, fmt.Sprintf("schools?schoolId=%d", id))
	v, err := resp.JSON()
	if err != nil || resp.Status != http.StatusOK {
		return resp, false
	}
	found, _ := v.([]any)
	for _, item := range found {
		if school, ok := item.(map[string]any); ok {
			if n, ok := school["schoolId"].(float64); ok && int64(n) == id {
				return resp, true
			}
		}
	}
	return resp, false
}

// Ref builds a reference object; see request.Ref.
var Ref = request.Ref

// Step checks a preparatory request's status; see expect.Step.
var Step = expect.Step
