package meadowlarkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

// Decision: the document gives the paging messages as the whole error
// text; Meadowlark 0.4.0's source also lists them under modelState. The
// specs assert the document's bodies.
var _ = Describe("Query Validation", func() {

	Describe("Limit and offset must be non-negative", meadowlark.Family(meadowlark.Query, 400), func() {
		It("rejects a negative limit", specid.Label("meadowlark.query.limit-and-offset-must-be-non-negative.limit"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks?limit=-1")
			Expect(resp).To(meadowlark.BeError(400).WithText("Must be set to a numeric value >= 0"))
		})

		It("rejects a negative offset", specid.Label("meadowlark.query.limit-and-offset-must-be-non-negative.offset"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks?limit=1&offset=-1")
			Expect(resp).To(meadowlark.BeError(400).WithText("Must be set to a numeric value >= 0"))
		})
	})

	Describe("Limit required with offset", meadowlark.Family(meadowlark.Query, 400), func() {
		It("rejects an offset without a limit", specid.Label("meadowlark.query.limit-required-with-offset"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks?offset=1")
			Expect(resp).To(meadowlark.BeError(400).WithText("Limit must be provided when using offset"))
		})
	})

	Describe("Query includes property not on resource", meadowlark.Family(meadowlark.Query, 400), func() {
		// Decision: the document names the property bare, Meadowlark
		// quotes it; the spec expects the document's wording (SHOULD),
		// and a profile lists the quoted one under texts.
		It("rejects a query on weekIdentifer, which academic weeks do not have", specid.Label("meadowlark.query.property-not-on-resource"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks?weekIdentifer=week-1")
			Expect(resp).To(meadowlark.BeError(400).
				WithText("The request is invalid.").
				WithUnknownProperty("AcademicWeek", "weekIdentifer"))
		})
	})

	Describe("Query server is unreachable", meadowlark.Family(meadowlark.Query, 502, suite.NotProvokableLabel), func() {
		It("answers 502 to a query where the query server cannot be reached", specid.Label("meadowlark.query.query-server-is-unreachable"), func(ctx SpecContext) {
			resp := atUnreachable(ctx, meadowlark.Config().QueryServerUnreachableURL, "settings.queryServerUnreachableURL", "query server (OpenSearch)")
			Expect(resp).To(meadowlark.BeWithoutMessage(502))
		})
	})
})
