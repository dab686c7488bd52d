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
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/auth"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/report"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/transport"
	"github.com/edconform/edconform/profiles"
	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/version"
)

var (
	profileFlag    = flag.String("profile", "", "profile YAML file, or the name of an embedded one (default: profiles/<vendor>.yaml; env EDCONFORM_PROFILE)")
	deviationsFlag = flag.String("deviations", "", "comma-separated reference-server deviations (embedded target only; env EDCONFORM_DEVIATIONS)")
	faultsFlag     = flag.String("faults", "", "comma-separated reference-server fault modes (embedded target only; env EDCONFORM_FAULTS)")
	modesFlag      = flag.String("modes", "", "comma-separated reference-server modes, e.g. stricter-data-standard (embedded target only; env EDCONFORM_MODES)")
	reportsFlag    = flag.String("reports-dir", "", "where reports/<profile>/ are written (default: <repo>/reports, or ./reports outside the source tree; env EDCONFORM_REPORTS_DIR)")
	waiversFlag    = flag.String("waivers", "", "a YAML file with a `waivers:` list, added to the profile's (env EDCONFORM_WAIVERS)")
	rerunFlag      = flag.Bool("rerun", false, "run only the specs that failed or ended in a set-up error in the profile's last summary.json")
	listFlag       = flag.Bool("list", false, "print every spec's id, labels and documented case, and send no request")
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
	// Preflight runs once per run, on the first process only, after the
	// target answered: it provokes a documented error that identifies the
	// API (see Session.Identify) and checks the credentials, so a wrong
	// target or key is one clear error, never one failure per spec.
	Preflight func(ctx context.Context, s *Session) error
	// Prepare runs in every process after the pre-flight passed (reading
	// the target's metadata, say).
	Prepare func(ctx context.Context, s *Session) error
	// Subfamilies split a family in the reports by a further label (the
	// generated specs by rule).
	Subfamilies map[string][]string
	// Generate declares specs built from the data model the target
	// publishes, for runs with --generated; nil: the vendor has none.
	Generate Generator
	// ExpectType checks the `type` of an expect.<spec id> entry (what it
	// overrides is the vendor matcher's: a problem type, an error code);
	// nil means the vendor's errors have none to override.
	ExpectType func(typ string) error
	// Selection is a label filter the profile implies (say, leaving out the
	// specs of products the target is not); it is combined with the run's
	// own --label-filter. nil or "" selects every spec.
	Selection func(p *profile.Profile) string
}

// Session is what specs use to reach the target.
type Session struct {
	Vendor  *Vendor
	Profile *profile.Profile
	Client  *transport.Client
	Tokens  *auth.Tokens
	Ledger  *fixtures.Ledger
	Log     *transport.Log

	// readClient sends the end-of-run check's reads (see ClientFor).
	readClient *transport.Client
	reads      *readBacks

	// preflightPassed is closed once the pre-flight that runs beside the
	// preparation passed; nil when no pre-flight runs beside it.
	preflightPassed chan struct{}
	preflightFailed chan struct{}
}

// PreflightPassed waits, in a vendor's Prepare, until the pre-flight that
// runs at the same time has passed, and reports false if it failed: a
// request that needs credentials waits for it, since only the pre-flight
// says what is wrong with the target or its tokens.
func (s *Session) PreflightPassed() bool {
	if s.preflightPassed == nil {
		return true
	}
	select {
	case <-s.preflightPassed:
		return true
	case <-s.preflightFailed:
		return false
	}
}

var current *Session

// Current is the running suite's session.
func Current() *Session {
	if current == nil {
		ginkgo.Fail("the suite has not been set up: specs run only inside a suite started by suite.Run")
	}
	return current
}

// Run loads the profile and runs the vendor's specs. The test binary exits
// ExitConformant, ExitNonConformant or ExitNotJudged.
func Run(t *testing.T, v *Vendor) {
	// Any assertion's message may quote a response: redact it as it fails.
	gomega.RegisterFailHandler(func(message string, skip ...int) {
		// One frame more than Gomega counts: this function.
		callerSkip := 1
		if len(skip) > 0 {
			callerSkip += skip[0]
		}
		ginkgo.Fail(transport.Redact(message), callerSkip)
	})
	if _, err := parseOn(os.Getenv(GeneratedEnv)); err != nil {
		t.Fatal(GeneratedEnv + ": " + err.Error() + " (use 1 or 0)")
	}
	if generating() {
		generate(v)
	}
	if err := checkTree(v); err != nil {
		t.Fatal(err.Error())
	}
	if *listFlag {
		list(v)
		return
	}
	suiteCfg, reporterCfg := ginkgo.GinkgoConfiguration()
	p, err := loadProfile(v)
	if err == nil {
		err = checkProfileIDs(v, p)
	}
	if err == nil {
		err = checkExpectTypes(v, p)
	}
	if err != nil {
		if suiteCfg.DryRun {
			t.Fatal(err.Error())
		}
		notJudged(v, filepath.Join(reportsRoot(), profileNameFor(v)), err)
	}
	if generating() {
		p.Name += GeneratedSuffix
	}
	reportDir := filepath.Join(reportsRoot(), p.Name)
	// A dry run judges nothing, so it neither writes nor touches reports.
	if !suiteCfg.DryRun {
		// A folder the reports cannot be written to is found now, not
		// after the whole run.
		if err := checkWritable(reportDir); err != nil {
			notJudged(v, "", err)
		}
	}
	if *rerunFlag {
		filter, err := rerunFilter(reportDir)
		if err != nil {
			notJudged(v, "", err)
		}
		if filter == "" {
			fmt.Printf("edconform %s: the last run in %s had no failure or set-up error; nothing to rerun\n", v.Name, reportDir)
			return
		}
		if suiteCfg.LabelFilter != "" {
			filter = "(" + suiteCfg.LabelFilter + ") && " + filter
		}
		suiteCfg.LabelFilter = filter
	}
	if v.Selection != nil {
		if filter := v.Selection(p); filter != "" {
			if suiteCfg.LabelFilter != "" {
				filter = "(" + suiteCfg.LabelFilter + ") && " + filter
			}
			suiteCfg.LabelFilter = filter
		}
	}
	allTranscripts, err := transcriptsForAll()
	if err != nil {
		notJudged(v, "", err)
	}
	var running *reference.Running

	ginkgo.SynchronizedBeforeSuite(func(ctx ginkgo.SpecContext) []byte {
		if p.Embedded {
			r, err := startReference(v, p)
			gomega.Expect(err).NotTo(gomega.HaveOccurred(), "starting the embedded reference server")
			running = r
		}
		// The pre-flight runs in setUpFirst, on process 1 alone: under
		// ginkgo -p the other processes only learn that it failed (see
		// withoutEchoes), so a wrong target is one error per run.
		raw, err := p.Share()
		gomega.Expect(err).NotTo(gomega.HaveOccurred())
		record, err := setUpFirst(ctx, v, raw)
		if err != nil {
			ginkgo.Fail(transport.Redact(err.Error()))
		}
		return record
	}, func(ctx ginkgo.SpecContext, record []byte) {
		if err := setUpFrom(ctx, v, record); err != nil {
			ginkgo.Fail(transport.Redact(err.Error()))
		}
	})
	// Each process checks its own records, reading each back once its
	// spec's clean-up deleted it; the embedded reference server closes once
	// RunSpecs returns, after every process reported, so that process 1
	// does not wait a second time for the others.
	ginkgo.ReportAfterEach(readBackRemoved)
	ginkgo.AfterSuite(checkLeftovers)
	ginkgo.BeforeEach(func() {
		if current != nil {
			current.Log.Reset()
		}
	})
	ginkgo.AfterEach(func() {
		markWaived(p)
		if current != nil && (allTranscripts || ginkgo.CurrentSpecReport().Failed()) {
			if tr := current.Log.Transcript(); tr != "" {
				ginkgo.AddReportEntry(report.TranscriptEntry, tr, ginkgo.ReportEntryVisibilityFailureOrVerbose)
			}
		}
	})
	var final *types.Report
	ginkgo.ReportAfterSuite("edconform reports", func(r ginkgo.Report) {
		r = withoutEchoes(r)
		final = &r
		if suiteCfg.DryRun {
			return
		}
		if err := writeReports(reportDir, v, p, r); err != nil {
			ginkgo.Fail(err.Error())
		}
	})
	verdict := &verdictT{}
	passed := ginkgo.RunSpecs(verdict, v.Title+" conformance ("+p.Name+")", suiteCfg, reporterCfg)
	removeSharedDir()
	if running != nil {
		_ = running.Close()
	}
	if final == nil || suiteCfg.DryRun {
		// Another process of a parallel run: the first one judges.
		if !passed || verdict.failed {
			t.Fail()
		}
		return
	}
	switch code, why := Verdict(*final); code {
	case ExitNonConformant:
		t.Fail()
	case ExitNotJudged:
		fmt.Fprintf(os.Stderr, "edconform %s: could not judge the target: %s\n", p.Name, why)
		os.Exit(ExitNotJudged)
	}
}

// profileNameFor is the report folder of a run whose profile did not load:
// the profile file's name, or the vendor's default.
func profileNameFor(v *Vendor) string {
	suffix := ""
	if generating() {
		suffix = GeneratedSuffix
	}
	return profileFileName(v) + suffix
}

func profileFileName(v *Vendor) string {
	if path := firstNonEmpty(*profileFlag, os.Getenv("EDCONFORM_PROFILE")); path != "" {
		return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	return v.Name
}

// list prints every spec's id, labels and documented case.
func list(v *Vendor) {
	var lines []string
	for _, s := range ginkgo.PreviewSpecs(v.Title + " spec list").SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s", specid.Of(s.Labels()), strings.Join(specid.Without(s.Labels()), ","),
			strings.Join(append(append([]string{v.Source}, s.ContainerHierarchyTexts...), s.LeafNodeText), " › ")))
	}
	slices.Sort(lines)
	fmt.Println(strings.Join(lines, "\n"))
}

// TranscriptsEnv set to "all" attaches every spec's transcript to the
// reports, not only failing specs': to see or replay what a passing run sent.
const TranscriptsEnv = "EDCONFORM_TRANSCRIPTS"

func transcriptsForAll() (bool, error) {
	switch v := strings.TrimSpace(os.Getenv(TranscriptsEnv)); v {
	case "", "failed":
		return false, nil
	case "all":
		return true, nil
	default:
		return false, fmt.Errorf("%s=%q: use all (every spec's transcript) or failed (the default: failing specs only)", TranscriptsEnv, v)
	}
}

func newSession(v *Vendor, p *profile.Profile) *Session {
	transport.AddSecret(p.Secrets()...)
	expect.Configure(p.IsStrict(), p.Texts, v.Title+" "+v.Source)
	overrides := make(map[string]expect.Override, len(p.Expect))
	for id, e := range p.Expect {
		overrides[id] = expect.Override{Status: e.Status, Type: e.Type, Reason: e.Reason, BodyMayBeEmpty: e.BodyMayBeEmpty, ValidationPaths: e.ValidationErrors}
	}
	expect.Overrides(overrides)
	ledger := fixtures.NewLedger()
	log := &transport.Log{}
	client := transport.New(p.Timeout(), log, ledger.Guard)
	guardOrigins(client, p)
	readClient := transport.New(p.Timeout(), nil, ledger.Guard)
	guardOrigins(readClient, p)
	if v.Check != nil {
		// Already validated in loadProfile; this keeps the vendor's
		// decoded settings in every parallel process.
		_ = v.Check(p)
	}
	return &Session{Vendor: v, Profile: p, Client: client, Tokens: auth.New(p, client.HTTPClient()), Ledger: ledger, Log: log,
		readClient: readClient, reads: newReadBacks()}
}

// preflight makes sure the target answers, and answers as the vendor's
// API, before any spec runs, so an unreachable or wrong target is one
// failure, not hundreds.
//
// The vendor's checks run beside the root's: their requests do not depend
// on its answer, and its error, when there is one, comes first.
func (s *Session) preflight(ctx context.Context) error {
	vendorChecked := make(chan error, 1)
	go func() {
		if s.Vendor.Preflight == nil {
			vendorChecked <- nil
			return
		}
		vendorChecked <- s.Vendor.Preflight(ctx, s)
	}()
	ex := s.Client.Do(ctx, transport.Request{Method: "GET", URL: s.Profile.Target.BaseURL})
	vendorErr := <-vendorChecked
	s.Log.Reset()
	if ex.Err != nil {
		return fmt.Errorf("the target does not answer: %v", ex.Err)
	}
	if to := elsewhere(ex); to != "" {
		return fmt.Errorf("the target redirects %s to %s, and the suite follows no redirects: set target.baseURL to the address it redirects to",
			s.Profile.Target.BaseURL, to)
	}
	return vendorErr
}

// prepare readies the session of every process once the pre-flight passed.
func (s *Session) prepare(ctx context.Context) error {
	if s.Vendor.Prepare != nil {
		return s.Vendor.Prepare(ctx, s)
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
	if path := firstNonEmpty(*waiversFlag, os.Getenv("EDCONFORM_WAIVERS")); path != "" {
		if !filepath.IsAbs(path) {
			if _, err := os.Stat(path); err != nil {
				path = filepath.Join(RepoRoot(), path)
			}
		}
		if err := p.LoadWaivers(path, profile.Today()); err != nil {
			return nil, err
		}
	}
	p.Reference.Deviations = append(p.Reference.Deviations, splitList(firstNonEmpty(*deviationsFlag, os.Getenv("EDCONFORM_DEVIATIONS")))...)
	p.Reference.Faults = append(p.Reference.Faults, splitList(firstNonEmpty(*faultsFlag, os.Getenv("EDCONFORM_FAULTS")))...)
	p.Reference.Modes = append(p.Reference.Modes, splitList(firstNonEmpty(*modesFlag, os.Getenv("EDCONFORM_MODES")))...)
	if !p.Embedded && len(p.Reference.Deviations)+len(p.Reference.Faults)+len(p.Reference.Modes) > 0 {
		return nil, errors.New("--deviations, --faults and --modes apply only to the embedded reference server, and this profile has target.baseURL set")
	}
	if !p.Embedded && v.Check != nil {
		if err := v.Check(p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// checkExpectTypes makes sure every expect.<spec id> gives a type the
// vendor has.
func checkExpectTypes(v *Vendor, p *profile.Profile) error {
	for _, id := range sortedIDs(p) {
		typ, key := p.Expect[id].Type, "expect."+id+".type"
		switch {
		case typ == "":
		case v.ExpectType == nil:
			return &profile.Error{Source: p.Source, Key: key,
				Reason: fmt.Sprintf("%s error bodies carry no type or code to override; give only status", v.Name)}
		default:
			if err := v.ExpectType(typ); err != nil {
				return &profile.Error{Source: p.Source, Key: key, Reason: err.Error()}
			}
		}
	}
	return nil
}

func sortedIDs(p *profile.Profile) []string {
	ids := make([]string, 0, len(p.Expect))
	for id := range p.Expect {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// startReference builds and serves the vendor's reference server and lays
// its overlay over the profile.
func startReference(v *Vendor, p *profile.Profile) (*reference.Running, error) {
	rv, ok := reference.Lookup(v.Name)
	if !ok {
		return nil, fmt.Errorf("no reference server is registered for %q (import its package in the suite)", v.Name)
	}
	srv, err := rv.Build(reference.Options{Deviations: p.Reference.Deviations, Faults: p.Reference.Faults, Modes: p.Reference.Modes})
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
const NotProvokablePrefix = report.NotProvokablePrefix

// NotObservedPrefix starts the skip reason of race specs whose attempts
// never provoked the documented response.
const NotObservedPrefix = report.NotObservedPrefix

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
