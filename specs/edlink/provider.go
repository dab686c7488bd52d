package edlinkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("400 UNKNOWN_PROVIDER", edlink.Family(edlink.Provider, 400, suite.NotProvokableLabel), func() {
	It("answers a request of an integration whose provider Edlink cannot find", specid.Label("edlink.provider.unknown-provider"), func(ctx SpecContext) {
		token := provokingToken("unknownProvider",
			"no client can make Edlink lose track of the provider behind an integration or person.",
			unexpectedInstead)
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.As(token))
		Expect(resp).To(edlink.BeError(edlink.UnknownProvider))
	})
})

var _ = Describe("400 INVALID_PROVIDER_TOKEN", edlink.Family(edlink.Provider, 400), func() {
	It("rejects assignments for a person who never signed in with their provider account", specid.Label("edlink.provider.invalid-provider-token.never-signed-in"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, myAssignments(), edlink.As("noProviderSignIn"))
		Expect(resp).To(edlink.BeError(edlink.InvalidProviderToken))
	})

	It("rejects assignments for a person whose provider tokens have expired", specid.Label("edlink.provider.invalid-provider-token.expired"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, myAssignments(), edlink.As("invalidProvider"))
		Expect(resp).To(edlink.BeError(edlink.InvalidProviderToken))
	})
})

var _ = Describe("400 UNSUPPORTED_OPERATION", edlink.Family(edlink.Provider, 400), func() {
	It("refuses Graph API assignments on a provider without them", specid.Label("edlink.provider.unsupported-operation.graph"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("classes", edlink.UnsupportedProviderClassID(), "assignments"), edlink.As("unsupportedProvider"))
		Expect(resp).To(edlink.BeError(edlink.UnsupportedOperation))
	})

	It("refuses User API assignments on a provider without them", specid.Label("edlink.provider.unsupported-operation.user-api"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.UnsupportedProviderClassID(), "assignments"), edlink.As("unsupportedProviderTeacher"))
		Expect(resp).To(edlink.BeError(edlink.UnsupportedOperation))
	})
})

var _ = Describe("400 ENTITY_NOT_PRESENT_IN_SOURCE", edlink.Family(edlink.Provider, 400), func() {
	It("refuses assignments to a user present only through data enrichment", specid.Label("edlink.provider.entity-not-present-in-source.assignee"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, myAssignments(), edlink.As("enrichmentOnly"))
		Expect(resp).To(edlink.BeError(edlink.EntityNotPresentInSource))
	})

	It("refuses User API assignments of a class present only through data enrichment", specid.Label("edlink.provider.entity-not-present-in-source.user-api-class"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("classes", edlink.EnrichmentOnlyClassID(), "assignments"))
		Expect(resp).To(edlink.BeError(edlink.EntityNotPresentInSource))
	})

	It("refuses Graph API assignments of a class present only through data enrichment", specid.Label("edlink.provider.entity-not-present-in-source.graph-class"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("classes", edlink.EnrichmentOnlyClassID(), "assignments"))
		Expect(resp).To(edlink.BeError(edlink.EntityNotPresentInSource))
	})
})

// provokingToken returns role when the profile has a token (auth.tokens.<role>)
// of an account in the state that provokes a code no client can cause on
// purpose; otherwise the spec is not provokable.
func provokingToken(role, why, instead string) string {
	if _, err := suite.Current().Tokens.Static(role); err != nil {
		suite.NotProvokable(why, instead+" Set auth.tokens."+role+" to a token of such an account to run this spec.")
	}
	return role
}
