package meadowlark

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edconform/edconform/reference"
)

// BenchmarkRejectSchemaFailure measures the error path the body specs
// take: verify the JWT, route, validate against the JSON Schema, render.
func BenchmarkRejectSchemaFailure(b *testing.B) {
	s, err := New(Config{}, reference.Options{})
	if err != nil {
		b.Fatal(err)
	}
	primary := s.Profile("http://bench")["auth"].(map[string]any)["clients"].(map[string]any)["primary"].(map[string]any)
	body, _ := json.Marshal(map[string]any{"grant_type": "client_credentials", "client_id": primary["id"], "client_secret": primary["secret"]})
	req := httptest.NewRequest(http.MethodPost, "/local/oauth/token", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		b.Fatalf("no token: %d %s", rec.Code, rec.Body)
	}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/local/v3.3b/ed-fi/academicWeeks", strings.NewReader(`{"weekIdentifier": 7}`))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
