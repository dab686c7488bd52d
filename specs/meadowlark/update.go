package meadowlarkspecs

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("Update Failure", func() {

	Describe("Id not in URL", meadowlark.Family(meadowlark.Update, 400), func() {
		It("rejects a PUT to the collection", specid.Label("meadowlark.update.id-not-in-url"), func(ctx SpecContext) {
			meadowlark.RequireSchool()
			resp := meadowlark.PUT(ctx, "academicWeeks", meadowlark.NewAcademicWeek(), meadowlark.OnCollection())
			Expect(resp).To(meadowlark.BeWithoutMessage(400))
		})
	})

	Describe("Id field in document does not match id in URL", meadowlark.Family(meadowlark.Update, 400, suite.Writes), func() {
		It("rejects a PUT whose body carries another document's id", specid.Label("meadowlark.update.id-in-document-does-not-match-url"), suite.StartEarly, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			week := meadowlark.Create(ctx, "academicWeeks", meadowlark.NewAcademicWeek())
			resp := meadowlark.PUT(ctx, week.Path(), week.Doc.With("id", meadowlark.AbsentID()))
			Expect(resp).To(meadowlark.BeError(400).
				WithMessage("The identity of the resource does not match the identity in the updated document."))
		})
	})

	Describe("UPDATE_FAILURE_REFERENCE", meadowlark.Family(meadowlark.Update, 409, suite.Writes), func() {
		It("refuses a local education agency update naming an education service center that does not exist", specid.Label("meadowlark.update.update-failure-reference"), suite.StartEarly, func(ctx SpecContext) {
			agency := meadowlark.Create(ctx, "localEducationAgencies", meadowlark.NewLocalEducationAgency(meadowlark.UniqueNumber(881_000_000)))
			missing := meadowlark.UniqueNumber(889_000_000)
			resp := meadowlark.PUT(ctx, agency.Path(), agency.Body().With("educationServiceCenterReference", meadowlark.Ref("educationServiceCenterId", missing)))
			Expect(resp).To(meadowlark.BeError(409).
				WithMessage("Reference validation failed").
				WithFailures(meadowlark.Failure{ResourceName: "EducationServiceCenter", Identity: meadowlark.Ref("educationServiceCenterId", missing)}))
		})
	})

	Describe("UPDATE_FAILURE_IMMUTABLE_IDENTITY", meadowlark.Family(meadowlark.Update, 400, suite.Writes), func() {
		It("refuses to change the weekIdentifier of an academic week, which is part of its identity", specid.Label("meadowlark.update.update-failure-immutable-identity"), suite.StartEarly, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			week := meadowlark.Create(ctx, "academicWeeks", meadowlark.NewAcademicWeek())
			resp := meadowlark.PUT(ctx, week.Path(), week.Body().With("weekIdentifier", meadowlark.Unique("renamed")))
			Expect(resp).To(meadowlark.BeError(400).WithMessage("The identity fields of the document cannot be modified"))
		})
	})

	Describe("UPDATE_FAILURE_CONFLICT", meadowlark.Family(meadowlark.Update, 409, suite.Writes), func() {
		// Decision: no education organization may change its identity in the
		// Ed-Fi model, so the document's School/EducationOrganization example
		// cannot arise from a PUT. A class period may: renaming one to
		// another's name is the same conflict within a resource that is its
		// own superclass, and the message names ClassPeriod twice. The
		// document's quotes are broken; the message ends after the
		// superclass and blockingUris sits beside it.
		It("refuses to rename a class period to the name of another, naming the other", specid.Label("meadowlark.update.update-failure-conflict"), suite.StartFirst, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			first := meadowlark.Create(ctx, "classPeriods", meadowlark.NewClassPeriod())
			second := meadowlark.Create(ctx, "classPeriods", meadowlark.NewClassPeriod())
			resp := meadowlark.PUT(ctx, first.Path(), first.Body().With("classPeriodName", second.Doc["classPeriodName"]))
			Expect(resp).To(meadowlark.BeError(409).
				WithMessage("Update failed: the identity is in use by 'ClassPeriod' which is also a(n) 'ClassPeriod'").
				WithBlockingURIs(second))
		})
	})

	Describe("UPDATE_FAILURE_WRITE_CONFLICT", meadowlark.Family(meadowlark.Update, 409, suite.Writes, suite.Concurrency), func() {
		It("answers concurrent updates of one document with success or the write conflict", specid.Label("meadowlark.update.update-failure-write-conflict"), suite.StartFirst, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			meadowlark.UntilObserved("a write conflict", func() bool {
				week := meadowlark.Create(ctx, "academicWeeks", meadowlark.NewAcademicWeek())
				writes := racingWrites(http.MethodPut, week.Path(), week.Body(), 4)
				responses := meadowlark.Concurrently(ctx, writes...)
				race := meadowlark.EachIsOneOf(meadowlark.Succeed(204), writeConflict(409)).WithASuccess(204).Observing(writeConflict(409))
				Expect(responses).To(race)
				meadowlark.ExpectWriteKept(ctx, week.Path(), racedMember, writes, responses, false)
				return race.Observed()
			})
		})
	})
})
