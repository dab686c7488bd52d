package edfispecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("412 Precondition Failed", edfi.Family(edfi.OptimisticLock, 412), func() {
	It("refuses a PUT whose If-Match names a version another client has replaced", Label(suite.Writes), specid.Label("edfi.optimistic-lock.precondition-failed"), suite.StartFirst, func(ctx SpecContext) {
		etags := edfi.Config().ETags
		suite.RequireSetting(etags != nil && *etags, "settings.etags", "true when the target has the ETag feature enabled")
		week := edfi.Create(ctx, "academicWeeks", edfi.NewAcademicWeek())
		stale := edfi.ReadETag(ctx, week)

		edfi.Step(edfi.PUT(ctx, week.Path(), week.Doc.With("totalInstructionalDays", 4)), 204, "another client's update, which replaces the _etag")

		resp := edfi.PUT(ctx, week.Path(), week.Doc.With("totalInstructionalDays", 3), edfi.IfMatch(stale))
		Expect(resp).To(edfi.BeProblem(412, edfi.OptimisticLockFailed).
			WithDetail("The item has been modified by another user."))
	})
})
