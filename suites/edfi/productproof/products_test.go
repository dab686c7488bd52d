package productproof

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/reference"
	edfiref "github.com/edconform/edconform/reference/edfi"
	"github.com/edconform/edconform/suites/edfi/prooftest"
)

// The Ed-Fi products as specs/edfi/PRODUCTS.md records them: each product
// profile passes against the reference server's mode for that product,
// and fails against the knowledge base's own answers exactly where the
// product differs at MUST level; the document's profile against a product
// mode fails the MUST rows and fails or warns the SHOULD rows.

const productsFile = "../../../specs/edfi/PRODUCTS.md"

// productRows are the spec ids of one product's modelled rows, by level;
// added are the specs of cases only the product documents.
type productRows struct{ must, should, added []string }

var (
	productRow = regexp.MustCompile(`^\| ([A-Z])\d+ \| (.*?) \| .*? \| (MUST|SHOULD)([^|]*)\|`)
	specIDIn   = regexp.MustCompile("`(edfi\\.[a-z0-9.-]+)`")
)

// readProductRows reads PRODUCTS.md: the rows of the product whose row
// names start with letter, leaving out rows the reference does not model.
func readProductRows(t *testing.T, letter string) productRows {
	t.Helper()
	raw, err := os.ReadFile(productsFile)
	if err != nil {
		t.Fatal(err)
	}
	var rows productRows
	for _, line := range strings.Split(string(raw), "\n") {
		m := productRow.FindStringSubmatch(line)
		if m == nil || m[1] != letter || strings.Contains(m[4], "not modelled") {
			continue
		}
		for _, id := range specIDIn.FindAllStringSubmatch(m[2], -1) {
			if strings.Contains(m[4], "new case") {
				rows.added = append(rows.added, id[1])
			} else if m[3] == "MUST" {
				rows.must = append(rows.must, id[1])
			} else {
				rows.should = append(rows.should, id[1])
			}
		}
	}
	// A spec with a MUST row fails whatever its SHOULD rows.
	rows.should = slices.DeleteFunc(rows.should, func(id string) bool { return slices.Contains(rows.must, id) })
	slices.Sort(rows.must)
	slices.Sort(rows.should)
	rows.must, rows.should = slices.Compact(rows.must), slices.Compact(rows.should)
	if len(rows.must) == 0 {
		t.Fatalf("%s has no MUST rows for %s", productsFile, letter)
	}
	return rows
}

type productCase struct {
	name, profile, mode, rowLetter string
}

var productCases = []productCase{
	{"dms", "../../../profiles/edfi-dms.yaml", edfiref.ModeProductDMS, "D"},
	{"ods-7.3", "../../../profiles/edfi-ods-7.3.yaml", edfiref.ModeProductODS73, "O"},
}

func requireSpecs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s differ\nwant:\n  %s\ngot:\n  %s", what, strings.Join(want, "\n  "), strings.Join(got, "\n  "))
	}
}

// expectKeys are the spec ids a profile overrides, sorted.
func expectKeys(t *testing.T, path string) []string {
	t.Helper()
	p, err := profile.Load(path, "edfi", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for id := range p.Expect {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func TestEachProductProfilePassesAgainstItsProductMode(t *testing.T) {
	t.Parallel()
	for _, c := range productCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, url := prooftest.ServeOptions(t, reference.Options{Modes: []string{c.mode}})
			before := prooftest.Snapshot(srv)
			path, env := prooftest.AimProfile(t, c.profile, srv, url)
			run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
			if len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.Specs(suite.OutcomeWarned)) > 0 || len(run.SuiteFailures()) > 0 ||
				len(run.Specs(suite.OutcomeSkipped)) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
				t.Fatalf("%s does not pass cleanly against --modes=%s: %s\n%s", c.profile, c.mode, run.Summary(), run.Output)
			}
			for _, id := range expectKeys(t, c.profile) {
				spec, ok := run.ByID(id)
				if !ok || suite.OutcomeOf(spec) != suite.OutcomePassed {
					t.Errorf("%s: overridden by the profile, it should pass against the product mode", id)
				}
			}
			prooftest.RequireUnchanged(t, before, prooftest.Snapshot(srv))
			prooftest.RequireNoSecrets(t, run, env)
		})
	}
}

func TestEachProductProfileFailsExactlyItsMustRowsAgainstTheKnowledgeBase(t *testing.T) {
	t.Parallel()
	for _, c := range productCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rows := readProductRows(t, c.rowLetter)
			requireSpecs(t, c.profile+" expect keys and the MUST rows of "+productsFile, expectKeys(t, c.profile), rows.must)
			srv, url := prooftest.Serve(t)
			path, env := prooftest.AimProfile(t, c.profile, srv, url)
			run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
			if len(run.SuiteFailures()) > 0 {
				t.Fatalf("%s\n%s", run.Summary(), run.Output)
			}
			// The specs of the product's own cases run too (settings.product),
			// and the knowledge base's server does not answer them so.
			requireSpecs(t, "failed specs", run.SpecsByID(suite.OutcomeFailed), slices.Sorted(slices.Values(slices.Concat(rows.must, rows.added))))
			// The product's alternative texts never stop the document's own.
			requireSpecs(t, "warned specs", run.SpecsByID(suite.OutcomeWarned), nil)
		})
	}
}

func TestTheDocumentProfileAgainstTheDMSModeFailsTheMustRowsAndJudgesTheShouldRowsByStrictness(t *testing.T) {
	t.Parallel()
	rows := readProductRows(t, "D")
	for _, strict := range []bool{true, false} {
		name := map[bool]string{true: "strict", false: "lenient"}[strict]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := suitetest.Profile(t, "vendor: edfi\nstrict: "+map[bool]string{true: "true", false: "false"}[strict]+"\n")
			run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path, "--modes=" + edfiref.ModeProductDMS}})
			if len(run.SuiteFailures()) > 0 {
				t.Fatalf("%s\n%s", run.Summary(), run.Output)
			}
			failed, warned := rows.must, []string(nil)
			if strict {
				failed = slices.Sorted(slices.Values(slices.Concat(rows.must, rows.should)))
			} else {
				warned = rows.should
			}
			requireSpecs(t, "failed specs", run.SpecsByID(suite.OutcomeFailed), failed)
			requireSpecs(t, "warned specs", run.SpecsByID(suite.OutcomeWarned), warned)
		})
	}
}

// The specs of the cases only DMS documents are selected by its profile
// (settings.product: dms), pass against its mode, and each fails against
// the mode broken in the one way it checks.
func TestTheDMSSpecsRunForTheDMSProfileAndEachIsPinnedByADeviation(t *testing.T) {
	t.Parallel()
	rows := readProductRows(t, "D")
	byDeviation := map[string][]string{
		edfiref.DeviationBodyIDUnchecked:     {"edfi.data-validation.body-id-differs-from-route-id"},
		edfiref.DeviationRateLimitUnenforced: {"edfi.server.too-many-requests"},
	}
	requireSpecs(t, "the new cases' specs and those the deviations pin", slices.Sorted(slices.Values(slices.Concat(slices.Collect(maps.Values(byDeviation))...))), rows.added)
	for deviation, want := range byDeviation {
		t.Run(deviation, func(t *testing.T) {
			t.Parallel()
			srv, url := prooftest.ServeOptions(t, reference.Options{Modes: []string{edfiref.ModeProductDMS}, Deviations: []string{deviation}})
			path, env := prooftest.AimProfile(t, productCases[0].profile, srv, url)
			run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
			if len(run.SuiteFailures()) > 0 {
				t.Fatalf("%s\n%s", run.Summary(), run.Output)
			}
			requireSpecs(t, "failed specs", run.SpecsByID(suite.OutcomeFailed), want)
			for _, id := range want {
				spec, _ := run.ByID(id)
				suitetest.RequireReadableFailure(t, id, spec.Failure.Message)
			}
		})
	}
	t.Run("the knowledge base's profile leaves them out", func(t *testing.T) {
		t.Parallel()
		run := suitetest.Execute(t, suitetest.Options{Test: suiteTest})
		requireSpecs(t, "not selected", run.SpecsByID(suite.OutcomeNotSelected), rows.added)
	})
}
