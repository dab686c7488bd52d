package edlink

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkRejectInvalidUUID measures the error path the validation specs
// take: authenticate, route, validate, render the envelope.
func BenchmarkRejectInvalidUUID(b *testing.B) {
	s, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	token := s.Profile("http://bench")["auth"].(map[string]any)["tokens"].(map[string]any)["integration"].(map[string]any)["value"].(string)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, BasePath+"/graph/people/not-a-uuid", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
