package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed page.html.tmpl
var pageTemplate string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"class":   func(o Outcome) string { return o.Class() },
	"seconds": func(f float64) string { return fmt.Sprintf("%.1fs", f) },
}).Parse(pageTemplate))

type pageData struct {
	Title     string
	Runs      []runRow
	Outcomes  []outcomeCount
	Matrix    []matrixRow
	Labels    []string
	Entries   []entry
	Total     int
	IndexLink string
	ManyRuns  bool
	Left      []leftRecords
	rendered  *renderedEntries
}

// renderedEntries remembers the HTML of each entry's body: a profile's page
// and the index beside it show the same entries, and escaping messages,
// requests and transcripts is most of rendering a page. Only the anchor
// differs between them (a profile's id alone on its page), so it is
// rendered around the body, not in it.
type renderedEntries struct {
	sync.Mutex
	html map[string]template.HTML
}

// Entry renders one entry as the page's "entry" template does, its body
// as "entry-body" does.
func (d pageData) Entry(e entry) (template.HTML, error) {
	body, err := d.entryBody(e)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = page.ExecuteTemplate(&b, "entry", struct {
		entry
		Body template.HTML
	}{e, body})
	return template.HTML(b.String()), err
}

func (d pageData) entryBody(e entry) (template.HTML, error) {
	key := e.key()
	if d.rendered != nil {
		d.rendered.Lock()
		html, ok := d.rendered.html[key]
		d.rendered.Unlock()
		if ok {
			return html, nil
		}
	}
	var b strings.Builder
	if err := page.ExecuteTemplate(&b, "entry-body", e); err != nil {
		return "", err
	}
	html := template.HTML(b.String())
	if d.rendered != nil {
		d.rendered.Lock()
		d.rendered.html[key] = html
		d.rendered.Unlock()
	}
	return html, nil
}

// key is everything an entry's body shows, each part with its length, so
// two entries have one key only if their bodies render alike.
func (e entry) key() string {
	var b strings.Builder
	part := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(strconv.Itoa(len(p)))
			b.WriteByte(':')
			b.WriteString(p)
		}
	}
	s := e.Spec
	part(e.Profile, s.ID, s.Title, s.DocumentedCase, s.Family, string(s.Outcome), s.Reason, s.Message,
		s.Override, s.Request, s.Response, s.Transcript, s.Location, strconv.FormatFloat(s.DurationSeconds, 'g', -1, 64))
	for _, list := range [][]string{s.Labels, s.Warnings, s.Notes} {
		part(strconv.Itoa(len(list)))
		part(list...)
	}
	part(strconv.Itoa(len(s.Differences)))
	for _, d := range s.Differences {
		part(string(d.Level), d.Field, d.Want, d.Got)
	}
	return b.String()
}

// leftRecords are what one profile's run left on its target.
type leftRecords struct {
	Profile            string
	OnTarget, ByDesign []string
}

type runRow struct {
	RunInfo
	Line string
	Link string
}

type outcomeCount struct {
	Outcome Outcome
	N       int
}

type matrixRow struct {
	Profile, Vendor, Family string
	Cells                   []outcomeCount
}

// entry is one spec, or one failed set-up node, of one profile.
type entry struct {
	Spec
	Profile string
	Anchor  string
}

// LabelsAttr is the labels as the filter matches them: space-separated,
// with a space at each end.
func (e entry) LabelsAttr() string { return " " + strings.Join(e.Labels, " ") + " " }

// writePage renders one page over the summaries: one profile's report.html
// or the index across them. Everything is inline, so the file works
// offline and as a CI artifact.
func writePage(path, title, indexLink string, sums []Summary, rendered *renderedEntries) error {
	slices.SortFunc(sums, func(a, b Summary) int {
		return cmp.Or(cmp.Compare(a.Run.Vendor, b.Run.Vendor), cmp.Compare(a.Run.Profile, b.Run.Profile))
	})
	d := pageData{Title: title, IndexLink: indexLink, ManyRuns: len(sums) > 1, rendered: rendered}
	totals := map[Outcome]int{}
	labels := map[string]bool{}
	for _, sum := range sums {
		row := runRow{RunInfo: sum.Run, Line: countsLine(sum.Counts) + leftLine(len(sum.LeftOnTarget), len(sum.LeftByDesign))}
		if d.ManyRuns {
			row.Link = sum.Run.Profile + "/" + PageFile
		}
		d.Runs = append(d.Runs, row)
		for o, n := range sum.Counts {
			totals[o] += n
		}
		d.Matrix = append(d.Matrix, matrix(sum)...)
		if len(sum.LeftOnTarget)+len(sum.LeftByDesign) > 0 {
			d.Left = append(d.Left, leftRecords{sum.Run.Profile, sum.LeftOnTarget, sum.LeftByDesign})
		}
		for _, f := range sum.SuiteFailures {
			d.Entries = append(d.Entries, entry{Profile: sum.Run.Profile, Anchor: anchor(d.ManyRuns, sum.Run.Profile, f.Node),
				Spec: Spec{Title: f.Node + " failed", Outcome: OutcomeFailed,
					Message: f.Message, Location: f.Location, Family: "suite"}})
		}
		for _, s := range sum.Specs {
			for _, l := range s.Labels {
				labels[l] = true
			}
			d.Entries = append(d.Entries, entry{Spec: s, Profile: sum.Run.Profile, Anchor: anchor(d.ManyRuns, sum.Run.Profile, s.ID)})
		}
	}
	for _, o := range Outcomes {
		d.Outcomes = append(d.Outcomes, outcomeCount{o, totals[o]})
	}
	d.Labels = sortedKeys(labels)
	slices.SortStableFunc(d.Entries, func(a, b entry) int {
		return cmp.Or(KindOf(a.Outcome).Attention-KindOf(b.Outcome).Attention,
			cmp.Compare(a.Profile, b.Profile), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Title, b.Title))
	})
	d.Total = len(d.Entries)
	var b bytes.Buffer
	if err := page.Execute(&b, d); err != nil {
		return err
	}
	return writeAtomically(path, b.Bytes())
}

// writeAtomically replaces path in one step, so suites that finish at the
// same time (go test ./... runs them in parallel) never leave a torn index.
func writeAtomically(path string, content []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	_, err = f.Write(content)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

func anchor(many bool, profile, id string) string {
	if many {
		return profile + "--" + id
	}
	return id
}

// matrix counts one profile's specs by family and outcome; a failed set-up
// node is counted under the family "suite".
func matrix(sum Summary) []matrixRow {
	counts := map[string]map[Outcome]int{}
	add := func(family string, o Outcome) {
		if counts[family] == nil {
			counts[family] = map[Outcome]int{}
		}
		counts[family][o]++
	}
	for range sum.SuiteFailures {
		add("suite", OutcomeFailed)
	}
	for _, s := range sum.Specs {
		add(s.Family, s.Outcome)
	}
	families := append([]string{}, sum.Run.Families...)
	for f := range counts {
		if !slices.Contains(families, f) {
			families = append(families, f)
		}
	}
	var rows []matrixRow
	for _, f := range families {
		if counts[f] == nil {
			continue
		}
		row := matrixRow{Profile: sum.Run.Profile, Vendor: sum.Run.Vendor, Family: f}
		for _, o := range Outcomes {
			row.Cells = append(row.Cells, outcomeCount{o, counts[f][o]})
		}
		rows = append(rows, row)
	}
	return rows
}

func countsLine(counts map[Outcome]int) string {
	parts := make([]string, 0, len(Kinds))
	for _, k := range Kinds {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k.Outcome], k.Counted))
	}
	return strings.Join(parts, ", ")
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
