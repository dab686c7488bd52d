package coursekey

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edconform/edconform/reference"
)

// BenchmarkRejectUserWithoutFields measures the error path the validation
// specs take: authenticate, route, validate, render the envelope.
func BenchmarkRejectUserWithoutFields(b *testing.B) {
	s, err := New(reference.Options{})
	if err != nil {
		b.Fatal(err)
	}
	key := s.Profile("http://bench")["auth"].(map[string]any)["tokens"].(map[string]any)["primary"].(map[string]any)["value"].(string)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, BasePath+"/users", strings.NewReader(`{"firstName": "Ada"}`))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
