package validationproof

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/meadowlark/prooftest"
)

// Meadowlark 0.4.0 quotes the names the document writes bare. No matcher
// accepts that by itself: under the strict default profile those specs
// fail (see the deviation test), under a lenient one they are warnings,
// and with the example profile's `texts` they pass cleanly.
func TestQuotedNamesAreWarningsWhenLenientAndPassWithTheExampleTexts(t *testing.T) {
	t.Parallel()
	quoted := []string{"--deviations=names-quoted"}
	want := slices.Sorted(slices.Values(prooftest.QuotedNameSpecs))

	t.Run("lenient", func(t *testing.T) {
		path := suitetest.Profile(t, "vendor: meadowlark\nstrict: false\n")
		run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: append([]string{"--profile=" + path}, quoted...)})
		if len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.SuiteFailures()) > 0 {
			t.Fatalf("a lenient profile failed on SHOULD texts: %s\n%s", run.Summary(), run.Output)
		}
		if got := run.Specs(suite.OutcomeWarned); !slices.Equal(got, want) {
			t.Fatalf("the warned specs differ\nwant:\n  %s\ngot:\n  %s", strings.Join(want, "\n  "), strings.Join(got, "\n  "))
		}
	})

	t.Run("strict with the example profile's texts", func(t *testing.T) {
		example, err := profile.Load(filepath.Join(suite.RepoRoot(), "profiles", "meadowlark-example.yaml"), "meadowlark", func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		raw, err := yaml.Marshal(map[string]any{"vendor": "meadowlark", "strict": true, "texts": example.Texts})
		if err != nil {
			t.Fatal(err)
		}
		run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: append([]string{"--profile=" + suitetest.Profile(t, string(raw))}, quoted...)})
		if len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.Specs(suite.OutcomeWarned)) > 0 || len(run.SuiteFailures()) > 0 {
			t.Fatalf("the example profile's texts were not accepted: %s\n%s", run.Summary(), run.Output)
		}
	})
}
