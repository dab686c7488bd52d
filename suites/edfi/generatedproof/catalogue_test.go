package generatedproof

import (
	"fmt"
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
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/specs/edfigen"
)

// TestCatalogue requires docs/catalogue/edfi-generated.md, the generated
// specs counted by rule and resource for the reference server's model, to
// match a dry run; `make catalogue` rewrites it.
func TestCatalogue(t *testing.T) {
	t.Parallel()
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--generated", "-ginkgo.dry-run", "-ginkgo.label-filter=generated"}})
	want := renderCounts(run.Report)
	if !strings.Contains(want, "| **all** |") {
		t.Fatalf("the dry run listed no generated spec:\n%s", run.Output)
	}
	path := filepath.Join(suite.RepoRoot(), "docs", "catalogue", "edfi-generated.md")
	if os.Getenv("EDCONFORM_UPDATE_CATALOGUE") == "1" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != want {
		t.Fatalf("%s is out of date with the generated specs: run `make catalogue`", path)
	}
}

// renderCounts tabulates the generated specs: a row per resource, a column
// per rule, and the totals.
func renderCounts(r types.Report) string {
	rules := edfigen.Rules()
	counts := map[string]map[string]int{}
	total := map[string]int{}
	for _, s := range r.SpecReports {
		id := specid.Of(s.Labels())
		if s.LeafNodeType != types.NodeTypeIt || !strings.HasPrefix(id, "edfi.generated.") {
			continue
		}
		rule, resource := "", ""
		for _, l := range specid.Without(s.Labels()) {
			switch {
			case slices.Contains(rules, l):
				rule = l
			case l == "edfi" || l == suite.GeneratedFamily || l == suite.Writes:
			case strings.Trim(l, "0123456789") == "":
			default:
				resource = l
			}
		}
		if counts[resource] == nil {
			counts[resource] = map[string]int{}
		}
		counts[resource][rule]++
		total[rule]++
	}
	resources := make([]string, 0, len(counts))
	for res := range counts {
		resources = append(resources, res)
	}
	sort.Strings(resources)
	var b strings.Builder
	b.WriteString("# Ed-Fi ODS/API 7.2 generated conformance catalogue\n\n")
	b.WriteString("Generated from the specs (`make catalogue`); do not edit. The specs `--generated` declares from the\n")
	b.WriteString("embedded reference server's OpenAPI metadata, counted by resource and rule; a target's own metadata\n")
	b.WriteString("gives its own counts (`--list --generated` lists every id). Ids: `edfi.generated.<resource>.<rule>[.<property>]`.\n\n")
	b.WriteString("| resource | " + strings.Join(rules, " | ") + " | all |\n")
	b.WriteString("| --- |" + strings.Repeat(" ---: |", len(rules)+1) + "\n")
	row := func(name string, n map[string]int) {
		sum := 0
		cells := make([]string, len(rules))
		for i, rule := range rules {
			cells[i] = strconv.Itoa(n[rule])
			sum += n[rule]
		}
		fmt.Fprintf(&b, "| %s | %s | %d |\n", name, strings.Join(cells, " | "), sum)
	}
	for _, res := range resources {
		row("`"+res+"`", counts[res])
	}
	row("**all**", total)
	fmt.Fprintf(&b, "\n%d resources.\n", len(resources))
	return b.String()
}
