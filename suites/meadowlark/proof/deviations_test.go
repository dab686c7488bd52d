package proof

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/meadowlark/prooftest"
)

// Each deviation of the reference server makes exactly the specs that check
// the behaviour it breaks fail; with those validationproof runs, they pin
// every spec.
func TestEachDeviationFailsExactlyTheSpecsThatCheckIt(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, prooftest.Expected.Others)

	all := suitetest.SpecsWhere(t, suiteTest, func(types.SpecReport) bool { return true })
	if unpinned := suitetest.Pinning(t, "meadowlark", prooftest.Expected.Pinned(), nil, all); len(unpinned) > 0 {
		t.Errorf("%d specs are pinned by no behaviour-specific deviation or fault mode:\n  %s", len(unpinned), strings.Join(unpinned, "\n  "))
	}
}

// With the fault modes on, a server that answers 500 where a dependency is
// unreachable fails exactly the two 502 specs.
func TestTheUnreachableRowsFailWhenTheFaultIsAnsweredWrongly(t *testing.T) {
	t.Parallel()
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{prooftest.FaultModes, "--deviations=unreachable-dependency-500"}})
	if got, want := run.Specs(suite.OutcomeFailed), sorted(prooftest.FaultSpecs); !slices.Equal(got, want) || len(run.SuiteFailures()) > 0 {
		t.Fatalf("the failing specs differ\nwant:\n  %s\ngot:\n  %s\n%s", strings.Join(want, "\n  "), strings.Join(got, "\n  "), run.Summary())
	}
	for _, spec := range prooftest.FaultSpecs {
		suitetest.RequireReadableFailure(t, spec, run.Failure(spec))
	}
}

// A race spec passes only when a racer got the write conflict: against a
// server without concurrency control, where the last write wins, the race
// specs end as not observed (or failed), never passed, and nothing else
// fails; against the healthy server they pass.
func TestRacesWithoutConcurrencyControlDoNotPass(t *testing.T) {
	t.Parallel()
	race := []string{"-ginkgo.label-filter=concurrency"}
	healthy := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: race})
	if got := healthy.Specs(suite.OutcomePassed); !slices.Equal(got, sorted(prooftest.RaceSpecs)) {
		t.Errorf("against the healthy server the race specs did not all pass: %s\n%s", healthy.Summary(), healthy.Output)
	}
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: append(race, "--deviations=concurrency-control-off")})
	if len(run.SuiteFailures()) > 0 {
		t.Fatalf("the suite itself failed: %s\n%s", run.Summary(), run.Output)
	}
	if passed := run.Specs(suite.OutcomePassed); len(passed) > 0 {
		t.Errorf("race specs passed without any write conflict:\n  %s", strings.Join(passed, "\n  "))
	}
	notPassed := slices.Concat(run.Specs(suite.OutcomeNotObserved), run.Specs(suite.OutcomeFailed))
	slices.Sort(notPassed)
	if !slices.Equal(notPassed, sorted(prooftest.RaceSpecs)) {
		t.Errorf("want every race spec not observed or failed, got %s", run.Summary())
	}
	for _, spec := range run.Specs(suite.OutcomeNotObserved) {
		for _, s := range run.Report.SpecReports {
			if s.FullText() == spec && !strings.Contains(s.Failure.Message, fmt.Sprintf("in %d attempts", meadowlark.RaceAttempts)) {
				t.Errorf("%q: the not-observed reason does not give the attempts: %s", spec, s.Failure.Message)
			}
		}
	}
}

// Without the fault modes the 502 rows are not provokable; with them their
// specs run against the stages the reference server names, and pass.
func TestFaultModesProvokeTheUnreachableServerRows(t *testing.T) {
	t.Parallel()
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest,
		Args: []string{prooftest.FaultModes}})
	if len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomeFailed)) > 0 {
		t.Fatalf("the suite failed with the fault modes on: %s\n%s", run.Summary(), run.Output)
	}
	if np := run.Specs(suite.OutcomeNotProvokable); len(np) > 0 {
		t.Errorf("still not provokable with the fault modes on:\n  %s", strings.Join(np, "\n  "))
	}
	passed := run.Specs(suite.OutcomePassed)
	for _, spec := range prooftest.FaultSpecs {
		if !slices.Contains(passed, spec) {
			t.Errorf("%q did not pass with the fault modes on", spec)
		}
	}
	healthy := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"-ginkgo.label-filter=not-provokable"}})
	if got := healthy.Specs(suite.OutcomeNotProvokable); !slices.Equal(got, sorted(prooftest.FaultSpecs)) {
		t.Errorf("without the fault modes, not provokable: %v, want %v", got, prooftest.FaultSpecs)
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
