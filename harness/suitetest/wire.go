package suitetest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest/recorder"
	"github.com/edconform/edconform/harness/transport"
	"github.com/edconform/edconform/reference"
)

// RequireSentAsReported runs the vendor's whole suite against its reference
// server behind a recording proxy, with every spec's transcript attached
// (EDCONFORM_TRANSCRIPTS=all), and requires that every request a transcript
// shows as curl went on the wire exactly as that curl sends it, and that no
// request (token requests included) was chunked. Token requests have no
// transcript and need no match.
func RequireSentAsReported(t *testing.T, test, vendor string) {
	t.Helper()
	srv, upstream := serveReference(t, vendor)
	rec, err := recorder.Start(strings.TrimPrefix(upstream, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rec.Close() })
	path, env := targetProfile(t, vendor, srv.Profile(rec.URL))
	for _, kv := range env {
		_, secret, _ := strings.Cut(kv, "=")
		transport.AddSecret(secret)
	}
	run := Execute(t, Options{Test: test, Args: []string{"--profile=" + path}, Env: append(env, suite.TranscriptsEnv+"=all")})
	if len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
		t.Fatalf("the suite does not pass behind the recording proxy: %s\n%s", run.Summary(), run.Output)
	}
	captured := rec.Requests()
	for _, c := range captured {
		if c.Chunked || len(c.Values("Transfer-Encoding")) > 0 {
			t.Errorf("a request went out with Transfer-Encoding:\n%s", hideCredentials(c.Raw))
		}
		if c.Err != nil {
			t.Errorf("a request could not be read whole (%v):\n%q", c.Err, hideCredentials(c.Raw))
		}
	}
	var specs []types.SpecReport
	var commands [][]string
	for _, s := range run.Report.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		transcript := transcriptOf(s)
		if transcript == "" && suite.OutcomeOf(s) == suite.OutcomePassed {
			t.Errorf("%s passed without a transcript", s.FullText())
			continue
		}
		specs = append(specs, s)
		commands = append(commands, TranscriptCommands(transcript))
	}
	used := make([]bool, len(captured))
	matched := 0
	for n, sent := range runCurlsOfEach(commands) {
		s := specs[n]
		if sent.err != nil {
			t.Errorf("%s: %v", s.FullText(), sent.err)
			continue
		}
		for i, want := range sent.sent {
			if j := matching(captured, used, want); j >= 0 {
				used[j] = true
				matched++
				continue
			}
			t.Errorf("%s: no request on the wire is the one its transcript shows\ntranscript's curl:\n%s\n%s",
				s.FullText(), commands[n][i], nearest(captured, used, want))
		}
	}
	if matched == 0 {
		t.Fatalf("no transcript request was found: %s", run.Summary())
	}
	t.Logf("%d transcript requests matched, of %d captured (the rest are token requests, probes and clean-ups)", matched, len(captured))
}

// curlsRun is what one spec's curl commands send, or why they could not run.
type curlsRun struct {
	sent []recorder.Sent
	err  error
}

// runCurlsOfEach runs the curl commands of every spec through one sh, and
// only when that fails spec by spec, so the error names its spec.
func runCurlsOfEach(commands [][]string) []curlsRun {
	out := make([]curlsRun, len(commands))
	if all, err := recorder.RunCurls(slices.Concat(commands...)); err == nil {
		for i, c := range commands {
			out[i].sent, all = all[:len(c)], all[len(c):]
		}
		return out
	}
	for i, c := range commands {
		out[i].sent, out[i].err = recorder.RunCurls(c)
	}
	return out
}

func transcriptOf(s types.SpecReport) string {
	for _, e := range s.ReportEntries {
		if e.Name == "transcript" {
			return e.StringRepresentation()
		}
	}
	return ""
}

var exchangeStart = regexp.MustCompile(`^\[\d+\] `)

// TranscriptCommands returns the curl command of every exchange in a
// transcript that got a response (one that got none may never have been
// sent). A command runs on while its lines end in a backslash.
func TranscriptCommands(transcript string) []string {
	var out []string
	lines := strings.Split(transcript, "\n")
	for i := 0; i < len(lines); i++ {
		start := exchangeStart.FindString(lines[i])
		if start == "" {
			continue
		}
		cmd := []string{strings.TrimPrefix(lines[i], start)}
		for strings.HasSuffix(cmd[len(cmd)-1], " \\") && i+1 < len(lines) {
			i++
			cmd = append(cmd, lines[i])
		}
		if i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "no response: ") {
			continue
		}
		out = append(out, strings.Join(cmd, "\n"))
	}
	return out
}

func matching(captured []recorder.Request, used []bool, want recorder.Sent) int {
	for i, c := range captured {
		if !used[i] && len(recorder.Diff(want, c)) == 0 {
			return i
		}
	}
	return -1
}

// nearest shows the unmatched request most like want (same target; same
// method first, then fewest differences) and how it differs.
func nearest(captured []recorder.Request, used []bool, want recorder.Sent) string {
	best, bestScore := -1, 0
	for i, c := range captured {
		if used[i] || c.Target != want.Target() {
			continue
		}
		score := len(recorder.Diff(want, c))
		if c.Method != want.Method {
			score += 1000
		}
		if best < 0 || score < bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return "the wire had no request to that target"
	}
	return "the nearest request on the wire differs:\n  " + strings.Join(recorder.Diff(want, captured[best]), "\n  ") +
		"\nits bytes (credentials hidden):\n" + strconv.Quote(hideCredentials(captured[best].Raw))
}

var credentials = regexp.MustCompile(`(?im)^(authorization|x-api-key|api-key|cookie):([ \t]*[A-Za-z]+ )?.*$`)

// hideCredentials masks credential header values in raw request bytes (the
// child run issued the tokens, so they are not known here by value) and the
// registered secrets anywhere else (a token request's form body).
func hideCredentials(raw []byte) string {
	return transport.Redact(credentials.ReplaceAllString(string(raw), "$1:$2"+recorder.Redacted+"\r"))
}

// targetProfile writes a profile aimed at a served reference server: the
// vendor's default profile with the server's overlay (target, clients,
// settings), its secrets and tokens in the environment as a vendor would
// set them.
func targetProfile(t *testing.T, vendor string, overlay map[string]any) (string, []string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(suite.RepoRoot(), "profiles", vendor+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	// A round trip gives plain maps, whatever types the server used.
	encoded, err := yaml.Marshal(overlay)
	if err != nil {
		t.Fatal(err)
	}
	var plain map[string]any
	if err := yaml.Unmarshal(encoded, &plain); err != nil {
		t.Fatal(err)
	}
	for k, v := range plain {
		if _, set := doc[k]; !set || k == "target" || k == "auth" {
			doc[k] = v
		}
	}
	auth, _ := doc["auth"].(map[string]any)
	env := toEnv(auth["clients"], "secret", profile.SecretEnvFor)
	env = append(env, toEnv(auth["tokens"], "value", profile.TokenEnvFor)...)
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return Profile(t, string(out)), env
}

// toEnv moves the key of every entry (a client's secret, a token's value)
// out of a profile section into the environment variable named for it.
func toEnv(section any, key string, envFor func(string) string) []string {
	var env []string
	entries, _ := section.(map[string]any)
	for name, e := range entries {
		entry, _ := e.(map[string]any)
		if v, ok := entry[key].(string); ok {
			env = append(env, envFor(name)+"="+v)
			delete(entry, key)
		}
	}
	return env
}

// serveReference serves vendor's reference server, deviation-free, on a
// loopback port.
func serveReference(t *testing.T, vendor string) (reference.Server, string) {
	t.Helper()
	srv := buildReference(t, vendor)
	return srv, Serve(t, srv)
}

// buildReference builds vendor's reference server, deviation-free.
func buildReference(t testing.TB, vendor string) reference.Server {
	t.Helper()
	rv, ok := reference.Lookup(vendor)
	if !ok {
		t.Fatalf("no reference server is registered for %q", vendor)
	}
	srv, err := rv.Build(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}
