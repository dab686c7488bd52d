package edfispecs

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("500 Internal Server Error", edfi.Family(edfi.Server, 500, suite.NotProvokableLabel), func() {
	It("is a catch-all with no documented cause", specid.Label("edfi.server.internal-server-error"), func() {
		suite.NotProvokable("the knowledge base documents 500 only as a catch-all for server faults, with no request that causes one.",
			"every other spec fails when the server answers 5xx where a documented 4xx is due, and every error body the suite receives must be valid problem details.")
	})
})
