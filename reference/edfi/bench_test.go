package edfi

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edconform/edconform/reference/edfimodel"
)

// BenchmarkRejectInvalidDescriptor measures the validation path every
// data-validation spec takes: parse, validate, render problem details.
func BenchmarkRejectInvalidDescriptor(b *testing.B) {
	h := newHarnessWith(b, Config{})
	body := `{"description": "Bereavement", "namespace": "uri://ed-fi.org/AbsenceEventCategoryDescriptor"}`
	b.ReportAllocs()
	for b.Loop() {
		if rec := h.do(http.MethodPost, "/absenceEventCategoryDescriptors", "primary", body); rec.Code != http.StatusBadRequest {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkCreateAndDeleteStudent measures the write path fixtures take.
func BenchmarkCreateAndDeleteStudent(b *testing.B) {
	h := newHarnessWith(b, Config{})
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		body := fmt.Sprintf(`{"studentUniqueId": "bench-%d", "firstName": "A", "lastSurname": "B", "birthDate": "2010-01-13"}`, n)
		rec := h.do(http.MethodPost, "/students", "cleanup", body)
		if rec.Code != http.StatusCreated {
			b.Fatalf("create: %d %s", rec.Code, rec.Body)
		}
		if rec := h.do(http.MethodDelete, "/students/"+path.Base(rec.Header().Get("Location")), "cleanup", ""); rec.Code != http.StatusNoContent {
			b.Fatalf("delete: %d %s", rec.Code, rec.Body)
		}
	}
}

// suiteMix replays the requests a typical spec of the suite sends: fixtures
// created and deleted by the clients that may, and the documented error
// paths (validation, unresolved reference, authorization, dependent item,
// parameter, not found, key change). n makes its identities fresh.
func suiteMix(h *harness, n int) {
	h.t.Helper()
	student := fmt.Sprintf(`{"studentUniqueId": "MIX-%d", "firstName": "A", "lastSurname": "B", "birthDate": "2010-01-13"}`, n)
	studentID := h.create("/students", "cleanup", student)
	lonerID := h.create("/students", "cleanup", fmt.Sprintf(`{"studentUniqueId": "MIX-%d-U", "firstName": "A", "lastSurname": "B", "birthDate": "2010-01-13"}`, n))
	enrolmentID := h.create("/studentSchoolAssociations", "primary", fmt.Sprintf(`{"studentReference": {"studentUniqueId": "MIX-%d"},
		"schoolReference": {"schoolId": %d}, "entryDate": "2022-08-20", "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}`,
		n, edfimodel.SeedSchool))
	for _, c := range []struct {
		method, path, role, body string
		status                   int
	}{
		{http.MethodGet, "/students/" + studentID, "primary", "", http.StatusOK},
		{http.MethodGet, "/students/" + lonerID, "primary", "", http.StatusForbidden},
		{http.MethodPost, "/absenceEventCategoryDescriptors", "primary", `{"description": "Bereavement", "namespace": "uri://ed-fi.org/AbsenceEventCategoryDescriptor"}`, http.StatusBadRequest},
		{http.MethodPost, "/studentSchoolAssociations", "primary", `{"studentReference": {"studentUniqueId": "MIX-ABSENT"}, "schoolReference": {"schoolId": 255901001},
			"entryDate": "2022-08-20", "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}`, http.StatusConflict},
		{http.MethodDelete, "/students/" + studentID, "cleanup", "", http.StatusConflict},
		{http.MethodGet, "/studentSchoolAssociations?limit=-1", "primary", "", http.StatusBadRequest},
		{http.MethodGet, "/students/" + edfimodel.NewID(), "primary", "", http.StatusNotFound},
		{http.MethodPut, "/students/" + studentID, "cleanup", strings.Replace(student, "MIX-", "MIX-CHANGED-", 1), http.StatusBadRequest},
		{http.MethodDelete, "/studentSchoolAssociations/" + enrolmentID, "cleanup", "", http.StatusNoContent},
		{http.MethodDelete, "/students/" + studentID, "cleanup", "", http.StatusNoContent},
		{http.MethodDelete, "/students/" + lonerID, "cleanup", "", http.StatusNoContent},
	} {
		if rec := h.do(c.method, c.path, c.role, c.body); rec.Code != c.status {
			h.t.Fatalf("%s %s: %d, want %d: %s", c.method, c.path, rec.Code, c.status, rec.Body)
		}
	}
}

// preloadedHarness builds a server whose store holds n documents beyond
// the sample dataset.
func preloadedHarness(b *testing.B, n int) *harness {
	b.Setenv(edfimodel.PreloadEnv, strconv.Itoa(n))
	return newHarnessWith(b, Config{})
}

// BenchmarkSuiteMixEmptyVsPreloaded replays the suite's request mix against
// a server holding only the sample dataset and one preloaded with 30k
// documents, alternately, and prints the time of a mix on each and their
// ratio: what the reference's indexes keep near 1.
func BenchmarkSuiteMixEmptyVsPreloaded(b *testing.B) {
	empty, full := newHarnessWith(b, Config{}), preloadedHarness(b, 30_000)
	var onEmpty, onFull time.Duration
	n := 0
	for b.Loop() {
		n++
		start := time.Now()
		suiteMix(empty, n)
		mid := time.Now()
		suiteMix(full, n)
		onEmpty, onFull = onEmpty+mid.Sub(start), onFull+time.Since(mid)
	}
	b.ReportMetric(float64(onEmpty.Microseconds())/float64(n), "empty-µs/mix")
	b.ReportMetric(float64(onFull.Microseconds())/float64(n), "30k-µs/mix")
	b.ReportMetric(float64(onFull)/float64(onEmpty), "30k/empty")
}

// BenchmarkErrorPathsPreloaded50k measures the documented error paths on a
// store of 50k documents.
func BenchmarkErrorPathsPreloaded50k(b *testing.B) {
	h := preloadedHarness(b, 50_000)
	store := h.s.Store()
	var farStudent, busySchool *edfimodel.Document
	for _, d := range store.List(h.s.model.Resource("Student")) {
		if strings.HasPrefix(edfimodel.Display(d.Body["studentUniqueId"]), "P1-") {
			farStudent = d // enrolled in a school of the unclaimed district
			break
		}
	}
	for _, d := range store.List(h.s.model.Resource("School")) {
		if len(store.Dependents(d)) > 0 && d.Identity()[0].Value.(int64) > edfimodel.PreloadDistrict {
			busySchool = d
			break
		}
	}
	for _, c := range []struct {
		name, method, path, role, body string
		status                         int
	}{
		{"validation", http.MethodPost, "/absenceEventCategoryDescriptors", "primary", `{"description": "Bereavement", "namespace": "uri://ed-fi.org/AbsenceEventCategoryDescriptor"}`, http.StatusBadRequest},
		{"unresolved-reference", http.MethodPost, "/studentSchoolAssociations", "primary", `{"studentReference": {"studentUniqueId": "MIX-ABSENT"}, "schoolReference": {"schoolId": 255901001},
			"entryDate": "2022-08-20", "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}`, http.StatusConflict},
		{"unrelated-student", http.MethodGet, "/students/" + farStudent.ID, "primary", "", http.StatusForbidden},
		{"dependent-item", http.MethodDelete, "/schools/" + busySchool.ID, "cleanup", "", http.StatusConflict},
		{"not-found", http.MethodGet, "/students/" + edfimodel.NewID(), "primary", "", http.StatusNotFound},
		{"parameter", http.MethodGet, "/studentSchoolAssociations?limit=-1", "primary", "", http.StatusBadRequest},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if rec := h.do(c.method, c.path, c.role, c.body); rec.Code != c.status {
					b.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
				}
			}
		})
	}
}

// memoryChildEnv marks the process BenchmarkPreloadedServerMemory starts.
const memoryChildEnv = "EDCONFORM_MEMORY_CHILD"

// TestPreloadedServerServesTheSuiteMix replays the suite's request mix on a
// preloaded store. Started by BenchmarkPreloadedServerMemory, it preloads
// as many documents as PreloadEnv says and prints its live heap.
func TestPreloadedServerServesTheSuiteMix(t *testing.T) {
	n, mixes := 2000, 20
	child := os.Getenv(memoryChildEnv) != ""
	if child {
		n, mixes = must(strconv.Atoi(os.Getenv(edfimodel.PreloadEnv))), 500
	}
	t.Setenv(edfimodel.PreloadEnv, strconv.Itoa(n))
	h := newHarnessWith(t, Config{})
	if got, seeded := h.s.Store().Len(), must(edfimodel.NewSeededStore()).Len(); got != seeded+n {
		t.Fatalf("%d documents, want %d seeded and %d preloaded", got, seeded, n)
	}
	for i := range mixes {
		suiteMix(h, i)
	}
	if child {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		// The kernel's high-water mark of this process's own memory: a
		// child's rusage would also count its parent's, shared until exec.
		status := must(os.ReadFile("/proc/self/status"))
		_, hwm, _ := strings.Cut(string(status), "VmHWM:")
		fmt.Printf("live-heap-kB %d peak-rss-kB %s\n", m.HeapAlloc>>10, strings.Fields(hwm)[0])
	}
	runtime.KeepAlive(h)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// BenchmarkPreloadedServerMemory starts a process that preloads 50k
// documents and serves the suite's mix 500 times, and prints its peak RSS
// and live heap.
func BenchmarkPreloadedServerMemory(b *testing.B) {
	var rss, heap float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestPreloadedServerServesTheSuiteMix$", "-test.count=1")
		cmd.Env = append(os.Environ(), memoryChildEnv+"=1", edfimodel.PreloadEnv+"=50000")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		var heapKB, rssKB int
		_, figures, _ := strings.Cut(string(out), "live-heap-kB")
		if _, err := fmt.Sscanf(figures, " %d peak-rss-kB %d", &heapKB, &rssKB); err != nil {
			b.Fatalf("no memory figures: %v\n%s", err, out)
		}
		heap, rss = float64(heapKB)/1024, float64(rssKB)/1024
	}
	b.ReportMetric(rss, "peak-RSS-MB")
	b.ReportMetric(heap, "live-heap-MB")
}
