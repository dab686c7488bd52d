package suite_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/harness/transport"
)

// A minimal vendor whose one spec expects 401 from GET <baseURL>/x; the
// tests below run it in child processes against targets they control.
var acme = suite.Register(&suite.Vendor{Name: "acme", Title: "Acme API", Source: "Error Guide", Families: []string{"authentication"}})

var _ = Describe("Missing token", Label("acme", "authentication", "401"), func() {
	It("is refused", specid.Label("acme.authentication.missing-token"), func(ctx SpecContext) {
		s := suite.Current()
		resp := s.Client.Do(ctx, transport.Request{Method: "GET", URL: s.Profile.Target.BaseURL + "/x"})
		expected := expect.Resolve(http.StatusUnauthorized, "")
		Expect(resp).To(&expect.Matcher{Expectation: fmt.Sprint(expected.Status) + expected.Note, Checks: func(ex *transport.Exchange) []expect.Check {
			return []expect.Check{expect.Status(ex, expected.Status)}
		}})
	})
})

// A spec without an id joins the tree only in the child run that proves
// the tree check stops such a suite.
var _ = func() bool {
	if os.Getenv("ACME_SPEC_WITHOUT_ID") != "" {
		Describe("Expired token", Label("acme", "authentication", "401"), func() {
			It("is refused", func() {})
		})
	}
	return true
}()

const childTest = "TestAcmeConformance"

func TestAcmeConformance(t *testing.T) {
	if os.Getenv("ACME_CHILD") == "" {
		t.Skip("runs only as a child of the tests below")
	}
	suite.Run(t, acme)
}

func acmeTarget(t *testing.T, h http.HandlerFunc) (string, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &hits
}

func acmeProfile(t *testing.T, baseURL string) string {
	return suitetest.Profile(t, "vendor: acme\ntarget: {baseURL: \""+baseURL+"\", timeout: 5s}\n")
}

func TestAnUnwritableReportsFolderIsOneClearErrorBeforeAnySpec(t *testing.T) {
	target, hits := acmeTarget(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	run := suitetest.Execute(t, suitetest.Options{Test: childTest, Env: []string{"ACME_CHILD=1"},
		Args: []string{"--profile=" + acmeProfile(t, target), "--reports-dir=" + filepath.Join(blocker, "reports")}})
	if run.ExitErr == nil || hits.Load() != 0 {
		t.Fatalf("the run went on (exit %v, %d requests to the target):\n%s", run.ExitErr, hits.Load(), run.Output)
	}
	if !strings.Contains(run.Output, "cannot write reports to") || !strings.Contains(run.Output, "--reports-dir") {
		t.Errorf("the error does not say what to fix:\n%s", run.Output)
	}
}

func TestATargetThatRedirectsElsewhereIsOneClearError(t *testing.T) {
	target, _ := acmeTarget(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://acme.example"+r.URL.Path, http.StatusMovedPermanently)
	})
	suitetest.RequireOneClearError(t, childTest, acmeProfile(t, target), []string{"ACME_CHILD=1"},
		"redirects", "https://acme.example", "target.baseURL")
}

// A staging gateway's Basic credentials in target.baseURL appear in no
// report: not in a failure's curl command, not in the HTML header, not in
// the probe's error.
func TestAPasswordInTheTargetURLIsInNoReport(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"a failing spec": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) },
		"a failing probe": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://acme.example/", http.StatusFound)
		},
	} {
		t.Run(name, func(t *testing.T) {
			target, _ := acmeTarget(t, h)
			withPassword := strings.Replace(target, "://", "://gate:gate-pa55word@", 1)
			run := suitetest.Execute(t, suitetest.Options{Test: childTest, Env: []string{"ACME_CHILD=1"},
				Args: []string{"--profile=" + acmeProfile(t, withPassword)}})
			if len(run.Specs(suite.OutcomeFailed))+len(run.SuiteFailures()) != 1 {
				t.Fatalf("want one failure: %s\n%s", run.Summary(), run.Output)
			}
			files := run.ReportFiles(t)
			files["the output"] = run.Output
			for name, content := range files {
				if strings.Contains(content, "gate-pa55word") {
					t.Errorf("%s shows the password", name)
				}
			}
		})
	}
}

// The id check runs on the tree before the profile is even read, so a dry
// run catches a spec without an id too.
func TestASpecWithoutAnIdStopsTheSuiteBeforeAnySpec(t *testing.T) {
	target, hits := acmeTarget(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	for name, args := range map[string][]string{"a run": nil, "a dry run": {"-ginkgo.dry-run"}} {
		t.Run(name, func(t *testing.T) {
			run := suitetest.Execute(t, suitetest.Options{Test: childTest, Env: []string{"ACME_CHILD=1", "ACME_SPEC_WITHOUT_ID=1"},
				Args: append([]string{"--profile=" + acmeProfile(t, target)}, args...)})
			if run.ExitErr == nil || hits.Load() != 0 || len(run.Report.SpecReports) != 0 {
				t.Fatalf("the run went on (exit %v, %d requests, %d specs reported):\n%s", run.ExitErr, hits.Load(), len(run.Report.SpecReports), run.Output)
			}
			for _, want := range []string{"acme spec ids:", `"Expired token is refused"`, "has no id"} {
				if !strings.Contains(run.Output, want) {
					t.Errorf("the error does not say %q:\n%s", want, run.Output)
				}
			}
		})
	}
}

// A spec's id is in every report: as a label in the JSON, as the test
// case's "id" property in JUnit, as the spec's code and anchor in the HTML.
func TestEveryReportShowsTheSpecId(t *testing.T) {
	target, _ := acmeTarget(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	run := suitetest.Execute(t, suitetest.Options{Test: childTest, Env: []string{"ACME_CHILD=1"},
		Args: []string{"--profile=" + acmeProfile(t, target)}})
	files := run.ReportFiles(t)
	var junit, json, html string
	for name, content := range files {
		switch filepath.Base(name) {
		case "junit.xml":
			junit = content
		case "report.json":
			json = content
		case "report.html":
			html = content
		}
	}
	const id = "acme.authentication.missing-token"
	for what, want := range map[string]struct{ in, text string }{
		"the JSON labels":    {json, `"id:` + id + `"`},
		"the JUnit property": {junit, `<property name="id" value="` + id + `">`},
		"the HTML anchor":    {html, `id="` + id + `"`},
		"the HTML spec's id": {html, `<code>` + id + `</code>`},
	} {
		if !strings.Contains(want.in, want.text) {
			t.Errorf("%s does not show %s; the reports:\n%s", what, want.text, strings.Join([]string{junit, json, html}, "\n----\n"))
		}
	}
	if !strings.Contains(junit, "<failure") {
		t.Errorf("the spec did not fail, so the property was not shown beside a failure:\n%s", junit)
	}
}

func TestTranscriptsForAllAttachesAPassingSpecsTranscript(t *testing.T) {
	target, _ := acmeTarget(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	transcripts := func(env ...string) []string {
		run := suitetest.Execute(t, suitetest.Options{Test: childTest, Env: append(env, "ACME_CHILD=1"),
			Args: []string{"--profile=" + acmeProfile(t, target)}})
		if len(run.Specs(suite.OutcomePassed)) != 1 {
			t.Fatalf("the spec did not pass: %s\n%s", run.Summary(), run.Output)
		}
		var out []string
		for _, s := range run.Report.SpecReports {
			for _, e := range s.ReportEntries {
				if e.Name == "transcript" {
					out = append(out, e.StringRepresentation())
				}
			}
		}
		return out
	}
	if got := transcripts(); len(got) != 0 {
		t.Errorf("by default a passing spec carries a transcript: %q", got)
	}
	got := transcripts(suite.TranscriptsEnv + "=all")
	if len(got) != 1 || !strings.Contains(got[0], "curl -sS -i -X GET '"+target+"/x'") || !strings.Contains(got[0], "HTTP 401") {
		t.Errorf("with %s=all the passing spec's transcript is missing or incomplete: %q", suite.TranscriptsEnv, got)
	}
}

func TestABadTranscriptsValueIsOneClearError(t *testing.T) {
	run := suitetest.Execute(t, suitetest.Options{Test: childTest, Env: []string{"ACME_CHILD=1", suite.TranscriptsEnv + "=some"},
		Args: []string{"--profile=" + acmeProfile(t, "http://127.0.0.1:1")}})
	if run.ExitErr == nil || !strings.Contains(run.Output, suite.TranscriptsEnv+`="some"`) || len(run.Report.SpecReports) > 0 {
		t.Errorf("exit %v, output:\n%s", run.ExitErr, run.Output)
	}
}

// An expect.<spec id> entry that names no spec, or gives a type the vendor
// has none of, stops the run before any request with one error naming the
// key.
func TestABadExpectEntryIsOneClearErrorBeforeAnySpec(t *testing.T) {
	for name, entry := range map[string]struct{ yaml, key string }{
		"an unknown id":             {"expect: {acme.authentication.missing-tokens: {status: 403}}\n", "expect.acme.authentication.missing-tokens"},
		"a type acme does not have": {"expect: {acme.authentication.missing-token: {status: 403, type: urn:x}}\n", "expect.acme.authentication.missing-token.type"},
	} {
		t.Run(name, func(t *testing.T) {
			target, hits := acmeTarget(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
			path := suitetest.Profile(t, "vendor: acme\ntarget: {baseURL: \""+target+"\", timeout: 5s}\n"+entry.yaml)
			run := suitetest.Execute(t, suitetest.Options{Test: childTest, Env: []string{"ACME_CHILD=1"}, Args: []string{"--profile=" + path}})
			if run.ExitErr == nil || hits.Load() != 0 || len(run.Specs(suite.OutcomePassed))+len(run.Specs(suite.OutcomeFailed)) != 0 {
				t.Fatalf("the run went on (exit %v, %d requests): %s\n%s", run.ExitErr, hits.Load(), run.Summary(), run.Output)
			}
			if !strings.Contains(run.Output, entry.key+":") {
				t.Errorf("the error does not name %s:\n%s", entry.key, run.Output)
			}
		})
	}
}

// A profile's expect.<spec id> changes what the spec asserts, and the
// report says so whatever the outcome.
func TestAnExpectEntryOverridesTheSpecAndTheReportSaysSo(t *testing.T) {
	target, _ := acmeTarget(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) })
	path := suitetest.Profile(t, "vendor: acme\ntarget: {baseURL: \""+target+"\", timeout: 5s}\n"+
		"expect: {acme.authentication.missing-token: {status: 403, reason: Acme 2 answers 403}}\n")
	run := suitetest.Execute(t, suitetest.Options{Test: childTest, Env: []string{"ACME_CHILD=1"}, Args: []string{"--profile=" + path}})
	if len(run.Specs(suite.OutcomePassed)) != 1 {
		t.Fatalf("the overridden spec should pass against 403: %s\n%s", run.Summary(), run.Output)
	}
	html := ""
	for file, content := range run.ReportFiles(t) {
		if strings.HasSuffix(file, "report.html") {
			html = content
		}
	}
	if !strings.Contains(html, "Overridden. Expected: 403 (overridden by expect.acme.authentication.missing-token: the document gives 401; Acme 2 answers 403)") {
		t.Errorf("the HTML report does not show the override:\n%s", html)
	}
	// The documented answer now fails, saying what was expected and why.
	documented, _ := acmeTarget(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	path = suitetest.Profile(t, "vendor: acme\ntarget: {baseURL: \""+documented+"\", timeout: 5s}\n"+
		"expect: {acme.authentication.missing-token: {status: 403}}\n")
	run = suitetest.Execute(t, suitetest.Options{Test: childTest, Env: []string{"ACME_CHILD=1"}, Args: []string{"--profile=" + path}})
	failed := run.Specs(suite.OutcomeFailed)
	if len(failed) != 1 || !strings.Contains(run.Failure(failed[0]), "Expected: 403 (overridden by expect.acme.authentication.missing-token: the document gives 401)") {
		t.Errorf("want the spec failed as overridden: %s\n%s", run.Summary(), run.Output)
	}
}
