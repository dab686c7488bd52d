// Package report writes what a run of a vendor suite leaves behind in
// reports/<profile>/: summary.json (for machines), junit.xml (for CI test
// views), Ginkgo's report.json and report.html, and, beside the profiles'
// folders, index.html across every profile there.
package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"sync"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/transport"
)

// Run says what was run, for the reports' metadata.
type Run struct {
	Version     string
	Vendor      string
	VendorTitle string
	Source      string
	Families    []string
	// Subfamilies are labels that split a family in the reports: a
	// generated spec is reported under its rule (generated.required).
	Subfamilies map[string][]string
	Profile     string
	// Target is already redacted, or names the embedded reference server.
	Target string
	Strict bool
	// Root is the source tree's folder, left out of spec locations.
	Root string
}

// File names inside a profile's folder, and of the index beside them.
const (
	SummaryFile = "summary.json"
	JUnitFile   = "junit.xml"
	JSONFile    = "report.json"
	PageFile    = "report.html"
	IndexFile   = "index.html"
)

// Write writes every report of a run into dir (reports/<profile>) and
// rewrites the index beside it.
func Write(dir string, run Run, r types.Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r = redacted(r)
	// The three files share nothing but the redacted report, which they
	// only read: written side by side, they end a run sooner.
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, write := range []func() error{
		func() error { return writeJUnit(filepath.Join(dir, JUnitFile), run, r) },
		func() error { return writeGinkgoJSON(filepath.Join(dir, JSONFile), r) },
		func() error { return writeSummaryAndPages(dir, run, r) },
	} {
		wg.Go(func() { errs[i] = write() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// writeSummaryAndPages writes summary.json and the profile's page, then the
// index beside the profile's folder.
func writeSummaryAndPages(dir string, run Run, r types.Report) error {
	sum := Summarize(run, r)
	if err := writeSummary(filepath.Join(dir, SummaryFile), sum); err != nil {
		return err
	}
	title := sum.Run.VendorTitle + " conformance: " + sum.Run.Profile
	rendered := &renderedEntries{html: map[string]template.HTML{}}
	if err := writePage(filepath.Join(dir, PageFile), title, "../"+IndexFile, []Summary{sum}, rendered); err != nil {
		return err
	}
	return writeIndex(filepath.Dir(dir), rendered)
}

// writeGinkgoJSON writes r as Ginkgo's JSON report does (a list of one
// report), without its indentation: indenting the transcripts and messages
// cost as much as encoding them.
func writeGinkgoJSON(path string, r types.Report) error {
	raw, err := marshalReport(r)
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}

// specReportsNull is how the report's specs read when it has none.
var specReportsNull = []byte(`"SpecReports":null`)

// marshalReport is json.Marshal([]types.Report{r}), with each spec encoded
// once: encoding/json would check and copy again what each spec's own
// MarshalJSON wrote, transcripts and all.
func marshalReport(r types.Report) ([]byte, error) {
	specs := r.SpecReports
	r.SpecReports = nil
	head, err := json.Marshal([]types.Report{r})
	at := bytes.Index(head, specReportsNull)
	if err != nil || specs == nil || at < 0 {
		return head, err
	}
	out := append(bytes.Clone(head[:at]), `"SpecReports":[`...)
	for i, s := range specs {
		raw, err := s.MarshalJSON()
		if err != nil {
			return nil, err
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, raw...)
	}
	return append(append(out, ']'), head[at+len(specReportsNull):]...), nil
}

// WriteIndex writes root/index.html from every root/*/summary.json.
func WriteIndex(root string) error { return writeIndex(root, nil) }

// writeIndex is WriteIndex reusing the entries a profile's page rendered.
func writeIndex(root string, rendered *renderedEntries) error {
	paths, err := filepath.Glob(filepath.Join(root, "*", SummaryFile))
	if err != nil {
		return err
	}
	var sums []Summary
	for _, p := range paths {
		sum, err := ReadSummary(p)
		if err != nil {
			// A summary from another edconform version is left out, not fatal.
			fmt.Fprintf(os.Stderr, "edconform: %s left out of the index: %v\n", p, err)
			continue
		}
		sums = append(sums, sum)
	}
	return writePage(filepath.Join(root, IndexFile), "edconform conformance reports", "", sums, rendered)
}

// redacted returns a copy of r with every secret redacted once more from
// what reports show, in case anything slipped past the renderers.
func redacted(r types.Report) types.Report {
	r.SpecReports = append(types.SpecReports{}, r.SpecReports...)
	for i := range r.SpecReports {
		s := &r.SpecReports[i]
		s.Failure.Message = transport.Redact(s.Failure.Message)
		s.CapturedGinkgoWriterOutput = transport.Redact(s.CapturedGinkgoWriterOutput)
		s.CapturedStdOutErr = transport.Redact(s.CapturedStdOutErr)
		entries := make(types.ReportEntries, len(s.ReportEntries))
		for j, e := range s.ReportEntries {
			e.Value = types.WrapEntryValue(transport.Redact(e.StringRepresentation()))
			entries[j] = e
		}
		s.ReportEntries = entries
	}
	return r
}
