package meadowlark

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// BenchmarkRejectSchemaFailure measures the error path the body specs
// take: verify the JWT, route, validate against the JSON Schema, render.
func BenchmarkRejectSchemaFailure(b *testing.B) {
	s, token := benchServer(b)
	b.ReportAllocs()
	for b.Loop() {
		if rec := send(s, token, http.MethodPost, "academicWeeks", `{"weekIdentifier": 7}`); rec.Code != http.StatusBadRequest {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkErrorPathsPreloaded50k measures the documented error paths on a
// store of 50k documents beyond the sample dataset.
func BenchmarkErrorPathsPreloaded50k(b *testing.B) {
	b.Setenv(edfimodel.PreloadEnv, "50000")
	s, token := benchServer(b)
	for _, c := range []struct {
		name, method, path, body string
		status                   int
	}{
		{"schema", http.MethodPost, "academicWeeks", `{"weekIdentifier": 7}`, http.StatusBadRequest},
		{"unresolved-reference", http.MethodPost, "studentSchoolAssociations", `{"studentReference": {"studentUniqueId": "MIX-ABSENT"},
			"schoolReference": {"schoolId": 255901001}, "entryDate": "2022-08-20",
			"entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}`, http.StatusConflict},
		{"not-found", http.MethodGet, "students/" + strings.Repeat("0", 38) + "aa", "", http.StatusNotFound},
		{"unknown-query-property", http.MethodGet, "students?firstNam=Pat", "", http.StatusBadRequest},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if rec := send(s, token, c.method, c.path, c.body); rec.Code != c.status {
					b.Fatalf("status %d, want %d: %s", rec.Code, c.status, rec.Body)
				}
			}
		})
	}
}

// benchServer builds a server and a token of its primary client.
func benchServer(b *testing.B) (*Server, string) {
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
	return s, tok.AccessToken
}

// send sends a request below the data path with the token.
func send(s *Server, token, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/local/v3.3b/ed-fi/"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}
