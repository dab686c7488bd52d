package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/transport"
)

// exchange is one request as curl and its pretty-printed answer, as a
// failure shows them.
func exchange(i int) (curl, response string) {
	curl = fmt.Sprintf("curl -sS -i -X POST 'http://127.0.0.1:40123/data/v3/ed-fi/programs?limit=25%%2B%d' \\\n  -H 'Authorization: Bearer <redacted>' \\\n  -H 'Content-Type: application/json' \\\n  -H 'Accept:' \\\n  --data-binary '{\"programId\":\"%d\",\"programName\":\"edc0a1b2c-program-%d\",\"programTypeDescriptor\":\"uri://ed-fi.org/ProgramTypeDescriptor#Bilingual\"}'", i, i, i)
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP 400 Bad Request (2ms)\nContent-Type: application/json; charset=utf-8\n\n{\n  \"detail\": \"Data validation failed. See 'validationErrors' for details.\",\n  \"type\": \"urn:ed-fi:api:bad-request:data-validation-failed\",\n  \"status\": 400,\n  \"correlationId\": \"%08x-5c0e-4c2f-9d4b-2a0c6c4d8e11\",\n  \"validationErrors\": {\n", i)
	for j := range 6 {
		fmt.Fprintf(&b, "    \"$.programs[%d].name\": [\"The value \\u003cnone\\u003e is not valid; see \\/ed-fi\\/programs\\/%032x\"],\n", j, i*7919+j)
	}
	b.WriteString("  }\n}\n")
	return curl, b.String()
}

// suiteReport is a vendor suite's run as the reports see it: specs passed,
// failed (message, differences, transcript), warned and skipped.
func suiteReport(specs int) types.Report {
	r := types.Report{SuiteDescription: "Ed-Fi conformance (edfi)", StartTime: time.Date(2026, 12, 1, 20, 0, 0, 0, time.UTC),
		RunTime: 3 * time.Second, SuiteConfig: types.SuiteConfig{RandomSeed: 42},
		SpecReports: types.SpecReports{{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStatePassed}}}
	families := []string{"authentication", "conflict", "data-validation", "not-found"}
	for i := range specs {
		family := families[i%len(families)]
		s := acmeSpec(family, fmt.Sprintf("acme.%s.case-%d", family, i), fmt.Sprintf("refuses case %d", i), types.SpecStatePassed, "")
		switch i % 8 {
		case 0, 3, 5:
			curl, response := exchange(i)
			d := expect.Differences{Expectation: "400 urn:ed-fi:api:bad-request:data-validation-failed",
				Differences: []expect.Difference{{Level: expect.Must, Field: "status (body)", Want: "400", Got: "401"}},
				Request:     curl, Response: response}
			raw, _ := json.Marshal(d)
			s.State = types.SpecStateFailed
			s.Failure.Message = "Documented case: Ed-Fi › 400 Bad Request › case " + fmt.Sprint(i) +
				"\nDifferences (1 MUST, 0 SHOULD):\n  MUST status (body)\n    want: 400\n    got:  401\nRequest:\n  " + curl + "\nResponse:\n  " + response
			s.ReportEntries = types.ReportEntries{reportEntry(expect.DifferencesEntry, string(raw)),
				reportEntry(TranscriptEntry, "[1] "+curl+"\n  "+response+"[2] "+curl+"\n  "+response)}
		case 6:
			s.ReportEntries = types.ReportEntries{reportEntry(expect.WarningEntry, "SHOULD detail differs")}
		case 7:
			s.State, s.Failure.Message = types.SpecStateSkipped, NotProvokablePrefix+"no client can cause it."
		}
		r.SpecReports = append(r.SpecReports, s)
	}
	return r
}

// BenchmarkWrite writes every report of a 160-spec run, 60 of them failed,
// with a dozen secrets registered.
func BenchmarkWrite(b *testing.B) {
	for range 12 {
		transport.AddSecret(fmt.Sprintf("s3cret-%d-%d", time.Now().UnixNano(), b.N))
	}
	r := suiteReport(160)
	root := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(filepath.Join(root, "edfi"), acmeRun, r); err != nil {
			b.Fatal(err)
		}
	}
}

// The report.json of a run is what json.Marshal makes of Ginkgo's list of
// one report, byte for byte.
func TestTheJSONReportIsGinkgosReportEncoded(t *testing.T) {
	for name, r := range map[string]types.Report{"acme": acmeReport(t), "a suite's run": suiteReport(40), "no specs": {SuiteDescription: "none"}} {
		want, err := json.Marshal([]types.Report{r})
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalReport(r)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: the report differs from json.Marshal's:\n%s\n%s", name, got, want)
		}
	}
}

// An entry's body is reused only for an entry that shows the same: every
// field of a spec, and the entry's profile, is in its key.
func TestAnEntrysKeyChangesWithEachFieldItShows(t *testing.T) {
	base := entry{Profile: "p", Anchor: "a", Spec: Spec{ID: "acme.x", Title: "t", Labels: []string{"l"}}}
	if e := (entry{Profile: base.Profile + "x", Anchor: base.Anchor, Spec: base.Spec}); e.key() == base.key() {
		t.Errorf("the key does not change with the profile: %+v", e)
	}
	typ := reflect.TypeOf(Spec{})
	for i := range typ.NumField() {
		e := base
		e.Labels = slices.Clone(base.Labels)
		f := reflect.ValueOf(&e.Spec).Elem().Field(i)
		switch v := f.Addr().Interface().(type) {
		case *string:
			*v += "x"
		case *Outcome:
			*v += "x"
		case *[]string:
			*v = append(*v, "x")
		case *[]expect.Difference:
			*v = append(*v, expect.Difference{Level: expect.Must})
		case *float64:
			*v += 1.5
		default:
			t.Fatalf("Spec.%s: a field of a type the key does not know (%s)", typ.Field(i).Name, f.Type())
		}
		if e.key() == base.key() {
			t.Errorf("the key does not change with Spec.%s", typ.Field(i).Name)
		}
	}
}

// The anchor differs between a profile's page and the index; it is
// rendered around the reused body, so each entry links to its own.
func TestAReusedEntryBodyKeepsEachPagesAnchor(t *testing.T) {
	d := pageData{rendered: &renderedEntries{html: map[string]template.HTML{}}}
	spec := Spec{ID: "acme.x", Title: "t", Outcome: OutcomeFailed, Message: "m"}
	for _, anchor := range []string{"acme.x", "acme--acme.x"} {
		html, err := d.Entry(entry{Profile: "acme", Anchor: anchor, Spec: spec})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`id="` + anchor + `"`, `href="#` + anchor + `"`, `<pre class="message">m</pre>`} {
			if !strings.Contains(string(html), want) {
				t.Errorf("the entry under anchor %s lacks %s:\n%s", anchor, want, html)
			}
		}
	}
	if n := len(d.rendered.html); n != 1 {
		t.Errorf("the body was rendered %d times for one spec, want once", n)
	}
}
