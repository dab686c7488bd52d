package meadowlarkspecs

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("Upsert Failure", func() {

	Describe("UPDATE_FAILURE_REFERENCE / INSERT_FAILURE_REFERENCE", meadowlark.Family(meadowlark.Upsert, 409), func() {
		// Decision: the document's example identity { studentId: '123' } is
		// read as the referenced student's identity, studentUniqueId in the
		// Ed-Fi model.
		It("refuses to insert a school association whose student and school do not exist, naming both", specid.Label("meadowlark.upsert.insert-failure-reference"), func(ctx SpecContext) {
			student, school := meadowlark.Unique("stu"), meadowlark.UniqueNumber(887_000_000)
			resp := meadowlark.POST(ctx, "studentSchoolAssociations", meadowlark.Enrollment(student, school))
			Expect(resp).To(meadowlark.BeError(409).
				WithMessage("Reference validation failed").
				WithFailures(
					meadowlark.Failure{ResourceName: "Student", Identity: meadowlark.Ref("studentUniqueId", student)},
					meadowlark.Failure{ResourceName: "School", Identity: meadowlark.Ref("schoolId", school)}))
		})

		It("refuses to update by POST a local education agency naming an education service center that does not exist", Label(suite.Writes), specid.Label("meadowlark.upsert.update-failure-reference"), suite.StartEarly, func(ctx SpecContext) {
			agency := meadowlark.Create(ctx, "localEducationAgencies", meadowlark.NewLocalEducationAgency(meadowlark.UniqueNumber(882_000_000)))
			missing := meadowlark.UniqueNumber(889_000_000)
			resp := meadowlark.POST(ctx, "localEducationAgencies", agency.Doc.With("educationServiceCenterReference", meadowlark.Ref("educationServiceCenterId", missing)))
			Expect(resp).To(meadowlark.BeError(409).
				WithMessage("Reference validation failed").
				WithFailures(meadowlark.Failure{ResourceName: "EducationServiceCenter", Identity: meadowlark.Ref("educationServiceCenterId", missing)}))
		})
	})

	Describe("INSERT_FAILURE_CONFLICT", meadowlark.Family(meadowlark.Upsert, 409, suite.Writes), func() {
		// Decision: the document's quotes are broken; the message ends after
		// the superclass and blockingUris sits beside it.
		It("refuses a local education agency with the id of an existing school, naming the school", specid.Label("meadowlark.upsert.insert-failure-conflict"), suite.StartEarly, func(ctx SpecContext) {
			id := meadowlark.UniqueNumber(883_000_000)
			school := meadowlark.Create(ctx, "schools", meadowlark.NewSchool(id))
			resp := meadowlark.POST(ctx, "localEducationAgencies", meadowlark.NewLocalEducationAgency(id))
			Expect(resp).To(meadowlark.BeError(409).
				WithMessage("Insert failed: the identity is in use by 'School' which is also a(n) 'EducationOrganization'").
				WithBlockingURIs(school))
		})
	})

	Describe("UPSERT_FAILURE_WRITE_CONFLICT", meadowlark.Family(meadowlark.Upsert, 409, suite.Writes, suite.Concurrency), func() {
		It("answers concurrent upserts of an existing document with success or the write conflict", specid.Label("meadowlark.upsert.upsert-failure-write-conflict.existing-document"), suite.StartFirst, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			meadowlark.UntilObserved("a write conflict", func() bool {
				week := meadowlark.Create(ctx, "academicWeeks", meadowlark.NewAcademicWeek())
				writes := racingWrites(http.MethodPost, "academicWeeks", week.Doc, 4)
				responses := meadowlark.Concurrently(ctx, writes...)
				race := meadowlark.EachIsOneOf(meadowlark.Succeed(200), writeConflict(409)).WithASuccess(200).Observing(writeConflict(409))
				Expect(responses).To(race)
				meadowlark.ExpectWriteKept(ctx, week.Path(), racedMember, writes, responses, false)
				return race.Observed()
			})
		})

		It("answers concurrent upserts of a new document with one insert, updates or the write conflict", specid.Label("meadowlark.upsert.upsert-failure-write-conflict.new-document"), suite.StartEarly, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			meadowlark.UntilObserved("a write conflict", func() bool {
				writes := racingWrites(http.MethodPost, "academicWeeks", meadowlark.NewAcademicWeek(), 4)
				responses := meadowlark.Concurrently(ctx, writes...)
				race := meadowlark.EachIsOneOf(meadowlark.Succeed(201), meadowlark.Succeed(200), writeConflict(409)).WithExactlyOne(201).Observing(writeConflict(409))
				Expect(responses).To(race)
				meadowlark.ExpectWriteKept(ctx, meadowlark.CreatedPath(responses...), racedMember, writes, responses, false)
				return race.Observed()
			})
		})
	})
})
