package suite

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/transport"
)

// Outcome is what a user sees for one spec.
type Outcome string

// The outcomes, as the README describes them.
const (
	OutcomePassed Outcome = "passed"
	OutcomeFailed Outcome = "failed"
	// OutcomeSetupError is a spec a refused fixture step stopped before its
	// documented request: the target was not judged on that case.
	OutcomeSetupError Outcome = "set-up error"
	OutcomeWarned     Outcome = "warned"
	// OutcomeWaived is a failure a profile waiver accepts: reported with its
	// differences, but it does not fail the run.
	OutcomeWaived        Outcome = "waived"
	OutcomeSkipped       Outcome = "skipped"
	OutcomeNotProvokable Outcome = "not provokable"
	// OutcomeNotObserved is a race spec none of whose attempts provoked the
	// documented response: neither a pass nor a failure.
	OutcomeNotObserved Outcome = "not observed"
	// OutcomeNotSelected is a spec the run left out (by label or focus).
	OutcomeNotSelected Outcome = "not selected"
)

// Outcomes lists every outcome in the order reports show them.
var Outcomes = []Outcome{OutcomePassed, OutcomeFailed, OutcomeSetupError, OutcomeWarned, OutcomeWaived, OutcomeSkipped,
	OutcomeNotProvokable, OutcomeNotObserved, OutcomeNotSelected}

// outcomeNone is a set-up node that did not fail; it is not counted.
const outcomeNone Outcome = ""

// OutcomeOf classifies a spec report.
func OutcomeOf(s types.SpecReport) Outcome {
	switch {
	case s.State.Is(types.SpecStateFailureStates) && strings.HasPrefix(s.Failure.Message, expect.SetupErrorPrefix):
		return OutcomeSetupError
	case s.State.Is(types.SpecStateFailureStates) && waived(s):
		return OutcomeWaived
	case s.State.Is(types.SpecStateFailureStates):
		return OutcomeFailed
	case s.State == types.SpecStateSkipped && strings.HasPrefix(s.Failure.Message, NotProvokablePrefix):
		return OutcomeNotProvokable
	case s.State == types.SpecStateSkipped && strings.HasPrefix(s.Failure.Message, NotObservedPrefix):
		return OutcomeNotObserved
	case s.State == types.SpecStateSkipped && s.Failure.Message == "":
		return OutcomeNotSelected
	case s.State == types.SpecStateSkipped, s.State == types.SpecStatePending:
		return OutcomeSkipped
	}
	for _, e := range s.ReportEntries {
		if e.Name == expect.WarningEntry {
			return OutcomeWarned
		}
	}
	return OutcomePassed
}

// Class is the outcome as a CSS class name.
func (o Outcome) Class() string {
	return strings.ReplaceAll(strings.ReplaceAll(string(o), " ", "-"), "set-up", "setup")
}

func writeReports(dir string, v *Vendor, p *profile.Profile, r ginkgo.Report) error {
	fmt.Println("\n" + Summary(p.Name, r) + " (reports in " + dir + ")")
	if err := writeReportFiles(dir, v, p, r); err != nil {
		return unwritable(dir, err)
	}
	return nil
}

func unwritable(dir string, err error) error {
	return fmt.Errorf("cannot write reports to %s: %v (set --reports-dir or EDCONFORM_REPORTS_DIR to a writable folder)", dir, err)
}

func writeReportFiles(dir string, v *Vendor, p *profile.Profile, r ginkgo.Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Reports carry failure messages and transcripts: redact once more in
	// case anything slipped past the renderers.
	for i := range r.SpecReports {
		s := &r.SpecReports[i]
		s.Failure.Message = transport.Redact(s.Failure.Message)
		s.CapturedGinkgoWriterOutput = transport.Redact(s.CapturedGinkgoWriterOutput)
		s.CapturedStdOutErr = transport.Redact(s.CapturedStdOutErr)
		for j := range s.ReportEntries {
			e := &s.ReportEntries[j]
			e.Value = types.WrapEntryValue(transport.Redact(e.StringRepresentation()))
		}
	}
	if err := writeJUnit(filepath.Join(dir, "junit.xml"), r); err != nil {
		return err
	}
	if err := reporters.GenerateJSONReport(r, filepath.Join(dir, "report.json")); err != nil {
		return err
	}
	if err := writeSummary(filepath.Join(dir, "summary.json"), v, p, r); err != nil {
		return err
	}
	return writeHTML(filepath.Join(dir, "report.html"), v, p, r)
}

// junitID finds the id label among the labels Ginkgo lists at the end of a
// JUnit test case's name.
var junitID = regexp.MustCompile(`[\[ ]` + regexp.QuoteMeta(specid.LabelPrefix) + `([a-z0-9.-]+)[,\]]`)

// writeJUnit writes Ginkgo's JUnit report with set-up errors as <error>,
// so CI tools tell them apart from failures of a documented case, and each
// spec's id as the test case's property "id", for CI tools that key
// results by it.
func writeJUnit(path string, r ginkgo.Report) error {
	if err := reporters.GenerateJUnitReport(r, path); err != nil {
		return err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(raw, &suites); err != nil {
		return err
	}
	for i := range suites.TestSuites {
		ts := &suites.TestSuites[i]
		for j := range ts.TestCases {
			tc := &ts.TestCases[j]
			if id := junitID.FindStringSubmatch(tc.Name); id != nil {
				if tc.Properties == nil {
					tc.Properties = &reporters.JUnitProperties{}
				}
				tc.Properties.Properties = append([]reporters.JUnitProperty{{Name: "id", Value: id[1]}}, tc.Properties.Properties...)
			}
			if tc.Failure == nil || !strings.Contains(tc.Failure.Description, expect.SetupErrorPrefix) {
				continue
			}
			tc.Error = &reporters.JUnitError{Message: tc.Failure.Message, Type: string(OutcomeSetupError), Description: tc.Failure.Description}
			tc.Failure = nil
			ts.Failures--
			ts.Errors++
			suites.Failures--
			suites.Errors++
		}
	}
	out, err := xml.MarshalIndent(suites, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), out...), 0o644)
}

// Summary counts the specs of a run by outcome, in one line.
// A failed set-up node (BeforeSuite, say) counts as a failure; specs the run
// left out are counted as not selected.
func Summary(profileName string, r ginkgo.Report) string {
	counts := map[Outcome]int{}
	for _, s := range r.SpecReports {
		counts[outcomeOfNode(s)]++
	}
	parts := make([]string, 0, len(Outcomes))
	for _, o := range Outcomes {
		name := string(o)
		if o == OutcomeSetupError {
			name = "set-up errors"
		}
		parts = append(parts, fmt.Sprintf("%d %s", counts[o], name))
	}
	return fmt.Sprintf("edconform %s: %s%s", profileName, strings.Join(parts, ", "), leftSummary(r))
}

// outcomeOfNode is OutcomeOf for specs; other nodes count only when they
// failed.
func outcomeOfNode(s types.SpecReport) Outcome {
	if s.LeafNodeType == types.NodeTypeIt {
		return OutcomeOf(s)
	}
	if s.State.Is(types.SpecStateFailureStates) {
		return OutcomeFailed
	}
	return outcomeNone
}

type htmlRow struct {
	ID      string
	Text    string
	Labels  string
	Outcome Outcome
	Detail  string
}

var page = template.Must(template.New("report").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
.passed{background:#e6f4ea}.failed{background:#fce8e6}.setup-error{background:#fde2c8}.warned{background:#fef7e0}.skipped,.not-provokable,.not-observed,.not-selected{background:#f1f3f4}
pre{white-space:pre-wrap;margin:0;font-size:.85em}
</style></head><body>
<h1>{{.Title}}</h1>
<p>Profile <b>{{.Profile}}</b> · target {{.Target}} · {{if .Strict}}strict{{else}}lenient{{end}} text checks</p>
<p>{{range .Counts}}<span class="{{.Outcome.Class}}">{{.Outcome}}: {{.N}}</span> &nbsp; {{end}}</p>
<table><tr><th>Id</th><th>Spec</th><th>Labels</th><th>Outcome</th><th>Details</th></tr>
{{range .Rows}}<tr class="{{.Outcome.Class}}" id="{{.ID}}"><td><code>{{.ID}}</code></td><td>{{.Text}}</td><td>{{.Labels}}</td><td>{{.Outcome}}</td><td><pre>{{.Detail}}</pre></td></tr>
{{end}}</table></body></html>
`))

func writeHTML(path string, v *Vendor, p *profile.Profile, r ginkgo.Report) error {
	counts := map[Outcome]int{}
	var rows []htmlRow
	for _, s := range r.SpecReports {
		o := outcomeOfNode(s)
		if o == outcomeNone {
			rows = append(rows, leftByDesignRows(s)...)
			continue
		}
		counts[o]++
		if s.LeafNodeType != types.NodeTypeIt {
			rows = append(rows, htmlRow{Text: s.LeafNodeType.String(), Outcome: o, Detail: s.Failure.Message})
			continue
		}
		detail := s.Failure.Message
		for _, e := range s.ReportEntries {
			switch {
			case e.Name == expect.OverrideEntry:
				// Shown whatever the outcome: a pass against an overridden
				// expectation is not a pass against the document.
				detail = "Overridden. " + e.StringRepresentation() + "\n" + detail
			case e.Name == expect.WarningEntry && o == OutcomeWarned, e.Name == LocationEntry:
				detail += e.StringRepresentation() + "\n"
			}
		}
		rows = append(rows, htmlRow{ID: specid.Of(s.Labels()), Text: s.FullText(), Labels: strings.Join(specid.Without(s.Labels()), ", "), Outcome: o, Detail: detail})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Text < rows[j].Text })
	type count struct {
		Outcome Outcome
		N       int
	}
	var cs []count
	for _, o := range Outcomes {
		cs = append(cs, count{o, counts[o]})
	}
	target := transport.Redact(p.Target.BaseURL)
	if p.Embedded {
		target = "embedded " + v.Name + " reference server"
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return page.Execute(f, map[string]any{
		"Title": fmt.Sprintf("%s conformance report", v.Title), "Profile": p.Name, "Target": target,
		"Strict": p.IsStrict(), "Counts": cs, "Rows": rows,
	})
}

// writeSummary writes each spec's id and outcome, for reruns and CI tools.
func writeSummary(path string, v *Vendor, p *profile.Profile, r ginkgo.Report) error {
	type spec struct {
		ID      string  `json:"id"`
		Outcome Outcome `json:"outcome"`
	}
	var specs []spec
	for _, s := range r.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt {
			specs = append(specs, spec{specid.Of(s.Labels()), OutcomeOf(s)})
		}
	}
	code, _ := Verdict(r)
	out, err := json.MarshalIndent(map[string]any{"vendor": v.Name, "profile": p.Name, "exitCode": code, "specs": specs}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o644)
}
