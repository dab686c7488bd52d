// Package suite is the thin layer over Ginkgo that every vendor suite runs
// through: it loads the profile, starts the embedded reference server when
// no target is configured, checks the target once before any spec runs,
// gives specs a recording HTTP client, tokens and a fixture ledger, and
// writes the reports.
package suite

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/auth"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/transport"
	"github.com/edconform/edconform/profiles"
	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/version"
)

var (
	profileFlag    = flag.String("profile", "", "profile YAML file, or the name of an embedded one (default: profiles/<vendor>.yaml; env EDCONFORM_PROFILE)")
	deviationsFlag = flag.String("deviations", "", "comma-separated reference-server deviations (embedded target only; env EDCONFORM_DEVIATIONS)")
	faultsFlag     = flag.String("faults", "", "comma-separated reference-server fault modes (embedded target only; env EDCONFORM_FAULTS)")
	reportsFlag    = flag.String("reports-dir", "", "where reports/<profile>/ are written (default: <repo>/reports, or ./reports outside the source tree; env EDCONFORM_REPORTS_DIR)")
)

// The flag is parsed before any test runs, so `edconform-edfi.test
// --version` answers without running the suite.
func init() {
	flag.BoolFunc("version", "print edconform's version and exit", func(string) error {
		fmt.Println("edconform", version.Version)
		os.Exit(0)
		return nil
	})
}

// Vendor describes one vendor's suite.
type Vendor struct {
	// Name is the vendor label and the default profile's name.
	Name string
	// Title names the API, e.g. "Ed-Fi ODS/API 7.2".
	Title string
	// Source names the document the specs come from.
	Source string
	// Families are the error families its specs are grouped in.
	Families []string
	// ExtraLabels are further labels its specs may carry (record types...).
	ExtraLabels []string
	// Check validates the vendor settings and keeps them; it runs before
	// any spec, so a bad value is one clear error.
	Check func(p *profile.Profile) error
	// Probe runs once before the specs, after the target answered, to
	// catch set-up problems (say, credentials) with one clear error.
	Probe func(ctx context.Context, s *Session) error
}

// Session is what specs use to reach the target.
type Session struct {
	Vendor  *Vendor
	Profile *profile.Profile
	Client  *transport.Client
	Tokens  *auth.Tokens
	Ledger  *fixtures.Ledger
	Log     *transport.Log
}

var current *Session

// Current is the running suite's session.
func Current() *Session {
	if current == nil {
		ginkgo.Fail("the suite has not been set up: specs run only inside a suite started by suite.Run")
	}
	return current
}

// Run loads the profile and runs the vendor's specs.
func Run(t *testing.T, v *Vendor) {
	gomega.RegisterFailHandler(ginkgo.Fail)
	if err := checkTree(v); err != nil {
		t.Fatal(err.Error())
	}
	p, err := loadProfile(v)
	if err != nil {
		t.Fatal(err.Error())
	}
	reportDir := filepath.Join(reportsRoot(), p.Name)
	// A folder the reports cannot be written to is found now, not after
	// the whole run.
	if err := checkWritable(reportDir); err != nil {
		t.Fatal(err.Error())
	}
	var running *reference.Running

	ginkgo.SynchronizedBeforeSuite(func(ctx ginkgo.SpecContext) []byte {
		if p.Embedded {
			r, err := startReference(v, p)
			gomega.Expect(err).NotTo(gomega.HaveOccurred(), "starting the embedded reference server")
			running = r
		}
		raw, err := p.Share()
		gomega.Expect(err).NotTo(gomega.HaveOccurred())
		return raw
	}, func(ctx ginkgo.SpecContext, raw []byte) {
		shared, err := profile.Shared(raw)
		gomega.Expect(err).NotTo(gomega.HaveOccurred())
		s := newSession(v, shared)
		current = s
		if err := s.probe(ctx); err != nil {
			ginkgo.Fail(transport.Redact(err.Error()))
		}
	})
	ginkgo.SynchronizedAfterSuite(func() {}, func() {
		if running != nil {
			_ = running.Close()
		}
	})
	ginkgo.BeforeEach(func() {
		if current != nil {
			current.Log.Reset()
		}
	})
	ginkgo.AfterEach(func() {
		if current != nil && ginkgo.CurrentSpecReport().Failed() {
			if tr := current.Log.Transcript(); tr != "" {
				ginkgo.AddReportEntry("transcript", tr, ginkgo.ReportEntryVisibilityFailureOrVerbose)
			}
		}
	})
	ginkgo.ReportAfterSuite("edconform reports", func(r ginkgo.Report) {
		if err := writeReports(reportDir, v, p, r); err != nil {
			ginkgo.Fail(err.Error())
		}
	})
	suiteCfg, reporterCfg := ginkgo.GinkgoConfiguration()
	ginkgo.RunSpecs(t, v.Title+" conformance ("+p.Name+")", suiteCfg, reporterCfg)
}

func newSession(v *Vendor, p *profile.Profile) *Session {
	transport.AddSecret(p.Secrets()...)
	expect.Configure(p.IsStrict(), p.Texts, v.Title+" "+v.Source)
	ledger := fixtures.NewLedger()
	log := &transport.Log{}
	client := transport.New(p.Timeout(), log, ledger.Guard)
	if v.Check != nil {
		// Already validated in loadProfile; this keeps the vendor's
		// decoded settings in every parallel process.
		_ = v.Check(p)
	}
	return &Session{Vendor: v, Profile: p, Client: client, Tokens: auth.New(p, client.HTTPClient()), Ledger: ledger, Log: log}
}

// probe makes sure the target answers before any spec runs, so an
// unreachable or misconfigured target is one failure, not hundreds.
func (s *Session) probe(ctx context.Context) error {
	ex := s.Client.Do(ctx, transport.Request{Method: "GET", URL: s.Profile.Target.BaseURL})
	s.Log.Reset()
	if ex.Err != nil {
		return fmt.Errorf("the target does not answer: %v", ex.Err)
	}
	if to := elsewhere(ex); to != "" {
		return fmt.Errorf("the target redirects %s to %s, and the suite follows no redirects: set target.baseURL to the address it redirects to",
			s.Profile.Target.BaseURL, to)
	}
	if s.Vendor.Probe != nil {
		return s.Vendor.Probe(ctx, s)
	}
	return nil
}

// elsewhere returns where a redirect points when it leaves the target's
// scheme or host (http to https, another domain); every spec would get the
// redirect instead of the documented answer.
func elsewhere(ex *transport.Exchange) string {
	if ex.Status < 300 || ex.Status > 399 {
		return ""
	}
	from, err := url.Parse(ex.Request.URL)
	if err != nil {
		return ""
	}
	to, err := from.Parse(ex.Header.Get("Location"))
	if err != nil || (strings.EqualFold(to.Scheme, from.Scheme) && strings.EqualFold(to.Host, from.Host)) {
		return ""
	}
	return to.String()
}

// checkWritable makes dir and writes a file in it, so an unwritable reports
// folder is one clear error before any spec runs.
func checkWritable(dir string) error {
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		var f *os.File
		if f, err = os.CreateTemp(dir, ".edconform-write-check-*"); err == nil {
			_ = f.Close()
			err = os.Remove(f.Name())
		}
	}
	if err != nil {
		return unwritable(dir, err)
	}
	return nil
}

func loadProfile(v *Vendor) (*profile.Profile, error) {
	p, err := readProfile(firstNonEmpty(*profileFlag, os.Getenv("EDCONFORM_PROFILE")), v.Name)
	if err != nil {
		return nil, err
	}
	p.Reference.Deviations = append(p.Reference.Deviations, splitList(firstNonEmpty(*deviationsFlag, os.Getenv("EDCONFORM_DEVIATIONS")))...)
	p.Reference.Faults = append(p.Reference.Faults, splitList(firstNonEmpty(*faultsFlag, os.Getenv("EDCONFORM_FAULTS")))...)
	if !p.Embedded && len(p.Reference.Deviations)+len(p.Reference.Faults) > 0 {
		return nil, errors.New("--deviations and --faults apply only to the embedded reference server, and this profile has target.baseURL set")
	}
	if !p.Embedded && v.Check != nil {
		if err := v.Check(p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// startReference builds and serves the vendor's reference server and lays
// its overlay over the profile.
func startReference(v *Vendor, p *profile.Profile) (*reference.Running, error) {
	rv, ok := reference.Lookup(v.Name)
	if !ok {
		return nil, fmt.Errorf("no reference server is registered for %q (import its package in the suite)", v.Name)
	}
	srv, err := rv.Build(reference.Options{Deviations: p.Reference.Deviations, Faults: p.Reference.Faults})
	if err != nil {
		return nil, err
	}
	running, err := reference.Serve(srv, "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	if err := p.Overlay(srv.Profile(running.URL)); err != nil {
		_ = running.Close()
		return nil, err
	}
	if v.Check != nil {
		if err := v.Check(p); err != nil {
			_ = running.Close()
			return nil, fmt.Errorf("the reference server's profile overlay: %w", err)
		}
	}
	return running, nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// readProfile finds the profile named by --profile: a file, relative to the
// working directory and then to the repository root (`ginkgo run` runs the
// suite in its own folder), or else a profile embedded in the binary by its
// file name, so a suite binary runs anywhere. No name means the vendor's
// default profile.
func readProfile(path, vendor string) (*profile.Profile, error) {
	root, inRepo := repoRoot()
	var candidates []string
	switch {
	case path == "":
		path = vendor + ".yaml"
		if inRepo {
			candidates = append(candidates, filepath.Join(root, "profiles", path))
		}
	case filepath.IsAbs(path):
		candidates = append(candidates, path)
	default:
		candidates = append(candidates, path)
		if inRepo {
			candidates = append(candidates, filepath.Join(root, path))
		}
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return profile.Load(c, vendor, os.Getenv)
		}
	}
	if name, ok := embeddedProfileName(path); ok {
		if raw, err := fs.ReadFile(profiles.FS, name); err == nil {
			return profile.Parse(raw, embeddedPrefix+name, vendor, os.Getenv)
		}
	}
	if len(candidates) == 0 {
		candidates = []string{path}
	}
	names, _ := fs.Glob(profiles.FS, "*.yaml")
	return nil, &profile.Error{Source: candidates[len(candidates)-1], Key: "(file)",
		Reason: "no such profile file, and none of that name is embedded (embedded: " + strings.Join(names, ", ") + ")"}
}

// embeddedPrefix marks a profile read from the binary in error messages
// and reports.
const embeddedPrefix = "embedded:profiles/"

// embeddedProfileName maps edfi-ods-7.2.yaml, edfi-ods-7.2 or
// profiles/edfi-ods-7.2.yaml to the embedded file's name.
func embeddedProfileName(path string) (string, bool) {
	dir, name := filepath.Split(filepath.Clean(path))
	if dir != "" && filepath.Clean(dir) != "profiles" {
		return "", false
	}
	if !strings.HasSuffix(name, ".yaml") {
		name += ".yaml"
	}
	return name, fs.ValidPath(name)
}

// modulePath is the module line of edconform's go.mod; only that go.mod
// marks the source tree, not the go.mod of a project the binary runs in.
const modulePath = "github.com/edconform/edconform"

// RepoRoot finds the source tree's root (the folder holding edconform's
// go.mod) from the working directory, which is the suite's folder under
// `go test`. Outside the source tree, as for a binary built by `make dist`,
// it is the working directory.
func RepoRoot() string {
	if root, ok := repoRoot(); ok {
		return root
	}
	if dir, err := os.Getwd(); err == nil {
		return dir
	}
	return "."
}

func repoRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := dir; ; d = filepath.Dir(d) {
		if isEdconformModule(filepath.Join(d, "go.mod")) {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

func isEdconformModule(goMod string) bool {
	raw, err := os.ReadFile(goMod)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if fields := strings.Fields(line); len(fields) == 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`) == modulePath
		}
	}
	return false
}

// reportsRoot is where reports/<profile>/ go: --reports-dir (relative to
// the repository root in the source tree, else to the working directory),
// by default <root>/reports.
func reportsRoot() string {
	d := firstNonEmpty(*reportsFlag, os.Getenv("EDCONFORM_REPORTS_DIR"))
	if d == "" {
		d = "reports"
	}
	if filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(RepoRoot(), d)
}

// Require skips the spec, naming the profile key to set, when err says the
// profile lacks something the spec needs.
func Require(err error) {
	if err != nil {
		ginkgo.Skip("profile lacks what this spec needs: " + err.Error())
	}
}

// RequireSetting skips the spec unless ok, naming the key and what it does.
func RequireSetting(ok bool, key, what string) {
	if !ok {
		ginkgo.Skip(fmt.Sprintf("profile lacks what this spec needs: set %s (%s)", key, what))
	}
}

// NotProvokablePrefix starts the skip reason of not-provokable specs.
const NotProvokablePrefix = "not provokable: "

// NotObservedPrefix starts the skip reason of race specs whose attempts
// never provoked the documented response.
const NotObservedPrefix = "not observed: "

// NotObserved ends a race spec that never saw the documented response in
// attempts tries: it is neither passed nor failed.
func NotObserved(attempts int, what string) {
	ginkgo.Skip(fmt.Sprintf("%sno attempt provoked %s in %d attempts, so the documented response was not checked", NotObservedPrefix, what, attempts))
}

// NotProvokable skips a spec for a documented response that no client can
// cause on purpose, saying why and what still checks it.
func NotProvokable(why, instead string) {
	ginkgo.Skip(NotProvokablePrefix + why + " Instead: " + instead)
}
