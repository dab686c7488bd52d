package main

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/reference"
)

// For every vendor, --print-profile writes a profile that loads with the
// env file sourced by a shell, points at the running server and carries
// the server's own credentials.
func TestPrintProfileWritesALoadableProfileAndItsSecrets(t *testing.T) {
	for _, vendor := range reference.Names() {
		t.Run(vendor, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "local")
			var out bytes.Buffer
			err := run([]string{"--vendor", vendor, "--print-profile", dir}, &out, func() {
				var overlay profile.Profile
				if err := yaml.Unmarshal(out.Bytes(), &overlay); err != nil {
					t.Fatalf("printed overlay: %v", err)
				}
				profilePath := filepath.Join(dir, vendor+"-reference.yaml")
				envPath := filepath.Join(dir, vendor+"-reference.env")
				if info, err := os.Stat(envPath); err != nil || info.Mode().Perm() != 0o600 {
					t.Fatalf("env file %s: %v %v", envPath, info, err)
				}
				raw, _ := os.ReadFile(profilePath)
				for _, c := range overlay.Auth.Clients {
					if c.Secret == "" || bytes.Contains(raw, []byte(c.Secret)) {
						t.Fatalf("a secret is missing from the overlay or written into the profile:\n%s", raw)
					}
				}
				env := sourced(t, envPath)
				p, err := profile.Load(profilePath, vendor, func(k string) string { return env[k] })
				if err != nil {
					t.Fatal(err)
				}
				if p.Name != vendor+"-reference" || p.Embedded || p.Target.BaseURL != overlay.Target.BaseURL {
					t.Errorf("profile %s at %q, server at %q", p.Name, p.Target.BaseURL, overlay.Target.BaseURL)
				}
				if len(p.Auth.Clients)+len(p.Auth.Tokens) == 0 {
					t.Fatal("no credentials in the profile")
				}
				for role, c := range p.Auth.Clients {
					if want := overlay.Auth.Clients[role]; c.ID != want.ID || c.Secret != want.Secret {
						t.Errorf("client %s: the env file does not give the server's secret", role)
					}
				}
				for name, tok := range p.Auth.Tokens {
					if tok.Value == "" || tok.Value != overlay.Auth.Tokens[name].Value {
						t.Errorf("token %s: the env file does not give the server's token", name)
					}
				}
				if vendor == "edfi" {
					requireToken(t, p)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "# wrote "+filepath.Join(dir, vendor+"-reference.yaml")) {
				t.Errorf("the output does not say where the profile is:\n%s", out.String())
			}
		})
	}
}

// sourced runs the env file in a shell and returns the variables it exports.
func sourced(t *testing.T, envPath string) map[string]string {
	t.Helper()
	cmd := exec.Command("sh", "-c", `set -e; . "$1"; env`, "sh", envPath)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("sourcing %s: %v", envPath, err)
	}
	env := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && strings.HasPrefix(k, "EDCONFORM_") {
			env[k] = v
		}
	}
	return env
}

// requireToken asks the server for a token with the primary client's
// credentials as the profile now has them.
func requireToken(t *testing.T, p *profile.Profile) {
	t.Helper()
	primary := p.Auth.Clients["primary"]
	req, _ := http.NewRequest(http.MethodPost, p.Auth.TokenURL, strings.NewReader(url.Values{"grant_type": {"client_credentials"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(primary.ID, primary.Secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("token request with the printed credentials: %d", resp.StatusCode)
	}
}

func TestExportLinesQuoteForTheShell(t *testing.T) {
	env := sourcedText(t, exportLines(map[string]string{"EDCONFORM_A": `it's $HOME "x" \n`, "EDCONFORM_B": "plain"}))
	if env["EDCONFORM_A"] != `it's $HOME "x" \n` || env["EDCONFORM_B"] != "plain" {
		t.Errorf("the shell read %q", env)
	}
}

func sourcedText(t *testing.T, text string) map[string]string {
	path := filepath.Join(t.TempDir(), "x.env")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return sourced(t, path)
}
