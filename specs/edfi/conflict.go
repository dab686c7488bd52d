package edfispecs

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("409 Conflict", edfi.Family(edfi.Conflict, 409), func() {

	Describe("Dependent Item Exists", func() {
		// A student always has a school association too; the server names
		// the dependent to delete first, the attendance event, which is
		// the one the document names.
		It("refuses to delete a student that an attendance event references", Label(suite.Writes), specid.Label("edfi.conflict.dependent-item-exists"), suite.StartFirst, func(ctx SpecContext) {
			requireSchoolYear()
			requireCourseOffering()
			student := edfi.EnrolledStudent(ctx)
			section := edfi.Create(ctx, "sections", edfi.NewSection())
			edfi.Create(ctx, "studentSectionAttendanceEvents", edfi.Doc{
				"sectionReference":                  edfi.SectionReference(section.Doc),
				"studentReference":                  edfi.Ref("studentUniqueId", student.Doc["studentUniqueId"]),
				"attendanceEventCategoryDescriptor": edfi.DescriptorURI("AttendanceEventCategoryDescriptor", "In Attendance"),
				"eventDate":                         "2021-09-01",
			})
			resp := edfi.DELETE(ctx, student.Path())
			Expect(resp).To(edfi.BeProblem(409, edfi.DependentItemExists).
				WithDetail("The requested action cannot be performed because this item is referenced by an existing 'StudentSectionAttendanceEvent' item."))
		})
	})

	Describe("Unresolved Reference", func() {
		It("refuses a calendar for a school year that does not exist", specid.Label("edfi.conflict.unresolved-reference.school-year"), func(ctx SpecContext) {
			missing := edfi.Config().MissingSchoolYear
			suite.RequireSetting(missing != 0, "settings.missingSchoolYear", "a school year the target does not know, e.g. 4022")
			resp := edfi.POST(ctx, "calendars", edfi.Doc{
				"schoolReference":         edfi.Ref("schoolId", edfi.School()),
				"schoolYearTypeReference": edfi.Ref("schoolYear", missing),
				"calendarCode":            edfi.Unique("cal"),
				"calendarTypeDescriptor":  edfi.DescriptorURI("CalendarTypeDescriptor", "Student Specific"),
			})
			Expect(resp).To(unresolved("SchoolYearType"))
		})

		// The document's sample also references a source dimension; the
		// spec leaves that optional reference out so only one is unresolved.
		It("refuses a chart of accounts whose fund dimension does not exist", specid.Label("edfi.conflict.unresolved-reference.fund-dimension"), func(ctx SpecContext) {
			requireSchoolYear()
			year := edfi.Config().SchoolYear
			resp := edfi.POST(ctx, "chartOfAccounts", edfi.Doc{
				"educationOrganizationReference": edfi.Ref("educationOrganizationId", edfi.Config().EducationOrganizations.LocalEducationAgency),
				"fundDimensionReference":         edfi.Ref("code", edfi.Unique("f"), "fiscalYear", year),
				"accountIdentifier":              edfi.Unique("acct"),
				"fiscalYear":                     year,
				"accountName":                    "TOTAL REVENUE FROM LOCAL SOURCES",
				"accountTypeDescriptor":          edfi.DescriptorURI("AccountTypeDescriptor", "Revenue"),
			})
			Expect(resp).To(unresolved("FundDimension"))
		})

		It("refuses a student school association for a student that does not exist", specid.Label("edfi.conflict.unresolved-reference.student"), func(ctx SpecContext) {
			missing := &edfi.Item{Doc: edfi.NewStudent()}
			resp := edfi.POST(ctx, "studentSchoolAssociations", edfi.Enrollment(missing))
			Expect(resp).To(unresolved("Student"))
		})
	})

	Describe("Identifying Values Are Not Unique", func() {
		It("refuses a PUT that gives a class period the name of another", Label(suite.Writes), specid.Label("edfi.conflict.identifying-values-are-not-unique"), suite.StartFirst, func(ctx SpecContext) {
			first := edfi.Create(ctx, "classPeriods", edfi.NewClassPeriod())
			second := edfi.Create(ctx, "classPeriods", edfi.NewClassPeriod())
			name := second.Doc["classPeriodName"]
			resp := edfi.PUT(ctx, first.Path(), first.Doc.With("classPeriodName", name))
			Expect(resp).To(edfi.BeProblem(409, edfi.NonUniqueIdentity).
				WithDetail("The identifying value(s) of the item are the same as another item that already exists.").
				WithError(fmt.Sprintf("A primary key conflict occurred when attempting to create or update a record in the 'ClassPeriod' table. The duplicate key is (ClassPeriodName, SchoolId) = (%s, %d).", name, edfi.School())))
		})
	})
})

func unresolved(resource string) *edfi.Problem {
	return edfi.BeProblem(409, edfi.UnresolvedReference).
		WithDetail("The referenced '" + resource + "' item does not exist.")
}

func requireCourseOffering() {
	suite.RequireSetting(edfi.Config().CourseOffering != nil, "settings.courseOffering",
		"localCourseCode and sessionName of a course offering at the school in settings.schoolYear")
}
