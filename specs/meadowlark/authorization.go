// Package meadowlarkspecs holds the Ed-Fi Meadowlark 0.4.0 conformance
// specs, one file per section of its "Error Messages" document, one spec
// per row (or more where a row names several requests). "Decision:"
// comments record where the document is unclear and what the spec asserts.
package meadowlarkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("Authorization Failure", func() {

	Describe("Invalid Authorization header", meadowlark.Family(meadowlark.Authorization, 400), func() {
		It("rejects a request without an Authorization header", specid.Label("meadowlark.authorization.invalid-authorization-header.missing"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks", meadowlark.NoAuthorizationHeader())
			Expect(resp).To(meadowlark.BeError(400).WithText("Invalid authorization header"))
		})

		It("rejects an Authorization header with the Basic scheme", specid.Label("meadowlark.authorization.invalid-authorization-header.basic-scheme"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks", meadowlark.AuthorizationHeader("Basic am9obmRvZToxMjM="))
			Expect(resp).To(meadowlark.BeError(400).WithText("Invalid authorization header"))
		})
	})

	Describe("Provided JWT is not well-formed", meadowlark.Family(meadowlark.Authorization, 401), func() {
		It("rejects a bearer token that is not a JWT", specid.Label("meadowlark.authorization.jwt-not-well-formed.not-a-jwt"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks", meadowlark.AuthorizationHeader("Bearer not-a-jwt"))
			Expect(resp).To(meadowlark.BeWithoutMessage(401))
		})

		It("rejects a JWT signed with a key the server does not have", specid.Label("meadowlark.authorization.jwt-not-well-formed.unknown-signing-key"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks", meadowlark.AuthorizationHeader("Bearer "+meadowlark.ForeignJWT()))
			Expect(resp).To(meadowlark.BeWithoutMessage(401))
		})
	})

	Describe("Provided JWT is inactive", meadowlark.Family(meadowlark.Authorization, 401), func() {
		It("rejects a JWT that has expired", specid.Label("meadowlark.authorization.jwt-is-inactive"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks", meadowlark.WithToken("expired"))
			Expect(resp).To(meadowlark.BeWithoutMessage(401))
		})
	})

	Describe("Oauth server is unreachable", meadowlark.Family(meadowlark.Authorization, 502, suite.NotProvokableLabel), func() {
		It("answers 502 where the OAuth server cannot be reached", specid.Label("meadowlark.authorization.oauth-server-is-unreachable"), func(ctx SpecContext) {
			resp := atUnreachable(ctx, meadowlark.Config().OAuthServerUnreachableURL, "settings.oauthServerUnreachableURL", "OAuth server")
			Expect(resp).To(meadowlark.BeWithoutMessage(502))
		})
	})

	Describe("Not authorized for the given document", meadowlark.Family(meadowlark.Authorization, 403, suite.Writes), func() {
		// Vendor clients see and change only the documents they created;
		// the profile's second vendor client did not create this one.
		var week *meadowlark.Item
		BeforeEach(func(ctx SpecContext) {
			meadowlark.RequireSchool()
			meadowlark.RequireClient("secondVendor")
			week = meadowlark.Create(ctx, "academicWeeks", meadowlark.NewAcademicWeek())
		})

		It("refuses another vendor a GET of the document", specid.Label("meadowlark.authorization.not-authorized-for-document.get"), suite.StartFirst, func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, week.Path(), meadowlark.As("secondVendor"))
			Expect(resp).To(meadowlark.BeWithoutMessage(403))
		})

		It("refuses another vendor a PUT of the document", specid.Label("meadowlark.authorization.not-authorized-for-document.put"), suite.StartEarly, func(ctx SpecContext) {
			resp := meadowlark.PUT(ctx, week.Path(), week.Body().With("totalInstructionalDays", 4), meadowlark.As("secondVendor"))
			Expect(resp).To(meadowlark.BeWithoutMessage(403))
		})

		It("refuses another vendor a DELETE of the document", specid.Label("meadowlark.authorization.not-authorized-for-document.delete"), suite.StartEarly, func(ctx SpecContext) {
			resp := meadowlark.DELETE(ctx, week.Path(), meadowlark.As("secondVendor"))
			Expect(resp).To(meadowlark.BeWithoutMessage(403))
		})
	})
})

// atUnreachable sends a GET to a collection URL the profile names as
// unable to reach a dependency; without one the row is not provokable.
func atUnreachable(ctx SpecContext, target, key, dependency string) *meadowlark.Response {
	if target == "" {
		suite.NotProvokable("a healthy deployment reaches its "+dependency+"; no request makes it unreachable.",
			"set "+key+" to a resource collection of a deployment known to be unable to reach its "+dependency+", and this spec runs there.")
	}
	return meadowlark.Send(ctx, "GET", target, nil)
}
