package proof

import (
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/edfi/prooftest"
)

// TestEachDeviationFailsExactlyTheSpecsThatCheckIt runs the suite against
// the reference server broken one named way at a time, and requires every
// runnable spec to be failed by a deviation that breaks only its behaviour.
// The authentication and authorization deviations run in accessproof, the
// request validation ones in validationproof; the pinning counts every
// deviation of every group.
func TestEachDeviationFailsExactlyTheSpecsThatCheckIt(t *testing.T) {
	t.Parallel()
	deviations := prooftest.ExpectedDeviations(t, suiteTest)
	suitetest.ExpectDeviations(t, suiteTest, deviations.Others)

	all := suitetest.SpecsWhere(t, suiteTest, func(types.SpecReport) bool { return true })
	if unpinned := suitetest.Pinning(t, "edfi", deviations.Pinned(), prooftest.EnvelopeWide, all); len(unpinned) > 0 {
		t.Errorf("%d specs are pinned by no behaviour-specific deviation or fault mode:\n  %s", len(unpinned), strings.Join(unpinned, "\n  "))
	}
}

// The 500 spec is not provokable on a healthy server; with the
// database-unreachable fault it runs and passes, and a server that answers
// that fault with a plain-text page fails exactly it.
func TestTheDatabaseFaultProvokesThe500Spec(t *testing.T) {
	t.Parallel()
	const fault = "--faults=database-unreachable"
	healthy := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"-ginkgo.label-filter=not-provokable"}})
	if got := healthy.Specs(suite.OutcomeNotProvokable); !slices.Equal(got, prooftest.InternalError) {
		t.Errorf("without the fault, not provokable: %v, want %v", got, prooftest.InternalError)
	}
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{fault}})
	if len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.Specs(suite.OutcomeNotProvokable)) > 0 {
		t.Fatalf("with the fault mode on: %s\n%s", run.Summary(), run.Output)
	}
	if !slices.Contains(run.Specs(suite.OutcomePassed), prooftest.InternalError[0]) {
		t.Errorf("%q did not pass with the fault mode on: %s", prooftest.InternalError[0], run.Summary())
	}
	broken := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{fault, "--deviations=server-failure-plain-text"}})
	if got := broken.Specs(suite.OutcomeFailed); !slices.Equal(got, prooftest.InternalError) {
		t.Fatalf("with a plain-text 500, failed: %v, want %v\n%s", got, prooftest.InternalError, broken.Summary())
	}
	suitetest.RequireReadableFailure(t, prooftest.InternalError[0], broken.Failure(prooftest.InternalError[0]))
}
