package edlinkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("400 INVALID_INTEGRATION_STATE", edlink.Family(edlink.Authorization, 400), func() {
	It("rejects a Graph API request with the token of a disabled integration", specid.Label("edlink.authorization.invalid-integration-state.graph-disabled"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("schools"), edlink.As("disabledIntegration"))
		Expect(resp).To(edlink.BeError(edlink.InvalidIntegrationState))
	})

	It("rejects a User API request with a person token of a disabled integration", specid.Label("edlink.authorization.invalid-integration-state.user-api-disabled"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("profile"), edlink.As("disabledIntegrationTeacher"))
		Expect(resp).To(edlink.BeError(edlink.InvalidIntegrationState))
	})

	// "You must set the integration to active or paused": a paused
	// integration is in a correct state, so its requests are served.
	It("serves a Graph API request with the token of a paused integration", specid.Label("edlink.authorization.invalid-integration-state.graph-paused"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("schools"), edlink.As("pausedIntegration"))
		Expect(resp).To(edlink.BeData())
	})

	It("serves a User API request with a person token of a paused integration", specid.Label("edlink.authorization.invalid-integration-state.user-api-paused"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("profile"), edlink.As("pausedIntegrationTeacher"))
		Expect(resp).To(edlink.BeData())
	})
})

// Only a teacher, ta, designer or administrator of the class may write its
// assignments; a student may read those assigned to them.
var _ = Describe("400 NO_PERMISSION", edlink.Family(edlink.Authorization, 400), func() {
	It("refuses a student creating an assignment in their class", specid.Label("edlink.authorization.no-permission.student-creates"), func(ctx SpecContext) {
		resp := edlink.POST(ctx, edlink.My("classes", edlink.ClassID(), "assignments"), edlink.NewAssignment(), edlink.As("student"))
		Expect(resp).To(edlink.BeError(edlink.NoPermission))
	})

	It("lets a ta of the class create an assignment", Label(suite.Writes), specid.Label("edlink.authorization.no-permission.ta-creates"), suite.StartSoon, func(ctx SpecContext) {
		resp := edlink.POST(ctx, edlink.My("classes", edlink.ClassID(), "assignments"), edlink.NewAssignment(), edlink.As("ta"))
		Expect(resp).To(edlink.BeData())
	})

	It("refuses a student updating an assignment they can see", Label(suite.Writes), specid.Label("edlink.authorization.no-permission.student-updates"), suite.StartEarly, func(ctx SpecContext) {
		assignment := edlink.Create(ctx, edlink.ClassID(), edlink.NewAssignment())
		resp := edlink.PATCH(ctx, assignment.Path(), edlink.Doc{"title": edlink.Unique("renamed")}, edlink.As("student"))
		Expect(resp).To(edlink.BeError(edlink.NoPermission))
	})

	It("refuses a student deleting an assignment they can see", Label(suite.Writes), specid.Label("edlink.authorization.no-permission.student-deletes"), suite.StartEarly, func(ctx SpecContext) {
		assignment := edlink.Create(ctx, edlink.ClassID(), edlink.NewAssignment())
		resp := edlink.DELETE(ctx, assignment.Path(), edlink.As("student"))
		Expect(resp).To(edlink.BeError(edlink.NoPermission))
	})
})
