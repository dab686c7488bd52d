package suite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbeddedProfileNames(t *testing.T) {
	for path, want := range map[string]string{
		"edfi-ods-7.2.yaml":          "edfi-ods-7.2.yaml",
		"edfi-ods-7.2":               "edfi-ods-7.2.yaml",
		"profiles/edfi.yaml":         "edfi.yaml",
		"./profiles/meadowlark.yaml": "meadowlark.yaml",
		"elsewhere/edfi.yaml":        "",
		"../edfi.yaml":               "",
	} {
		got, ok := embeddedProfileName(path)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
}

func TestInTheSourceTreeTheRepositoryIsTheRoot(t *testing.T) {
	root, ok := repoRoot()
	if !ok {
		t.Fatal("the source tree is not found from " + mustGetwd(t))
	}
	if _, err := os.Stat(filepath.Join(root, "profiles", "edfi.yaml")); err != nil {
		t.Fatalf("root %s: %v", root, err)
	}
	p, err := readProfile("profiles/edfi-ods-7.2.yaml", "edfi")
	if err != nil {
		t.Fatal(err)
	}
	if p.Source != filepath.Join(root, "profiles", "edfi-ods-7.2.yaml") {
		t.Errorf("read %s, not the file in the tree", p.Source)
	}
}

// Outside the source tree, as for a binary from `make dist`, even below
// another project's go.mod: files in the working directory first, then the
// embedded profiles; reports in ./reports.
func TestOutsideTheSourceTreeProfilesAreFilesOrEmbedded(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/vendor-ci\n")
	write(t, filepath.Join(dir, "acme.yaml"), "vendor: edfi\nname: acme\n")
	write(t, filepath.Join(dir, "edfi-ods-7.2.yaml"), "vendor: edfi\nname: local-copy\n")
	t.Chdir(dir)
	if _, ok := repoRoot(); ok {
		t.Fatal("another project's go.mod taken for the source tree")
	}
	for path, want := range map[string]struct{ name, source string }{
		"":                              {"edfi", "embedded:profiles/edfi.yaml"},
		"acme.yaml":                     {"acme", "acme.yaml"},
		filepath.Join(dir, "acme.yaml"): {"acme", filepath.Join(dir, "acme.yaml")},
		"edfi-ods-7.2.yaml":             {"local-copy", "edfi-ods-7.2.yaml"},
		"profiles/edfi-ods-7.2":         {"edfi-ods-7.2", "embedded:profiles/edfi-ods-7.2.yaml"},
	} {
		p, err := readProfile(path, "edfi")
		if err != nil {
			t.Errorf("%q: %v", path, err)
			continue
		}
		if p.Name != want.name || p.Source != want.source {
			t.Errorf("%q: read %s named %s, want %s named %s", path, p.Source, p.Name, want.source, want.name)
		}
	}
	if p, err := readProfile("", "edfi"); err == nil && !p.Embedded {
		t.Error("the default profile does not start the embedded reference server")
	}
	_, err := readProfile("missing.yaml", "edfi")
	if err == nil || !strings.Contains(err.Error(), "missing.yaml") || !strings.Contains(err.Error(), "edfi-ods-7.2.yaml") {
		t.Errorf("a missing profile: %v", err)
	}
	if got := reportsRoot(); got != filepath.Join(dir, "reports") {
		t.Errorf("reports go to %s", got)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustGetwd(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
