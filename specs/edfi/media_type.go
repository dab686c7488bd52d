package edfispecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
)

var _ = Describe("415 Unsupported Media Type", edfi.Family(edfi.MediaType, 415), func() {

	unsupported := func() *edfi.Problem {
		return edfi.BeProblem(415, edfi.UnsupportedMediaType).
			WithDetail("The request construction was invalid.").
			WithError("The value specified in the 'Content-Type' header is not supported by this host.")
	}

	It("refuses a body sent without a Content-Type", specid.Label("edfi.media-type.unsupported-media-type.no-content-type"), func(ctx SpecContext) {
		resp := edfi.POST(ctx, "absenceEventCategoryDescriptors", edfi.Descriptor("AbsenceEventCategoryDescriptor"), edfi.NoContentType())
		Expect(resp).To(unsupported())
	})

	It("refuses a body sent as text/plain", specid.Label("edfi.media-type.unsupported-media-type.text-plain"), func(ctx SpecContext) {
		resp := edfi.POST(ctx, "absenceEventCategoryDescriptors", edfi.Descriptor("AbsenceEventCategoryDescriptor"), edfi.ContentType("text/plain"))
		Expect(resp).To(unsupported())
	})
})
