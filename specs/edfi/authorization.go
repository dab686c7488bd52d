package edfispecs

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("403 Forbidden", edfi.Family(edfi.Authorization, 403), func() {

	Describe("Data Policy Failure Due to Incorrect Usage", func() {
		// The data-policy check precedes the item lookup, so an id the
		// suite made up serves as well as the document's real student.
		It("rejects a profile content type not assigned to the caller", specid.Label("edfi.authorization.data-policy-failure-due-to-incorrect-usage"), suite.StartSoon, func(ctx SpecContext) {
			assigned := requireProfile("assigned", edfi.Config().Profiles.Assigned)
			unassigned := requireProfile("unassigned", edfi.Config().Profiles.Unassigned)
			resp := edfi.GET(ctx, "students/"+edfi.AbsentID(), edfi.As("profiled"), edfi.Accept(unassigned.ContentType("readable")))
			Expect(resp).To(edfi.BeProblem(403, edfi.DataPolicyIncorrectUsage).
				WithoutCorrelationID().
				WithDetail("A data policy failure was encountered. The request was not constructed correctly for the data policy that has been applied to this data for the caller.").
				WithError("Based on profile assignments, the following profile-specific content type is required when requesting this resource: '" + assigned.ContentType("readable") + "'"))
		})
	})

	Describe("Invalid Namespace Prefix", func() {
		It("rejects an assessment whose namespace matches none of the caller's prefixes", specid.Label("edfi.authorization.invalid-namespace-prefix"), func(ctx SpecContext) {
			prefixes := edfi.Config().NamespacePrefixes
			suite.RequireSetting(len(prefixes) > 0, "settings.namespacePrefixes", "the namespace prefixes assigned to the primary client")
			resp := edfi.POST(ctx, "assessments", assessment("uri://"+edfi.Unique("elsewhere")+".example.org/Assessment/Assessment.xml"))
			Expect(resp).To(edfi.BeProblem(403, edfi.NamespaceMismatch).
				WithDetail("Access to the requested data could not be authorized. The 'Namespace' value of the data does not start with any of the caller's associated namespace prefixes (" + quoted(prefixes) + ")."))
		})
	})

	Describe("Student / Parent / Staff Relationship Does Not Exist", func() {
		It("denies reading a student the caller has no school association with", Label(suite.Writes), specid.Label("edfi.authorization.student-parent-staff-relationship-does-not-exist"), suite.StartEarly, func(ctx SpecContext) {
			student := edfi.CreateStudent(ctx)
			resp := edfi.GET(ctx, student.Path())
			Expect(resp).To(relationshipDenied(
				"Access to the requested data could not be authorized. Hint: You may need to create a corresponding 'StudentSchoolAssociation' item.",
				"the resource item's 'StudentUniqueId' value."))
		})
	})

	Describe("Missing Student or Staff", func() {
		It("denies a staff section association for a staff member that does not exist", specid.Label("edfi.authorization.missing-student-or-staff"), func(ctx SpecContext) {
			requireSchoolYear()
			resp := edfi.POST(ctx, "staffSectionAssociations", edfi.Doc{
				"sectionReference":            sectionReference(edfi.Unique("sect")),
				"staffReference":              edfi.Ref("staffUniqueId", edfi.Unique("staff")),
				"beginDate":                   "2021-08-23",
				"endDate":                     "2021-12-17",
				"classroomPositionDescriptor": edfi.DescriptorURI("ClassroomPositionDescriptor", "Teacher of Record"),
			})
			Expect(resp).To(relationshipDenied(
				"Access to the requested data could not be authorized. Hint: You may need to create corresponding 'StaffEducationOrganizationEmploymentAssociation' or 'StaffEducationOrganizationAssignmentAssociation' items.",
				"one or more of the following properties of the resource item: 'SchoolId', 'StaffUniqueId'."))
		})
	})

	Describe("Not Authorized for a School or Education Organization", func() {
		It("denies a class period for a school outside the caller's education organizations", specid.Label("edfi.authorization.not-authorized-for-school-or-education-organization.class-period"), func(ctx SpecContext) {
			forbidden := edfi.Config().EducationOrganizations.ForbiddenSchool
			suite.RequireSetting(forbidden != 0, "settings.educationOrganizations.forbiddenSchool", "a school id the primary client may not use")
			resp := edfi.POST(ctx, "classPeriods", edfi.NewClassPeriod().With("schoolReference.schoolId", forbidden))
			Expect(resp).To(relationshipDenied(
				"Access to the requested data could not be authorized.",
				"the resource item's 'SchoolId' value."))
		})

		It("denies a student education organization association outside the caller's education organizations", specid.Label("edfi.authorization.not-authorized-for-school-or-education-organization.student-association"), func(ctx SpecContext) {
			forbidden := edfi.Config().EducationOrganizations.ForbiddenEducationOrganization
			suite.RequireSetting(forbidden != 0, "settings.educationOrganizations.forbiddenEducationOrganization", "an education organization id the primary client may not use")
			// Decision: the document's sample has a trailing comma in the
			// student reference; the spec sends well-formed JSON.
			resp := edfi.POST(ctx, "studentEducationOrganizationAssociations", edfi.EducationOrganizationAssociation(edfi.Unique("stu"), forbidden))
			Expect(resp).To(relationshipDenied(
				"Access to the requested data could not be authorized. Hint: You may need to create a corresponding 'StudentSchoolAssociation' item.",
				"one or more of the following properties of the resource item: 'EducationOrganizationId', 'StudentUniqueId'."))
		})
	})

	Describe("The Requested Action Is Not Permitted", func() {
		It("denies updating a descriptor to a client whose claim set only reads descriptors", Label(suite.Writes), specid.Label("edfi.authorization.requested-action-is-not-permitted"), suite.StartFirst, func(ctx SpecContext) {
			claimSet := requireClient("readOnly", "a client whose claim set may read but not update descriptors")
			descriptor := edfi.Create(ctx, "absenceEventCategoryDescriptors", edfi.Descriptor("AbsenceEventCategoryDescriptor"))
			resp := edfi.PUT(ctx, descriptor.Path(), descriptor.Doc.With("id", descriptor.ID).With("description", "Compensatory leave time"), edfi.As("readOnly"))
			Expect(resp).To(edfi.BeProblem(403, edfi.AccessDeniedAction).
				WithDetail("Access to the requested data could not be authorized.").
				WithError("The API client's assigned claim set (currently '" + claimSet + "') must grant permission of the 'http://ed-fi.org/odsapi/actions/update'action on one of the following resource claims: http://ed-fi.org/ods/identity/claims/domains/systemDescriptors, http://ed-fi.org/ods/identity/claims/domains/AbsenceEventCategoryDescriptor"))
		})
	})

	Describe("Missing Claim", func() {
		// Decision: the document's sample sends a chartOfAccounts body to
		// the descriptor route and repeats the previous case's errors text,
		// which speaks of a missing action. The spec sends a descriptor and
		// asserts the type and detail, plus some explanation in errors.
		It("denies a descriptor update to a client whose claim set has no claim on descriptors", Label(suite.Writes), specid.Label("edfi.authorization.missing-claim"), suite.StartFirst, func(ctx SpecContext) {
			requireClient("noDescriptors", "a client whose claim set has no claim on absenceEventCategoryDescriptors")
			descriptor := edfi.Create(ctx, "absenceEventCategoryDescriptors", edfi.Descriptor("AbsenceEventCategoryDescriptor"))
			resp := edfi.PUT(ctx, descriptor.Path(), descriptor.Doc.With("id", descriptor.ID), edfi.As("noDescriptors"))
			Expect(resp).To(edfi.BeProblem(403, edfi.AccessDeniedResource).
				WithDetail("Access to the requested data could not be authorized.").
				WithSomeErrors())
		})
	})
})

// relationshipDenied is the 403 for data outside the caller's education
// organizations; the errors text lists the caller's claims when the profile
// names them.
func relationshipDenied(detail, subject string) *edfi.Problem {
	p := edfi.BeProblem(403, edfi.AuthorizationDenied).WithDetail(detail)
	claims := edfi.Config().EducationOrganizations.Claims
	if len(claims) == 0 {
		return p.WithSomeErrors()
	}
	ids := make([]string, len(claims))
	for i, c := range claims {
		ids[i] = fmt.Sprint(c)
	}
	return p.WithError("No relationships have been established between the caller's education organization id claims (" + strings.Join(ids, ", ") + ") and " + subject)
}

// requireClient skips unless the profile has the client, and returns the
// name of its claim set.
func requireClient(name, what string) string {
	suite.Require(suite.Current().Tokens.Has(name))
	claimSet := suite.Current().Profile.Auth.Clients[name].ClaimSet
	suite.RequireSetting(claimSet != "", "auth.clients."+name+".claimSet", "the name of the claim set of "+what)
	return claimSet
}

func quoted(values []string) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = "'" + v + "'"
	}
	return strings.Join(out, ", ")
}

// sectionReference points at a section of the primary client's school.
func sectionReference(sectionIdentifier string) map[string]any {
	return edfi.Ref(
		"localCourseCode", "ALG-1",
		"schoolId", edfi.School(),
		"schoolYear", edfi.Config().SchoolYear,
		"sectionIdentifier", sectionIdentifier,
		"sessionName", "2021-2022 Fall Semester",
	)
}
