package profile

import (
	"slices"
	"strings"
	"testing"
)

func TestPublicBaseURLAndMaxBodyBytesAreChecked(t *testing.T) {
	for body, want := range map[string]string{
		`{baseURL: "https://h/api", publicBaseURL: "gateway/api"}`: `target.publicBaseURL: "gateway/api" is not an absolute http(s) URL`,
		`{baseURL: "https://h/api", publicBaseURL: "ftp://g/api"}`: `target.publicBaseURL: "ftp://g/api" is not an absolute http(s) URL`,
		`{baseURL: "https://h/api", maxBodyBytes: -1}`:             "target.maxBodyBytes: -1 is not a positive number of bytes (default 1048576)",
		"\n  baseURL: https://h/api\n  maxBodyBytes: lots":         "target.maxBodyBytes: ",
	} {
		_, err := Load(write(t, "vendor: edfi\ntarget: "+body+"\n"), "edfi", env(nil))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", body, err, want)
		}
	}
	p, err := Load(write(t, "vendor: edfi\ntarget: {baseURL: \"https://h/api\", publicBaseURL: \"https://g.example.org/api\", maxBodyBytes: 4096}\n"), "edfi", env(nil))
	if err != nil || p.MaxBodyBytes() != 4096 || p.Target.PublicBaseURL != "https://g.example.org/api" {
		t.Fatalf("err %v, profile %+v", err, p)
	}
	if (&Profile{}).MaxBodyBytes() != DefaultMaxBodyBytes {
		t.Error("no default body limit")
	}
}

// The origins a client may talk to are the profile's own URLs, never the
// public base URL a gateway names (which is mapped, not requested).
func TestOriginsAreTheTargetTheTokenURLAndSettingsURLs(t *testing.T) {
	p := &Profile{
		Target:   Target{BaseURL: "https://h/api", PublicBaseURL: "https://g/api"},
		Auth:     Auth{TokenURL: "https://auth.h/token"},
		Settings: map[string]any{"down": "http://h:3001/x", "nested": map[string]any{"list": []any{"https://other.h/y", "not a url", 3}}},
	}
	got := p.Origins()
	want := []string{"https://h/api", "https://auth.h/token", "http://h:3001/x", "https://other.h/y"}
	if !slices.Equal(got, want) {
		t.Errorf("origins %v, want %v", got, want)
	}
	p.Auth.TokenURL = "oauth/token"
	if got := p.Origins(); !slices.Contains(got, "https://h/api/oauth/token") {
		t.Errorf("a relative token URL is not resolved: %v", got)
	}
}
