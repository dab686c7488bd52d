package edfispecs

import (
	"net/http"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

// Cases the Ed-Fi Data Management Service documents in its own end-to-end
// tests and the 7.2 knowledge base lacks (specs/edfi/PRODUCTS.md, rows
// D22 and D34). They carry the `dms` label and run when settings.product
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

var _ = Describe("Data Management Service rate limit", edfi.Family(edfi.Server, 429, edfi.ProductDMS), func() {

	// Decision: DMS's own tests reach the limit with a second request in an
	// environment allowing one. The spec sends one request more than
	// settings.rateLimit.requests as the throttled client, then waits out
	// Retry-After so the rest of the run is not refused.
	It("refuses requests past the deployment's rate limit", specid.Label("edfi.server.too-many-requests"), func(ctx SpecContext) {
		suite.Require(suite.Current().Tokens.Has("throttled"))
		limit := edfi.Config().RateLimit
		suite.RequireSetting(limit != nil, "settings.rateLimit.requests", "the number of requests the target lets the throttled client send in one window")
		var resp *edfi.Response
		for range limit.Requests + 1 {
			resp = edfi.GET(ctx, "academicWeeks?limit=1", edfi.As("throttled"))
			if resp.Status == http.StatusTooManyRequests {
				break
			}
		}
		if seconds, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && seconds > 0 {
			DeferCleanup(time.Sleep, time.Duration(min(seconds, 60))*time.Second)
		}
		Expect(resp).To(edfi.BeProblem(429, edfi.TooManyRequests).WithRetryAfter().
			WithDetail("The number of allowed requests has been exceeded. Retry the request later."))
	})
})
