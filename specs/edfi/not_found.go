package edfispecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
)

var _ = Describe("404 Not Found", edfi.Family(edfi.NotFound, 404), func() {

	Describe("Resource Name Typo", func() {
		It("answers not found for the singular 'academicWeek'", specid.Label("edfi.not-found.resource-name-typo"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "academicWeek", edfi.NewAcademicWeek())
			Expect(resp).To(edfi.BeProblem(404, edfi.NotFoundType).
				WithDetail("The specified data could not be found."))
		})
	})

	Describe("ID Does Not Exist", func() {
		// Decision: the document's sample PUTs to the misspelt route
		// 'academicWeek/not-valid-id', which is the typo case again. The
		// spec uses the right route with a well-formed id nobody has; the
		// document's malformed id on the right route is a validation error
		// (see "ID Does Not Exist" under 400 Bad Request).
		It("answers not found for a PUT to an id that does not exist", specid.Label("edfi.not-found.id-does-not-exist.absent-id"), func(ctx SpecContext) {
			resp := edfi.PUT(ctx, "academicWeeks/"+edfi.AbsentID(), edfi.NewAcademicWeek())
			Expect(resp).To(edfi.BeProblem(404, edfi.NotFoundType).
				WithDetail("The specified item could not be found."))
		})
	})
})
