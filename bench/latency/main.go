// Command latency runs each vendor suite against its reference server behind
// a proxy that delays every request, serially and in parallel, and prints
// how close each run comes to the floor the delay sets: the requests it
// must make, times the delay, shared among the processes.
//
//	go run ./bench/latency --suites build/suites [--delay 50ms] [--procs 4] [--runs 3] [--vendors edfi,...]
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/onsi/ginkgo/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/report"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/reference"
	_ "github.com/edconform/edconform/reference/coursekey"
	_ "github.com/edconform/edconform/reference/edfi"
	_ "github.com/edconform/edconform/reference/edlink"
	_ "github.com/edconform/edconform/reference/meadowlark"
)

type options struct {
	suites, ginkgo string
	delay          time.Duration
	procs, runs    int
	heaviest       int
	setUp          bool
	timeline       bool
	vendors        []string
}

func main() {
	o, err := parse(os.Args[1:])
	if err == nil {
		err = run(o, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-latency:", err)
		os.Exit(1)
	}
}

func parse(args []string) (options, error) {
	flags := flag.NewFlagSet("latency", flag.ContinueOnError)
	var o options
	flags.StringVar(&o.suites, "suites", "build/suites", "folder of the linked suites (<vendor>.test)")
	flags.StringVar(&o.ginkgo, "ginkgo", "", "the Ginkgo CLI that runs a suite in parallel (default: go tool -n ginkgo)")
	flags.DurationVar(&o.delay, "delay", 50*time.Millisecond, "delay the proxy adds to every request")
	flags.IntVar(&o.procs, "procs", 4, "processes of the parallel run")
	flags.IntVar(&o.runs, "runs", 3, "runs of each kind; the median wall is printed")
	flags.IntVar(&o.heaviest, "heaviest", 0, "also list this many of each vendor's longest specs in the serial run")
	flags.BoolVar(&o.setUp, "setup", false, "also list the requests of each vendor's serial run before its first spec, with when each arrived")
	flags.BoolVar(&o.timeline, "timeline", false, "also print when the last parallel run's processes started and ended their specs, and its first and last request")
	vendors := flags.String("vendors", strings.Join(reference.Names(), ","), "vendors to run")
	if err := flags.Parse(args); err != nil {
		return o, err
	}
	o.vendors = strings.Split(*vendors, ",")
	if o.ginkgo == "" {
		out, err := exec.Command("go", "tool", "-n", "ginkgo").Output()
		if err != nil {
			return o, fmt.Errorf("locating the Ginkgo CLI (go tool -n ginkgo): %w", err)
		}
		o.ginkgo = strings.TrimSpace(string(out))
	}
	return o, nil
}

// result is what one vendor's runs measured.
type result struct {
	vendor               string
	token, api           int // requests of a serial run
	parallelRequests     int // of the last parallel run
	serialWall, parWall  time.Duration
	parWalls             []time.Duration // every parallel run's, in order
	parSuite             time.Duration   // the suite's own run time, set-up included, process start and exit not
	perSpecMedian, most  int
	mostSpec             string
	outsideSpecsRequests int
	heaviest             []string // "duration requests spec-id", the longest first
	handedOutLate        []string // specs whose priority is below their length's
	setUp                []string // "offset method path" of the requests before the first spec
	timeline             []string // of the last parallel run, offsets from its start
	// parallelOnly are the last parallel run's requests a serial run did
	// not make ("method path"), and serialOnly the reverse.
	parallelOnly, serialOnly []string
}

func run(o options, out io.Writer) error {
	fmt.Fprintf(out, "delay %v per request; parallel runs use %d processes; median of %d runs; %d CPUs, load %s\n", o.delay, o.procs, o.runs, runtime.NumCPU(), loadAverage())
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "vendor\trequests (token/API)\tserial floor\tserial wall\twall/floor\t-p floor\t-p requests\t-p wall\twall/floor\t-p specs\tspecs/floor\tper spec median\tmax\t")
	var failed error
	var notes []string
	for _, v := range o.vendors {
		r, err := measure(o, v)
		if err != nil {
			failed = errors.Join(failed, fmt.Errorf("%s: %w", v, err))
			continue
		}
		serialFloor := time.Duration(r.token+r.api) * o.delay
		parFloor := serialFloor / time.Duration(o.procs)
		fmt.Fprintf(w, "%s\t%d (%d/%d)\t%s\t%s\t%.2f\t%s\t%d\t%s\t%.2f\t%s\t%.2f\t%d\t%d\t\n", r.vendor, r.token+r.api, r.token, r.api,
			seconds(serialFloor), seconds(r.serialWall), ratio(r.serialWall, serialFloor),
			seconds(parFloor), r.parallelRequests, seconds(r.parWall), ratio(r.parWall, parFloor),
			seconds(r.parSuite), ratio(r.parSuite, parFloor), r.perSpecMedian, r.most)
		notes = append(notes, fmt.Sprintf("%s: most requests in one spec: %d (%s); %d requests outside specs", r.vendor, r.most, r.mostSpec, r.outsideSpecsRequests))
		var walls []string
		for _, d := range r.parWalls {
			walls = append(walls, fmt.Sprintf("%.2f", ratio(d, parFloor)))
		}
		notes = append(notes, fmt.Sprintf("%s: -p wall/floor of each run: %s", r.vendor, strings.Join(walls, " ")))
		for _, h := range r.heaviest[:min(o.heaviest, len(r.heaviest))] {
			notes = append(notes, "  "+h)
		}
		if len(r.handedOutLate) > 0 {
			notes = append(notes, fmt.Sprintf("%s: %d specs take more rounds of requests than their priority says (see harness/suite/priority.go), so a parallel run may hand them out last:", r.vendor, len(r.handedOutLate)))
			for _, l := range r.handedOutLate {
				notes = append(notes, "  "+l)
			}
		}
		if len(r.parallelOnly)+len(r.serialOnly) > 0 {
			notes = append(notes, fmt.Sprintf("%s: requests of the last parallel run that the first serial run did not make: %s; and the reverse: %s",
				r.vendor, listOrNone(r.parallelOnly), listOrNone(r.serialOnly)))
		}
		if o.timeline {
			notes = append(notes, r.vendor+": the last parallel run (offsets from its start):")
			for _, l := range r.timeline {
				notes = append(notes, "  "+l)
			}
		}
		if o.setUp {
			notes = append(notes, fmt.Sprintf("%s: %d requests before the first spec (arrival after the first):", r.vendor, len(r.setUp)))
			for _, q := range r.setUp {
				notes = append(notes, "  "+q)
			}
		}
	}
	_ = w.Flush()
	// Other work on the machine lengthens every request; the load says how
	// much there was.
	fmt.Fprintf(out, "load after the runs: %s\n", loadAverage())
	for _, n := range notes {
		fmt.Fprintln(out, n)
	}
	return failed
}

// loadAverage is the 1-, 5- and 15-minute load average ("?" where the
// system does not say).
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if fields := strings.Fields(string(raw)); err == nil && len(fields) >= 3 {
		return strings.Join(fields[:3], " ")
	}
	return "?"
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// measure serves the vendor's reference server behind the proxy and runs
// its suite o.runs times serially and o.runs times in parallel.
func measure(o options, vendor string) (*result, error) {
	rv, ok := reference.Lookup(vendor)
	if !ok {
		return nil, fmt.Errorf("no reference server %q", vendor)
	}
	srv, err := rv.Build(reference.Options{})
	if err != nil {
		return nil, err
	}
	running, err := reference.Serve(srv, "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer running.Close()
	proxy, err := suitetest.NewLatencyProxy(running.URL, o.delay)
	if err != nil {
		return nil, err
	}
	defer proxy.Close()
	dir, err := os.MkdirTemp("", "edconform-latency-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	profilePath, env, tokenPath, err := writeProfile(dir, vendor, srv.Profile(proxy.URL))
	if err != nil {
		return nil, err
	}
	bin, err := filepath.Abs(filepath.Join(o.suites, vendor+".test"))
	if err != nil {
		return nil, err
	}
	reports := filepath.Join(dir, "reports")
	common := []string{"--profile=" + profilePath, "--reports-dir=" + reports}
	// The suite's own copy of Ginkgo's JSON report: the runs are timed as
	// make conformance runs them, without Ginkgo writing a report of its own.
	reportFile := filepath.Join(reports, "latency-"+vendor, report.JSONFile)
	r := &result{vendor: vendor}
	var serial, parallel, parallelSuite []time.Duration
	var serialRequests []suitetest.ProxiedRequest
	for i := 0; i < o.runs; i++ {
		proxy.Reset()
		wall, err := timed(exec.Command(bin, append([]string{"-ginkgo.no-color"}, common...)...), vendor, env)
		if err != nil {
			return nil, fmt.Errorf("serial run: %w", err)
		}
		serial = append(serial, wall)
		if i == 0 {
			serialRequests = proxy.Requests()
			serialReport, err := readReport(reportFile)
			if err != nil {
				return nil, fmt.Errorf("serial run: %w", err)
			}
			r.count(serialRequests, tokenPath, serialReport, o.delay)
		}
		proxy.Reset()
		began := time.Now()
		wall, err = timed(exec.Command(o.ginkgo, append([]string{"run", "--no-color", fmt.Sprintf("--procs=%d", o.procs), bin, "--"}, common...)...), vendor, env)
		if err != nil {
			return nil, fmt.Errorf("parallel run: %w", err)
		}
		parallel = append(parallel, wall)
		parReport, err := readReport(reportFile)
		if err != nil {
			return nil, fmt.Errorf("parallel run: %w", err)
		}
		// The suite's own run time, set-up included: the wall without
		// starting the processes and reporting.
		parallelSuite = append(parallelSuite, parReport.RunTime)
		r.parallelRequests = len(proxy.Requests())
		r.timeline = timeline(parReport, filepath.Join(reports, report.IndexFile), began, wall, proxy.Requests())
	}
	r.serialWall, r.parWall, r.parSuite, r.parWalls = median(serial), median(parallel), median(parallelSuite), parallel
	r.parallelOnly, r.serialOnly = requestsOnlyIn(proxy.Requests(), serialRequests), requestsOnlyIn(serialRequests, proxy.Requests())
	return r, nil
}

// requestsOnlyIn lists the requests of a that b lacks, counting repeats:
// a request a makes twice and b once is listed once.
func requestsOnlyIn(a, b []suitetest.ProxiedRequest) []string {
	left := map[string]int{}
	for _, q := range b {
		left[requestShape(q)]++
	}
	var out []string
	for _, q := range a {
		key := requestShape(q)
		if left[key] > 0 {
			left[key]--
			continue
		}
		out = append(out, key)
	}
	return out
}

// generatedID is a path segment a run makes up (a UUID, a run-unique
// name): two runs send the same request under other identifiers.
var generatedID = regexp.MustCompile(`^([0-9A-Za-z]*[0-9][0-9A-Za-z]*(-[0-9A-Za-z]+)+|[0-9a-f]{16,})$`)

// requestShape is a request's method and path with the identifiers a run
// makes up replaced by {id}.
func requestShape(q suitetest.ProxiedRequest) string {
	segments := strings.Split(q.Path, "/")
	for i, seg := range segments {
		if generatedID.MatchString(seg) {
			segments[i] = "{id}"
		}
	}
	return q.Method + " " + strings.Join(segments, "/")
}

func listOrNone(requests []string) string {
	if len(requests) == 0 {
		return "none"
	}
	return strings.Join(requests, ", ")
}

// timed runs a suite from its folder, as make conformance does, and
// returns its wall time.
func timed(cmd *exec.Cmd, vendor string, env []string) (time.Duration, error) {
	cmd.Dir = filepath.Join("suites", vendor)
	cmd.Env = append(suitetest.CleanEnv(), env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("%w\n%s", err, out)
	}
	return wall, nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// writeProfile writes the reference server's overlay as a profile file,
// its secrets moved to the environment (a profile file holds none), and
// returns the file, that environment and the token endpoint's path.
func writeProfile(dir, vendor string, overlay map[string]any) (path string, env []string, tokenPath string, err error) {
	raw, err := yaml.Marshal(overlay)
	if err != nil {
		return "", nil, "", err
	}
	var p profile.Profile
	if err := yaml.Unmarshal(raw, &p); err != nil {
		return "", nil, "", err
	}
	for name, c := range p.Auth.Clients {
		c.SecretEnv = profile.SecretEnvFor(name)
		env = append(env, c.SecretEnv+"="+c.Secret)
		c.Secret = ""
		p.Auth.Clients[name] = c
	}
	for name, t := range p.Auth.Tokens {
		t.Env = profile.TokenEnvFor(name)
		env = append(env, t.Env+"="+t.Value)
		t.Value = ""
		p.Auth.Tokens[name] = t
	}
	p.Vendor, p.Name = vendor, "latency-"+vendor
	if raw, err = yaml.Marshal(&p); err != nil {
		return "", nil, "", err
	}
	path = filepath.Join(dir, vendor+".yaml")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		return "", nil, "", err
	}
	if p.Auth.TokenURL != "" {
		tokenURL, err := p.ResolveURL(p.Auth.TokenURL)
		if err != nil {
			return "", nil, "", err
		}
		u, err := url.Parse(tokenURL)
		if err != nil {
			return "", nil, "", err
		}
		tokenPath = u.Path
	}
	return path, env, tokenPath, nil
}

// readReport reads a run's Ginkgo JSON report (a list of one).
func readReport(path string) (types.Report, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return types.Report{}, err
	}
	var reports []types.Report
	if err := json.Unmarshal(raw, &reports); err != nil || len(reports) != 1 {
		return types.Report{}, fmt.Errorf("reading %s: %v", path, err)
	}
	return reports[0], nil
}

// count attributes the serial run's requests to the specs running when
// they arrived: a serial run has one spec at a time.
func (r *result) count(seen []suitetest.ProxiedRequest, tokenPath string, rep types.Report, delay time.Duration) {
	perSpec := map[int]int{}
	var ran []types.SpecReport
	for _, s := range rep.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt && s.State != types.SpecStateSkipped {
			ran = append(ran, s)
		}
	}
	var firstSpec time.Time
	for _, s := range ran {
		if firstSpec.IsZero() || s.StartTime.Before(firstSpec) {
			firstSpec = s.StartTime
		}
	}
	for _, q := range seen {
		if q.At.Before(firstSpec) {
			r.setUp = append(r.setUp, fmt.Sprintf("%4dms %s %s", q.At.Sub(seen[0].At).Milliseconds(), q.Method, q.Path))
		}
		if tokenPath != "" && q.Path == tokenPath {
			r.token++
		} else {
			r.api++
		}
		i := slices.IndexFunc(ran, func(s types.SpecReport) bool { return !q.At.Before(s.StartTime) && !q.At.After(s.EndTime) })
		if i < 0 {
			r.outsideSpecsRequests++
			continue
		}
		perSpec[i]++
	}
	counts := make([]int, len(ran))
	for i := range ran {
		counts[i] = perSpec[i]
		if counts[i] > r.most {
			r.most, r.mostSpec = counts[i], ran[i].FullText()
		}
	}
	order := make([]int, len(ran))
	for i := range order {
		order[i] = i
	}
	// The longest first: what a parallel run should start early.
	slices.SortStableFunc(order, func(a, b int) int { return int(ran[b].RunTime - ran[a].RunTime) })
	for _, i := range order {
		r.heaviest = append(r.heaviest, fmt.Sprintf("%s %2d requests %s", seconds(ran[i].RunTime), counts[i], specid.Of(ran[i].Labels())))
		// A spec of n rounds one after another has priority n-1, at most 3;
		// a spec has no more rounds than requests, whatever its time.
		rounds := min(int((ran[i].RunTime+delay/2)/delay), counts[i])
		if want := min(rounds-1, 3); ran[i].SpecPriority < want {
			r.handedOutLate = append(r.handedOutLate, fmt.Sprintf("%s %d rounds, priority %d, want %d: %s", seconds(ran[i].RunTime), rounds, ran[i].SpecPriority, want, specid.Of(ran[i].Labels())))
		}
	}
	if len(counts) > 0 {
		slices.Sort(counts)
		r.perSpecMedian = counts[len(counts)/2]
	}
}

// timeline lists, as offsets from a parallel run's start, its first and
// last request, each process's first spec start and last spec end, and
// the run's end: where a parallel run's wall goes beyond its specs.
func timeline(rep types.Report, indexFile string, began time.Time, wall time.Duration, seen []suitetest.ProxiedRequest) []string {
	at := func(t time.Time) string { return fmt.Sprintf("%5dms", t.Sub(began).Milliseconds()) }
	lines := []string{at(rep.StartTime) + " suite starts"}
	if len(seen) > 0 {
		lines = append(lines, at(seen[0].At)+" first request")
	}
	type span struct {
		first, last time.Time
		specs       int
		inSpecs     time.Duration // the specs' own run times
		lastSpec    types.SpecReport
	}
	spans := map[int]*span{}
	for _, s := range rep.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			lines = append(lines, fmt.Sprintf("%s-%s process %d %s", at(s.StartTime), at(s.EndTime), s.ParallelProcess, s.LeafNodeType))
			continue
		}
		if s.State == types.SpecStateSkipped {
			continue
		}
		sp := spans[s.ParallelProcess]
		if sp == nil {
			sp = &span{first: s.StartTime, last: s.EndTime}
			spans[s.ParallelProcess] = sp
		}
		if s.StartTime.Before(sp.first) {
			sp.first = s.StartTime
		}
		if !s.EndTime.Before(sp.last) {
			sp.last, sp.lastSpec = s.EndTime, s
		}
		sp.specs++
		sp.inSpecs += s.RunTime
	}
	procs := make([]int, 0, len(spans))
	for p := range spans {
		procs = append(procs, p)
	}
	slices.Sort(procs)
	for _, p := range procs {
		sp := spans[p]
		// What the span holds beyond the specs' run times: Ginkgo handing
		// out the next spec and taking the last one's report, and the
		// nodes around each spec.
		between := sp.last.Sub(sp.first) - sp.inSpecs
		lines = append(lines, fmt.Sprintf("%s-%s process %d runs %d specs (%dms between them, %.1fms a spec; the last, from %s: %s)", at(sp.first), at(sp.last), p, sp.specs,
			between.Milliseconds(), float64(between.Microseconds())/1000/float64(max(sp.specs-1, 1)), strings.TrimSpace(at(sp.lastSpec.StartTime)), specid.Of(sp.lastSpec.Labels())))
	}
	if len(seen) > 0 {
		lines = append(lines, at(seen[len(seen)-1].At)+" last request")
	}
	lines = append(lines, at(rep.EndTime)+" suite ends")
	// The index is the last report the suite writes.
	if index, err := os.Stat(indexFile); err == nil {
		lines = append(lines, at(index.ModTime())+" reports written")
	}
	lines = append(lines, fmt.Sprintf("%5dms run ends", wall.Milliseconds()))
	return lines
}
