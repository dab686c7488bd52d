package suitetest

import (
	"testing"
	"time"
)

func TestTheReportsRootIsTheLastAbsoluteReportsDir(t *testing.T) {
	for _, c := range []struct {
		args  []string
		root  string
		known bool
	}{
		{[]string{"--reports-dir=/tmp/a"}, "/tmp/a", true},
		{[]string{"--reports-dir=/tmp/a", "-reports-dir=/tmp/b"}, "/tmp/b", true},
		{[]string{"--reports-dir=/tmp/a", "--reports-dir=relative"}, "relative", false},
		{[]string{"--reports-dir=/tmp/a", "--reports-dir", "/tmp/b"}, "", false},
		{[]string{"--profile=x.yaml"}, "", false},
	} {
		if root, known := reportsRoot(c.args); root != c.root || known != c.known {
			t.Errorf("%q: %q %v, want %q %v", c.args, root, known, c.root, c.known)
		}
	}
}

func TestADryRunIsFoundInTheArgs(t *testing.T) {
	for args, want := range map[string]bool{
		"-ginkgo.dry-run": true, "--ginkgo.dry-run=true": true, "-ginkgo.dry-run=false": false, "--deviations=dry-run": false,
	} {
		if got := dryRun([]string{"--reports-dir=/tmp/a", args}); got != want {
			t.Errorf("%s: %v, want %v", args, got, want)
		}
	}
}

func TestCredentialsInTheEnvironmentAreFound(t *testing.T) {
	if !givesCredentials([]string{"A=1", "EDCONFORM_CLIENT_SECRET=x"}) || !givesCredentials([]string{"EDCONFORM_TOKEN_PRIMARY=x"}) {
		t.Error("a secret or token was not found")
	}
	if givesCredentials([]string{"ACME_CHILD=1", "EDCONFORM_TRANSCRIPTS=all"}) {
		t.Error("found credentials where there are none")
	}
}

func TestTheReportWrittenIsTheOneNewOrChanged(t *testing.T) {
	t0 := time.Now()
	before := map[string]time.Time{"a": t0, "b": t0}
	for _, c := range []struct {
		after map[string]time.Time
		want  string
	}{
		{map[string]time.Time{"a": t0, "b": t0}, ""},
		{map[string]time.Time{"a": t0, "b": t0.Add(time.Millisecond)}, "b"},
		{map[string]time.Time{"a": t0, "b": t0, "c": t0}, "c"},
		{map[string]time.Time{"a": t0.Add(1), "b": t0, "c": t0}, ""},
	} {
		if got := writtenSince(before, c.after); got != c.want {
			t.Errorf("%v: %q, want %q", c.after, got, c.want)
		}
	}
}
