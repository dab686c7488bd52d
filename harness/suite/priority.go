package suite

import "github.com/onsi/ginkgo/v2"

// A parallel run hands the specs out by priority, then in their order; a
// spec that sends many requests one after another, handed out last, keeps
// one process busy after the others are done. The levels count the
// requests a spec sends one after another (make bench-latency --heaviest
// lists each spec's time); a spec of one request, the default, is handed
// out last, so a run ends on specs that are short and leave no record to
// read back.
var (
	// StartFirst marks the specs of four requests or more in a row.
	StartFirst = ginkgo.SpecPriority(3)
	// StartEarly marks those of three in a row.
	StartEarly = ginkgo.SpecPriority(2)
	// StartSoon marks those of two in a row, most of them a record created
	// and then the request the spec is about.
	StartSoon = ginkgo.SpecPriority(1)
)
