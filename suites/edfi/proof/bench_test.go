package proof

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	peak := make(chan int)
	go func() { peak <- watchPeakRSS(cmd.Process.Pid) }()
	err := cmd.Wait()
	f := suiteFigures{wall: time.Since(start), peakRSSMB: float64(<-peak) / 1024}
	if err != nil {
		b.Fatalf("the suite failed with %d documents preloaded: %v\n%s", n, err, out.String())
	}
	var reports []types.Report
	if raw, err := os.ReadFile(report); err != nil || json.Unmarshal(raw, &reports) != nil || len(reports) != 1 {
		b.Fatalf("no Ginkgo report: %v\n%s", err, out.String())
	}
	for _, s := range reports[0].SpecReports {
		if s.LeafNodeType == types.NodeTypeIt {
			f.specs += s.RunTime
		}
	}
	return f
}

// watchPeakRSS reads a process's high-water mark of resident memory
// (VmHWM, in kB) until the process is gone, and returns the last one read.
// A child's rusage would also count this process's memory, shared with it
// until exec.
func watchPeakRSS(pid int) int {
	peak := 0
	for {
		status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		_, hwm, found := strings.Cut(string(status), "VmHWM:")
		if err != nil || !found {
			return peak
		}
		if kB, err := strconv.Atoi(strings.Fields(hwm)[0]); err == nil {
			peak = kB
		}
		time.Sleep(2 * time.Millisecond)
	}
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
