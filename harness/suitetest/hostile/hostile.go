package hostile

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/reference"
)

// Suite is a vendor suite to put against the zoo.
type Suite struct {
	// Vendor names the vendor's reference server, whose profile overlay
	// (settings, clients, tokens) the zoo's profiles reuse.
	Vendor string
	// Test is the Go test function that runs the suite.
	Test string
	// Writes is a label filter selecting a few specs that create records,
	// for the zoo's targets that are the real API with one thing wrong.
	Writes string
}

// timeout is target.timeout in the zoo's profiles, hangTimeout in those of
// the rows that hang, which wait it out (more than once where the suite
// sends requests one after another); a run must end within it and slack.
const (
	timeout     = 2 * time.Second
	hangTimeout = 250 * time.Millisecond
	slack       = 5 * time.Second
)

// target is what one zoo row points the suite at.
type target struct {
	baseURL  string
	tokenURL string
	// secrets are the values no output may show; issued adds the tokens
	// the target hands out.
	secrets []string
	issued  *tokens
	overlay map[string]any
	timeout time.Duration
}

// row is one zoo server and what the run against it must say.
type row struct {
	name string
	// oauth rows break a token endpoint; a vendor without one (static
	// tokens) has none to break.
	oauth bool
	// judged rows are the API itself with one thing wrong that the suite
	// must cope with: it runs a few writing specs (Suite.Writes) and passes
	// them.
	judged bool
	// hangs rows never finish an answer, so every run waits out its
	// target.timeout: hangTimeout, not timeout.
	hangs bool
	// start starts the row's server and says where the profile points.
	start func(t *testing.T, z *zoo) *target
	// hints are what the one error must name.
	hints []string
}

type zoo struct {
	suite Suite
	other *suitetest.OtherOrigin
}

// rows is the zoo.
var rows = []row{
	{name: "never answers", hangs: true, start: plain(neverAnswers), hints: []string{"within " + hangTimeout.String(), "target.timeout"}},
	{name: "headers then a stalled body", hangs: true, start: plain(stalledBody), hints: []string{"target.timeout"}},
	{name: "HTML 200", start: plain(func(t *testing.T) string {
		return answering(t, http.StatusOK, "text/html", []byte("<html><body><h1>Welcome</h1><p>Sign in to continue.</p></body></html>"))
	}), hints: []string{"HTTP 200", "text/html", "<html>", "target.baseURL"}},
	{name: "invalid JSON", start: plain(func(t *testing.T) string {
		return answering(t, http.StatusBadRequest, "application/json", []byte(`{"error": "unterminated`))
	}), hints: []string{"a JSON object", "target.baseURL"}},
	{name: "a 10 MB body", start: plain(func(t *testing.T) string {
		return answering(t, http.StatusBadRequest, "application/json", tenMegabytes())
	}), hints: []string{"exceeds target.maxBodyBytes", "target.baseURL"}},
	{name: "redirect loop", start: plain(redirectLoop), hints: []string{"redirect", "target.baseURL"}},
	{name: "redirect to another origin", start: func(t *testing.T, z *zoo) *target {
		return z.plain(t, redirectTo(t, z.other))
	}, hints: []string{"redirects", elsewhereHost, "target.baseURL"}},
	{name: "self-signed TLS", start: plain(selfSigned), hints: []string{"certificate", "SSL_CERT_FILE"}},
	{name: "Location on another origin", judged: true, start: func(t *testing.T, z *zoo) *target {
		return z.wrapped(t, func(h http.Handler, _ *target) http.Handler { return locationsTo(h, z.other) })
	}},
	{name: "credential echo", start: func(t *testing.T, z *zoo) *target {
		return z.wrapped(t, func(h http.Handler, tg *target) http.Handler { return echoing(h, tg.secrets) })
	}, hints: []string{"401", "auth."}},
	{name: "token endpoint answering 500", oauth: true, start: func(t *testing.T, z *zoo) *target {
		return z.wrapped(t, func(h http.Handler, tg *target) http.Handler {
			return tokenEndpoint(h, tg.tokenPath(), func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "upstream identity provider failed", http.StatusInternalServerError)
			})
		})
	}, hints: []string{"HTTP 500", "auth.tokenURL"}},
	{name: "token endpoint answering HTML", oauth: true, start: func(t *testing.T, z *zoo) *target {
		return z.wrapped(t, func(h http.Handler, tg *target) http.Handler {
			return tokenEndpoint(h, tg.tokenPath(), func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				_, _ = w.Write([]byte("<html><body>Sign in</body></html>"))
			})
		})
	}, hints: []string{"auth.tokenURL"}},
	{name: "a token without expires_in", oauth: true, judged: true, start: func(t *testing.T, z *zoo) *target {
		return z.wrapped(t, func(h http.Handler, tg *target) http.Handler { return withoutExpiry(h, tg.tokenPath()) })
	}},
}

// Run puts the suite against every zoo server, in parallel.
func Run(t *testing.T, s Suite) {
	z := &zoo{suite: s}
	oauth := z.overlay(t)["auth"].(map[string]any)["tokenURL"] != nil
	for _, r := range rows {
		if r.oauth && !oauth {
			// No token endpoint to break: the vendor's clients hold
			// static tokens, which the credential-echo row covers.
			continue
		}
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			// Each row has its own other origin, so what reaches it is
			// this row's doing.
			(&zoo{suite: s, other: suitetest.StartOtherOrigin(t)}).check(t, r)
		})
	}
	t.Run("HTML 200 under ginkgo -p", func(t *testing.T) {
		t.Parallel()
		z.checkParallel(t)
	})
}

func (z *zoo) check(t *testing.T, r row) {
	tg := r.start(t, z)
	if r.hangs {
		tg.timeout = hangTimeout
	}
	path, env := z.profile(t, tg)
	args := []string{"--profile=" + path}
	if r.judged {
		args = append(args, "-ginkgo.label-filter="+z.suite.Writes)
	}
	started := time.Now()
	run := suitetest.Execute(t, suitetest.Options{Test: z.suite.Test, Args: args, Env: env, Timeout: time.Minute})
	took := time.Since(started)
	limit := tg.timeout + slack
	if r.judged {
		// The specs run: each request has the timeout, the run a minute.
		limit = time.Minute
	}
	if took > limit {
		t.Errorf("the run took %s, more than %s", took.Round(time.Millisecond), limit)
	}
	if strings.Contains(run.Output, "panic:") || strings.Contains(run.Output, "[PANICKED]") {
		t.Errorf("the suite panicked:\n%s", run.Output)
	}
	if seen := z.other.Requests(); len(seen) > 0 {
		t.Errorf("%d requests went to another origin (%s): %s", len(seen), z.other.URL, strings.Join(seen, "; "))
	}
	z.requireNoSecret(t, run, tg)
	if r.judged {
		t.Logf("the run: exit %d, %s", run.ExitCode(), run.Summary())
		// The API is conformant but for this one thing, which the suite
		// must cope with: the specs pass, and the end-of-run check finds
		// nothing left on the target.
		if code := run.ExitCode(); code != suite.ExitConformant || len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
			t.Errorf("exit code %d, %d suite-level errors: %s\n%s", code, len(run.SuiteFailures()), run.Summary(), run.Output)
		}
		return
	}
	failures := run.SuiteFailures()
	if len(failures) != 1 || len(run.Specs(suite.OutcomeFailed))+len(run.Specs(suite.OutcomePassed)) != 0 {
		t.Fatalf("want one error before any spec, got %s\n%s", run.Summary(), run.Output)
	}
	if code := run.ExitCode(); code != suite.ExitNotJudged {
		t.Errorf("exit code %d, want %d (not judged)", code, suite.ExitNotJudged)
	}
	t.Logf("the one error:\n%s", failures[0].Failure.Message)
	for _, hint := range r.hints {
		if !strings.Contains(failures[0].Failure.Message, hint) {
			t.Errorf("the error does not name %q:\n%s", hint, failures[0].Failure.Message)
		}
	}
}

// requireNoSecret looks for every secret, raw and in the forms an echo
// carries, in the output and every report file.
func (z *zoo) requireNoSecret(t *testing.T, run *suitetest.Run, tg *target) {
	t.Helper()
	secrets := append(append([]string(nil), tg.secrets...), tg.issued.all()...)
	var forms []string
	for _, s := range secrets {
		forms = append(forms, s, base64.StdEncoding.EncodeToString([]byte(s)))
	}
	for _, c := range clients(tg.overlay) {
		forms = append(forms, base64.StdEncoding.EncodeToString([]byte(c["id"].(string)+":"+c["secret"].(string))))
	}
	files := run.ReportFiles(t)
	files["the output"] = run.Output
	for name, content := range files {
		for _, f := range forms {
			if len(f) >= 6 && strings.Contains(content, f) {
				t.Errorf("%s shows a secret (%d characters)", name, len(f))
			}
		}
	}
}

// plain is a row whose server is not the API at all.
func plain(start func(t *testing.T) string) func(t *testing.T, z *zoo) *target {
	return func(t *testing.T, z *zoo) *target { return z.plain(t, start(t)) }
}

// plain points the reference overlay's profile at url, keeping the API's
// path (Edlink's /api/v2) and its token endpoint's.
func (z *zoo) plain(t *testing.T, serverURL string) *target {
	overlay := z.overlay(t)
	tg := &target{overlay: overlay, issued: &tokens{}, secrets: secretsOf(overlay), timeout: timeout}
	tg.baseURL = serverURL + pathOf(overlay["target"].(map[string]any)["baseURL"].(string))
	if tokenURL, ok := overlay["auth"].(map[string]any)["tokenURL"].(string); ok {
		tg.tokenURL = serverURL + pathOf(tokenURL)
	}
	return tg
}

// wrapped serves the vendor's reference server through wrap.
func (z *zoo) wrapped(t *testing.T, wrap func(h http.Handler, tg *target) http.Handler) *target {
	t.Helper()
	srv := z.reference(t)
	tg := &target{issued: &tokens{}, timeout: timeout}
	// The overlay needs the address, and the wrapped handler the overlay.
	running := httptest.NewUnstartedServer(nil)
	tg.overlay = srv.Profile("http://" + running.Listener.Addr().String())
	tg.secrets = secretsOf(tg.overlay)
	tg.baseURL = tg.overlay["target"].(map[string]any)["baseURL"].(string)
	tg.tokenURL, _ = tg.overlay["auth"].(map[string]any)["tokenURL"].(string)
	running.Config.Handler = tg.issued.record(wrap(srv, tg))
	running.Start()
	t.Cleanup(running.Close)
	return tg
}

func (tg *target) tokenPath() string { return pathOf(tg.tokenURL) }

// overlay is the reference server's overlay, for its settings and roles.
func (z *zoo) overlay(t *testing.T) map[string]any {
	t.Helper()
	return z.reference(t).Profile("http://127.0.0.1:1")
}

// reference builds the vendor's reference server, deviation-free.
func (z *zoo) reference(t *testing.T) reference.Server {
	t.Helper()
	rv, ok := reference.Lookup(z.suite.Vendor)
	if !ok {
		t.Fatalf("no reference server for %s", z.suite.Vendor)
	}
	srv, err := rv.Build(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// profile writes the row's profile: the overlay's settings and roles, the
// row's URLs, a short timeout and the secrets in the environment.
func (z *zoo) profile(t *testing.T, tg *target) (string, []string) {
	t.Helper()
	var env []string
	auth := map[string]any{}
	if tg.tokenURL != "" {
		auth["tokenURL"] = tg.tokenURL
	}
	cs := map[string]any{}
	for role, c := range clients(tg.overlay) {
		entry := map[string]any{"id": c["id"]}
		if cl, ok := c["claimSet"]; ok {
			entry["claimSet"] = cl
		}
		cs[role] = entry
		env = append(env, profile.SecretEnvFor(role)+"="+c["secret"].(string))
	}
	if len(cs) > 0 {
		auth["clients"] = cs
	}
	ts := map[string]any{}
	for name, v := range staticTokens(tg.overlay) {
		ts[name] = map[string]any{}
		env = append(env, profile.TokenEnvFor(name)+"="+v)
	}
	if len(ts) > 0 {
		auth["tokens"] = ts
	}
	raw, err := yaml.Marshal(map[string]any{
		"vendor": z.suite.Vendor, "name": "hostile",
		"target":   map[string]any{"baseURL": tg.baseURL, "timeout": tg.timeout.String()},
		"auth":     auth,
		"settings": tg.overlay["settings"],
	})
	if err != nil {
		t.Fatal(err)
	}
	return suitetest.Profile(t, string(raw)), env
}

func clients(overlay map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	auth, _ := overlay["auth"].(map[string]any)
	cs, _ := auth["clients"].(map[string]any)
	for role, c := range cs {
		out[role] = c.(map[string]any)
	}
	return out
}

func staticTokens(overlay map[string]any) map[string]string {
	out := map[string]string{}
	auth, _ := overlay["auth"].(map[string]any)
	ts, _ := auth["tokens"].(map[string]any)
	for name, v := range ts {
		if value, ok := v.(map[string]any)["value"].(string); ok {
			out[name] = value
		}
	}
	return out
}

func secretsOf(overlay map[string]any) []string {
	var out []string
	for _, c := range clients(overlay) {
		out = append(out, c["secret"].(string))
	}
	for _, v := range staticTokens(overlay) {
		out = append(out, v)
	}
	return out
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.RequestURI()
}

// tokens records the access tokens a target issues, so no output may
// show them either.
type tokens struct {
	mu     sync.Mutex
	values []string
}

func (k *tokens) record(h http.Handler) http.Handler {
	return rewrite(h, func(_ *http.Request, rec *recorder) {
		if v := accessToken(rec.body.Bytes()); v != "" {
			k.mu.Lock()
			k.values = append(k.values, v)
			k.mu.Unlock()
		}
	})
}

func (k *tokens) all() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.values...)
}

// parallelProcesses is how many processes the ginkgo -p row runs.
const parallelProcesses = 3

// checkParallel runs the suite under the Ginkgo CLI with several processes
// against a target that is not the API: the pre-flight runs on process 1
// only, and the summary line and the reports carry its one error.
func (z *zoo) checkParallel(t *testing.T) {
	tg := z.plain(t, answering(t, http.StatusOK, "text/html", []byte("<html><body>Maintenance</body></html>")))
	path, env := z.profile(t, tg)
	ginkgoCLI, err := exec.Command("go", "-C", suite.RepoRoot(), "tool", "-n", "ginkgo").Output()
	if err != nil {
		t.Fatalf("the Ginkgo CLI pinned in go.mod: %v", err)
	}
	reports := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The test binary is a precompiled suite to the CLI (its name ends in .test).
	cmd := exec.CommandContext(ctx, strings.TrimSpace(string(ginkgoCLI)), "run", "-p", "--procs="+strconv.Itoa(parallelProcesses), "--no-color",
		os.Args[0], "--", "-test.run=^"+z.suite.Test+"$", "--profile="+path, "--reports-dir="+reports)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), env...)
	started := time.Now()
	out, _ := cmd.CombinedOutput()
	if took := time.Since(started); took > tg.timeout+slack {
		t.Errorf("the run took %s, more than %s", took.Round(time.Millisecond), tg.timeout+slack)
	}
	if !strings.Contains(string(out), "Running in parallel across "+strconv.Itoa(parallelProcesses)+" processes") {
		t.Fatalf("the suite did not run in parallel:\n%s", out)
	}
	if !strings.Contains(string(out), ": 0 passed, 1 failed,") {
		t.Errorf("the summary line does not count one error:\n%s", out)
	}
	junit, err := os.ReadFile(filepath.Join(reports, "hostile", "junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(junit), "<failure") + strings.Count(string(junit), "<error"); n != 1 || !strings.Contains(string(junit), "does not answer as") {
		t.Errorf("junit.xml has %d errors, want the pre-flight's one:\n%s", n, junit)
	}
	if strings.Contains(string(out), "panic:") {
		t.Errorf("the suite panicked:\n%s", out)
	}
}
