package edfi

import (
	"fmt"
	"net/http"
	"path"
	"testing"
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
