package suitetest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

// RenderCatalogue lists every spec of a suite, grouped as the source
// document is, from a dry run's report: the catalogue is generated from the
// specs themselves, so it cannot disagree with them.
func RenderCatalogue(v *suite.Vendor, r types.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s conformance catalogue\n\n", v.Title)
	fmt.Fprintf(&b, "Generated from the specs (`make catalogue`); do not edit. Source: %s.\n\n", v.Source)
	fmt.Fprintf(&b, "| Id | Documented case | Spec | Labels |\n| --- | --- | --- | --- |\n")
	// Ginkgo runs specs in random order: sort by where they sit in the files.
	var specs []types.SpecReport
	for _, s := range r.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt {
			specs = append(specs, s)
		}
	}
	sort.Slice(specs, func(i, j int) bool {
		a, b := specs[i].LeafNodeLocation, specs[j].LeafNodeLocation
		if a.FileName != b.FileName {
			return a.FileName < b.FileName
		}
		if a.LineNumber != b.LineNumber {
			return a.LineNumber < b.LineNumber
		}
		return specs[i].FullText() < specs[j].FullText()
	})
	for _, s := range specs {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", specid.Of(s.Labels()), cell(strings.Join(s.ContainerHierarchyTexts, " › ")), cell(s.LeafNodeText), cell(strings.Join(specid.Without(s.Labels()), ", ")))
	}
	fmt.Fprintf(&b, "\n%d specs.\n", len(specs))
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// CheckCatalogue dry-runs the suite and requires docs/catalogue/<vendor>.md
// to match the specs; with EDCONFORM_UPDATE_CATALOGUE=1 it rewrites the file.
func CheckCatalogue(t *testing.T, test string, v *suite.Vendor) {
	t.Helper()
	run := Execute(t, Options{Test: test, Args: []string{"-ginkgo.dry-run"}})
	if len(run.Report.SpecReports) == 0 {
		t.Fatalf("the dry run reported no specs:\n%s", run.Output)
	}
	want := RenderCatalogue(v, run.Report)
	path := filepath.Join(suite.RepoRoot(), "docs", "catalogue", v.Name+".md")
	if os.Getenv("EDCONFORM_UPDATE_CATALOGUE") == "1" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("%s is out of date with the specs: run `make catalogue`", path)
	}
}

// RequireLabels checks every spec carries the vendor, exactly one family
// and exactly one HTTP status, so label filters select what users expect;
// and that declared, the literal Label call in the suite's folder that
// `ginkgo labels` reads, lists exactly the labels the specs carry.
func RequireLabels(t *testing.T, test string, v *suite.Vendor, declared []string) {
	t.Helper()
	run := Execute(t, Options{Test: test, Args: []string{"-ginkgo.dry-run"}})
	carried := map[string]bool{}
	for _, s := range run.Report.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		families, statuses, vendor := 0, 0, false
		// Ids are one per spec: `ginkgo labels` lists families, not ids.
		for _, l := range specid.Without(s.Labels()) {
			carried[l] = true
			switch {
			case l == v.Name:
				vendor = true
			case slices.Contains(v.Families, l):
				families++
			case len(l) == 3 && l[0] >= '1' && l[0] <= '5':
				statuses++
			}
		}
		if !vendor || families != 1 || statuses != 1 {
			t.Errorf("%q has labels %v: want %s, one family and one status", s.FullText(), s.Labels(), v.Name)
		}
	}
	want := make([]string, 0, len(carried))
	for l := range carried {
		want = append(want, l)
	}
	sort.Strings(want)
	got := append([]string{}, declared...)
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("the suite declares the labels %v, the specs carry %v", got, want)
	}
}

// RequireIDs dry-runs the suite and requires every spec to have one id of
// the documented form, starting with its vendor and family, and no two
// specs to share one (the check suite.Run makes before every run), and
// returns the specs for checks of a vendor's own.
func RequireIDs(t *testing.T, test string, v *suite.Vendor) []types.SpecReport {
	t.Helper()
	run := Execute(t, Options{Test: test, Args: []string{"-ginkgo.dry-run"}})
	var specs []types.SpecReport
	for _, s := range run.Report.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt {
			specs = append(specs, s)
		}
	}
	if len(specs) == 0 {
		t.Fatalf("the dry run reported no specs:\n%s", run.Output)
	}
	if err := v.CheckIDs(specs); err != nil {
		t.Fatal(err)
	}
	return specs
}

// DeclaredLabels reads the labels a suite folder declares in literal Label
// calls in its test files, which is what `ginkgo labels` lists.
func DeclaredLabels(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	paths, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, path := range paths {
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		{
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "Label" {
					return true
				}
				for _, arg := range call.Args {
					if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if s, err := strconv.Unquote(lit.Value); err == nil {
							out = append(out, s)
						}
					}
				}
				return true
			})
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s declares no labels in a literal Label call, so `ginkgo labels` lists none", dir)
	}
	return out
}
