package edfispecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("401 Unauthorized", edfi.Family(edfi.Authentication, 401), func() {

	// The document sends an incomplete descriptor: authentication comes
	// before validation, so only the 401 may come back.
	incomplete := func() edfi.Doc { return edfi.Descriptor("AbsenceEventCategoryDescriptor").Without("codeValue") }

	authenticationFailed := func(message string) *edfi.Problem {
		return edfi.BeProblem(401, edfi.AuthenticationFailed).
			WithDetail("The caller could not be authenticated.").
			WithError(message)
	}

	Describe("Missing Authorization header", func() {
		It("rejects a request without an Authorization header", specid.Label("edfi.authentication.missing-authorization-header"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors", incomplete(), edfi.NoAuthorizationHeader())
			Expect(resp).To(authenticationFailed("Authorization header is missing."))
		})
	})

	Describe("Unsupported Authorization header scheme", func() {
		It("rejects Basic credentials", specid.Label("edfi.authentication.unsupported-authorization-header-scheme"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors", incomplete(), edfi.AuthorizationHeader("basic am9obmRvZToxMjM="))
			Expect(resp).To(authenticationFailed("Unknown Authorization header scheme."))
		})
	})

	Describe("Missing or blank token in the Authorization header", func() {
		It("rejects the bearer scheme with no token", specid.Label("edfi.authentication.missing-or-blank-token"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors", incomplete(), edfi.AuthorizationHeader("bearer"))
			Expect(resp).To(authenticationFailed("Missing Authorization header bearer token value."))
		})
	})

	Describe("Expired or invalid token in the Authorization header", func() {
		It("rejects a token the server never issued", specid.Label("edfi.authentication.expired-or-invalid-token.never-issued"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors", incomplete(), edfi.AuthorizationHeader("bearer 123"))
			Expect(resp).To(authenticationFailed("Invalid Authorization header."))
		})

		It("rejects a token that has expired", specid.Label("edfi.authentication.expired-or-invalid-token.expired"), func(ctx SpecContext) {
			expired, err := suite.Current().Tokens.Static("expired")
			suite.Require(err)
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors", incomplete(), edfi.AuthorizationHeader("bearer "+expired))
			Expect(resp).To(authenticationFailed("Invalid Authorization header."))
		})
	})
})
