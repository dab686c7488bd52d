package meadowlarkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/specid"
)

var _ = Describe("Endpoint Validation", func() {

	Describe("Resource endpoint is invalid", meadowlark.Family(meadowlark.Endpoint, 404), func() {
		It("names academicWeeks as the most similar resource to academicWeek on GET", specid.Label("meadowlark.endpoint.resource-endpoint-is-invalid.get"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeek")
			Expect(resp).To(meadowlark.BeError(404).WithSuggestion("academicWeek", "academicWeeks"))
		})

		It("names students as the most similar resource to stdents on POST", specid.Label("meadowlark.endpoint.resource-endpoint-is-invalid.post"), func(ctx SpecContext) {
			resp := meadowlark.POST(ctx, "stdents", meadowlark.NewStudent())
			Expect(resp).To(meadowlark.BeError(404).WithSuggestion("stdents", "students"))
		})
	})
})
