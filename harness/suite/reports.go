package suite

import (
	"fmt"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/report"
	"github.com/edconform/edconform/harness/transport"
	"github.com/edconform/edconform/version"
)

// Outcome is what a user sees for one spec (see package report).
type Outcome = report.Outcome

// The outcomes, as the README describes them.
const (
	OutcomePassed        = report.OutcomePassed
	OutcomeFailed        = report.OutcomeFailed
	OutcomeSetupError    = report.OutcomeSetupError
	OutcomeWarned        = report.OutcomeWarned
	OutcomeWaived        = report.OutcomeWaived
	OutcomeSkipped       = report.OutcomeSkipped
	OutcomeNotProvokable = report.OutcomeNotProvokable
	OutcomeNotObserved   = report.OutcomeNotObserved
	OutcomeNotSelected   = report.OutcomeNotSelected
)

// Outcomes lists every outcome in the order reports show them.
var Outcomes = report.Outcomes

// OutcomeOf classifies a spec report.
func OutcomeOf(s types.SpecReport) Outcome { return report.OutcomeOf(s) }

// Summary counts the specs of a run by outcome, in one line.
func Summary(profileName string, r ginkgo.Report) string {
	return report.Line(profileName, r)
}

func writeReports(dir string, v *Vendor, p *profile.Profile, r ginkgo.Report) error {
	fmt.Println("\n" + Summary(p.Name, r) + " (reports in " + dir + ")")
	if err := report.Write(dir, reportRun(v, p), r); err != nil {
		return unwritable(dir, err)
	}
	return nil
}

func reportRun(v *Vendor, p *profile.Profile) report.Run {
	target := transport.Redact(p.Target.BaseURL)
	if p.Embedded {
		target = "embedded " + v.Name + " reference server"
	}
	return report.Run{Version: version.Version, Vendor: v.Name, VendorTitle: v.Title, Source: v.Source,
		Families: v.Families, Subfamilies: v.Subfamilies, Profile: p.Name, Target: target, Strict: p.IsStrict(), Root: RepoRoot()}
}

func unwritable(dir string, err error) error {
	return fmt.Errorf("cannot write reports to %s: %v (set --reports-dir or EDCONFORM_REPORTS_DIR to a writable folder)", dir, err)
}
