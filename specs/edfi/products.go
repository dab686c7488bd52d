package edfispecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

// Cases the Ed-Fi Data Management Service documents in its own end-to-end
// tests and the 7.2 knowledge base lacks (specs/edfi/PRODUCTS.md, row
// D22). They carry the `dms` label and run when settings.product
// is dms.
var _ = Describe("Data Management Service", edfi.Family(edfi.DataValidation, 400, edfi.ProductDMS), func() {

	// Decision: UpdateDescriptorsValidation.feature (scenarios 13-15) PUTs
	// a descriptor; the spec PUTs an academic week, the resource the
	// knowledge base's own PUT cases use, with a well-formed id nobody has.
	It("rejects a PUT whose body id differs from the id in its route", Label(suite.Writes), specid.Label("edfi.data-validation.body-id-differs-from-route-id"), func(ctx SpecContext) {
		week := edfi.Create(ctx, "academicWeeks", edfi.NewAcademicWeek())
		resp := edfi.PUT(ctx, week.Path(), week.Doc.With("id", edfi.AbsentID()))
		Expect(resp).To(edfi.BeProblem(400, edfi.BadRequest).
			WithDetail("The request could not be processed. See 'errors' for details.").
			WithError("Request body id must match the id in the url."))
	})

})
