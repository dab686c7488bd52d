// Package packaging tests what ships outside the source tree: the suite
// binaries of `make dist`, the GitHub Action and the container image.
package packaging_test

import (
	"debug/buildinfo"
	"debug/elf"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/edconform/edconform/harness/report"
	"github.com/edconform/edconform/harness/suitetest"
)

const testVersion = "0.0.0-packaging-test"

// distBuild is one `make dist` into a folder outside the source tree.
type distBuild struct {
	dir    string
	output string
}

var (
	distOnce sync.Once
	dist     distBuild
	distErr  error
)

// sharedDist runs `make dist` for edfi once for every test of the
// package. One vendor: each binary costs a link, most of this package's
// time, and the recipe is one go command over $(VENDORS), so edfi proves its
// flags, stamping and naming for any vendor; which vendors there are is
// checked on the Makefile (TestMakeDistBuildsEverySuite).
// The build keeps the dist flags (CGO_ENABLED=0 -trimpath), though with a
// cold cache they compile every dependency a second time: with -trimpath
// no source path recorded in the binary can lead it back to the tree, which
// is what makes "runs from any folder" a proof, and the static binary is
// the one the slim image runs.
func sharedDist(t *testing.T) distBuild {
	t.Helper()
	distOnce.Do(func() {
		dist.dir, distErr = os.MkdirTemp("", "edconform-dist-")
		if distErr != nil {
			return
		}
		cmd := exec.Command("make", "-s", "-C", repoRoot(t), "dist", "VENDORS=edfi", "DIST="+dist.dir, "VERSION="+testVersion)
		cmd.Env = suitetest.CleanEnv()
		out, err := cmd.CombinedOutput()
		dist.output = string(out)
		if err != nil {
			distErr = fmt.Errorf("make dist: %v\n%s", err, out)
		}
	})
	if distErr != nil {
		t.Fatal(distErr)
	}
	return dist
}

func edfiBinary(t *testing.T) string {
	t.Helper()
	return filepath.Join(sharedDist(t).dir, "edconform-edfi.test")
}

func TestMain(m *testing.M) {
	var err error
	if sharedRunnerTemp, err = os.MkdirTemp("", "edconform-runner-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(sharedRunnerTemp)
	if dist.dir != "" {
		_ = os.RemoveAll(dist.dir)
	}
	os.Exit(code)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// binaryRun is one run of a built binary in a folder of its own.
type binaryRun struct {
	dir    string
	output string
	code   int
}

func runBinary(t *testing.T, binary, dir string, env []string, args ...string) binaryRun {
	t.Helper()
	return runIn(t, dir, env, binary, append([]string{"-ginkgo.no-color"}, args...)...)
}

func runIn(t *testing.T, dir string, env []string, name string, args ...string) binaryRun {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(suitetest.CleanEnv(), env...)
	out, err := cmd.CombinedOutput()
	run := binaryRun{dir: dir, output: string(out)}
	if exit, ok := err.(*exec.ExitError); ok {
		run.code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return run
}

// requireReports checks a report folder's junit.xml and summary.json
// against their schemas and returns the summary.
func requireReports(t *testing.T, dir string) report.Summary {
	t.Helper()
	junit, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	if err != nil {
		t.Fatalf("no JUnit report: %v", err)
	}
	if err := report.CheckJUnit(junit); err != nil {
		t.Errorf("%s/junit.xml: %v", dir, err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatalf("no summary: %v", err)
	}
	if err := report.ValidateSummary(raw); err != nil {
		t.Errorf("%s/summary.json: %v", dir, err)
	}
	sum, err := report.ReadSummary(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// requirePassed checks a run passed and its reports, in dir below the
// run's folder, say so and carry the binary's version.
func requirePassed(t *testing.T, run binaryRun, dir string) {
	t.Helper()
	if run.code != 0 {
		t.Fatalf("exit code %d:\n%s", run.code, run.output)
	}
	sum := requireReports(t, filepath.Join(run.dir, dir))
	if sum.Counts[report.OutcomePassed] == 0 || sum.Counts[report.OutcomeFailed] != 0 || sum.Run.Version != testVersion {
		t.Errorf("%s: version %q, counts %v", dir, sum.Run.Version, sum.Counts)
	}
}

func TestTheDistBinaryReportsItsVersion(t *testing.T) {
	t.Parallel()
	run := runBinary(t, edfiBinary(t), t.TempDir(), nil, "--version")
	if run.code != 0 || strings.TrimSpace(run.output) != "edconform "+testVersion {
		t.Errorf("--version: exit %d, %q", run.code, run.output)
	}
}

// Run from a folder outside the source tree, the binary needs no file of
// it: with no profile it tests its embedded reference server and writes
// ./reports.
func TestTheDistBinaryRunsOutsideTheSourceTree(t *testing.T) {
	t.Parallel()
	binary := edfiBinary(t)
	t.Run("no profile", func(t *testing.T) {
		requirePassed(t, runBinary(t, binary, t.TempDir(), nil), "reports/edfi")
	})
	t.Run("a profile on disk", func(t *testing.T) {
		dir := t.TempDir()
		acme := "vendor: edfi\nname: acme\nstrict: false\n"
		if err := os.WriteFile(filepath.Join(dir, "acme.yaml"), []byte(acme), 0o644); err != nil {
			t.Fatal(err)
		}
		run := runBinary(t, binary, dir, nil, "--profile=acme.yaml", "--reports-dir=out")
		requirePassed(t, run, "out/acme")
		if _, err := os.Stat(filepath.Join(dir, "reports")); err == nil {
			t.Error("reports written to ./reports despite --reports-dir")
		}
	})
	t.Run("an embedded example", func(t *testing.T) {
		// The example names a real server; pointing it at a closed port
		// shows it was read, named its report folder and reached the probe.
		dir := t.TempDir()
		run := runBinary(t, binary, dir, []string{"EDCONFORM_BASE_URL=http://" + closedAddress(t)}, "--profile=edfi-ods-7.2.yaml")
		if run.code != 2 || !strings.Contains(run.output, "the target does not answer") {
			t.Errorf("exit code %d; output:\n%s", run.code, run.output)
		}
		if sum := requireReports(t, filepath.Join(dir, "reports", "edfi-ods-7.2")); sum.Run.Profile != "edfi-ods-7.2" {
			t.Errorf("the report names profile %q", sum.Run.Profile)
		}
	})
}

// closedAddress is a loopback address nothing listens on.
func closedAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// make dist prints a line for the binary it wrote, named for its vendor,
// static, built with -trimpath and stamped with the version.
func TestMakeDistWritesAStaticStampedBinary(t *testing.T) {
	t.Parallel()
	built := sharedDist(t)
	binary := filepath.Join(built.dir, "edconform-edfi.test")
	if want := binary + " (" + testVersion + ")\n"; built.output != want {
		t.Errorf("make dist printed %q, not %q", built.output, want)
	}
	files, err := os.ReadDir(built.dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Errorf("make dist wrote %d files, not the one binary", len(files))
	}
	requireStaticTrimmed(t, binary, "github.com/edconform/edconform/suites/edfi.test")
}

// Without VENDORS, make dist builds a binary for every suite folder.
func TestMakeDistBuildsEverySuite(t *testing.T) {
	t.Parallel()
	var folders []string
	suites, err := os.ReadDir(filepath.Join(repoRoot(t), "suites"))
	if err != nil {
		t.Fatal(err)
	}
	for _, suite := range suites {
		if suite.IsDir() {
			folders = append(folders, suite.Name())
		}
	}
	cmd := exec.Command("make", "-s", "-C", repoRoot(t), "--eval", "print-vendors: ; @echo $(VENDORS)", "print-vendors")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make: %v\n%s", err, out)
	}
	if vendors := strings.Fields(string(out)); !slices.Equal(vendors, folders) {
		t.Errorf("make dist builds %v; the suites are %v", vendors, folders)
	}
}

// requireStaticTrimmed checks a binary is the test binary of pkg, built
// with CGO_ENABLED=0 and -trimpath, and asks for no dynamic loader.
func requireStaticTrimmed(t *testing.T, binary, pkg string) {
	t.Helper()
	info, err := buildinfo.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if info.Path != pkg || settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
		t.Errorf("%s: built from %s with CGO_ENABLED=%q -trimpath=%q", binary, info.Path, settings["CGO_ENABLED"], settings["-trimpath"])
	}
	exe, err := elf.Open(binary)
	if err != nil {
		t.Fatal(err)
	}
	defer exe.Close()
	for _, prog := range exe.Progs {
		if prog.Type == elf.PT_INTERP {
			t.Errorf("%s is linked dynamically", binary)
		}
	}
}
