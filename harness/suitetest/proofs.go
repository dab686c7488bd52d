package suitetest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
)

// RequireNothingPasses runs the suite with a profile aimed at a target
// that accepts everything (see YesServer) and requires that the pre-flight
// stops it before any spec: one error naming target.baseURL, exit code
// ExitNotJudged, the reports written, and no secret in them or in the
// output.
func RequireNothingPasses(t *testing.T, test, profilePath string, env []string, secrets ...string) {
	t.Helper()
	run := Execute(t, Options{Test: test, Args: []string{"--profile=" + profilePath}, Env: env})
	if passed := run.Specs(suite.OutcomePassed); len(passed) > 0 {
		t.Errorf("%d specs passed against a server that answers 200 to everything:\n  %s", len(passed), strings.Join(passed, "\n  "))
	}
	failures := run.SuiteFailures()
	if len(failures) != 1 || len(run.Specs(suite.OutcomeFailed)) > 0 {
		t.Fatalf("want the pre-flight's one error and no spec run: %s\n%s", run.Summary(), run.Output)
	}
	for _, want := range []string{"does not answer as", "status 200", "target.baseURL"} {
		if !strings.Contains(failures[0].Failure.Message, want) {
			t.Errorf("the pre-flight's error does not say %q:\n%s", want, failures[0].Failure.Message)
		}
	}
	if code := run.ExitCode(); code != suite.ExitNotJudged {
		t.Errorf("a target that is not the API: exit code %d, want %d", code, suite.ExitNotJudged)
	}
	files := run.ReportFiles(t)
	for _, want := range []string{"junit.xml", "report.json", "report.html"} {
		found := false
		for name := range files {
			found = found || strings.HasSuffix(name, "/"+want)
		}
		if !found {
			t.Errorf("no %s was written", want)
		}
	}
	files["the suite's output"] = run.Output
	for name, content := range files {
		for _, s := range secrets {
			if strings.Contains(content, s) {
				t.Errorf("%s contains the secret %q", name, s)
			}
		}
	}
}

// RequireOneClearError runs the suite and requires that it stops before any
// spec with a single failure that mentions every hint, and no panic.
func RequireOneClearError(t *testing.T, test, profilePath string, env []string, hints ...string) {
	t.Helper()
	run := Execute(t, Options{Test: test, Args: []string{"--profile=" + profilePath}, Env: env, Timeout: time.Minute})
	if run.ExitErr == nil {
		t.Fatalf("the suite succeeded:\n%s", run.Output)
	}
	failures := run.SuiteFailures()
	if len(failures) != 1 || len(run.Specs(suite.OutcomeFailed)) != 0 || len(run.Specs(suite.OutcomePassed)) != 0 {
		t.Fatalf("want one suite-level failure and no spec outcomes, got %s\n%s", run.Summary(), run.Output)
	}
	if code := run.ExitCode(); code != suite.ExitNotJudged {
		t.Errorf("a target the suite cannot judge: exit code %d, want %d", code, suite.ExitNotJudged)
	}
	for _, hint := range hints {
		if !strings.Contains(failures[0].Failure.Message, hint) {
			t.Errorf("the failure does not mention %q:\n%s", hint, failures[0].Failure.Message)
		}
	}
	if strings.Contains(run.Output, "panic") {
		t.Errorf("the suite panicked:\n%s", run.Output)
	}
}

// RequireProfileRejected runs the suite once per profile and requires that
// each stops before any spec runs, naming its key.
func RequireProfileRejected(t *testing.T, test string, profilesByKey map[string]string) {
	t.Helper()
	for key, yaml := range profilesByKey {
		run := Execute(t, Options{Test: test, Args: []string{"--profile=" + Profile(t, yaml)}, Timeout: time.Minute})
		if run.ExitErr == nil || !strings.Contains(run.Output, key) {
			t.Errorf("a bad %s: exit %v, output:\n%s", key, run.ExitErr, run.Output)
		}
		if len(run.Report.SpecReports) > 0 {
			t.Errorf("a bad %s: specs ran", key)
		}
		if code := run.ExitCode(); code != suite.ExitNotJudged {
			t.Errorf("a bad %s: exit code %d, want %d", key, code, suite.ExitNotJudged)
		}
		// A CI JUnit publisher must find the error, not nothing.
		found := false
		for name, content := range run.ReportFiles(t) {
			if strings.HasSuffix(name, "/junit.xml") && strings.Contains(content, "<error") && strings.Contains(content, key) {
				found = true
			}
		}
		if !found {
			t.Errorf("a bad %s: no junit.xml with an error naming it", key)
		}
	}
}

// LoadExampleProfile loads profiles/<file> as a vendor would, with env as
// the environment, and runs the vendor's settings check on it.
func LoadExampleProfile(t *testing.T, v *suite.Vendor, file string, env map[string]string) *profile.Profile {
	t.Helper()
	p, err := profile.Load(filepath.Join(suite.RepoRoot(), "profiles", file), v.Name, func(key string) string { return env[key] })
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Check(p); err != nil {
		t.Fatal(err)
	}
	return p
}
