package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "acme-staging.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func env(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }

func TestLoadReadsTargetAndSecretsFromTheEnvironment(t *testing.T) {
	path := write(t, `
vendor: edfi
target: {baseURL: "https://api.example.org/v7.2/api", timeout: 5s}
auth:
  tokenURL: oauth/token
  clients:
    primary: {id: key1}
    readOnly: {id: key2, claimSet: Reader}
  tokens:
    expired: {}
settings: {pageSizeLimit: 100}
`)
	p, err := Load(path, "edfi", env(map[string]string{
		"EDCONFORM_CLIENT_SECRET":           "s3cret",
		"EDCONFORM_CLIENT_SECRET_READ_ONLY": "s3cret2",
		"EDCONFORM_TOKEN_EXPIRED":           "old-token",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "acme-staging" || p.Embedded || p.Timeout().Seconds() != 5 {
		t.Errorf("name %q embedded %v timeout %v", p.Name, p.Embedded, p.Timeout())
	}
	if p.Auth.Clients["primary"].Secret != "s3cret" || p.Auth.Clients["readOnly"].Secret != "s3cret2" || p.Auth.Tokens["expired"].Value != "old-token" {
		t.Errorf("secrets not read from the environment: %+v %+v", p.Auth.Clients, p.Auth.Tokens)
	}
	if u, _ := p.ResolveURL(p.Auth.TokenURL); u != "https://api.example.org/v7.2/api/oauth/token" {
		t.Errorf("token URL resolved to %q", u)
	}
	if len(p.Secrets()) != 3 {
		t.Errorf("secrets for redaction: %v", p.Secrets())
	}
}

func TestEnvironmentOverridesTheFile(t *testing.T) {
	path := write(t, "vendor: edfi\ntarget: {baseURL: \"https://a.example\"}\nauth: {clients: {primary: {id: file-id}}}\n")
	p, err := Load(path, "edfi", env(map[string]string{
		"EDCONFORM_BASE_URL": "https://b.example", "EDCONFORM_CLIENT_ID": "env-id", "EDCONFORM_STRICT": "false",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if p.Target.BaseURL != "https://b.example" || p.Auth.Clients["primary"].ID != "env-id" || p.IsStrict() {
		t.Errorf("overrides not applied: %+v strict=%v", p, p.IsStrict())
	}
}

func TestBadValuesNameTheirKey(t *testing.T) {
	cases := map[string]struct{ body, key string }{
		"unknown key":        {"vendor: edfi\ntarget:\n  baseUrl: https://x.example\n", "target.baseUrl"},
		"bad duration":       {"vendor: edfi\ntarget:\n  baseURL: https://x.example\n  timeout: soon\n", "target.timeout"},
		"relative base":      {"vendor: edfi\ntarget: {baseURL: api.example.org}\n", "target.baseURL"},
		"secret in file":     {"vendor: edfi\nauth: {clients: {primary: {id: a, secret: b}}}\n", "auth.clients.primary.secret"},
		"token in file":      {"vendor: edfi\nauth: {tokens: {expired: {value: b}}}\n", "auth.tokens.expired.value"},
		"client without id":  {"vendor: edfi\nauth: {clients: {readOnly: {claimSet: x}}}\n", "auth.clients.readOnly.id"},
		"other vendor":       {"vendor: edlink\n", "vendor"},
		"bad yaml":           {"vendor: [edfi\n", "("},
		"expect no spec id":  {"vendor: edfi\nexpect: {Not An Id: {status: 405}}\n", "expect.Not An Id"},
		"expect nothing":     {"vendor: edfi\nexpect: {edfi.profile.x: {reason: because}}\n", "expect.edfi.profile.x"},
		"expect bad status":  {"vendor: edfi\nexpect: {edfi.profile.x: {status: 99}}\n", "expect.edfi.profile.x.status"},
		"expect bad key":     {"vendor: edfi\nexpect: {edfi.profile.x: {code: 405}}\n", "expect.edfi.profile.x.code"},
		"fixtures empty":     {"vendor: edfi\nfixtures: {students: {}}\n", "fixtures.students"},
		"fixtures not a map": {"vendor: edfi\nfixtures: {students: [a]}\n", "fixtures.students"},
		"modes on a target":  {"vendor: edfi\ntarget: {baseURL: https://x.example}\nreference: {modes: [stricter-data-standard]}\n", "reference"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Load(write(t, c.body), "edfi", env(nil))
			if err == nil {
				t.Fatal("expected an error")
			}
			if !strings.Contains(err.Error(), c.key) {
				t.Errorf("error %q does not name %q", err, c.key)
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestOverlayFillsTargetCredentialsAndDefaultsSettings(t *testing.T) {
	p, err := Load(write(t, "vendor: edfi\nsettings: {pageSizeLimit: 25}\n"), "edfi", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Embedded {
		t.Fatal("a profile without target.baseURL is embedded")
	}
	err = p.Overlay(map[string]any{
		"vendor": "edfi",
		"target": map[string]any{"baseURL": "http://127.0.0.1:1234"},
		"auth": map[string]any{"tokenURL": "http://127.0.0.1:1234/oauth/token",
			"clients": map[string]any{"primary": map[string]any{"id": "p", "secret": "x"}}},
		"settings": map[string]any{"pageSizeLimit": 500, "schoolYear": 2022},
	})
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		PageSizeLimit int `yaml:"pageSizeLimit"`
		SchoolYear    int `yaml:"schoolYear"`
	}
	if err := p.DecodeSettings(&s); err != nil {
		t.Fatal(err)
	}
	if s.PageSizeLimit != 25 || s.SchoolYear != 2022 || p.Auth.Clients["primary"].Secret != "x" || p.Target.BaseURL == "" {
		t.Errorf("overlay: settings %+v, profile %+v", s, p)
	}
	var strictSettings struct{}
	if err := p.DecodeSettings(&strictSettings); err == nil || !strings.Contains(err.Error(), "settings.") {
		t.Errorf("unknown settings keys must be named: %v", err)
	}
}

func TestAnExpectationThatOnlyAllowsAnEmptyBodyIsAnOverride(t *testing.T) {
	p, err := Load(write(t, "vendor: edfi\nexpect: {edfi.media-type.x: {bodyMayBeEmpty: true, reason: accepted}}\n"), "edfi", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if e := p.Expect["edfi.media-type.x"]; !e.BodyMayBeEmpty || e.Reason != "accepted" {
		t.Errorf("expect.edfi.media-type.x = %+v", e)
	}
}
