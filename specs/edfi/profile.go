package edfispecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("400 Bad Request", edfi.Family(edfi.Profile, 400), func() {

	Describe("Invalid Profile Usage", func() {
		// Decision: the document's sample content type ends in '+jso', a
		// typo that would make it no profile content type at all; the spec
		// sends the well-formed readable type.
		It("rejects a readable profile content type on PUT", specid.Label("edfi.profile.invalid-profile-usage"), suite.StartSoon, func(ctx SpecContext) {
			readOnly := requireProfile("readOnly", edfi.Config().Profiles.ReadOnly)
			// The profile check comes before the item is looked up, so an
			// id the suite made up keeps the spec from touching real data.
			resp := edfi.PUT(ctx, "schools/"+edfi.AbsentID(), edfi.NewSchool(ctx),
				edfi.As("profiled"), edfi.ContentType(readOnly.ContentType("readable")+"; charset=utf-8"))
			Expect(resp).To(edfi.BeProblem(400, edfi.InvalidProfileUsage).
				WithDetail("The request construction was invalid with respect to usage of a data policy.").
				WithError("A profile-based content type that is readable cannot be used with PUT requests."))
		})
	})

	Describe("Invalid Method Usage", func() {
		// Decision: the document's heading names a type
		// (urn:ed-fi:api:profile:invalid-method-usage) that its own sample
		// response does not use, and the sample's errors text is the PUT
		// case's. The spec follows the response: invalid-profile-usage, with
		// some explanation in errors. ODS/API answers 405 method-usage,
		// which profiles/edfi-ods-7.2.yaml records under expect.
		It("rejects the writable content type of a read-only profile on POST", specid.Label("edfi.profile.invalid-method-usage"), suite.StartSoon, func(ctx SpecContext) {
			readOnly := requireProfile("readOnly", edfi.Config().Profiles.ReadOnly)
			resp := edfi.POST(ctx, "schools", edfi.NewSchool(ctx),
				edfi.As("profiled"), edfi.ContentType(readOnly.ContentType("writable")+"; charset=utf-8"))
			Expect(resp).To(edfi.BeProblem(400, edfi.InvalidProfileUsage).
				WithDetail("The request construction was invalid with respect to usage of a data policy.").
				WithSomeErrors())
		})
	})
})

func requireProfile(name string, p *edfi.APIProfile) *edfi.APIProfile {
	suite.RequireSetting(p != nil, "settings.profiles."+name, "an API profile assigned to the `profiled` client")
	return p
}
