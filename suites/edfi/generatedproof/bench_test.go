package generatedproof

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/edconform/edconform/harness/suite"
)

// BenchmarkGeneratedSpecs times every generated spec against the embedded
// reference server, serially and in four Ginkgo processes (the suite
// compiled once, outside the timing), and reports how many ran:
//
//	go test -run '^$' -bench GeneratedSpecs ./suites/edfi/generatedproof
func BenchmarkGeneratedSpecs(b *testing.B) {
	root := suite.RepoRoot()
	dir := b.TempDir()
	binary := filepath.Join(dir, "edfi.test")
	build := exec.Command("go", "test", "-c", "-o", binary, "./suites/edfi")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building the suite: %v\n%s", err, out)
	}
	ran := regexp.MustCompile(`Ran (\d+) of \d+ Specs`)
	for _, procs := range []int{1, 4} {
		b.Run("procs="+strconv.Itoa(procs), func(b *testing.B) {
			specs := 0
			for b.Loop() {
				cmd := exec.Command("go", "tool", "ginkgo", "run", "--no-color", "--procs="+strconv.Itoa(procs),
					"--label-filter=generated", binary, "--", "--generated",
					"--profile="+filepath.Join(root, "profiles", "edfi.yaml"), "--reports-dir="+filepath.Join(dir, "reports"))
				cmd.Dir = root
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("the generated run failed: %v\n%s", err, out)
				}
				m := ran.FindSubmatch(out)
				if m == nil {
					b.Fatalf("no spec count in the output:\n%s", out)
				}
				specs, _ = strconv.Atoi(string(m[1]))
			}
			b.ReportMetric(float64(specs), "specs")
			b.ReportMetric(float64(specs)*float64(b.N)/b.Elapsed().Seconds(), "specs/s")
		})
	}
}
