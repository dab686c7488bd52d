package productproof

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
)

// The exit codes, waivers, reruns, listing and dry runs a vendor's pipeline
// gates on.

const patchSpec = "edfi.method-not-allowed.patch-requests"

func waiversFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "waivers.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAWaivedFailureIsReportedButDoesNotFailTheRun(t *testing.T) {
	t.Parallel()
	unwaived := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--deviations=patch-not-found"}})
	if code := unwaived.ExitCode(); code != suite.ExitNonConformant {
		t.Fatalf("without a waiver: exit %d, want %d\n%s", code, suite.ExitNonConformant, unwaived.Summary())
	}
	waived := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--deviations=patch-not-found",
		"--waivers=" + waiversFile(t, "waivers:\n  - {spec: "+patchSpec+", reason: ACME-123 PATCH answers 404, expires: 2999-12-31}\n")}})
	if code := waived.ExitCode(); code != suite.ExitConformant {
		t.Fatalf("with a waiver: exit %d, want 0\n%s\n%s", code, waived.Summary(), waived.Output)
	}
	if got := waived.SpecsByID(suite.OutcomeWaived); strings.Join(got, ",") != patchSpec {
		t.Errorf("waived specs: %v, want [%s]", got, patchSpec)
	}
	spec, _ := waived.ByID(patchSpec)
	if !strings.Contains(spec.Failure.Message, "Differences (") {
		t.Errorf("a waived failure keeps its differences:\n%s", spec.Failure.Message)
	}
	if !strings.Contains(waived.Output, "1 waived") || !strings.Contains(waived.Output, "0 failed") {
		t.Errorf("the summary line does not count the waiver:\n%s", waived.Output)
	}
	for name, content := range waived.ReportFiles(t) {
		if strings.HasSuffix(name, "/junit.xml") && !strings.Contains(content, `<property name="outcome" value="waived">`) {
			t.Errorf("junit.xml does not show the waiver:\n%s", content)
		}
		if strings.HasSuffix(name, "/summary.json") && !strings.Contains(content, `"waived": 1`) {
			t.Errorf("summary.json does not count the waiver:\n%s", content)
		}
	}
}

func TestAnExpiredOrUnknownWaiverStopsTheRun(t *testing.T) {
	t.Parallel()
	for key, body := range map[string]string{
		"waivers[0].expires": "waivers:\n  - {spec: " + patchSpec + ", reason: old, expires: 2020-01-31}\n",
		"waivers[0].spec":    "waivers:\n  - {spec: edfi.no-such.spec, reason: typo, expires: 2999-01-31}\n",
		"waivers[0].reason":  "waivers:\n  - {spec: " + patchSpec + ", expires: 2999-01-31}\n",
	} {
		run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--waivers=" + waiversFile(t, body)}})
		if code := run.ExitCode(); code != suite.ExitNotJudged || !strings.Contains(run.Output, key) {
			t.Errorf("%s: exit %d, want %d and an error naming it:\n%s", key, code, suite.ExitNotJudged, run.Output)
		}
		if len(run.Report.SpecReports) > 0 {
			t.Errorf("%s: specs ran", key)
		}
	}
}

func TestARerunRunsOnlyWhatFailedLastTime(t *testing.T) {
	t.Parallel()
	reports := t.TempDir()
	first := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--deviations=patch-not-found", "--reports-dir=" + reports}})
	if got := first.SpecsByID(suite.OutcomeFailed); strings.Join(got, ",") != patchSpec {
		t.Fatalf("the first run's failures: %v\n%s", got, first.Summary())
	}
	rerun := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--deviations=patch-not-found", "--reports-dir=" + reports, "--rerun"}})
	var ran []string
	for _, o := range suite.Outcomes {
		if o != suite.OutcomeNotSelected {
			ran = append(ran, rerun.SpecsByID(o)...)
		}
	}
	if strings.Join(ran, ",") != patchSpec {
		t.Errorf("the rerun ran %v, want only %s\n%s", ran, patchSpec, rerun.Output)
	}
}

func TestADryRunAndAListingTouchNoReports(t *testing.T) {
	t.Parallel()
	reports := filepath.Join(t.TempDir(), "untouched")
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"-ginkgo.dry-run", "--reports-dir=" + reports}})
	if len(run.Report.SpecReports) == 0 {
		t.Fatalf("the dry run reported nothing:\n%s", run.Output)
	}
	if _, err := os.Stat(reports); !os.IsNotExist(err) {
		t.Errorf("a dry run created or touched %s (%v)", reports, err)
	}
	list := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--list", "--reports-dir=" + reports, "-test.v"}})
	for _, want := range []string{patchSpec + "\t", "method-not-allowed", "PATCH Requests › refuses PATCH"} {
		if !strings.Contains(list.Output, want) {
			t.Errorf("--list lacks %q:\n%s", want, list.Output)
		}
	}
	if _, err := os.Stat(reports); !os.IsNotExist(err) {
		t.Errorf("--list created or touched %s (%v)", reports, err)
	}
}
