package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"os"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/specid"
)

// junitConfig is what Ginkgo's JUnit reporter leaves out on its own: the
// "[It]" prefix, the labels in the name (the id is a property instead) and
// the timelines (the failure's description already holds the message, and
// the exchanges go to <system-out>). Passed set-up nodes are dropped before
// the report is handed to it, since Ginkgo can only drop all of them.
var junitConfig = reporters.JunitReportConfig{
	OmitLeafNodeType: true,
	OmitSpecLabels:   true,
	OmitTimelinesForSpecState: types.SpecStatePassed | types.SpecStateSkipped | types.SpecStatePending |
		types.SpecStateFailureStates,
}

// writeJUnit writes Ginkgo's JUnit report and then makes each test case
// say what its outcome is: classname <vendor>.<family>, set-up errors as
// <error>, the not provokable, not observed and not selected as <skipped>
// with their reason, warnings in <system-out>, and the properties id,
// outcome and warning.
func writeJUnit(path string, run Run, r types.Report) error {
	var kept types.SpecReports
	for _, s := range r.SpecReports {
		if OutcomeOfNode(s) != outcomeNone {
			kept = append(kept, s)
		}
	}
	// Ginkgo turns report entries into properties, JSON-encoding each
	// (transcripts too); shapeTestCase replaces them all, so it gets none.
	bare := r
	bare.SpecReports = make(types.SpecReports, len(kept))
	for i, s := range kept {
		s.ReportEntries = nil
		bare.SpecReports[i] = s
	}
	if err := reporters.GenerateJUnitReportWithConfig(bare, path, junitConfig); err != nil {
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
	suites.Tests, suites.Failures, suites.Errors, suites.Disabled = 0, 0, 0, 0
	for i := range suites.TestSuites {
		ts := &suites.TestSuites[i]
		ts.Properties.Properties = append(runProperties(run), ts.Properties.Properties...)
		ts.Tests, ts.Failures, ts.Errors, ts.Skipped, ts.Disabled = len(ts.TestCases), 0, 0, 0, 0
		for j := range ts.TestCases {
			tc := &ts.TestCases[j]
			shapeTestCase(tc, run, kept[j])
			switch {
			case tc.Failure != nil:
				ts.Failures++
			case tc.Error != nil:
				ts.Errors++
			case tc.Skipped != nil:
				ts.Skipped++
			}
		}
		suites.Tests += ts.Tests
		suites.Failures += ts.Failures
		suites.Errors += ts.Errors
		suites.Disabled += ts.Skipped
	}
	out, err := xml.MarshalIndent(suites, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), out...), 0o644)
}

// runProperties are the run's metadata as test suite properties.
func runProperties(run Run) []reporters.JUnitProperty {
	return []reporters.JUnitProperty{{Name: "edconform.version", Value: run.Version}, {Name: "vendor", Value: run.Vendor},
		{Name: "profile", Value: run.Profile}, {Name: "target", Value: run.Target}, {Name: "strict", Value: fmt.Sprint(run.Strict)}}
}

// CouldNotJudge is the JUnit error type of a failed suite set-up (an
// unreachable target, a profile that did not load).
const CouldNotJudge = "could not judge"

func shapeTestCase(tc *reporters.JUnitTestCase, run Run, s types.SpecReport) {
	o := OutcomeOfNode(s)
	labels := s.Labels()
	tc.Classname = run.Vendor + "." + cmp.Or(run.familyOf(labels), "suite")
	if tc.Name == "" {
		tc.Name = s.LeafNodeType.String()
	}
	// Whatever element Ginkgo chose, its text is the failure's description.
	var message, description string
	switch {
	case tc.Failure != nil:
		message, description = tc.Failure.Message, tc.Failure.Description
	case tc.Error != nil:
		message, description = tc.Error.Message, tc.Error.Description
	}
	message = firstLine(cmp.Or(s.Failure.Message, message))
	tc.Failure, tc.Error, tc.Skipped = nil, nil, nil
	element, typ := KindOf(o).JUnit, string(o)
	if s.LeafNodeType != types.NodeTypeIt && element == JUnitFailure {
		// A failed suite set-up judged nothing: an error, not a failure.
		element, typ = JUnitError, CouldNotJudge
	}
	switch element {
	case JUnitFailure:
		tc.Failure = &reporters.JUnitFailure{Message: message, Type: typ, Description: description}
	case JUnitError:
		tc.Error = &reporters.JUnitError{Message: message, Type: typ, Description: description}
	case JUnitSkipped:
		reason := s.Failure.Message
		switch {
		case s.State == types.SpecStatePending:
			reason = "pending"
		case reason == "":
			reason = notSelectedReason
		case !strings.HasPrefix(reason, string(o)+": "):
			reason = string(o) + ": " + reason
		}
		tc.Skipped = &reporters.JUnitSkipped{Message: reason}
	}
	props := []reporters.JUnitProperty{{Name: "outcome", Value: string(o)}}
	if id := specid.Of(labels); id != "" {
		props = append([]reporters.JUnitProperty{{Name: "id", Value: id}}, props...)
	}
	var out []string
	if tc.SystemOut != "" {
		out = append(out, tc.SystemOut)
	}
	for _, e := range s.ReportEntries {
		if e.Name == TranscriptEntry {
			out = append(out, "Exchanges:\n"+e.StringRepresentation())
		}
		if e.Name == expect.DifferencesEntry || e.Name == TranscriptEntry {
			continue
		}
		// edconform-warning becomes "warning", and so on for its other
		// entries (overrides, waivers).
		name := strings.TrimPrefix(e.Name, "edconform-")
		value := e.StringRepresentation()
		props = append(props, reporters.JUnitProperty{Name: name, Value: value})
		if name != e.Name {
			out = append(out, name+": "+value)
		}
	}
	tc.Properties = &reporters.JUnitProperties{Properties: props}
	tc.SystemOut = strings.Join(out, "\n")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
