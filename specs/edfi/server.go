package edfispecs

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("500 Internal Server Error", edfi.Family(edfi.Server, 500, suite.NotProvokableLabel), func() {
	// The knowledge base names no type, title or detail for a 500; what
	// holds is that the body is problem details with the status.
	It("is a catch-all with no documented cause", specid.Label("edfi.server.internal-server-error"), func(ctx SpecContext) {
		target := edfi.Config().InternalErrorURL
		if target == "" {
			suite.NotProvokable("the knowledge base documents 500 only as a catch-all for server faults, with no request that causes one.",
				"every other spec fails when the server answers 5xx where a documented 4xx is due, and every error body the suite receives must be valid problem details; "+
					"set settings.internalErrorURL to a resource collection of a deployment known to answer 500 (one that cannot reach its ODS database), and this spec runs there.")
		}
		resp := edfi.Send(ctx, http.MethodGet, target, nil)
		Expect(resp).To(edfi.BeProblem(500, edfi.UndocumentedType))
	})
})
