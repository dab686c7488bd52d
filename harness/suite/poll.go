package suite

import (
	"time"
	_ "unsafe" // for go:linkname
)

// pollingInterval is how often a parallel process asks the Ginkgo CLI for
// what it waits on: process 1's SynchronizedBeforeSuite data, and, on
// process 1, the other processes' reports before ReportAfterSuite. At
// Ginkgo's 50 ms, each wait ended up to 50 ms after what it waited for, on
// every process; Ginkgo offers no setting for it. Should a Ginkgo release
// rename the variable, the suites no longer link, so this cannot silently
// stop working.
//
//go:linkname pollingInterval github.com/onsi/ginkgo/v2/internal/parallel_support.POLLING_INTERVAL
var pollingInterval time.Duration

// ginkgoPolling is the interval the suites poll at: a poll is one request
// to the CLI on the loopback interface.
const ginkgoPolling = 5 * time.Millisecond

func init() { pollingInterval = ginkgoPolling }
