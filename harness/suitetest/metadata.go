package suitetest

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
)

// Reference-server modes: a model stricter than the built-in documents
// (as a newer Data Standard is), and the metadata withheld.
const (
	StricterModel  = "--modes=stricter-data-standard"
	HiddenMetadata = "--modes=stricter-data-standard,metadata-hidden"
)

// MetadataProof is what RequireFixturesFollowMetadata proves for a vendor.
type MetadataProof struct {
	// Test is the Go test function that runs the suite.
	Test string
	// Vendor is the profile's vendor.
	Vendor string
	// SetupErrors maps each spec whose fixture lacks a property only the
	// stricter model requires to that fixture's resource and the property
	// the target reports.
	SetupErrors map[string][2]string
	// Fixtures is a profile's `fixtures` block that supplies every such
	// property.
	Fixtures string
}

// RequireFixturesFollowMetadata proves that a suite's fixtures follow the
// target's published data model. Against a reference server whose model
// requires more than the built-in documents carry, the whole suite passes
// while the metadata is published; with it hidden, exactly the specs whose
// fixtures lack the new properties end as set-up errors, never failures,
// each naming the fixture, the request as curl, the response and the
// profile key, and counted as set-up errors in the summary line, the HTML
// report and JUnit (<error>); a profile's fixtures entries make them pass.
func RequireFixturesFollowMetadata(t *testing.T, p MetadataProof) {
	t.Run("published metadata", func(t *testing.T) {
		t.Parallel()
		run := Execute(t, Options{Test: p.Test, Args: []string{StricterModel}})
		requireAllPass(t, run, "with the stricter model and its metadata published")
	})

	t.Run("hidden metadata", func(t *testing.T) {
		t.Parallel()
		run := Execute(t, Options{Test: p.Test, Args: []string{HiddenMetadata}})
		if failed := run.Specs(suite.OutcomeFailed); len(failed) > 0 || len(run.SuiteFailures()) > 0 {
			t.Fatalf("refused fixtures were reported as failures of the documented cases: %s\n  %s", run.Summary(), strings.Join(failed, "\n  "))
		}
		want := slices.Sorted(func(yield func(string) bool) {
			for spec := range p.SetupErrors {
				if !yield(spec) {
					return
				}
			}
		})
		got := run.Specs(suite.OutcomeSetupError)
		if !slices.Equal(got, want) {
			t.Fatalf("the set-up errors differ\nwant:\n  %s\ngot:\n  %s", strings.Join(want, "\n  "), strings.Join(got, "\n  "))
		}
		for spec, fixture := range p.SetupErrors {
			resource, property := fixture[0], fixture[1]
			msg := run.Failure(spec)
			for _, part := range []string{"Set-up error: ", "Fixture step: 201 Created: the spec needs this " + resource,
				"fixtures." + resource, "$." + property, "built-in document", "curl -sS -i -X POST", "/" + resource + "'", "HTTP 400"} {
				if !strings.Contains(msg, part) {
					t.Errorf("%s: the set-up error lacks %q:\n%s", spec, part, msg)
				}
			}
		}
		requireSetupErrorsReported(t, run, want)
	})

	t.Run("hidden metadata, profile fixtures", func(t *testing.T) {
		t.Parallel()
		path := Profile(t, "vendor: "+p.Vendor+"\n"+p.Fixtures)
		run := Execute(t, Options{Test: p.Test, Args: []string{HiddenMetadata, "--profile=" + path}})
		requireAllPass(t, run, "with the metadata hidden and the profile's fixtures supplying what the model requires")
	})

	t.Run("a fixtures entry for a resource the suite does not create", func(t *testing.T) {
		t.Parallel()
		path := Profile(t, "vendor: "+p.Vendor+"\nfixtures:\n  stduents: {birthCity: Austin}\n")
		RequireOneClearError(t, p.Test, path, nil, "fixtures.stduents", "creates no stduents documents")
	})
}

func requireAllPass(t *testing.T, run *Run, when string) {
	t.Helper()
	for _, o := range []suite.Outcome{suite.OutcomeFailed, suite.OutcomeSetupError, suite.OutcomeSkipped} {
		if specs := run.Specs(o); len(specs) > 0 {
			t.Errorf("%s, %d specs ended %s:\n  %s", when, len(specs), o, strings.Join(specs, "\n  "))
		}
	}
	if len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
		t.Errorf("%s: %s", when, run.Summary())
	}
	if t.Failed() {
		t.Log(run.Output)
	}
}

// requireSetupErrorsReported checks the summary line, the HTML report and
// JUnit count the set-up errors as such.
func requireSetupErrorsReported(t *testing.T, run *Run, specs []string) {
	t.Helper()
	if want := fmt.Sprintf(" %d set-up errors", len(specs)); !strings.Contains(run.Output, want) || !strings.Contains(run.Output, " 0 failed") {
		t.Errorf("the summary line does not say%s and 0 failed:\n%s", want, run.Output)
	}
	var html, junit string
	for name, content := range run.ReportFiles(t) {
		switch {
		case strings.HasSuffix(name, "/report.html"):
			html = content
		case strings.HasSuffix(name, "/junit.xml"):
			junit = content
		}
	}
	if !strings.Contains(html, "set-up error") {
		t.Error("report.html does not show the set-up errors")
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal([]byte(junit), &suites); err != nil {
		t.Fatalf("junit.xml: %v", err)
	}
	errored := 0
	for _, ts := range suites.TestSuites {
		for _, tc := range ts.TestCases {
			if tc.Failure != nil {
				t.Errorf("junit.xml has a <failure> for %s", tc.Name)
			}
			if tc.Error == nil {
				continue
			}
			errored++
			if !slices.ContainsFunc(specs, func(s string) bool { return strings.Contains(tc.Name, s) }) {
				t.Errorf("junit.xml has an <error> for %s, which is no set-up error", tc.Name)
			}
		}
	}
	if errored != len(specs) || suites.Errors != len(specs) || suites.Failures != 0 {
		t.Errorf("junit.xml: %d <error> test cases, errors=%d failures=%d; want %d set-up errors and no failures", errored, suites.Errors, suites.Failures, len(specs))
	}
}

// RequireExampleFixtures loads the vendor's example profile with its
// commented `fixtures` example in force and requires that the vendor
// accepts it, so the documented example names resources the suite creates.
func RequireExampleFixtures(t *testing.T, v *suite.Vendor, file string, env map[string]string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(suite.RepoRoot(), "profiles", file))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	inExample := false
	for _, line := range strings.Split(string(raw), "\n") {
		switch {
		case line == "# fixtures:":
			inExample = true
			line = "fixtures:"
		case inExample && strings.HasPrefix(line, "#   "):
			line = strings.TrimPrefix(line, "#")
		default:
			inExample = false
		}
		out = append(out, line)
	}
	path := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load(path, v.Name, func(key string) string { return env[key] })
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Fixtures) == 0 {
		t.Fatalf("profiles/%s has no commented fixtures example", file)
	}
	if err := v.Check(p); err != nil {
		t.Fatalf("profiles/%s: the fixtures example is refused: %v", file, err)
	}
}
