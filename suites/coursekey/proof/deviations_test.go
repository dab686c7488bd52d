package proof

import (
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/coursekey/prooftest"
)

// TestDeviationsFailExactlyTheSpecsThatCheckThem runs the suite once per
// deviation of the reference server and requires exactly these failures;
// the deviations of the values a request sends run in validationproof.
func TestDeviationsFailExactlyTheSpecsThatCheckThem(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, prooftest.ExpectedDeviations(prooftest.AllSpecs(t, suiteTest)).Others)
}

// TestRaceDeviationsLetNoConcurrencySpecPass runs the suite with each
// deviation that breaks only concurrent creates: no concurrency spec may
// pass, and nothing else may fail.
func TestRaceDeviationsLetNoConcurrencySpecPass(t *testing.T) {
	t.Parallel()
	for _, name := range prooftest.RaceDeviations {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--deviations=" + name}})
			if len(run.SuiteFailures()) > 0 {
				t.Fatalf("the suite itself failed with deviation %s: %s\n%s", name, run.Summary(), run.Output)
			}
			if passed := prooftest.Intersect(run.Specs(suite.OutcomePassed), prooftest.ConcurrencySpecs); len(passed) > 0 {
				t.Errorf("deviation %s: concurrency specs passed:\n  %s", name, strings.Join(passed, "\n  "))
			}
			failed := run.Specs(suite.OutcomeFailed)
			if others := prooftest.Without(failed, prooftest.ConcurrencySpecs); len(others) > 0 {
				t.Errorf("deviation %s: specs that do not race failed:\n  %s", name, strings.Join(others, "\n  "))
			}
			for _, spec := range failed {
				suitetest.RequireReadableFailure(t, spec, run.Failure(spec))
			}
			if ended := len(failed) + len(run.Specs(suite.OutcomeNotObserved)); ended != len(prooftest.ConcurrencySpecs) {
				t.Errorf("deviation %s: %d concurrency specs ended failed or not observed, want %d: %s", name, ended, len(prooftest.ConcurrencySpecs), run.Summary())
			}
		})
	}
}

// TestEverySpecIsPinnedByABehaviourSpecificDeviation requires that each
// spec fails under at least one deviation that breaks only its behaviour,
// counting the deviations of both proof and validationproof.
func TestEverySpecIsPinnedByABehaviourSpecificDeviation(t *testing.T) {
	t.Parallel()
	all := prooftest.AllSpecs(t, suiteTest)
	pins := prooftest.ExpectedDeviations(all).Pinned()
	if unpinned := suitetest.Pinning(t, "coursekey", pins, prooftest.EnvelopeWide, all); len(unpinned) > 0 {
		t.Errorf("%d specs are pinned by no behaviour-specific deviation:\n  %s", len(unpinned), strings.Join(unpinned, "\n  "))
	}
}
