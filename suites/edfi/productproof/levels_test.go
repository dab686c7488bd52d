package productproof

import (
	"slices"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/edfi/prooftest"
)

// Message texts are SHOULD. A server that words "X is required." as
// earlier ODS/API releases did fails a strict profile on exactly the specs
// that expect it (see the deviation test); a lenient profile passes them
// with warnings, shown apart in the report; and a strict profile passes
// them cleanly once it lists the server's wording under `texts`.
func TestRewordedMessagesAreWarningsWhenLenientAndPassWithTexts(t *testing.T) {
	t.Parallel()
	reworded := []string{"--deviations=required-message-reworded"}

	t.Run("lenient", func(t *testing.T) {
		path := suitetest.Profile(t, "vendor: edfi\nstrict: false\n")
		run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: append([]string{"--profile=" + path}, reworded...)})
		if failed := run.Specs(suite.OutcomeFailed); len(failed) > 0 || len(run.SuiteFailures()) > 0 {
			t.Fatalf("a lenient profile failed on SHOULD texts: %s\n%s", run.Summary(), run.Output)
		}
		want := slices.Sorted(slices.Values(prooftest.RequiredMessageSpecs))
		if got := run.Specs(suite.OutcomeWarned); !slices.Equal(got, want) {
			t.Fatalf("the warned specs differ\nwant:\n  %s\ngot:\n  %s", strings.Join(want, "\n  "), strings.Join(got, "\n  "))
		}
		var html string
		for name, content := range run.ReportFiles(t) {
			if strings.HasSuffix(name, "/report.html") {
				html = content
			}
		}
		for _, part := range []string{"warned", "The CodeValue field is required.", "SHOULD"} {
			if !strings.Contains(html, part) {
				t.Errorf("report.html does not show the warnings (%q missing)", part)
			}
		}
	})

	t.Run("strict with texts", func(t *testing.T) {
		path := suitetest.Profile(t, "vendor: edfi\ntexts:\n"+
			"  \"CodeValue is required.\": [\"The CodeValue field is required.\"]\n"+
			"  \"ShortDescription is required.\": [\"The ShortDescription field is required.\"]\n"+
			"  \"AssessmentReportingMethodDescriptor is required.\": [\"The AssessmentReportingMethodDescriptor field is required.\"]\n")
		run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: append([]string{"--profile=" + path}, reworded...)})
		if len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.Specs(suite.OutcomeWarned)) > 0 || len(run.SuiteFailures()) > 0 {
			t.Fatalf("the profile's texts were not accepted: %s\n%s", run.Summary(), run.Output)
		}
	})
}
