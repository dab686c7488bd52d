package proof

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/reference/edfimodel"
)

// suiteFigures is what one run of the suite cost.
type suiteFigures struct {
	wall, specs time.Duration
	peakRSSMB   float64
}

// runSuite runs the suite in a child process against its reference server
// preloaded with n documents.
func runSuite(b *testing.B, n int) suiteFigures {
	dir := b.TempDir()
	report := filepath.Join(dir, "ginkgo.json")
	cmd := exec.Command(os.Args[0], "-test.run=^"+suiteTest+"$", "-ginkgo.json-report="+report, "-ginkgo.no-color", "--reports-dir="+dir)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "EDCONFORM_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, edfimodel.PreloadEnv+"="+strconv.Itoa(n))
	start := time.Now()
	out, err := cmd.CombinedOutput()
	f := suiteFigures{wall: time.Since(start)}
	if err != nil {
		b.Fatalf("the suite failed with %d documents preloaded: %v\n%s", n, err, out)
	}
	var reports []types.Report
	if raw, err := os.ReadFile(report); err != nil || json.Unmarshal(raw, &reports) != nil || len(reports) != 1 {
		b.Fatalf("no Ginkgo report: %v\n%s", err, out)
	}
	for _, s := range reports[0].SpecReports {
		if s.LeafNodeType == types.NodeTypeIt {
			f.specs += s.RunTime
		}
	}
	f.peakRSSMB = float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	return f
}

// BenchmarkSuiteEmptyVsPreloaded runs the whole Ed-Fi suite against its
// reference server with the sample dataset only and with 30k documents
// preloaded, and prints for each the run's wall time, the time its specs
// took (the preload happens before them) and its peak RSS, and the ratio
// of the spec times.
func BenchmarkSuiteEmptyVsPreloaded(b *testing.B) {
	var empty, full suiteFigures
	for b.Loop() {
		empty, full = runSuite(b, 0), runSuite(b, 30_000)
	}
	b.ReportMetric(empty.wall.Seconds(), "empty-wall-s")
	b.ReportMetric(full.wall.Seconds(), "30k-wall-s")
	b.ReportMetric(float64(empty.specs.Milliseconds()), "empty-specs-ms")
	b.ReportMetric(float64(full.specs.Milliseconds()), "30k-specs-ms")
	b.ReportMetric(float64(full.specs)/float64(empty.specs), "30k/empty-specs")
	b.ReportMetric(empty.peakRSSMB, "empty-peak-RSS-MB")
	b.ReportMetric(full.peakRSSMB, "30k-peak-RSS-MB")
}
