package edlinkspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

const unexpectedInstead = "every error the suite receives must carry a documented code with status 400 in a valid envelope, whatever the cause."

var _ = Describe("400 UNKNOWN", edlink.Family(edlink.Server, 400, suite.NotProvokableLabel), func() {
	It("answers a request the server could not fulfil for an unclassified reason", specid.Label("edlink.server.unknown"), func(ctx SpecContext) {
		token := provokingToken("unknownError", "the document gives UNKNOWN only for unexpected conditions, which no request causes on purpose.", unexpectedInstead)
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.As(token))
		Expect(resp).To(edlink.BeError(edlink.Unknown))
	})
})

var _ = Describe("400 INTERNAL", edlink.Family(edlink.Server, 400, suite.NotProvokableLabel), func() {
	It("answers a request the server could not fulfil because of an internal failure", specid.Label("edlink.server.internal"), func(ctx SpecContext) {
		token := provokingToken("internalError", "the document gives INTERNAL only for unexpected conditions, which no request causes on purpose.", unexpectedInstead)
		resp := edlink.GET(ctx, edlink.Graph("people"), edlink.As(token))
		Expect(resp).To(edlink.BeError(edlink.Internal))
	})
})
