package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/profile"
)

// printProfile writes the server's overlay as a profile a suite can load,
// with each secret and token moved to the env file as an export line of
// the variable the profile names.
func printProfile(dir, vendor string, overlay map[string]any) (profilePath, envPath string, err error) {
	raw, err := yaml.Marshal(overlay)
	if err != nil {
		return "", "", err
	}
	var p profile.Profile
	// Strict, so no overlay key is dropped on the way.
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return "", "", fmt.Errorf("the %s reference server's overlay is not a profile: %w", vendor, err)
	}
	p.Name = vendor + "-reference"
	secrets := map[string]string{}
	for role, c := range p.Auth.Clients {
		c.SecretEnv = profile.SecretEnvFor(role)
		secrets[c.SecretEnv], c.Secret = c.Secret, ""
		p.Auth.Clients[role] = c
	}
	for name, t := range p.Auth.Tokens {
		t.Env = profile.TokenEnvFor(name)
		secrets[t.Env], t.Value = t.Value, ""
		p.Auth.Tokens[name] = t
	}
	body, err := yaml.Marshal(&p)
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	profilePath = filepath.Join(dir, p.Name+".yaml")
	envPath = filepath.Join(dir, p.Name+".env")
	header := fmt.Sprintf("# A profile for the %s reference server at %s, as edconform-reference --print-profile wrote it.\n"+
		"# Its secrets are in %s: source it before a run. Both change each time the server starts.\n", vendor, p.Target.BaseURL, filepath.Base(envPath))
	if err := os.WriteFile(profilePath, append([]byte(header), body...), 0o644); err != nil {
		return "", "", err
	}
	// The secrets are the operator's own local server's, but still only
	// the owner reads them.
	if err := os.WriteFile(envPath, []byte(exportLines(secrets)), 0o600); err != nil {
		return "", "", err
	}
	return profilePath, envPath, nil
}

func exportLines(vars map[string]string) string {
	names := make([]string, 0, len(vars))
	for name := range vars {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, "export %s=%s\n", name, shellQuote(vars[name]))
	}
	return b.String()
}

// shellQuote single-quotes s for sh, so no character of a secret is
// interpreted.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
