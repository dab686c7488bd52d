// Package suitetest runs a vendor's conformance suite in a child process
// from the project's own tests, to prove both directions: the suite passes
// against the reference server and fails, readably and precisely, against
// each named deviation, bad configuration and broken server.
package suitetest

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/report"
	"github.com/edconform/edconform/harness/suite"
)

// Run is one child run of a suite.
type Run struct {
	Report    types.Report
	Output    string
	ExitErr   error
	ReportDir string
}

// Options for a child run.
type Options struct {
	// Test is the Go test function that runs the suite (TestEdfiConformance).
	Test string
	// Args are further flags: --deviations=..., --profile=...
	Args []string
	// Env are further environment variables (KEY=VALUE).
	Env []string
	// Timeout bounds the child run; default 5 minutes.
	Timeout time.Duration
	// GinkgoReport has Ginkgo write its own JSON report into the reports
	// folder too, beside the suite's. Execute asks for it by itself where
	// the suite writes none (a dry run) and where the child is given
	// credentials (a secret or token in Env), so that a proof that no
	// secret shows in any file the run wrote covers Ginkgo's report too.
	GinkgoReport bool
}

// Execute runs the suite in a child copy of the current test binary, with
// its own reports folder, and decodes the report of the specs it ran: the
// one the suite wrote (report.json in its profile's folder) or Ginkgo's own.
func Execute(t *testing.T, o Options) *Run {
	t.Helper()
	dir := t.TempDir()
	reportFile := filepath.Join(dir, "ginkgo.json")
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	defer cancel()
	args := []string{"-test.run=^" + o.Test + "$", "-ginkgo.no-color", "--reports-dir=" + dir}
	args = append(args, o.Args...)
	root, known := reportsRoot(args)
	ginkgoReport := o.GinkgoReport || !known || dryRun(args) || givesCredentials(o.Env)
	if ginkgoReport {
		args = append(args, "-ginkgo.json-report="+reportFile)
	}
	before := suiteReports(root)
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(append(CleanEnv(), childRuntime()...), o.Env...)
	out, err := cmd.CombinedOutput()
	run := &Run{Output: string(out), ExitErr: err, ReportDir: dir}
	if !ginkgoReport {
		reportFile = writtenSince(before, suiteReports(root))
		// A run that got as far as Ginkgo's specs writes its reports; a
		// proof must not pass on an empty report because none was found.
		if reportFile == "" && ranSpecs.MatchString(run.Output) {
			t.Fatalf("the child ran its specs but no one report.json under %s was written:\n%s", root, out)
		}
	}
	if raw, readErr := os.ReadFile(reportFile); readErr == nil && reportFile != "" {
		var reports []types.Report
		if jsonErr := json.Unmarshal(raw, &reports); jsonErr != nil || len(reports) != 1 {
			t.Fatalf("cannot decode the child's report %s: %v\n%s", reportFile, jsonErr, out)
		}
		// A run stopped before any spec (a bad profile) writes a report
		// of its error alone, for CI; it ran no specs, and Ginkgo wrote
		// none.
		if ginkgoReport || reports[0].PreRunStats.TotalSpecs > 0 {
			run.Report = reports[0]
		}
	}
	requireWellFormedReports(t, dir)
	return run
}

// ranSpecs is how Ginkgo's summary of a run starts.
var ranSpecs = regexp.MustCompile(`(?m)^Ran \d+ of \d+ Specs? in `)

// reportsRoot is where the child writes reports/<profile>/: the last
// --reports-dir of args; not known when a flag names a relative folder or
// takes its value as the next argument.
func reportsRoot(args []string) (string, bool) {
	root, hasValue, _ := lastFlag(args, "reports-dir")
	return root, hasValue && filepath.IsAbs(root)
}

// dryRun reports whether args make Ginkgo walk the specs without running
// them; the suite then writes no reports.
func dryRun(args []string) bool {
	value, hasValue, found := lastFlag(args, "ginkgo.dry-run", "ginkgo.dryRun")
	return found && (!hasValue || value != "false")
}

// lastFlag finds the last flag of args (-name or --name, =value or not)
// with one of the names.
func lastFlag(args []string, names ...string) (value string, hasValue, found bool) {
	for _, a := range args {
		name, v, has := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && slices.Contains(names, name) {
			value, hasValue, found = v, has, true
		}
	}
	return value, hasValue, found
}

// givesCredentials reports whether env hands the child a secret or token.
func givesCredentials(env []string) bool {
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if strings.Contains(name, "SECRET") || strings.Contains(name, "TOKEN") {
			return true
		}
	}
	return false
}

// suiteReports are the suite's JSON reports under root, one per profile
// folder, with when each was last written.
func suiteReports(root string) map[string]time.Time {
	out := map[string]time.Time{}
	paths, _ := filepath.Glob(filepath.Join(root, "*", report.JSONFile))
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil {
			out[p] = info.ModTime()
		}
	}
	return out
}

// writtenSince is the one report that is new or rewritten in after, or ""
// when none or several are.
func writtenSince(before, after map[string]time.Time) string {
	var written []string
	for p, at := range after {
		if was, ok := before[p]; !ok || !was.Equal(at) {
			written = append(written, p)
		}
	}
	if len(written) != 1 {
		return ""
	}
	return written[0]
}

// ExitCode is the child's exit code (0 when it succeeded, -1 when it did
// not exit by itself).
func (r *Run) ExitCode() int {
	var exit *exec.ExitError
	switch {
	case r.ExitErr == nil:
		return 0
	case errors.As(r.ExitErr, &exit):
		return exit.ExitCode()
	}
	return -1
}

// requireWellFormedReports checks every summary.json a child run wrote
// against its JSON Schema and every junit.xml against the JUnit format.
func requireWellFormedReports(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		check := map[string]func([]byte) error{report.SummaryFile: report.ValidateSummary, report.JUnitFile: report.CheckJUnit}[d.Name()]
		if check == nil {
			return nil
		}
		raw, readErr := os.ReadFile(path)
		if readErr == nil {
			readErr = check(raw)
		}
		if readErr != nil {
			t.Errorf("%s: %v", path, readErr)
		}
		return nil
	})
}

// childRuntime tunes the Go runtime of a child run, unless the parent's
// environment already does. A child lives a fraction of a second and holds
// little, so collecting its garbage less often saves about a fifth of its
// CPU for some megabytes more; and children run side by side, one per core,
// so each on one processor spends nothing on waking idle ones.
func childRuntime() []string {
	var env []string
	for _, kv := range []string{"GOGC=400", "GOMAXPROCS=1"} {
		key, _, _ := strings.Cut(kv, "=")
		if _, set := os.LookupEnv(key); !set {
			env = append(env, kv)
		}
	}
	return env
}

// CleanEnv is this process's environment without its EDCONFORM_
// variables, for a child run: a developer's shell cannot change what a test
// or a benchmark proves.
func CleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "EDCONFORM_") {
			env = append(env, kv)
		}
	}
	return env
}

// Specs lists the full texts of the It specs in a given outcome.
func (r *Run) Specs(outcome suite.Outcome) []string {
	var out []string
	for _, s := range r.Report.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt && suite.OutcomeOf(s) == outcome {
			out = append(out, s.FullText())
		}
	}
	sort.Strings(out)
	return out
}

// SuiteFailures lists failures outside specs (BeforeSuite and the like).
func (r *Run) SuiteFailures() []types.SpecReport {
	var out []types.SpecReport
	for _, s := range r.Report.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt && s.State.Is(types.SpecStateFailureStates) {
			out = append(out, s)
		}
	}
	return out
}

// Failure returns the failure message of the spec with this full text.
func (r *Run) Failure(fullText string) string {
	for _, s := range r.Report.SpecReports {
		if s.FullText() == fullText {
			return s.Failure.Message
		}
	}
	return ""
}

// Summary is a short account of the run for test failure messages.
func (r *Run) Summary() string {
	var b strings.Builder
	for _, o := range suite.Outcomes {
		fmt.Fprintf(&b, "%s: %d  ", o, len(r.Specs(o)))
	}
	for _, f := range r.SuiteFailures() {
		fmt.Fprintf(&b, "\n%s failed: %s", f.LeafNodeType, f.Failure.Message)
	}
	return b.String()
}

// ExpectDeviations runs the suite once per deviation, in parallel, and
// requires that exactly the listed specs fail (each with a message naming
// the documented case, the request as curl and the response), and that the
// deviation-free run fails nothing.
func ExpectDeviations(t *testing.T, test string, expected map[string][]string) {
	t.Helper()
	names := make([]string, 0, len(expected))
	for name := range expected {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		want := append([]string{}, expected[name]...)
		sort.Strings(want)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := Execute(t, Options{Test: test, Args: []string{"--deviations=" + name}})
			if len(run.SuiteFailures()) > 0 {
				t.Fatalf("the suite itself failed with deviation %s: %s\n%s", name, run.Summary(), run.Output)
			}
			got := run.Specs(suite.OutcomeFailed)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("deviation %s: the failing specs differ\nwant:\n  %s\ngot:\n  %s", name,
					strings.Join(want, "\n  "), strings.Join(got, "\n  "))
			}
			for _, spec := range got {
				RequireReadableFailure(t, spec, run.Failure(spec))
			}
		})
	}
}

// RequireReadableFailure checks a failure message has what a vendor
// engineer needs: the documented case, the differences, the request as a
// curl command and the response.
func RequireReadableFailure(t *testing.T, spec, message string) {
	t.Helper()
	for _, part := range []string{"Documented case:", "Differences (", "curl ", "Response:"} {
		if !strings.Contains(message, part) {
			t.Errorf("the failure of %q lacks %q:\n%s", spec, part, message)
		}
	}
}

// SpecsWhere dry-runs the suite and lists the full texts of the specs that
// satisfy keep, for deviations that break something every such spec checks.
func SpecsWhere(t *testing.T, test string, keep func(types.SpecReport) bool) []string {
	t.Helper()
	run := Execute(t, Options{Test: test, Args: []string{"-ginkgo.dry-run"}})
	var out []string
	for _, s := range run.Report.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt && keep(s) {
			out = append(out, s.FullText())
		}
	}
	if len(out) == 0 {
		t.Fatal("no spec is selected")
	}
	return out
}

// Runnable keeps the specs that are not documented as not provokable.
func Runnable(s types.SpecReport) bool {
	for _, l := range s.Labels() {
		if l == suite.NotProvokableLabel {
			return false
		}
	}
	return true
}

// Under joins a document heading and its cases into full spec texts.
func Under(heading string, cases ...string) []string {
	out := make([]string, len(cases))
	for i, c := range cases {
		out[i] = heading + " " + c
	}
	return out
}

// Pinning counts the specs that at least one behaviour-specific deviation
// (or fault mode) fails: proven, by name, to catch that one behaviour.
// expected maps each deviation to the specs it fails, as for
// ExpectDeviations; envelopeWide names those that break every response at
// once and so pin nothing. The count goes to build/pinning/<vendor>.txt,
// which `make test` prints; the specs of all that no deviation pins are
// returned.
func Pinning(t *testing.T, vendor string, expected map[string][]string, envelopeWide []string, all []string) (unpinned []string) {
	t.Helper()
	pinned := map[string]bool{}
	for name, specs := range expected {
		if slices.Contains(envelopeWide, name) {
			continue
		}
		for _, s := range specs {
			pinned[s] = true
		}
	}
	for _, s := range all {
		if !pinned[s] {
			unpinned = append(unpinned, s)
		}
	}
	sort.Strings(unpinned)
	line := fmt.Sprintf("%s: %d of %d specs pinned by a behaviour-specific deviation or fault mode", vendor, len(all)-len(unpinned), len(all))
	if len(unpinned) > 0 {
		line += fmt.Sprintf(" (%d not yet: %s)", len(unpinned), strings.Join(unpinned, "; "))
	}
	dir := filepath.Join(suite.RepoRoot(), "build", "pinning")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, vendor+".txt"), []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return unpinned
}

// MainOverlappingWaits is a TestMain for proof packages whose child runs
// spend much of their time waiting (rate windows, racers) rather than
// computing: unless -test.parallel is given, at least runs tests go side by
// side, more than there are cores, so the waits overlap other work. The
// value is set on the flag itself, not through flag.Set, since Ginkgo
// refuses a run in which -test.parallel was given.
func MainOverlappingWaits(m *testing.M, runs int) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if parallel := flag.Lookup("test.parallel"); !given && parallel != nil {
		if err := parallel.Value.Set(strconv.Itoa(max(runtime.GOMAXPROCS(0), runs))); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
