package meadowlarkspecs

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("Delete Failure", func() {

	Describe("DELETE_FAILURE_REFERENCE", meadowlark.Family(meadowlark.Delete, 409, suite.Writes), func() {
		// Decision: the document's example URI (/v5.0-pre.2/edfi/students/…)
		// is another data model's; the URIs must end /{endpoint}/{id} of the
		// documents that reference the one to delete.
		It("refuses to delete a student two associations reference, naming both", specid.Label("meadowlark.delete.delete-failure-reference"), suite.StartFirst, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			student := meadowlark.Create(ctx, "students", meadowlark.NewStudent())
			id := student.Doc["studentUniqueId"]
			school := meadowlark.Create(ctx, "studentSchoolAssociations", meadowlark.Enrollment(id, meadowlark.School()))
			edOrg := meadowlark.Create(ctx, "studentEducationOrganizationAssociations", meadowlark.EducationOrganizationAssociation(id, meadowlark.School()))
			resp := meadowlark.DELETE(ctx, student.Path())
			Expect(resp).To(meadowlark.BeError(409).
				WithMessage("The resource cannot be deleted because it is a dependency of other documents").
				WithBlockingURIs(school, edOrg))
		})
	})

	Describe("DELETE_FAILURE_WRITE_CONFLICT", meadowlark.Family(meadowlark.Delete, 404, suite.Writes, suite.Concurrency), func() {
		// Decision: the table gives 404 for a delete's write conflict (every
		// other write conflict is 409); the spec asserts the table's 404.
		// The updates racing the delete may also find the document gone;
		// one of the writes wins.
		It("answers a delete racing updates of the document with success or the write conflict", specid.Label("meadowlark.delete.delete-failure-write-conflict"), suite.StartFirst, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			meadowlark.UntilObserved("a write conflict", func() bool {
				week := meadowlark.Create(ctx, "academicWeeks", meadowlark.NewAcademicWeek())
				requests := append([]meadowlark.Request{{Method: http.MethodDelete, Path: week.Path()}},
					racingWrites(http.MethodPut, week.Path(), week.Body(), 3)...)
				responses := meadowlark.Concurrently(ctx, requests...)
				race := meadowlark.EachIsOneOf(meadowlark.Succeed(204), writeConflict(409), meadowlark.BeWithoutMessage(404)).
					ButFirstIsOneOf(meadowlark.Succeed(204), writeConflict(404)).
					WithASuccess(204).
					Observing(writeConflict(409), writeConflict(404))
				Expect(responses).To(race)
				deleted := responses[0].Status == http.StatusNoContent
				meadowlark.ExpectWriteKept(ctx, week.Path(), racedMember, requests, responses, deleted)
				return race.Observed()
			})
		})
	})
})

// writeConflict is the documented answer to a transaction that lost to a
// concurrent one.
func writeConflict(status int) *meadowlark.Error {
	return meadowlark.BeError(status).WithMessage("Write conflict due to concurrent access to this or related resources")
}

// racedMember is the member each racing write gives another value.
const racedMember = "totalInstructionalDays"

// racingWrites are n writes of one academic week, each with another
// number of instructional days.
func racingWrites(method, path string, week meadowlark.Doc, n int) []meadowlark.Request {
	var out []meadowlark.Request
	for days := 1; days <= n; days++ {
		out = append(out, meadowlark.Request{Method: method, Path: path, Body: week.With(racedMember, days)})
	}
	return out
}
