package edlinkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("400 INVALID_CURSOR", edlink.Family(edlink.Pagination, 400), func() {
	It("rejects a cursor the server never issued", specid.Label("edlink.pagination.invalid-cursor.never-issued"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.Cursor(edlink.Unique("cursor")))
		Expect(resp).To(edlink.BeError(edlink.InvalidCursor))
	})

	// The cursor a page's $next link carries is one the server issued, so
	// it pages on: the refusals here are of invalid cursors, not of all.
	It("accepts the cursor of a page's $next link", specid.Label("edlink.pagination.invalid-cursor.next-link-accepted"), suite.StartSoon, func(ctx SpecContext) {
		page := edlink.GET(ctx, edlink.Graph("people"), edlink.First(1))
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.Cursor(edlink.NextCursor(page)))
		Expect(resp).To(edlink.BeData())
	})

	// Decision: the document does not say cursors expire; Edlink's
	// pagination guide, which it links to, does. An expired cursor the
	// server issued for this very listing is no longer valid.
	It("rejects a cursor that has expired", specid.Label("edlink.pagination.invalid-cursor.expired"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.Cursor(edlink.ExpiredCursor()))
		Expect(resp).To(edlink.BeError(edlink.InvalidCursor))
	})
})

var _ = Describe("400 INVALID_PAGE_SIZE", edlink.Family(edlink.Pagination, 400), func() {
	It("rejects a page size of 0 on a rostering endpoint", specid.Label("edlink.pagination.invalid-page-size.zero"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.First(0))
		Expect(resp).To(edlink.BeError(edlink.InvalidPageSize))
	})

	It("rejects a page size above 10000 on a rostering endpoint", specid.Label("edlink.pagination.invalid-page-size.above-10000"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.First(edlink.RosteringPageSizeMax+1))
		Expect(resp).To(edlink.BeError(edlink.InvalidPageSize))
	})

	It("rejects a page size above 10000 on the User API's rostering endpoint", specid.Label("edlink.pagination.invalid-page-size.above-10000-user-api"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes"), edlink.First(edlink.RosteringPageSizeMax+1))
		Expect(resp).To(edlink.BeError(edlink.InvalidPageSize))
	})

	It("accepts a page size of 10000 on a rostering endpoint", specid.Label("edlink.pagination.invalid-page-size.10000-accepted"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.First(edlink.RosteringPageSizeMax))
		Expect(resp).To(edlink.BeData())
	})

	// "For other endpoints, the maximum page size varies based on the
	// current provider": the profile names the provider's bound.
	It("rejects a page size above the provider's bound on an assignment list", specid.Label("edlink.pagination.invalid-page-size.above-provider-bound"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("classes", edlink.ClassID(), "assignments"), edlink.First(edlink.AssignmentsPageSizeMax()+1))
		Expect(resp).To(edlink.BeError(edlink.InvalidPageSize))
	})
})
