package edlinkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edlink"
)

// Decision: Edlink's guides answer a missing entity with 404, while the
// error document gives 400 for every code. The specs assert the document's
// 400; a profile may declare 404 under settings.statusOverrides, which is
// then reported as a warning.
var _ = Describe("400 NOT_FOUND", edlink.Family(edlink.NotFound, 400), func() {
	It("answers a path that is no endpoint", func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("widgets"))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a well-formed person id that names nobody", func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people", edlink.AbsentID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers the enrollments of a class that does not exist", func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("classes", edlink.AbsentID(), "enrollments"))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a class of another integration", func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("classes", edlink.ForeignClassID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a person the integration's sharing rules exclude", func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people", edlink.UnsharedPersonID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a class the person is not enrolled in", func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.OtherClassID()), edlink.As("student"))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers an assignment id that names nothing", func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.ClassID(), "assignments", edlink.AbsentID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers an update of an assignment that does not exist", func(ctx SpecContext) {
		resp := edlink.PATCH(ctx, edlink.My("classes", edlink.ClassID(), "assignments", edlink.AbsentID()), edlink.Doc{"title": "Renamed"})
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers an assignment addressed under another class", func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.OtherClassID(), "assignments", edlink.AssignmentID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a student asking for an assignment not assigned to them", func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.ClassID(), "assignments", edlink.IndividualAssignmentID()), edlink.As("student"))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})
})
