// Package generateddeviationproof proves the generated Ed-Fi specs fail
// where they should: a server that breaks one rule on one resource, or
// publishes metadata it does not live up to, fails exactly the generated
// specs for that resource and rule. The suite runs in child processes of
// this test binary, which is why it runs the suite too.
package generateddeviationproof

import (
	"slices"
	"testing"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	_ "github.com/edconform/edconform/reference/edfi"
	_ "github.com/edconform/edconform/specs/edfi"
	_ "github.com/edconform/edconform/specs/edfigen"
)

const suiteTest = "TestEdfiConformance"

// The suite runs in-process beside the child runs: no test here reads the
// vendor's settings it sets.
func TestEdfiConformance(t *testing.T) {
	t.Parallel()
	suite.Run(t, edfi.Vendor)
}

// TestOneRuleOnOneResourceFailsExactlyItsGeneratedSpecs runs the generated
// specs against the reference server broken one rule on one resource at a
// time (or publishing a requirement it does not enforce).
func TestOneRuleOnOneResourceFailsExactlyItsGeneratedSpecs(t *testing.T) {
	t.Parallel()
	expected := map[string][]string{
		"one-max-length-unchecked":     {"edfi.generated.students.max-length.first-name"},
		"one-required-unchecked":       {"edfi.generated.academic-weeks.required.total-instructional-days"},
		"one-descriptor-unchecked":     {"edfi.generated.calendars.descriptor-does-not-exist.calendar-type-descriptor"},
		"metadata-overstates-required": {"edfi.generated.students.required.middle-name"},
	}
	for deviation, want := range expected {
		t.Run(deviation, func(t *testing.T) {
			t.Parallel()
			run := suitetest.Execute(t, suitetest.Options{Test: suiteTest,
				Args: []string{"--generated", "-ginkgo.label-filter=generated", "--deviations=" + deviation}})
			if len(run.SuiteFailures()) > 0 {
				t.Fatalf("the suite itself failed: %s\n%s", run.Summary(), run.Output)
			}
			if got := run.SpecsByID(suite.OutcomeFailed); !slices.Equal(got, want) {
				t.Fatalf("failed %v, want %v", got, want)
			}
			for _, s := range run.Report.SpecReports {
				if slices.Contains(want, specid.Of(s.Labels())) {
					suitetest.RequireReadableFailure(t, s.FullText(), s.Failure.Message)
				}
			}
		})
	}
}
