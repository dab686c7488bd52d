// Package generatedproof proves that every generated Ed-Fi spec passes
// against the reference server, also against a stricter model, that a
// target without metadata runs the documented specs only, and that
// profiles select and override generated specs; generateddeviationproof
// proves them failing where a server breaks one rule on one resource. The
// suite runs in child processes of this test binary, which is why it runs
// the suite too.
package generatedproof

import (
	"slices"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/edfi"
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

// generated runs only the generated specs, with further flags.
func generated(t *testing.T, args ...string) *suitetest.Run {
	t.Helper()
	return suitetest.Execute(t, suitetest.Options{Test: suiteTest,
		Args: append([]string{"--generated", "-ginkgo.label-filter=generated"}, args...)})
}

// ofRun lists the generated spec ids a run holds, whatever their outcome.
func ofRun(r *suitetest.Run) []string {
	var ids []string
	for _, o := range suite.Outcomes {
		for _, id := range r.SpecsByID(o) {
			if strings.HasPrefix(id, "edfi.generated.") && o != suite.OutcomeNotSelected {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

func TestEveryGeneratedSpecPassesAgainstTheReferenceServer(t *testing.T) {
	t.Parallel()
	run := generated(t)
	if len(run.SuiteFailures()) > 0 || run.ExitCode() != 0 {
		t.Fatalf("the generated run did not pass: %s\n%s", run.Summary(), run.Output)
	}
	passed := run.SpecsByID(suite.OutcomePassed)
	if all := ofRun(run); len(passed) != len(all) || len(passed) < 500 {
		t.Fatalf("%d of %d generated specs passed; want all, and several hundred: %s", len(passed), len(all), run.Summary())
	}
	for _, id := range []string{
		"edfi.generated.students.required.first-name",
		"edfi.generated.students.max-length.first-name",
		"edfi.generated.students.wrong-type.birth-date",
		"edfi.generated.calendars.descriptor-does-not-exist.calendar-type-descriptor",
		"edfi.generated.calendars.unresolved-reference.school-year-type-reference",
		"edfi.generated.term-descriptors.required.code-value",
		"edfi.generated.academic-weeks.put-absent-id",
		"edfi.generated.students.patch",
	} {
		if !slices.Contains(passed, id) {
			t.Errorf("%s is not among the passed generated specs", id)
		}
	}
}

// A target that publishes no metadata gets one message, and the run goes
// on with the documented specs, which pass.
func TestWithoutMetadataTheRunSaysSoAndRunsTheDocumentedSpecs(t *testing.T) {
	t.Parallel()
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--generated", "--modes=metadata-hidden"}})
	if !strings.Contains(run.Output, "no generated specs: ") || !strings.Contains(run.Output, "running the documented specs only") ||
		strings.Count(run.Output, "no generated specs: ") != 1 {
		t.Errorf("the run does not say once why it has no generated specs:\n%s", run.Output)
	}
	if ids := ofRun(run); len(ids) > 0 {
		t.Errorf("%d generated specs without metadata", len(ids))
	}
	if len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.Specs(suite.OutcomePassed)) < 50 {
		t.Fatalf("the documented specs did not run and pass: %s", run.Summary())
	}
}

// The stricter reference model requires more of students, sections and
// attendance events than any Data Standard release: the generated specs
// follow its metadata, so they check those members too, and still pass.
func TestGeneratedSpecsFollowAStricterModel(t *testing.T) {
	t.Parallel()
	run := generated(t, "--modes=stricter-data-standard")
	if len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.Specs(suite.OutcomeSetupError)) > 0 {
		t.Fatalf("against the stricter model: %s\n%s", run.Summary(), run.Output)
	}
	if !slices.Contains(run.SpecsByID(suite.OutcomePassed), "edfi.generated.students.required.birth-city") {
		t.Error("no passing generated spec for the stricter model's required students.birthCity")
	}
}

// A profile limits and overrides the generated specs by their keys and
// ids; an id no generated spec has is refused once they are declared, and
// left alone by a run without them.
func TestProfilesSelectAndOverrideGeneratedSpecs(t *testing.T) {
	t.Parallel()
	selected := suitetest.Profile(t, "vendor: edfi\ngenerate: {resources: [students, calendars], rules: [patch, required], maxPerRule: 1}\n"+
		"expect:\n  edfi.generated.students.patch: {status: 404, reason: the product answers PATCH as an unknown route}\n")
	run := generated(t, "--profile="+selected)
	want := []string{"edfi.generated.calendars.patch", "edfi.generated.calendars.required.calendar-code", "edfi.generated.students.required.birth-date"}
	if got := run.SpecsByID(suite.OutcomePassed); !slices.Equal(got, want) {
		t.Errorf("passed %v, want %v\n%s", got, want, run.Summary())
	}
	if got := run.SpecsByID(suite.OutcomeFailed); !slices.Equal(got, []string{"edfi.generated.students.patch"}) {
		t.Errorf("failed %v, want the overridden PATCH spec alone", got)
	}

	typo := suitetest.Profile(t, "vendor: edfi\nexpect:\n  edfi.generated.studentz.patch: {status: 404}\n")
	refused := generated(t, "--profile="+typo)
	if refused.ExitCode() == 0 || !strings.Contains(refused.Output, "expect.edfi.generated.studentz.patch") {
		t.Errorf("an override of a generated spec that does not exist was not refused:\n%s", refused.Output)
	}
	documented := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + typo, "-ginkgo.label-filter=method-not-allowed"}})
	if documented.ExitCode() != 0 {
		t.Errorf("a run without generated specs refused an override of one:\n%s", documented.Output)
	}
}
