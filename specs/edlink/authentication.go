// Package edlinkspecs holds the Edlink API v2 conformance specs, one file
// per error family, one Describe per heading of Edlink's "Error Responses"
// document. "Decision:" comments record where the document leaves a choice
// or contradicts Edlink's other documentation, and what the spec asserts.
package edlinkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/specid"
)

// Decision: Edlink's guides answer an invalid or expired token with 401,
// while the error document gives 400 for every code. The specs assert the
// document's 400; a profile may declare 401 under settings.statusOverrides,
// which is then reported as a warning.
var _ = Describe("400 INVALID_TOKEN", edlink.Family(edlink.Authentication, 400), func() {
	It("rejects a Graph API request without an Authorization header", specid.Label("edlink.authentication.invalid-token.graph-without-header"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.NoAuthorizationHeader())
		Expect(resp).To(edlink.BeError(edlink.InvalidToken))
	})

	It("rejects a bearer token the server never issued", specid.Label("edlink.authentication.invalid-token.never-issued"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.AuthorizationHeader("Bearer "+edlink.Unique("not-a-token")))
		Expect(resp).To(edlink.BeError(edlink.InvalidToken))
	})

	It("rejects a User API request without an Authorization header", specid.Label("edlink.authentication.invalid-token.user-api-without-header"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("profile"), edlink.NoAuthorizationHeader())
		Expect(resp).To(edlink.BeError(edlink.InvalidToken))
	})

	// "Make sure that you're using the correct type of access token": the
	// Graph API takes integration tokens, the User API person tokens.
	It("rejects a person token on the Graph API", specid.Label("edlink.authentication.invalid-token.person-token-on-graph"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.As("teacher"))
		Expect(resp).To(edlink.BeError(edlink.InvalidToken))
	})

	It("rejects an integration token on the User API", specid.Label("edlink.authentication.invalid-token.integration-token-on-user-api"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("profile"), edlink.As("integration"))
		Expect(resp).To(edlink.BeError(edlink.InvalidToken))
	})
})

var _ = Describe("400 EXPIRED_TOKEN", edlink.Family(edlink.Authentication, 400), func() {
	It("rejects a person token past its expiry", specid.Label("edlink.authentication.expired-token"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("profile"), edlink.As("expired"))
		Expect(resp).To(edlink.BeError(edlink.ExpiredToken))
	})
})

var _ = Describe("400 UNSHARED_TOKEN", edlink.Family(edlink.Authentication, 400), func() {
	It("rejects the token of a person the integration's sharing rules exclude", specid.Label("edlink.authentication.unshared-token"), func(ctx SpecContext) {
		resp := edlink.GET(ctx, edlink.My("profile"), edlink.As("unshared"))
		Expect(resp).To(edlink.BeError(edlink.UnsharedToken))
	})
})
