package report

import (
	"cmp"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/expect"
)

// acmeRun is a run of a made-up vendor with one spec per outcome, a failed
// and a passed set-up node.
var acmeRun = Run{Version: "1.2.3", Vendor: "acme", VendorTitle: "Acme API", Source: "Error Guide",
	Families: []string{"authentication", "conflict"}, Profile: "acme-staging", Target: "https://acme.example/api", Strict: true}

func acmeSpec(family, id, text string, state types.SpecState, message string, entries ...types.ReportEntry) types.SpecReport {
	return types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: text,
		ContainerHierarchyTexts:  []string{"401 Unauthorized"},
		ContainerHierarchyLabels: [][]string{{"acme", family, "401"}}, LeafNodeLabels: []string{"id:" + id},
		State: state, Failure: types.Failure{Message: message}, ReportEntries: entries, RunTime: time.Millisecond}
}

func reportEntry(name, value string) types.ReportEntry {
	return types.ReportEntry{Name: name, Value: types.WrapEntryValue(value)}
}

func differences(t *testing.T, d expect.Differences) types.ReportEntry {
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return reportEntry(expect.DifferencesEntry, string(raw))
}

func acmeReport(t *testing.T) types.Report {
	diff := differences(t, expect.Differences{Expectation: "401",
		Differences: []expect.Difference{{Level: expect.Must, Field: "HTTP status", Want: "401", Got: "200"}},
		Request:     "curl -sS -i 'https://acme.example/api/x'", Response: "HTTP 200 OK"})
	warning := differences(t, expect.Differences{Expectation: "401",
		Differences: []expect.Difference{{Level: expect.Should, Field: "detail", Want: `"No token."`, Got: `"Missing token"`}}})
	return types.Report{SuiteDescription: "Acme API conformance (acme-staging)", StartTime: time.Date(2026, 12, 1, 20, 0, 0, 0, time.UTC),
		RunTime: 2 * time.Second, SuiteConfig: types.SuiteConfig{RandomSeed: 42, LabelFilter: "acme"},
		SpecReports: types.SpecReports{
			{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStatePassed},
			{LeafNodeType: types.NodeTypeReportAfterSuite, State: types.SpecStateFailed, Failure: types.Failure{Message: "cannot write"}},
			acmeSpec("authentication", "acme.authentication.missing-token", "refuses a missing token", types.SpecStatePassed, ""),
			acmeSpec("authentication", "acme.authentication.bad-token", "refuses a bad token", types.SpecStateFailed,
				"Documented case: Acme\nDifferences (1 MUST, 0 SHOULD):", diff, reportEntry(TranscriptEntry, "[1] curl ...")),
			acmeSpec("conflict", "acme.conflict.fixture", "refuses a duplicate", types.SpecStateFailed,
				expect.SetupErrorPrefix+"the target refused a fixture step\nTo fix: fixtures.widgets"),
			acmeSpec("authentication", "acme.authentication.lenient", "words the detail", types.SpecStatePassed, "",
				warning, reportEntry(expect.WarningEntry, "SHOULD detail differs")),
			acmeSpec("authentication", "acme.authentication.second-client", "needs a second client", types.SpecStateSkipped,
				"profile lacks what this spec needs: set auth.clients.second"),
			acmeSpec("authentication", "acme.authentication.outage", "answers 503", types.SpecStateSkipped, NotProvokablePrefix+"no client can cause it."),
			acmeSpec("conflict", "acme.conflict.race", "detects a race", types.SpecStateSkipped, NotObservedPrefix+"no attempt provoked it in 5 attempts"),
			acmeSpec("conflict", "acme.conflict.other", "is left out", types.SpecStateSkipped, ""),
		}}
}

func TestTheSchemaKnowsEveryOutcome(t *testing.T) {
	var schema struct {
		Definitions struct {
			Outcome struct{ Enum []Outcome } `json:"outcome"`
		} `json:"definitions"`
		Properties struct {
			Counts struct{ Required []Outcome } `json:"counts"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(SummarySchema(), &schema); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(schema.Definitions.Outcome.Enum, Outcomes) || !slices.Equal(schema.Properties.Counts.Required, Outcomes) {
		t.Errorf("summary.schema.json lists the outcomes %v and counts %v; the reports know %v: add the new outcome to the schema",
			schema.Definitions.Outcome.Enum, schema.Properties.Counts.Required, Outcomes)
	}
}

func TestEachSpecHasOneOutcome(t *testing.T) {
	want := map[string]Outcome{
		"acme.authentication.missing-token": OutcomePassed, "acme.authentication.bad-token": OutcomeFailed,
		"acme.conflict.fixture": OutcomeSetupError, "acme.authentication.lenient": OutcomeWarned,
		"acme.authentication.second-client": OutcomeSkipped, "acme.authentication.outage": OutcomeNotProvokable,
		"acme.conflict.race": OutcomeNotObserved, "acme.conflict.other": OutcomeNotSelected,
	}
	sum := Summarize(acmeRun, acmeReport(t))
	for _, s := range sum.Specs {
		if s.Outcome != want[s.ID] {
			t.Errorf("%s: outcome %q, want %q", s.ID, s.Outcome, want[s.ID])
		}
	}
	wantCounts := map[Outcome]int{OutcomePassed: 1, OutcomeFailed: 2, OutcomeSetupError: 1, OutcomeWarned: 1,
		OutcomeSkipped: 1, OutcomeNotProvokable: 1, OutcomeNotObserved: 1, OutcomeNotSelected: 1}
	for o, n := range wantCounts {
		if sum.Counts[o] != n {
			t.Errorf("counts[%s] = %d, want %d (the failed set-up node counts as failed)", o, sum.Counts[o], n)
		}
	}
	if len(sum.SuiteFailures) != 1 || sum.SuiteFailures[0].Node != "ReportAfterSuite" {
		t.Errorf("suite failures: %+v", sum.SuiteFailures)
	}
}

// writtenFile writes acme's reports, checks one of them and returns the
// profile's folder.
func writtenFile(t *testing.T, name string, check func([]byte) error) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "acme-staging")
	if err := Write(dir, acmeRun, acmeReport(t)); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err == nil {
		err = check(raw)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// A summary carries what a CI gate, a rerun and a person need, and follows
// its schema.
func TestSummaryHoldsTheRunAndEachSpecsDifferences(t *testing.T) {
	dir := writtenFile(t, SummaryFile, ValidateSummary)
	sum, err := ReadSummary(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	r := sum.Run
	if r.Version != "1.2.3" || r.Vendor != "acme" || r.Profile != "acme-staging" || r.Target != "https://acme.example/api" ||
		!r.Strict || r.Seed != 42 || r.LabelFilter != "acme" || !r.Started.Equal(time.Date(2026, 12, 1, 20, 0, 0, 0, time.UTC)) || r.DurationSeconds != 2 {
		t.Errorf("run metadata: %+v", r)
	}
	byID := map[string]Spec{}
	for _, s := range sum.Specs {
		byID[s.ID] = s
	}
	bad := byID["acme.authentication.bad-token"]
	if len(bad.Differences) != 1 || bad.Differences[0] != (expect.Difference{Level: expect.Must, Field: "HTTP status", Want: "401", Got: "200"}) ||
		!strings.HasPrefix(bad.Request, "curl ") || bad.Response != "HTTP 200 OK" || bad.Transcript != "" || bad.Message == "" {
		t.Errorf("the failed spec: %+v", bad)
	}
	if bad.Title != "refuses a bad token" || bad.DocumentedCase != "Acme API Error Guide › 401 Unauthorized › refuses a bad token" ||
		bad.Family != "authentication" || !slices.Equal(bad.Labels, []string{"acme", "authentication", "401"}) {
		t.Errorf("the failed spec's case: %+v", bad)
	}
	if w := byID["acme.authentication.lenient"]; len(w.Differences) != 1 || w.Differences[0].Level != expect.Should || len(w.Warnings) != 1 {
		t.Errorf("the warned spec: %+v", w)
	}
	if s := byID["acme.authentication.outage"]; !strings.HasPrefix(s.Reason, NotProvokablePrefix) {
		t.Errorf("the not provokable spec has no reason: %+v", s)
	}
	if s := byID["acme.conflict.other"]; s.Reason == "" {
		t.Errorf("the not selected spec has no reason: %+v", s)
	}
}

func TestTheSchemaRefusesMalformedSummaries(t *testing.T) {
	raw, err := json.Marshal(Summarize(acmeRun, acmeReport(t)))
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateSummary(raw); err != nil {
		t.Fatalf("a summary as written is refused: %v", err)
	}
	for name, breakIt := range map[string]func(m map[string]any){
		"an unknown outcome":         func(m map[string]any) { spec(m, 0)["outcome"] = "flaky" },
		"a spec without an id":       func(m map[string]any) { delete(spec(m, 0), "id") },
		"a difference without level": func(m map[string]any) { delete(spec(m, 1)["differences"].([]any)[0].(map[string]any), "level") },
		"a failure without message":  func(m map[string]any) { delete(spec(m, 1), "message") },
		"a skip without reason":      func(m map[string]any) { delete(spec(m, 4), "reason") },
		"no seed":                    func(m map[string]any) { delete(m["run"].(map[string]any), "seed") },
		"a count missing":            func(m map[string]any) { delete(m["counts"].(map[string]any), "not observed") },
		"an unknown key":             func(m map[string]any) { m["verdict"] = "fine" },
	} {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		breakIt(m)
		broken, _ := json.Marshal(m)
		if err := ValidateSummary(broken); err == nil {
			t.Errorf("%s is accepted", name)
		}
	}
}

func spec(m map[string]any, i int) map[string]any { return m["specs"].([]any)[i].(map[string]any) }

// JUnit as CI tools show it: one class per family, plain names, the right
// element per outcome, warnings visible, and nothing else.
func TestJUnitShowsEachOutcomeAsCIToolsExpect(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(writtenFile(t, JUnitFile, CheckJUnit), JUnitFile))
	if err != nil {
		t.Fatal(err)
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(raw, &suites); err != nil {
		t.Fatal(err)
	}
	cases := map[string]reporters.JUnitTestCase{}
	for _, tc := range suites.TestSuites[0].TestCases {
		cases[cmp.Or(tc.Properties.WithName("id"), tc.Name)] = tc
		if strings.Contains(tc.Name, "[") {
			t.Errorf("%q carries a node type or labels", tc.Name)
		}
	}
	if len(cases) != 9 {
		t.Fatalf("want 8 specs and the failed set-up node, got %d test cases:\n%s", len(cases), raw)
	}
	if _, ok := cases["SynchronizedBeforeSuite"]; ok {
		t.Error("a passed set-up node is a test case")
	}
	node, ok := cases["ReportAfterSuite"]
	if !ok || node.Error == nil || node.Error.Type != CouldNotJudge || node.Classname != "acme.suite" {
		t.Errorf("the failed set-up node: %+v", node)
	}
	want := map[string]struct {
		class, element, text string
	}{
		"acme.authentication.missing-token": {"acme.authentication", "", ""},
		"acme.authentication.bad-token":     {"acme.authentication", "failure", "Documented case: Acme"},
		"acme.conflict.fixture":             {"acme.conflict", "error", expect.SetupErrorPrefix},
		"acme.authentication.lenient":       {"acme.authentication", "", ""},
		"acme.authentication.second-client": {"acme.authentication", "skipped", "skipped: profile lacks"},
		"acme.authentication.outage":        {"acme.authentication", "skipped", NotProvokablePrefix + "no client"},
		"acme.conflict.race":                {"acme.conflict", "skipped", NotObservedPrefix + "no attempt"},
		"acme.conflict.other":               {"acme.conflict", "skipped", "not selected: "},
	}
	for id, w := range want {
		tc := cases[id]
		element, text := "", ""
		switch {
		case tc.Failure != nil:
			element, text = "failure", tc.Failure.Message
		case tc.Error != nil:
			element, text = "error", tc.Error.Message
		case tc.Skipped != nil:
			element, text = "skipped", tc.Skipped.Message
		}
		if tc.Classname != w.class || element != w.element || !strings.HasPrefix(text, w.text) {
			t.Errorf("%s: classname %q, <%s> %q; want %q, <%s> %q...", id, tc.Classname, element, text, w.class, w.element, w.text)
		}
		if tc.Properties == nil || tc.Properties.WithName("outcome") == "" {
			t.Errorf("%s has no outcome property", id)
		}
	}
	lenient := cases["acme.authentication.lenient"]
	if lenient.Properties.WithName("outcome") != "warned" || lenient.Properties.WithName("warning") != "SHOULD detail differs" ||
		!strings.Contains(lenient.SystemOut, "warning: SHOULD detail differs") {
		t.Errorf("the warning is not visible: %+v", lenient)
	}
	if p := suites.TestSuites[0].Properties; p.WithName("profile") != "acme-staging" || p.WithName("edconform.version") != "1.2.3" ||
		p.WithName("target") != "https://acme.example/api" || p.WithName("SuiteSucceeded") == "" {
		t.Errorf("the test suite's properties lack the run's metadata: %+v", p)
	}
	if s := suites.TestSuites[0]; s.Failures != 1 || s.Errors != 2 || s.Skipped != 4 || s.Tests != 9 || suites.Failures != 1 || suites.Errors != 2 {
		t.Errorf("counts: suite %d tests %d failures %d errors %d skipped; all %d failures %d errors", s.Tests, s.Failures, s.Errors, s.Skipped, suites.Failures, suites.Errors)
	}
}

func TestTheJUnitCheckFindsWhatCIToolsWouldChokeOn(t *testing.T) {
	good := `<testsuites tests="2" failures="1" errors="0"><testsuite name="s" tests="2" failures="1" errors="0" skipped="0">
<testcase name="a" classname="v.f" time="0.1"><failure message="m" type="failed">d</failure></testcase>
<testcase name="b" classname="v.f"><properties><property name="id" value="v.f.b"></property></properties></testcase>
</testsuite></testsuites>`
	if err := CheckJUnit([]byte(good)); err != nil {
		t.Fatalf("a well-formed report is refused: %v", err)
	}
	for want, doc := range map[string]string{
		"failures=1, but it holds 0": strings.Replace(good, `<failure message="m" type="failed">d</failure>`, "", 1),
		"classname is missing":       strings.Replace(good, `classname="v.f" time`, `time`, 1),
		"at most one is allowed":     strings.Replace(good, `d</failure>`, `d</failure><skipped message="x"/>`, 1),
		"unknown element <verdict>":  strings.Replace(good, `</testsuite>`, `<verdict/></testsuite>`, 1),
		"unknown attribute outcome":  strings.Replace(good, `name="b"`, `name="b" outcome="passed"`, 1),
		"tests=2, but it holds 1":    strings.Replace(good, `<testcase name="a" classname="v.f" time="0.1"><failure message="m" type="failed">d</failure></testcase>`, "", 1),
		"time=\"soon\"":              strings.Replace(good, `time="0.1"`, `time="soon"`, 1),
		"not a JUnit":                `<testsuite name="s"/>`,
	} {
		err := CheckJUnit([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want an error saying %q, got %v", want, err)
		}
	}
}

// The index covers every profile folder beside the one just written, and a
// summary it cannot read leaves that folder out rather than the index.
func TestTheIndexCoversEveryProfileBesideIt(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "broken"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "broken", SummaryFile), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"acme-one", "acme-two"} {
		run := acmeRun
		run.Profile = name
		if err := Write(filepath.Join(root, name), run, acmeReport(t)); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(filepath.Join(root, IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	index := string(raw)
	for _, want := range []string{`id="acme-one--acme.authentication.bad-token"`, `id="acme-two--acme.authentication.bad-token"`,
		`href="acme-one/report.html"`, `href="acme-two/report.html"`} {
		if !strings.Contains(index, want) {
			t.Errorf("the index lacks %s", want)
		}
	}
	if n := strings.Count(index, `<details class="spec`); n != 18 {
		t.Errorf("the index has %d entries, want 2 × (8 specs + 1 failed set-up node)", n)
	}
}
