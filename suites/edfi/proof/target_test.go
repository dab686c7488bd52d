package proof

import (
	"html"
	"os"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/reference"
	edfiref "github.com/edconform/edconform/reference/edfi"
)

// These tests run the suite the way a vendor runs it against a real target:
// from the example profile, with the target's URL, client ids and secrets
// from the environment, against a reference server the test can inspect.

const exampleProfile = "../../../profiles/edfi-ods-7.2.yaml"

// serve starts a reference server, broken in the named ways.
func serve(t *testing.T, deviations ...string) (*edfiref.Server, string) {
	t.Helper()
	return serveOptions(t, reference.Options{Deviations: deviations})
}

// serveOptions starts a reference server with these options.
func serveOptions(t *testing.T, opts reference.Options) (*edfiref.Server, string) {
	t.Helper()
	srv, err := edfiref.New(edfiref.Config{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	url := suitetest.Serve(t, srv)
	return srv, url
}

// aimExample copies the example profile with the target's client ids and
// claim set names in place of its placeholders, and returns the copy and
// the environment a vendor would set: base URL, primary client id, secrets
// and the expired token. Every other key is the example's own.
func aimExample(t *testing.T, srv *edfiref.Server, url string) (string, []string) {
	t.Helper()
	return aimProfile(t, exampleProfile, srv, url)
}

// aimProfile does for the example profile at path what aimExample does for
// the 7.2 one.
func aimProfile(t *testing.T, path string, srv *edfiref.Server, url string) (string, []string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	overlay := srv.Profile(url)["auth"].(map[string]any)
	targetClients := overlay["clients"].(map[string]any)
	env := []string{"EDCONFORM_BASE_URL=" + url}
	for role, c := range doc["auth"].(map[string]any)["clients"].(map[string]any) {
		target, ok := targetClients[role].(map[string]any)
		if !ok {
			t.Fatalf("the example profile has a client %q the reference server lacks", role)
		}
		example := c.(map[string]any)
		if role == "primary" {
			env = append(env, "EDCONFORM_CLIENT_ID="+target["id"].(string))
		} else {
			example["id"] = target["id"]
		}
		if _, named := example["claimSet"]; named {
			example["claimSet"] = target["claimSet"]
		}
		env = append(env, profile.SecretEnvFor(role)+"="+target["secret"].(string))
	}
	expired := overlay["tokens"].(map[string]any)["expired"].(map[string]any)["value"].(string)
	env = append(env, profile.TokenEnvFor("expired")+"="+expired)
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return suitetest.Profile(t, string(out)), env
}

// snapshot is every document on the target: resource/id → ETag.
func snapshot(srv *edfiref.Server) map[string]string {
	out := map[string]string{}
	for _, r := range srv.Store().Model().Resources() {
		for _, d := range srv.Store().List(r) {
			out[r.Name+"/"+d.ID] = d.ETag
		}
	}
	return out
}

// requireUnchanged fails unless the target holds exactly what it held
// before: nothing left behind, nothing changed, nothing deleted.
func requireUnchanged(t *testing.T, before, after map[string]string) {
	t.Helper()
	var diffs []string
	for k, etag := range before {
		switch now, ok := after[k]; {
		case !ok:
			diffs = append(diffs, "deleted "+k)
		case now != etag:
			diffs = append(diffs, "changed "+k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			diffs = append(diffs, "left behind "+k)
		}
	}
	if len(diffs) > 0 {
		t.Errorf("the run did not leave the target as it found it:\n  %s", strings.Join(diffs, "\n  "))
	}
}

func TestTheExampleProfilePassesAgainstATargetAndLeavesItAsItFoundIt(t *testing.T) {
	t.Parallel()
	srv, url := serve(t)
	before := snapshot(srv)
	path, env := aimExample(t, srv, url)
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
	overridden := requireOverridesApplied(t, run)
	if len(run.Specs(suite.OutcomeFailed)) > overridden || len(run.Specs(suite.OutcomeWarned)) > 0 || len(run.SuiteFailures()) > 0 ||
		len(run.Specs(suite.OutcomeSkipped)) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
		t.Fatalf("the example profile does not pass cleanly: %s\n%s", run.Summary(), run.Output)
	}
	requireUnchanged(t, before, snapshot(srv))
	requireNoSecrets(t, run, env)
}

// requireOverridesApplied checks the example's expect.<spec id> entries:
// the reference server answers as the knowledge base documents, so each
// spec the example overrides with the product's answer must fail, saying
// it is overridden. It returns how many did.
func requireOverridesApplied(t *testing.T, run *suitetest.Run) int {
	t.Helper()
	example, err := profile.Load(exampleProfile, "edfi", func(string) string { return "" })
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
	srv, url := serve(t, edfiref.DeviationTypeURNMisspelled, edfiref.DeviationDependentCheckDisabled, edfiref.DeviationIfMatchIgnored)
	before := snapshot(srv)
	path, env := aimExample(t, srv, url)
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
	requireUnchanged(t, before, snapshot(srv))
	requireNoSecrets(t, run, env)
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

// requireNoSecrets fails if a secret or token of the environment shows in
// the output or a report.
func requireNoSecrets(t *testing.T, run *suitetest.Run, env []string) {
	t.Helper()
	files := run.ReportFiles(t)
	files["the suite's output"] = run.Output
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		if !strings.Contains(name, "SECRET") && !strings.Contains(name, "TOKEN") {
			continue
		}
		for file, content := range files {
			if strings.Contains(content, value) {
				t.Errorf("%s shows the value of %s", file, name)
			}
		}
	}
}
