package meadowlarkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/meadowlark"
)

var _ = Describe("Endpoint Validation", func() {

	Describe("Resource endpoint is invalid", meadowlark.Family(meadowlark.Endpoint, 404), func() {
		It("names academicWeeks as the most similar resource to academicWeek on GET", func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeek")
			Expect(resp).To(meadowlark.BeError(404).WithSuggestion("academicWeek", "academicWeeks"))
		})

		It("names students as the most similar resource to stdents on POST", func(ctx SpecContext) {
			resp := meadowlark.POST(ctx, "stdents", meadowlark.NewStudent())
			Expect(resp).To(meadowlark.BeError(404).WithSuggestion("stdents", "students"))
		})
	})
})
