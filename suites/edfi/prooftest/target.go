// Package prooftest holds what the Ed-Fi proof packages share: reference
// servers aimed at by the example profiles, checks of what a run left on
// the target and in its reports, and what each named deviation fails.
package prooftest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/reference"
	edfiref "github.com/edconform/edconform/reference/edfi"
)

// ExampleProfile is the example profile for ODS/API 7.2.
var ExampleProfile = filepath.Join(suite.RepoRoot(), "profiles", "edfi-ods-7.2.yaml")

// Serve starts a reference server, broken in the named ways.
func Serve(t *testing.T, deviations ...string) (*edfiref.Server, string) {
	t.Helper()
	return ServeOptions(t, reference.Options{Deviations: deviations})
}

// ServeOptions starts a reference server with these options.
func ServeOptions(t *testing.T, opts reference.Options) (*edfiref.Server, string) {
	t.Helper()
	srv, err := edfiref.New(edfiref.Config{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	url := suitetest.Serve(t, srv)
	return srv, url
}

// AimExample copies the example profile with the target's client ids and
// claim set names in place of its placeholders, and returns the copy and
// the environment a vendor would set: base URL, primary client id, secrets
// and the expired token. Every other key is the example's own.
func AimExample(t *testing.T, srv *edfiref.Server, url string) (string, []string) {
	t.Helper()
	return AimProfile(t, ExampleProfile, srv, url)
}

// AimProfile does for the example profile at path what AimExample does for
// the 7.2 one.
func AimProfile(t *testing.T, path string, srv *edfiref.Server, url string) (string, []string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	overlay := srv.Profile(url)["auth"].(map[string]any)
	targetClients := overlay["clients"].(map[string]any)
	env := []string{"EDCONFORM_BASE_URL=" + url}
	for role, c := range doc["auth"].(map[string]any)["clients"].(map[string]any) {
		target, ok := targetClients[role].(map[string]any)
		if !ok {
			t.Fatalf("the example profile has a client %q the reference server lacks", role)
		}
		example := c.(map[string]any)
		if role == "primary" {
			env = append(env, "EDCONFORM_CLIENT_ID="+target["id"].(string))
		} else {
			example["id"] = target["id"]
		}
		if _, named := example["claimSet"]; named {
			example["claimSet"] = target["claimSet"]
		}
		env = append(env, profile.SecretEnvFor(role)+"="+target["secret"].(string))
	}
	expired := overlay["tokens"].(map[string]any)["expired"].(map[string]any)["value"].(string)
	env = append(env, profile.TokenEnvFor("expired")+"="+expired)
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return suitetest.Profile(t, string(out)), env
}

// Snapshot is every document on the target: resource/id → ETag.
func Snapshot(srv *edfiref.Server) map[string]string {
	out := map[string]string{}
	for _, r := range srv.Store().Model().Resources() {
		for _, d := range srv.Store().List(r) {
			out[r.Name+"/"+d.ID] = d.ETag
		}
	}
	return out
}

// RequireUnchanged fails unless the target holds exactly what it held
// before: nothing left behind, nothing changed, nothing deleted.
func RequireUnchanged(t *testing.T, before, after map[string]string) {
	t.Helper()
	var diffs []string
	for k, etag := range before {
		switch now, ok := after[k]; {
		case !ok:
			diffs = append(diffs, "deleted "+k)
		case now != etag:
			diffs = append(diffs, "changed "+k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			diffs = append(diffs, "left behind "+k)
		}
	}
	if len(diffs) > 0 {
		t.Errorf("the run did not leave the target as it found it:\n  %s", strings.Join(diffs, "\n  "))
	}
}

// RequireNoSecrets fails if a secret or token of the environment shows in
// the output or a report.
func RequireNoSecrets(t *testing.T, run *suitetest.Run, env []string) {
	t.Helper()
	files := run.ReportFiles(t)
	files["the suite's output"] = run.Output
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		if !strings.Contains(name, "SECRET") && !strings.Contains(name, "TOKEN") {
			continue
		}
		for file, content := range files {
			if strings.Contains(content, value) {
				t.Errorf("%s shows the value of %s", file, name)
			}
		}
	}
}
