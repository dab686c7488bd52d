package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/onsi/ginkgo/v2/types"
)

// browser starts headless Chromium for the test; without one the test is
// skipped, saying how to get it.
func browser(t *testing.T) *tab {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no Chromium to open the dashboard in: apt-get install -y chromium (.ci/run installs it)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1000, 800))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first call starts the browser and must have no deadline; the
	// actions after it have one.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("cannot start %s: %v", path, err)
	}
	limited, cancel := context.WithTimeout(ctx, time.Minute)
	t.Cleanup(cancel)
	return &tab{t: t, ctx: limited}
}

type tab struct {
	t   *testing.T
	ctx context.Context
}

func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

func eval[T any](b *tab, expression string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		b.t.Fatalf("%s: %v", expression, err)
	}
	return v
}

// twoProfiles writes the reports of two profiles of acme into one root, as
// two runs of the suite do, and returns the root.
func twoProfiles(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, name := range []string{"acme-staging", "acme-prod"} {
		run := acmeRun
		run.Profile = name
		r := acmeReport(t)
		if name == "acme-prod" {
			// A long unbroken request line, which the page must wrap.
			for i := range r.SpecReports {
				for j, e := range r.SpecReports[i].ReportEntries {
					if e.Name == TranscriptEntry {
						r.SpecReports[i].ReportEntries[j] = reportEntry(TranscriptEntry, "curl 'https://acme.example/"+strings.Repeat("x", 600)+"'")
					}
				}
			}
			r.SpecReports = slices.DeleteFunc(r.SpecReports, func(s types.SpecReport) bool { return s.LeafNodeType == types.NodeTypeReportAfterSuite })
		}
		if err := Write(filepath.Join(root, name), run, r); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const visibleSpecs = `Array.from(document.querySelectorAll('details.spec')).filter(e => e.offsetParent !== null).map(e => e.id)`

func TestTheDashboardFiltersByOutcomeAndMatrixCell(t *testing.T) {
	b := browser(t)
	root := twoProfiles(t)
	b.do(chromedp.Navigate("file://"+filepath.Join(root, IndexFile)), chromedp.WaitVisible(chromedp.CSS(`#specs`)))
	// 8 specs of each profile and the failed set-up node of one.
	if all := eval[[]string](b, visibleSpecs); len(all) != 17 {
		t.Errorf("the index shows %d entries, want 17: %v", len(all), all)
	}
	if first := eval[string](b, `document.querySelector('details.spec').dataset.outcome`); first != string(OutcomeFailed) {
		t.Errorf("the first entry is %q, want a failure first", first)
	}
	if n := eval[int](b, `performance.getEntriesByType('resource').length + document.querySelectorAll('script[src],link[href],img[src]').length`); n != 0 {
		t.Errorf("the page loads %d resources; it must be self-contained", n)
	}

	// Multi-word outcomes are styled too: their class is one word.
	if bg := eval[string](b, `getComputedStyle(document.querySelector('details.spec[data-outcome="not provokable"]')).backgroundColor`); bg != "rgb(241, 243, 244)" {
		t.Errorf("a not provokable spec has the background %s", bg)
	}

	b.do(chromedp.Click(chromedp.CSS(`input.f-outcome[value="passed"]`)))
	if shown := eval[[]string](b, visibleSpecs); len(shown) != 15 || slices.Contains(shown, "acme-prod--acme.authentication.missing-token") {
		t.Errorf("unticking passed leaves %v", shown)
	}

	b.do(chromedp.Click(chromedp.CSS(`#f-reset`)),
		chromedp.Click(chromedp.CSS(`button.cell[data-profile="acme-prod"][data-family="authentication"][data-outcome="failed"]`)))
	cell := eval[[]string](b, visibleSpecs)
	checked := eval[[]string](b, `Array.from(document.querySelectorAll('input.f-outcome:checked')).map(b => b.value)`)
	if !slices.Equal(cell, []string{"acme-prod--acme.authentication.bad-token"}) || !slices.Equal(checked, []string{"failed"}) {
		t.Errorf("the acme-prod authentication failed cell shows %v with outcomes %v ticked", cell, checked)
	}

	b.do(chromedp.Click(chromedp.CSS(`details[id="acme-prod--acme.authentication.bad-token"] > summary`)))
	if !eval[bool](b, `document.getElementById('acme-prod--acme.authentication.bad-token').open`) {
		t.Error("clicking the spec did not open its details")
	}
	if eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`) {
		t.Error("an opened spec with a long request line makes the page scroll sideways")
	}
}

func TestTheProfilePageOpensTheSpecItsAnchorNames(t *testing.T) {
	b := browser(t)
	root := twoProfiles(t)
	b.do(chromedp.Navigate("file://"+filepath.Join(root, "acme-staging", PageFile)+"#acme.authentication.bad-token"),
		chromedp.WaitVisible(chromedp.CSS(`#specs`)))
	open := eval[bool](b, `document.getElementById('acme.authentication.bad-token').open`)
	diffs := eval[[]string](b, `Array.from(document.querySelectorAll('[id="acme.authentication.bad-token"] .diffs td')).filter(e => e.offsetParent !== null).map(e => e.textContent)`)
	if !open || !slices.Equal(diffs, []string{"MUST", "HTTP status", "401", "200"}) {
		t.Errorf("the anchored spec is open=%v, its differences show %v", open, diffs)
	}
	b.do(chromedp.SetValue(chromedp.CSS(`#f-label`), "conflict"))
	eval[bool](b, `document.getElementById('f-label').dispatchEvent(new Event('change'))`)
	labelled := eval[[]string](b, visibleSpecs)
	slices.Sort(labelled)
	if want := []string{"acme.conflict.fixture", "acme.conflict.other", "acme.conflict.race"}; !slices.Equal(labelled, want) {
		t.Errorf("the label conflict shows %v, want %v", labelled, want)
	}
	if raw, err := os.ReadFile(filepath.Join(root, "acme-staging", PageFile)); err != nil || !strings.Contains(string(raw), `href="../index.html"`) {
		t.Errorf("the profile page does not link the index (%v)", err)
	}
}
