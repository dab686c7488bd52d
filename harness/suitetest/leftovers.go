package suitetest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// writes runs only the specs that create records.
const writes = "-ginkgo.label-filter=writes"

// RequireLocationsStayOnTarget runs the vendor's writing specs behind a
// gateway whose 201 Locations name another origin (127.0.0.2), first
// without and then with target.publicBaseURL set to that origin's root.
// Either way no request may reach the other origin, every spec must pass,
// each foreign Location must be reported with the origin expected, and the
// end-of-run check must find every record deleted on the real target.
func RequireLocationsStayOnTarget(t *testing.T, test, vendor string) {
	t.Helper()
	for name, how := range map[string]string{
		"the id on the target":         "by its id under the collection",
		"mapped through publicBaseURL": "through target.publicBaseURL",
	} {
		t.Run(name, func(t *testing.T) {
			other := StartOtherOrigin(t)
			o := GatewayOptions{LocationRoot: other.URL + "/gw"}
			if strings.Contains(how, "publicBaseURL") {
				o.PublicBaseURL = func(baseURL string) string { return relocate(baseURL, o.LocationRoot) }
			}
			g := StartGateway(t, vendor, o)
			run := Execute(t, Options{Test: test, Args: []string{"--profile=" + g.Profile, writes}, Env: g.Env})
			if len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
				t.Fatalf("the writing specs do not pass behind the gateway: %s\n%s", run.Summary(), run.Output)
			}
			if sent := other.Requests(); len(sent) > 0 {
				t.Errorf("%d requests reached the other origin: %s", len(sent), strings.Join(sent, "; "))
			}
			notes := entries(run.Report, suite.LocationEntry)
			if len(notes) == 0 {
				t.Fatalf("no spec reports the Location on another origin")
			}
			for _, n := range notes {
				if !strings.Contains(n, "Location: "+other.URL) || !strings.Contains(n, "target's ("+g.URL+")") || !strings.Contains(n, how) {
					t.Errorf("the report does not say how the Location was handled (%q):\n%s", how, n)
				}
			}
			deleted := 0
			for _, d := range g.Deletes() {
				if strings.HasSuffix(d, http204) {
					deleted++
				}
			}
			if deleted == 0 {
				t.Errorf("no record was deleted on the target: %v", g.Deletes())
			}
			t.Logf("%d Locations on another origin reported, %d DELETEs answered 204 on the target: %s", len(notes), deleted, run.Summary())
			if left := entries(run.Report, suite.LeftEntry); len(left) > 0 {
				t.Errorf("records were left on the target: %v", left)
			}
			files := run.ReportFiles(t)
			for _, name := range []string{"report.json", "report.html", "junit.xml"} {
				if !strings.Contains(reportFile(files, name), "names another origin") {
					t.Errorf("%s does not tell of the Location on another origin", name)
				}
			}
		})
	}
}

const http204 = "No Content"

// RequireLeftoversCaught runs the vendor's writing specs against a target
// that answers every DELETE with status (and body) but keeps the record
// (a success it did not perform, or a failure):
// the end-of-run check must list each record (resource, id, last response)
// in one failed clean-up entry, in the summary line and in every report,
// and the run must exit non-conformant.
func RequireLeftoversCaught(t *testing.T, test, vendor string, status int, body string) {
	t.Helper()
	g := StartGateway(t, vendor, GatewayOptions{KeepOnDelete: status, KeepBody: body})
	run := Execute(t, Options{Test: test, Args: []string{"--profile=" + g.Profile, writes}, Env: g.Env})
	var cleanup []types.SpecReport
	for _, f := range run.SuiteFailures() {
		if strings.HasPrefix(f.Failure.Message, suite.CleanupPrefix) {
			cleanup = append(cleanup, f)
		}
	}
	if len(cleanup) != 1 || len(g.Deletes()) == 0 {
		t.Fatalf("want one failed clean-up entry after %d DELETEs, got %d: %s\n%s", len(g.Deletes()), len(cleanup), run.Summary(), run.Output)
	}
	msg := cleanup[0].Failure.Message
	// A DELETE that succeeded leaves the record for the check's read to
	// find; one that failed is listed with its answer.
	listing := ": still on the target after its clean-up ("
	if status < 200 || status > 299 {
		listing = fmt.Sprintf(": its deletion failed (last response %d ", status)
	}
	listed := strings.Count(msg, listing)
	if listed == 0 || !strings.Contains(msg, fmt.Sprintf("%s%d records the suite created are left on the target", suite.CleanupPrefix, listed)) {
		t.Errorf("the clean-up failure does not list the records the target kept:\n%s", msg)
	}
	t.Logf("%d records listed; the clean-up entry starts:\n%s", listed, transport.Truncate(msg, 600))
	if line := fmt.Sprintf("%d left on the target", listed); !strings.Contains(run.Output, line) {
		t.Errorf("the summary line does not say %q:\n%s", line, run.Output)
	}
	files := run.ReportFiles(t)
	for _, name := range []string{"junit.xml", "report.json", "report.html"} {
		if !strings.Contains(reportFile(files, name), listing) {
			t.Errorf("%s does not list the records left on the target", name)
		}
	}
	if run.ExitCode() != suite.ExitNonConformant {
		t.Errorf("exit code %d, want %d (non-conformant)", run.ExitCode(), suite.ExitNonConformant)
	}
}

// entries lists the values of the report entries of that name.
func entries(r types.Report, name string) []string {
	var out []string
	for _, s := range r.SpecReports {
		for _, e := range s.ReportEntries {
			if e.Name == name {
				out = append(out, e.StringRepresentation())
			}
		}
	}
	return out
}

// reportFile is the content of the report file of that name.
func reportFile(files map[string]string, name string) string {
	for path, content := range files {
		if filepath.Base(path) == name {
			return content
		}
	}
	return ""
}

// RequireLeftByDesign runs the vendor's writing specs against its
// reference server: records the API cannot delete are listed as left by
// design, in the summary line too, and fail nothing.
func RequireLeftByDesign(t *testing.T, test string) {
	t.Helper()
	run := Execute(t, Options{Test: test, Args: []string{writes}})
	if len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomeFailed)) > 0 || run.ExitCode() != suite.ExitConformant {
		t.Fatalf("records left by design fail the run (exit %d): %s\n%s", run.ExitCode(), run.Summary(), run.Output)
	}
	listed := 0
	for _, e := range entries(run.Report, suite.LeftByDesignEntry) {
		listed += strings.Count(e, "\n") + 1
	}
	if line := fmt.Sprintf(", %d left by design", listed); listed == 0 || !strings.Contains(run.Output, line) {
		t.Errorf("the summary line does not say %q:\n%s", line, run.Output)
	}
	if html := reportFile(run.ReportFiles(t), "report.html"); !strings.Contains(html, "left on the target by design") {
		t.Error("report.html does not list the records left by design")
	}
}
