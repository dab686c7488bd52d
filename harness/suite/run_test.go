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
