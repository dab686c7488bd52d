package suite

import (
	"fmt"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/report"
	"github.com/edconform/edconform/harness/transport"
)

// Report entries of the end-of-run check, one line per record, and of a
// Location header on another origin than the target's (see package report).
const (
	LeftEntry         = report.LeftEntry
	LeftByDesignEntry = report.LeftByDesignEntry
	LocationEntry     = report.LocationEntry
)

// CleanupPrefix starts the failure of the end-of-run check.
const CleanupPrefix = "clean-up: "

// guardOrigins keeps the client to the profile's origins and body limit.
func guardOrigins(c *transport.Client, p *profile.Profile) {
	if err := c.AllowOrigins(p.Origins()...); err != nil {
		// The profile was validated: an unusable base URL cannot get here.
		panic(err)
	}
	c.SetMaxBodyBytes(p.MaxBodyBytes())
}

// concurrentChecks bounds the reads of the end-of-run check in flight.
const concurrentChecks = 8

// checkLeftovers runs once per process after its specs: every record its
// ledger tracks must be gone. A record whose deletion failed, or that the
// target still has, is listed and fails the run's clean-up; records the
// API cannot delete are listed as left by design.
func checkLeftovers(ctx ginkgo.SpecContext) {
	if current == nil {
		return
	}
	records := current.Ledger.Records()
	// The records are read back several at once: one after another they
	// were the tail of a run against a slow target.
	stillThere := make([]string, len(records))
	var wg sync.WaitGroup
	reading := make(chan struct{}, concurrentChecks)
	var left, byDesign []string
	for i, r := range records {
		what := r.Resource + " " + r.ID
		if r.ByDesign {
			byDesign = append(byDesign, what)
			continue
		}
		if removal, failed := r.Removal(); failed {
			stillThere[i] = what + ": its deletion failed (last response " + answerOf(removal) + ")"
		} else if r.Check != nil {
			wg.Add(1)
			go func() {
				defer wg.Done()
				reading <- struct{}{}
				defer func() { <-reading }()
				if gone, answer := r.Check(ctx); !gone {
					stillThere[i] = what + ": still on the target after its clean-up (" + answer.Request.Method + " answered " + answerOf(answer) + ")"
				}
			}()
		}
	}
	wg.Wait()
	for _, l := range stillThere {
		if l != "" {
			left = append(left, l)
		}
	}
	current.Log.Reset()
	if len(byDesign) > 0 {
		ginkgo.AddReportEntry(LeftByDesignEntry, strings.Join(byDesign, "\n"), ginkgo.ReportEntryVisibilityFailureOrVerbose)
	}
	if len(left) > 0 {
		list := transport.Redact(strings.Join(left, "\n"))
		ginkgo.AddReportEntry(LeftEntry, list, ginkgo.ReportEntryVisibilityAlways)
		ginkgo.Fail(fmt.Sprintf("%s%d records the suite created are left on the target (resource, id, last response):\n  %s",
			CleanupPrefix, len(left), strings.ReplaceAll(list, "\n", "\n  ")))
	}
}

func answerOf(ex *transport.Exchange) string {
	switch {
	case ex == nil:
		return "none"
	case ex.Err != nil:
		return "no response: " + ex.Err.Error()
	}
	return fmt.Sprintf("%d %s", ex.Status, ex.Request.URL)
}
