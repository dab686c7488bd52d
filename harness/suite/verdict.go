package suite

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/transport"
)

// The exit codes of a suite run, for gating a pipeline on it.
const (
	// ExitConformant: no failure (warnings and waived failures allowed).
	ExitConformant = 0
	// ExitNonConformant: at least one failure no waiver covers.
	ExitNonConformant = 1
	// ExitNotJudged: the suite could not judge the target (a profile error,
	// a missing secret, an unreachable target, a failed pre-flight, or only
	// set-up errors).
	ExitNotJudged = 2
)

// WaiverEntry names the report entry that marks a failure as waived.
const WaiverEntry = "edconform-waiver"

// Verdict is the exit code a finished run earns, and why.
func Verdict(r types.Report) (code int, why string) {
	counts := map[Outcome]int{}
	left := 0
	for _, s := range r.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			if s.State.Is(types.SpecStateFailureStates) && strings.HasPrefix(s.Failure.Message, CleanupPrefix) {
				// The specs ran and judged; what they created stayed.
				left++
				continue
			}
			if s.State.Is(types.SpecStateFailureStates) {
				return ExitNotJudged, fmt.Sprintf("the suite's %s failed, so no spec judged the target", s.LeafNodeType)
			}
			continue
		}
		counts[OutcomeOf(s)]++
	}
	judged := counts[OutcomePassed] + counts[OutcomeWarned] + counts[OutcomeFailed] + counts[OutcomeWaived]
	switch {
	case counts[OutcomeFailed] > 0:
		return ExitNonConformant, fmt.Sprintf("%d specs failed", counts[OutcomeFailed])
	case left > 0:
		return ExitNonConformant, "records the suite created are left on the target"
	case judged == 0 && counts[OutcomeSetupError] > 0:
		return ExitNotJudged, fmt.Sprintf("every spec that ran ended in a set-up error (%d)", counts[OutcomeSetupError])
	}
	return ExitConformant, "conformant"
}

// markWaived records, at the end of a failed spec, the waiver that covers it.
func markWaived(p *profile.Profile) {
	r := ginkgo.CurrentSpecReport()
	if !r.Failed() || strings.HasPrefix(r.Failure.Message, expect.SetupErrorPrefix) {
		return
	}
	if w, ok := p.Waiver(specid.Of(r.Labels())); ok {
		ginkgo.AddReportEntry(WaiverEntry, fmt.Sprintf("waived until %s (%s): %s", w.Expires, w.Key, w.Reason), ginkgo.ReportEntryVisibilityAlways)
	}
}

func waived(s types.SpecReport) bool {
	for _, e := range s.ReportEntries {
		if e.Name == WaiverEntry {
			return true
		}
	}
	return false
}

// checkProfileIDs requires every spec id the profile names (waivers,
// expectation overrides) to be a spec of this suite.
func checkProfileIDs(v *Vendor, p *profile.Profile) error {
	if len(specid.All()) == 0 {
		return nil
	}
	catalogue := fmt.Sprintf("docs/catalogue/%s.md lists every spec's id", v.Name)
	for _, w := range p.Waivers {
		if !specid.Known(w.Spec) {
			return &profile.Error{Source: p.Source, Key: w.Key + ".spec", Reason: fmt.Sprintf("%q names no %s spec (%s)", w.Spec, v.Name, catalogue)}
		}
	}
	for _, id := range sortedIDs(p) {
		if !specid.Known(id) {
			return &profile.Error{Source: p.Source, Key: "expect." + id, Reason: fmt.Sprintf("names no %s spec (%s)", v.Name, catalogue)}
		}
	}
	return nil
}

// rerunFilter is a label filter selecting the specs that failed or ended in
// a set-up error in the profile's last summary.json.
func rerunFilter(reportDir string) (string, error) {
	path := filepath.Join(reportDir, "summary.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--rerun needs the last run's %s: %v (run the suite once first)", path, err)
	}
	var last struct {
		Specs []struct {
			ID      string `json:"id"`
			Outcome string `json:"outcome"`
		} `json:"specs"`
	}
	if err := json.Unmarshal(raw, &last); err != nil {
		return "", fmt.Errorf("--rerun: %s is not a summary the suite wrote: %v", path, err)
	}
	var ids []string
	for _, s := range last.Specs {
		if (s.Outcome == string(OutcomeFailed) || s.Outcome == string(OutcomeSetupError)) && s.ID != "" {
			ids = append(ids, regexp.QuoteMeta(s.ID))
		}
	}
	if len(ids) == 0 {
		return "", nil
	}
	slices.Sort(ids)
	return "/^" + regexp.QuoteMeta(specid.LabelPrefix) + "(" + strings.Join(ids, "|") + ")$/", nil
}

// notJudged reports a run that could not start (the profile, say) the way
// a finished run is reported, so a CI JUnit publisher finds an error entry,
// and exits with ExitNotJudged.
func notJudged(v *Vendor, reportDir string, err error) {
	msg := transport.Redact(err.Error())
	fmt.Fprintf(os.Stderr, "edconform %s: could not judge the target: %s\n", v.Name, msg)
	if reportDir != "" && os.MkdirAll(reportDir, 0o755) == nil {
		writeStartError(reportDir, v, msg)
	}
	os.Exit(ExitNotJudged)
}

func writeStartError(dir string, v *Vendor, msg string) {
	suites := reporters.JUnitTestSuites{Tests: 1, Errors: 1, TestSuites: []reporters.JUnitTestSuite{{
		Name: v.Title + " conformance", Package: v.Name, Tests: 1, Errors: 1,
		TestCases: []reporters.JUnitTestCase{{
			Name: "edconform set-up", Classname: v.Name, Status: "error",
			Error: &reporters.JUnitError{Message: msg, Type: "could not judge", Description: msg},
		}},
	}}}
	if out, err := xml.MarshalIndent(suites, "", "  "); err == nil {
		_ = os.WriteFile(filepath.Join(dir, "junit.xml"), append([]byte(xml.Header), out...), 0o644)
	}
	summary := map[string]any{"vendor": v.Name, "error": msg, "exitCode": ExitNotJudged, "specs": []any{}}
	if out, err := json.MarshalIndent(summary, "", "  "); err == nil {
		_ = os.WriteFile(filepath.Join(dir, "summary.json"), out, 0o644)
	}
}

// verdictT stands in for *testing.T in RunSpecs, so the suite, not Ginkgo,
// decides whether the run failed (waived failures do not).
type verdictT struct{ failed bool }

func (v *verdictT) Fail() { v.failed = true }
