package edfispecs

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
)

var _ = Describe("400 Bad Request", edfi.Family(edfi.ParameterValidation, 400), func() {

	// Decision: the document's sample shows a POST whose body is the error
	// text ("between 1 and max"), while its response says "between 0 and
	// 500". The case is a GET with ?limit=; the spec asserts the response's
	// wording with the profile's page-size limit.
	Describe("Invalid Limit Count", func() {
		invalidLimit := func() *edfi.Problem {
			return edfi.BeProblem(400, edfi.ParameterValidationFailed).
				WithDetail("The limit parameter was incorrect.").
				WithError(fmt.Sprintf("Limit must be omitted or set to a value between 0 and %d.", edfi.Config().PageSizeLimit))
		}

		It("rejects a limit one above the page-size limit", specid.Label("edfi.parameter-validation.invalid-limit-count.above-page-size"), func(ctx SpecContext) {
			resp := edfi.GET(ctx, fmt.Sprintf("studentSchoolAssociations?limit=%d", edfi.Config().PageSizeLimit+1))
			Expect(resp).To(invalidLimit())
		})

		It("rejects a negative limit", specid.Label("edfi.parameter-validation.invalid-limit-count.negative"), func(ctx SpecContext) {
			resp := edfi.GET(ctx, "studentSchoolAssociations?limit=-1")
			Expect(resp).To(invalidLimit())
		})
	})
})
