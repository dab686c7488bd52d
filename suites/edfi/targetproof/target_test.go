package targetproof

import (
	"html"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	edfiref "github.com/edconform/edconform/reference/edfi"
	"github.com/edconform/edconform/suites/edfi/prooftest"
)

// These tests run the suite the way a vendor runs it against a real target:
// from the example profile, with the target's URL, client ids and secrets
// from the environment, against a reference server the test can inspect.

func TestTheExampleProfilePassesAgainstATargetAndLeavesItAsItFoundIt(t *testing.T) {
	t.Parallel()
	srv, url := prooftest.Serve(t)
	before := prooftest.Snapshot(srv)
	path, env := prooftest.AimExample(t, srv, url)
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
	overridden := requireOverridesApplied(t, run)
	if len(run.Specs(suite.OutcomeFailed)) > overridden || len(run.Specs(suite.OutcomeWarned)) > 0 || len(run.SuiteFailures()) > 0 ||
		len(run.Specs(suite.OutcomeSkipped)) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
		t.Fatalf("the example profile does not pass cleanly: %s\n%s", run.Summary(), run.Output)
	}
	prooftest.RequireUnchanged(t, before, prooftest.Snapshot(srv))
	prooftest.RequireNoSecrets(t, run, env)
}

// requireOverridesApplied checks the example's expect.<spec id> entries:
// the reference server answers as the knowledge base documents, so each
// spec the example overrides with the product's answer must fail, saying
// it is overridden. It returns how many did.
func requireOverridesApplied(t *testing.T, run *suitetest.Run) int {
	t.Helper()
	example, err := profile.Load(prooftest.ExampleProfile, "edfi", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, s := range run.Report.SpecReports {
		id := specid.Of(s.Labels())
		if _, ok := example.Expect[id]; !ok || s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		if suite.OutcomeOf(s) != suite.OutcomeFailed || !strings.Contains(s.Failure.Message, "(overridden by expect."+id+":") {
			t.Errorf("%s: the example overrides it, so against the reference server it should fail as overridden; it is %s:\n%s",
				id, suite.OutcomeOf(s), s.Failure.Message)
			continue
		}
		failed++
		requireInHTMLReport(t, run, "Overridden. Expected: ", "(overridden by expect."+id+":")
	}
	return failed
}

// Specs that fail after creating their fixtures (a misspelt problem type, a
// DELETE that succeeds, a PUT that ignores If-Match) still remove them,
// dependents first.
func TestFailingSpecsStillRemoveWhatTheyCreated(t *testing.T) {
	t.Parallel()
	srv, url := prooftest.Serve(t, edfiref.DeviationTypeURNMisspelled, edfiref.DeviationDependentCheckDisabled, edfiref.DeviationIfMatchIgnored)
	before := prooftest.Snapshot(srv)
	path, env := prooftest.AimExample(t, srv, url)
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
	failed := run.Specs(suite.OutcomeFailed)
	var writers int
	for _, spec := range failed {
		for _, w := range []string{"Identifying values for the resource cannot be changed", "Dependent Item Exists", "412 Precondition Failed", "Descriptor Does Not Exist"} {
			if strings.Contains(spec, w) {
				writers++
			}
		}
	}
	if writers < 4 || len(run.SuiteFailures()) > 0 {
		t.Fatalf("the specs that create data should have failed: %s\n%s", run.Summary(), run.Output)
	}
	prooftest.RequireUnchanged(t, before, prooftest.Snapshot(srv))
	prooftest.RequireNoSecrets(t, run, env)
}

// requireInHTMLReport fails unless the HTML report shows every one of parts.
func requireInHTMLReport(t *testing.T, run *suitetest.Run, parts ...string) {
	t.Helper()
	for path, content := range run.ReportFiles(t) {
		if !strings.HasSuffix(path, "report.html") {
			continue
		}
		for _, part := range parts {
			if !strings.Contains(content, html.EscapeString(part)) {
				t.Errorf("%s does not show %q", path, part)
			}
		}
		return
	}
	t.Error("the run wrote no report.html")
}
