package suite_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/reporters"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/report"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/harness/transport"
)

// More acme specs, one per outcome a target can cause, for the child run
// that proves every report shows each of them.
var _ = func() bool {
	if os.Getenv("ACME_EVERY_OUTCOME") == "" {
		return true
	}
	Describe("Widgets", Label("acme", "authentication", "401"), func() {
		It("are refused without a token", specid.Label("acme.authentication.widgets.fixture"), func(ctx SpecContext) {
			s := suite.Current()
			created := s.Client.Do(ctx, transport.Request{Method: "POST", URL: s.Profile.Target.BaseURL + "/widgets"})
			expect.Step(created, http.StatusCreated, "create a widget")
		})
		It("say why in the detail", specid.Label("acme.authentication.widgets.detail"), func(ctx SpecContext) {
			s := suite.Current()
			resp := s.Client.Do(ctx, transport.Request{Method: "GET", URL: s.Profile.Target.BaseURL + "/x"})
			Expect(resp).To(&expect.Matcher{Expectation: "401", Checks: func(ex *transport.Exchange) []expect.Check {
				return []expect.Check{expect.Status(ex, http.StatusUnauthorized), expect.Text("detail", "No token.", "Missing token")}
			}})
		})
		It("need a second client", specid.Label("acme.authentication.widgets.second-client"), func() {
			suite.RequireSetting(false, "auth.clients.second", "a second client")
		})
		It("fail when the token server is down", specid.Label("acme.authentication.widgets.token-server-down"), func() {
			suite.NotProvokable("no client can stop the token server.", "the probe.")
		})
	})
	return true
}()

// One child run through the real suite: summary.json, junit.xml and the
// pages show each outcome as documented.
func TestEveryReportShowsEachOutcome(t *testing.T) {
	target, _ := acmeTarget(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	})
	lenient := suitetest.Profile(t, "vendor: acme\nname: acme-lenient\nstrict: false\ntarget: {baseURL: \""+target+"\", timeout: 5s}\n")
	run := suitetest.Execute(t, suitetest.Options{Test: childTest, Env: []string{"ACME_CHILD=1", "ACME_EVERY_OUTCOME=1"},
		Args: []string{"--profile=" + lenient}})
	dir := filepath.Join(run.ReportDir, "acme-lenient")
	sum, err := report.ReadSummary(filepath.Join(dir, report.SummaryFile))
	if err != nil {
		t.Fatalf("%v\n%s", err, run.Output)
	}
	want := map[string]report.Outcome{
		"acme.authentication.missing-token": report.OutcomePassed, "acme.authentication.widgets.fixture": report.OutcomeSetupError,
		"acme.authentication.widgets.detail": report.OutcomeWarned, "acme.authentication.widgets.second-client": report.OutcomeSkipped,
		"acme.authentication.widgets.token-server-down": report.OutcomeNotProvokable,
	}
	if len(sum.Specs) != len(want) || sum.Run.Profile != "acme-lenient" || sum.Run.Strict || sum.Run.Target != target {
		t.Fatalf("the summary: %+v\n%s", sum, run.Output)
	}
	for _, s := range sum.Specs {
		if s.Outcome != want[s.ID] || sum.Counts[s.Outcome] != 1 {
			t.Errorf("%s: %s (counted %d), want %s", s.ID, s.Outcome, sum.Counts[s.Outcome], want[s.ID])
		}
		switch s.Outcome {
		case report.OutcomeSetupError:
			if !strings.HasPrefix(s.Message, expect.SetupErrorPrefix) || len(s.Differences) != 1 || s.Differences[0].Got != "500" {
				t.Errorf("the set-up error: %+v", s)
			}
		case report.OutcomeWarned:
			if len(s.Differences) != 1 || s.Differences[0] != (expect.Difference{Level: expect.Should, Field: "detail", Want: `"No token."`, Got: `"Missing token"`}) || len(s.Warnings) != 1 {
				t.Errorf("the warning: %+v", s)
			}
		case report.OutcomeSkipped, report.OutcomeNotProvokable:
			if s.Reason == "" {
				t.Errorf("%s has no reason", s.ID)
			}
		}
	}

	raw, err := os.ReadFile(filepath.Join(dir, report.JUnitFile))
	if err != nil {
		t.Fatal(err)
	}
	var junit reporters.JUnitTestSuites
	if err := xml.Unmarshal(raw, &junit); err != nil {
		t.Fatal(err)
	}
	elements := map[string]string{}
	for _, tc := range junit.TestSuites[0].TestCases {
		if tc.Classname != "acme.authentication" || strings.HasPrefix(tc.Name, "[") {
			t.Errorf("test case %q has classname %q", tc.Name, tc.Classname)
		}
		element := tc.Properties.WithName("outcome")
		switch {
		case tc.Error != nil:
			element += " <error>"
		case tc.Skipped != nil:
			element += " <skipped>"
		case tc.Failure != nil:
			element += " <failure>"
		}
		elements[tc.Properties.WithName("id")] = element
		if tc.Properties.WithName("outcome") == "warned" && !strings.Contains(tc.SystemOut, "warning: ") {
			t.Errorf("the warning is not in <system-out>: %q", tc.SystemOut)
		}
	}
	wantElements := `{"acme.authentication.missing-token":"passed","acme.authentication.widgets.detail":"warned",` +
		`"acme.authentication.widgets.fixture":"set-up error \u003cerror\u003e","acme.authentication.widgets.second-client":"skipped \u003cskipped\u003e",` +
		`"acme.authentication.widgets.token-server-down":"not provokable \u003cskipped\u003e"}`
	if got, _ := json.Marshal(elements); string(got) != wantElements {
		t.Errorf("JUnit shows\n  %s\nwant\n  %s", got, wantElements)
	}

	for _, page := range []string{filepath.Join(dir, report.PageFile), filepath.Join(run.ReportDir, report.IndexFile)} {
		html, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		first := strings.Index(string(html), `<details class="spec`)
		if first < 0 || !strings.HasPrefix(string(html[first:]), `<details class="spec o-setup-error"`) {
			t.Errorf("%s does not list the set-up error first", page)
		}
	}
}
