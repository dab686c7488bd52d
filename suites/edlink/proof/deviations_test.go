package proof

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/edlink/prooftest"
)

// Each deviation of the reference server makes exactly the specs that check
// the behaviour it breaks fail; validationproof runs the deviations of what
// a request sends.
func TestDeviations(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, prooftest.Expected.Others)
}

// Every spec, the not-provokable ones through the fault modes, is failed by
// a deviation that breaks only its behaviour.
func TestEverySpecIsPinnedByABehaviourSpecificDeviation(t *testing.T) {
	t.Parallel()
	all := suitetest.SpecsWhere(t, suiteTest, func(types.SpecReport) bool { return true })
	expected := prooftest.Expected.All()
	for name, specs := range prooftest.FaultDeviations {
		expected["faults+"+name] = specs
	}
	if unpinned := suitetest.Pinning(t, "edlink", expected, slices.Concat(prooftest.EnvelopeWide, prefixed("faults+", prooftest.EnvelopeWide)), all); len(unpinned) > 0 {
		t.Errorf("%d specs are pinned only by envelope-wide deviations, or by none:\n  %s", len(unpinned), strings.Join(unpinned, "\n  "))
	}
}

func prefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}

// Without the fault modes the server codes are not provokable; with them
// their specs run and pass, and their envelopes are checked like any other,
// down to the one fault a deviation mis-answers.
func TestFaultModesProvokeTheUnprovokableCodes(t *testing.T) {
	t.Parallel()
	faults := "--faults=unknown-provider,internal-error,unknown-error"
	cases := map[string][]string{"healthy": nil}
	maps.Copy(cases, prooftest.FaultDeviations)
	for name, failing := range cases {
		args := []string{faults}
		if failing != nil {
			args = append(args, "--deviations="+name)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: args})
			if len(run.SuiteFailures()) > 0 || len(run.Report.SpecReports) == 0 {
				t.Fatalf("the suite itself failed: %s\n%s", run.Summary(), run.Output)
			}
			if np := run.Specs(suite.OutcomeNotProvokable); len(np) > 0 {
				t.Errorf("still not provokable with the fault modes on:\n  %s", strings.Join(np, "\n  "))
			}
			want := slices.Clone(failing)
			slices.Sort(want)
			if got := run.Specs(suite.OutcomeFailed); !slices.Equal(got, want) {
				t.Fatalf("the failing specs differ\nwant:\n  %s\ngot:\n  %s", strings.Join(want, "\n  "), strings.Join(got, "\n  "))
			}
			if failing == nil {
				passed := run.Specs(suite.OutcomePassed)
				for _, spec := range prooftest.FaultSpecs {
					if !slices.Contains(passed, spec) {
						t.Errorf("%q did not pass with the fault modes on", spec)
					}
				}
			}
			for _, spec := range run.Specs(suite.OutcomeFailed) {
				suitetest.RequireReadableFailure(t, spec, run.Failure(spec))
			}
		})
	}
}
