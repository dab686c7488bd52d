package suite

import (
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/transport"
)

// Report entries of the end-of-run check, one line per record.
const (
	// LeftEntry: records the suite created that are still on the target,
	// or whose deletion failed.
	LeftEntry = "edconform-left-on-target"
	// LeftByDesignEntry: records the API offers no way to delete.
	LeftByDesignEntry = "edconform-left-by-design"
)

// LocationEntry names the report entry that tells of a Location header on
// another origin than the target's, and how the item was found instead.
const LocationEntry = "edconform-location"

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

// checkLeftovers runs once per process after its specs: every record its
// ledger tracks must be gone. A record whose deletion failed, or that the
// target still has, is listed and fails the run's clean-up; records the
// API cannot delete are listed as left by design.
func checkLeftovers(ctx ginkgo.SpecContext) {
	if current == nil {
		return
	}
	var left, byDesign []string
	// Once the target stops answering, reading the rest back would cost a
	// timeout each and prove nothing.
	answering := true
	for _, r := range current.Ledger.Records() {
		what := r.Resource + " " + r.ID
		if r.ByDesign {
			byDesign = append(byDesign, what)
			continue
		}
		if removal, failed := r.Removal(); failed {
			left = append(left, what+": its deletion failed (last response "+answerOf(removal)+")")
		} else if r.Check != nil && answering {
			gone, answer := r.Check(ctx)
			answering = answer.Err == nil
			if !gone {
				left = append(left, what+": still on the target after its clean-up ("+answer.Request.Method+" answered "+answerOf(answer)+")")
			}
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

// leftCounts counts the records listed as left on the target and left by
// design, over every process's end-of-run check.
func leftCounts(r types.Report) (left, byDesign int) {
	for _, s := range r.SpecReports {
		for _, e := range s.ReportEntries {
			lines := strings.Count(e.StringRepresentation(), "\n") + 1
			switch e.Name {
			case LeftEntry:
				left += lines
			case LeftByDesignEntry:
				byDesign += lines
			}
		}
	}
	return left, byDesign
}

// leftSummary is the summary line's account of records left behind; ""
// when none is.
func leftSummary(r types.Report) string {
	left, byDesign := leftCounts(r)
	var parts []string
	if left > 0 {
		parts = append(parts, fmt.Sprintf("%d left on the target", left))
	}
	if byDesign > 0 {
		parts = append(parts, fmt.Sprintf("%d left by design", byDesign))
	}
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}

// leftByDesignRows shows, in the HTML report, the records a process left
// because the API cannot delete them; they count as no outcome.
func leftByDesignRows(s types.SpecReport) []htmlRow {
	var rows []htmlRow
	for _, e := range s.ReportEntries {
		if e.Name == LeftByDesignEntry {
			rows = append(rows, htmlRow{Text: "records left on the target by design (the API offers no way to delete them)",
				Outcome: "left by design", Detail: e.StringRepresentation()})
		}
	}
	return rows
}
