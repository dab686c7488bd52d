package edlinkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/specid"
)

// Decision: Edlink's guides answer a missing entity with 404, while the
// error document gives 400 for every code. The specs assert the document's
// 400; a profile may declare 404 under settings.statusOverrides, which is
// then reported as a warning.
var _ = Describe("400 NOT_FOUND", edlink.Family(edlink.NotFound, 400), func() {
	It("answers a path that is no endpoint", specid.Label("edlink.not-found.not-found.no-endpoint"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("widgets"))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a well-formed person id that names nobody", specid.Label("edlink.not-found.not-found.unknown-person"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people", edlink.AbsentID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers the enrollments of a class that does not exist", specid.Label("edlink.not-found.not-found.enrollments-of-unknown-class"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("classes", edlink.AbsentID(), "enrollments"))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a class of another integration", specid.Label("edlink.not-found.not-found.class-of-another-integration"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("classes", edlink.ForeignClassID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a person the integration's sharing rules exclude", specid.Label("edlink.not-found.not-found.person-excluded-by-sharing"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people", edlink.UnsharedPersonID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a class the person is not enrolled in", specid.Label("edlink.not-found.not-found.class-not-enrolled-in"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.OtherClassID()), edlink.As("student"))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers an assignment id that names nothing", specid.Label("edlink.not-found.not-found.unknown-assignment"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.ClassID(), "assignments", edlink.AbsentID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers an update of an assignment that does not exist", specid.Label("edlink.not-found.not-found.update-of-unknown-assignment"), func(ctx SpecContext) {
		resp := edlink.PATCH(ctx, edlink.My("classes", edlink.ClassID(), "assignments", edlink.AbsentID()), edlink.Doc{"title": "Renamed"})
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers an assignment addressed under another class", specid.Label("edlink.not-found.not-found.assignment-under-another-class"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.OtherClassID(), "assignments", edlink.AssignmentID()))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})

	It("answers a student asking for an assignment not assigned to them", specid.Label("edlink.not-found.not-found.assignment-not-assigned-to-student"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.ClassID(), "assignments", edlink.IndividualAssignmentID()), edlink.As("student"))
		Expect(resp).To(edlink.BeError(edlink.NotFoundCode))
	})
})
