// Package packaging tests what ships outside the source tree: the suite
// binaries of `make dist`, the GitHub Action and the container image.
package packaging_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/edconform/edconform/harness/report"
)

const testVersion = "0.0.0-packaging-test"

var (
	buildOnce sync.Once
	distDir   string
	buildErr  error
)

// edfiBinary builds dist/edconform-edfi.test once, with `make dist`, into a
// folder outside the source tree.
func edfiBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		distDir, buildErr = os.MkdirTemp("", "edconform-dist-")
		if buildErr != nil {
			return
		}
		cmd := exec.Command("make", "-s", "-C", repoRoot(t), "dist", "VENDORS=edfi", "DIST="+distDir, "VERSION="+testVersion)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("make dist: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(distDir, "edconform-edfi.test")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if distDir != "" {
		_ = os.RemoveAll(distDir)
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
	cmd.Env = append(withoutEdconformEnv(), env...)
	out, err := cmd.CombinedOutput()
	run := binaryRun{dir: dir, output: string(out)}
	if exit, ok := err.(*exec.ExitError); ok {
		run.code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return run
}

// withoutEdconformEnv keeps a developer's EDCONFORM_ variables out of what
// a test proves.
func withoutEdconformEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "EDCONFORM_") {
			env = append(env, kv)
		}
	}
	return env
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
	run := runBinary(t, edfiBinary(t), t.TempDir(), nil, "--version")
	if run.code != 0 || strings.TrimSpace(run.output) != "edconform "+testVersion {
		t.Errorf("--version: exit %d, %q", run.code, run.output)
	}
}

// Run from a folder outside the source tree, the binary needs no file of
// it: with no profile it tests its embedded reference server and writes
// ./reports.
func TestTheDistBinaryRunsOutsideTheSourceTree(t *testing.T) {
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
