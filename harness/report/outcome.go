package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/expect"
)

// Outcome is what a user sees for one spec.
type Outcome string

// The outcomes, as the README describes them.
const (
	OutcomePassed Outcome = "passed"
	OutcomeFailed Outcome = "failed"
	// OutcomeSetupError is a spec a refused fixture step stopped before its
	// documented request: the target was not judged on that case.
	OutcomeSetupError Outcome = "set-up error"
	OutcomeWarned     Outcome = "warned"
	// OutcomeWaived is a failure a profile waiver accepts: reported with its
	// differences, but it does not fail the run.
	OutcomeWaived        Outcome = "waived"
	OutcomeSkipped       Outcome = "skipped"
	OutcomeNotProvokable Outcome = "not provokable"
	// OutcomeNotObserved is a race spec none of whose attempts provoked the
	// documented response: neither a pass nor a failure.
	OutcomeNotObserved Outcome = "not observed"
	// OutcomeNotSelected is a spec the run left out (by label or focus).
	OutcomeNotSelected Outcome = "not selected"
)

// WaiverEntry names the report entry that marks a failure as waived.
const WaiverEntry = "edconform-waiver"

// NotProvokablePrefix starts the skip reason of not-provokable specs.
const NotProvokablePrefix = "not provokable: "

// NotObservedPrefix starts the skip reason of race specs whose attempts
// never provoked the documented response.
const NotObservedPrefix = "not observed: "

// JUnitElement is how JUnit shows an outcome: "" for a passed test case,
// else the element the test case holds.
type JUnitElement string

// The JUnit elements a test case can hold.
const (
	JUnitPassed  JUnitElement = ""
	JUnitFailure JUnitElement = "failure"
	JUnitError   JUnitElement = "error"
	JUnitSkipped JUnitElement = "skipped"
)

// Kind describes one outcome for every report. A new outcome (a waived
// failure, say) is one more entry in Kinds, its constant, and its name in
// summary.schema.json (a test says so).
type Kind struct {
	Outcome Outcome
	// Counted is how the summary line counts it ("3 set-up errors").
	Counted string
	JUnit   JUnitElement
	// Precedence orders classification: the first kind, by precedence,
	// whose Matches holds is the spec's outcome.
	Precedence int
	// Attention orders specs in reports: lower first, so what needs acting
	// on comes first.
	Attention int
	Matches   func(s types.SpecReport) bool
}

// Kinds lists every outcome in the order the summary line shows them.
var Kinds = []Kind{
	{Outcome: OutcomePassed, Counted: "passed", JUnit: JUnitPassed, Precedence: 99, Attention: 9,
		Matches: func(types.SpecReport) bool { return true }},
	{Outcome: OutcomeFailed, Counted: "failed", JUnit: JUnitFailure, Precedence: 2, Attention: 0, Matches: failed},
	{Outcome: OutcomeSetupError, Counted: "set-up errors", JUnit: JUnitError, Precedence: 0, Attention: 1,
		Matches: func(s types.SpecReport) bool {
			return failed(s) && strings.HasPrefix(s.Failure.Message, expect.SetupErrorPrefix)
		}},
	{Outcome: OutcomeWarned, Counted: "warned", JUnit: JUnitPassed, Precedence: 10, Attention: 3,
		Matches: func(s types.SpecReport) bool { return hasEntry(s, expect.WarningEntry) }},
	{Outcome: OutcomeWaived, Counted: "waived", JUnit: JUnitPassed, Precedence: 1, Attention: 2,
		Matches: func(s types.SpecReport) bool { return failed(s) && hasEntry(s, WaiverEntry) }},
	{Outcome: OutcomeSkipped, Counted: "skipped", JUnit: JUnitSkipped, Precedence: 6, Attention: 5,
		Matches: func(s types.SpecReport) bool {
			return s.State == types.SpecStateSkipped || s.State == types.SpecStatePending
		}},
	{Outcome: OutcomeNotProvokable, Counted: "not provokable", JUnit: JUnitSkipped, Precedence: 3, Attention: 6,
		Matches: skippedWith(NotProvokablePrefix)},
	{Outcome: OutcomeNotObserved, Counted: "not observed", JUnit: JUnitSkipped, Precedence: 4, Attention: 4,
		Matches: skippedWith(NotObservedPrefix)},
	{Outcome: OutcomeNotSelected, Counted: "not selected", JUnit: JUnitSkipped, Precedence: 5, Attention: 7,
		Matches: func(s types.SpecReport) bool { return s.State == types.SpecStateSkipped && s.Failure.Message == "" }},
}

// Outcomes lists every outcome in the order reports show them.
var Outcomes = func() []Outcome {
	out := make([]Outcome, len(Kinds))
	for i, k := range Kinds {
		out[i] = k.Outcome
	}
	return out
}()

var byPrecedence = func() []Kind {
	out := slices.Clone(Kinds)
	slices.SortStableFunc(out, func(a, b Kind) int { return a.Precedence - b.Precedence })
	return out
}()

func failed(s types.SpecReport) bool { return s.State.Is(types.SpecStateFailureStates) }

func skippedWith(prefix string) func(types.SpecReport) bool {
	return func(s types.SpecReport) bool {
		return s.State == types.SpecStateSkipped && strings.HasPrefix(s.Failure.Message, prefix)
	}
}

func hasEntry(s types.SpecReport, name string) bool {
	return slices.ContainsFunc(s.ReportEntries, func(e types.ReportEntry) bool { return e.Name == name })
}

// OutcomeOf classifies a spec report.
func OutcomeOf(s types.SpecReport) Outcome {
	for _, k := range byPrecedence {
		if k.Matches(s) {
			return k.Outcome
		}
	}
	return OutcomePassed
}

// KindOf describes an outcome.
func KindOf(o Outcome) Kind {
	for _, k := range Kinds {
		if k.Outcome == o {
			return k
		}
	}
	return Kind{Outcome: o, Counted: string(o), Attention: 8}
}

// Class is the outcome as one CSS class name.
func (o Outcome) Class() string {
	return strings.ReplaceAll(strings.ReplaceAll(string(o), " ", "-"), "set-up", "setup")
}

// outcomeNone is a set-up node that did not fail; it is not counted.
const outcomeNone Outcome = ""

// OutcomeOfNode is OutcomeOf for specs; other nodes (BeforeSuite...) count
// only when they failed, as failures.
func OutcomeOfNode(s types.SpecReport) Outcome {
	if s.LeafNodeType == types.NodeTypeIt {
		return OutcomeOf(s)
	}
	if failed(s) {
		return OutcomeFailed
	}
	return outcomeNone
}

// Count counts the specs of a run by outcome.
func Count(r types.Report) map[Outcome]int {
	counts := map[Outcome]int{}
	for _, o := range Outcomes {
		counts[o] = 0
	}
	for _, s := range r.SpecReports {
		if o := OutcomeOfNode(s); o != outcomeNone {
			counts[o]++
		}
	}
	return counts
}

// Line is the one-line account of a run, by outcome. A failed set-up node
// (BeforeSuite, say) counts as a failure; specs the run left out are counted
// as not selected.
func Line(profileName string, r types.Report) string {
	var onTarget, byDesign int
	for _, s := range r.SpecReports {
		for _, e := range s.ReportEntries {
			lines := strings.Count(e.StringRepresentation(), "\n") + 1
			switch e.Name {
			case LeftEntry:
				onTarget += lines
			case LeftByDesignEntry:
				byDesign += lines
			}
		}
	}
	return fmt.Sprintf("edconform %s: %s%s", profileName, countsLine(Count(r)), leftLine(onTarget, byDesign))
}

// leftLine is the summary line's account of records left behind; "" when
// none is.
func leftLine(onTarget, byDesign int) string {
	var parts []string
	if onTarget > 0 {
		parts = append(parts, fmt.Sprintf("%d left on the target", onTarget))
	}
	if byDesign > 0 {
		parts = append(parts, fmt.Sprintf("%d left by design", byDesign))
	}
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}
