package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"
	"github.com/xeipuuv/gojsonschema"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/specid"
)

// Summary is summary.json: one run of one profile, for machines (CI gates,
// reruns) and for the HTML pages, which are rendered from it.
type Summary struct {
	Run    RunInfo         `json:"run"`
	Counts map[Outcome]int `json:"counts"`
	Specs  []Spec          `json:"specs"`
	// SuiteFailures are failed set-up nodes (the target did not answer,
	// say): they count as failures but belong to no spec.
	SuiteFailures []SuiteFailure `json:"suiteFailures"`
	// LeftOnTarget lists the records the suite created that the end-of-run
	// check found still on the target, or whose deletion failed;
	// LeftByDesign those the API offers no way to delete.
	LeftOnTarget []string `json:"leftOnTarget,omitempty"`
	LeftByDesign []string `json:"leftByDesign,omitempty"`
}

// Report entries of the end-of-run check (one line per record), and of a
// Location header on another origin than the target's.
const (
	LeftEntry         = "edconform-left-on-target"
	LeftByDesignEntry = "edconform-left-by-design"
	LocationEntry     = "edconform-location"
)

// RunInfo is a run's metadata.
type RunInfo struct {
	Version     string `json:"version"`
	Vendor      string `json:"vendor"`
	VendorTitle string `json:"vendorTitle"`
	Source      string `json:"source"`
	Profile     string `json:"profile"`
	// Target is the redacted base URL, or "embedded <vendor> reference server".
	Target          string    `json:"target"`
	Strict          bool      `json:"strict"`
	Seed            int64     `json:"seed"`
	LabelFilter     string    `json:"labelFilter"`
	Started         time.Time `json:"started"`
	DurationSeconds float64   `json:"durationSeconds"`
	Families        []string  `json:"families"`
}

// Spec is one spec's result.
type Spec struct {
	ID string `json:"id"`
	// Title is the spec's own text; DocumentedCase the document, headings
	// and title it follows.
	Title          string   `json:"title"`
	DocumentedCase string   `json:"documentedCase"`
	Family         string   `json:"family"`
	Labels         []string `json:"labels"`
	Outcome        Outcome  `json:"outcome"`
	// Reason says why a spec was skipped, not provokable, not observed or
	// not selected.
	Reason   string   `json:"reason,omitempty"`
	Message  string   `json:"message,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	// Override is the profile's expect.<spec id> the spec asserted instead
	// of the documented answer.
	Override string `json:"override,omitempty"`
	// Notes are further things the run observed of the spec: a waiver, a
	// Location on another origin.
	Notes       []string            `json:"notes,omitempty"`
	Differences []expect.Difference `json:"differences"`
	Request     string              `json:"request,omitempty"`
	Response    string              `json:"response,omitempty"`
	// Transcript is every exchange of a failed spec whose failure came
	// from no matcher (so with no request and response above).
	Transcript      string  `json:"transcript,omitempty"`
	Location        string  `json:"location"`
	DurationSeconds float64 `json:"durationSeconds"`
}

// SuiteFailure is a failed set-up node.
type SuiteFailure struct {
	Node     string `json:"node"`
	Message  string `json:"message"`
	Location string `json:"location"`
}

// TranscriptEntry names the report entry holding a failed spec's exchanges.
const TranscriptEntry = "transcript"

// Summarize builds the summary of a run.
func Summarize(run Run, r types.Report) Summary {
	sum := Summary{
		Run: RunInfo{Version: run.Version, Vendor: run.Vendor, VendorTitle: run.VendorTitle, Source: run.Source,
			Profile: run.Profile, Target: run.Target, Strict: run.Strict, Seed: r.SuiteConfig.RandomSeed,
			LabelFilter: r.SuiteConfig.LabelFilter, Started: r.StartTime.UTC(), DurationSeconds: r.RunTime.Seconds(),
			Families: run.reportedFamilies()},
		Counts:        Count(r),
		Specs:         []Spec{},
		SuiteFailures: []SuiteFailure{},
	}
	for _, s := range r.SpecReports {
		for _, e := range s.ReportEntries {
			lines := strings.Split(e.StringRepresentation(), "\n")
			switch e.Name {
			case LeftEntry:
				sum.LeftOnTarget = append(sum.LeftOnTarget, lines...)
			case LeftByDesignEntry:
				sum.LeftByDesign = append(sum.LeftByDesign, lines...)
			}
		}
		if s.LeafNodeType != types.NodeTypeIt {
			if failed(s) {
				sum.SuiteFailures = append(sum.SuiteFailures, SuiteFailure{Node: s.LeafNodeType.String(),
					Message: s.Failure.Message, Location: run.relative(s.Failure.Location.String())})
			}
			continue
		}
		sum.Specs = append(sum.Specs, summarizeSpec(run, s))
	}
	return sum
}

func summarizeSpec(run Run, s types.SpecReport) Spec {
	labels := specid.Without(s.Labels())
	o := OutcomeOf(s)
	spec := Spec{ID: specid.Of(s.Labels()), Title: s.LeafNodeText,
		DocumentedCase: strings.Join(append(append([]string{run.VendorTitle + " " + run.Source}, s.ContainerHierarchyTexts...), s.LeafNodeText), " › "),
		Family:         run.familyOf(labels), Labels: labels, Outcome: o, Differences: []expect.Difference{},
		Location: run.relative(s.LeafNodeLocation.String()), DurationSeconds: s.RunTime.Seconds()}
	if spec.Labels == nil {
		spec.Labels = []string{}
	}
	switch KindOf(o).JUnit {
	case JUnitSkipped:
		spec.Reason = s.Failure.Message
		if spec.Reason == "" {
			spec.Reason = notSelectedReason
		}
	case JUnitFailure, JUnitError:
		spec.Message = s.Failure.Message
	}
	for _, e := range s.ReportEntries {
		switch e.Name {
		case expect.WarningEntry:
			spec.Warnings = append(spec.Warnings, e.StringRepresentation())
		case expect.OverrideEntry:
			spec.Override = e.StringRepresentation()
		case WaiverEntry, LocationEntry:
			spec.Notes = append(spec.Notes, e.StringRepresentation())
		case expect.DifferencesEntry:
			d, err := expect.DifferencesOf(e.StringRepresentation())
			if err != nil {
				continue
			}
			spec.Differences = append(spec.Differences, d.Differences...)
			if d.Request != "" {
				spec.Request, spec.Response = d.Request, d.Response
			}
		case TranscriptEntry:
			spec.Transcript = e.StringRepresentation()
		}
	}
	if spec.Request != "" {
		spec.Transcript = ""
	}
	return spec
}

func (run Run) relative(location string) string {
	if run.Root == "" {
		return location
	}
	return strings.TrimPrefix(location, strings.TrimSuffix(run.Root, "/")+"/")
}

const notSelectedReason = "not selected: left out by the label filter or a focus"

// familyOf is the first label that names one of the vendor's families.
func (run Run) familyOf(labels []string) string {
	for _, l := range labels {
		if slices.Contains(run.Families, l) {
			for _, sub := range run.Subfamilies[l] {
				if slices.Contains(labels, sub) {
					return l + "." + sub
				}
			}
			return l
		}
	}
	return ""
}

// reportedFamilies are the families in the order the reports list them,
// each split into its subfamilies.
func (run Run) reportedFamilies() []string {
	var out []string
	for _, f := range run.Families {
		out = append(out, f)
		for _, sub := range run.Subfamilies[f] {
			out = append(out, f+"."+sub)
		}
	}
	return out
}

//go:embed summary.schema.json
var summarySchema []byte

// compiledSummarySchema is compiled once: a proof validates every
// summary.json its child runs write.
var compiledSummarySchema = sync.OnceValues(func() (*gojsonschema.Schema, error) {
	return gojsonschema.NewSchema(gojsonschema.NewBytesLoader(summarySchema))
})

// SummarySchema is the JSON Schema summary.json follows.
func SummarySchema() []byte { return slices.Clone(summarySchema) }

// ValidateSummary checks a summary.json against its schema.
func ValidateSummary(raw []byte) error {
	schema, err := compiledSummarySchema()
	if err != nil {
		return err
	}
	res, err := schema.Validate(gojsonschema.NewBytesLoader(raw))
	if err != nil {
		return err
	}
	if !res.Valid() {
		var problems []string
		for _, e := range res.Errors() {
			problems = append(problems, e.String())
		}
		return fmt.Errorf("summary.json does not follow its schema: %s", strings.Join(problems, "; "))
	}
	return nil
}

func writeSummary(path string, sum Summary) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sum); err != nil {
		return err
	}
	return writeAtomically(path, b.Bytes())
}

// ReadSummary reads a summary.json.
func ReadSummary(path string) (Summary, error) {
	var sum Summary
	raw, err := os.ReadFile(path)
	if err != nil {
		return sum, err
	}
	if err := json.Unmarshal(raw, &sum); err != nil {
		return sum, fmt.Errorf("%s: %v", path, err)
	}
	return sum, nil
}
