package suite

import "github.com/onsi/ginkgo/v2"

// A parallel run hands the specs out by priority, then in their order; a
// spec that sends many requests one after another, handed out last, keeps
// one process busy after the others are done.
var (
	// StartFirst marks the specs with the longest chains of requests.
	StartFirst = ginkgo.SpecPriority(2)
	// StartEarly marks those with several requests in a row.
	StartEarly = ginkgo.SpecPriority(1)
)
