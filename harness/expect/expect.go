// Package expect is the engine under the vendor matchers: a matcher turns a
// response into a list of checks, each MUST or SHOULD, and this package
// decides the outcome and writes one failure message that lists every
// difference, the documented case, the request as curl and the response.
//
// MUST checks (status, type/code, envelope shape, JSON paths) always fail a
// spec. SHOULD checks (titles, details, message texts) fail under a strict
// profile and are reported as warnings under a lenient one.
package expect

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/envelopes"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/transport"
)

// Level is a requirement level.
type Level string

// The requirement levels, after RFC 2119.
const (
	Must   Level = "MUST"
	Should Level = "SHOULD"
)

// Check is one assertion about a response.
type Check struct {
	Level  Level
	Field  string
	Want   string
	Got    string
	Passed bool
}

// WarningEntry names the report entry a lenient profile's SHOULD
// differences are recorded under.
const WarningEntry = "edconform-warning"

// DifferencesEntry names the report entry that carries a failing or warning
// matcher's differences as JSON (see Differences), for reports that show
// them field by field instead of parsing the message.
const DifferencesEntry = "edconform-differences"

// Difference is one differing check as reports show it.
type Difference struct {
	Level Level  `json:"level"`
	Field string `json:"field"`
	Want  string `json:"want"`
	Got   string `json:"got"`
}

// Differences is what one failing or warning matcher found: the value of a
// DifferencesEntry.
type Differences struct {
	Expectation string       `json:"expectation"`
	Differences []Difference `json:"differences"`
	Request     string       `json:"request,omitempty"`
	Response    string       `json:"response,omitempty"`
}

// failure is what one failing check list found, with its exchange
// rendered once (curl and response, both redacted) for the failure message
// and the DifferencesEntry alike.
type failure struct {
	Differences
	exchange bool
}

func newFailure(ex *transport.Exchange, expectation string, failed []Check) failure {
	f := failure{Differences: Differences{Expectation: expectation}, exchange: ex != nil}
	for _, c := range failed {
		f.Differences.Differences = append(f.Differences.Differences, Difference{Level: c.Level, Field: c.Field,
			Want: transport.Truncate(c.Want, maxValueShown), Got: transport.Truncate(transport.Redact(c.Got), maxValueShown)})
	}
	if ex != nil {
		f.Request, f.Response = ex.Curl(), ex.Response()
	}
	return f
}

// record attaches the differences to the running spec as a
// DifferencesEntry; outside a running spec there is nothing to attach to.
func (f failure) record() {
	raw, err := json.Marshal(f.Differences)
	if err != nil || !inRunningSpec() {
		return
	}
	ginkgo.AddReportEntry(DifferencesEntry, string(raw), ginkgo.ReportEntryVisibilityNever)
}

// reportFailure records the differences and returns the failure message.
func reportFailure(ex *transport.Exchange, source, expectation string, failed []Check) string {
	f := newFailure(ex, expectation, failed)
	f.record()
	return f.message(source)
}

// inRunningSpec reports whether a Ginkgo spec is running; a matcher used
// outside one (a plain Go test) has no report to attach entries to, and
// Ginkgo would record the attempt as a failure of the next spec.
func inRunningSpec() bool { return !ginkgo.CurrentSpecReport().StartTime.IsZero() }

// Named keeps the report entries called name.
func Named(entries types.ReportEntries, name string) types.ReportEntries {
	var out types.ReportEntries
	for _, e := range entries {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
}

// DifferencesOf decodes a DifferencesEntry's value.
func DifferencesOf(value string) (Differences, error) {
	var d Differences
	err := json.Unmarshal([]byte(value), &d)
	return d, err
}

var policy = struct {
	sync.RWMutex
	strict bool
	texts  map[string][]string
	source string
}{strict: true}

// Configure sets how SHOULD differences are treated, the alternative texts
// a profile accepts for documented ones, and the document the cases come from.
func Configure(strict bool, texts map[string][]string, source string) {
	policy.Lock()
	defer policy.Unlock()
	policy.strict, policy.texts, policy.source = strict, texts, source
}

// That is a check with a computed outcome.
func That(level Level, field string, passed bool, want, got string) Check {
	return Check{Level: level, Field: field, Want: want, Got: got, Passed: passed}
}

// Equal checks two values for equality, rendering them as Go would.
func Equal(level Level, field string, want, got any) Check {
	return That(level, field, fmt.Sprint(want) == fmt.Sprint(got), fmt.Sprintf("%v", want), fmt.Sprintf("%v", got))
}

// Text checks a SHOULD-level text against the documented one or any
// alternative the profile lists for it under `texts`. In a `texts` key or
// alternative, `{}` stands for any value (an id the run made up, say), so a
// profile can reword messages that carry run-specific values. Nothing else
// is normalised: a quoting, punctuation, case or whitespace variant is a
// difference.
func Text(field, want string, got any) Check { return TextOf(field, Exactly(want), got) }

// Wildcard stands for any value in a profile's `texts`.
const Wildcard = "{}"

// matches reports whether text is pattern, where each Wildcard in pattern
// stands for one or more characters.
func matches(pattern, text string) bool {
	if !strings.Contains(pattern, Wildcard) {
		return pattern == text
	}
	parts := strings.Split(pattern, Wildcard)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	re, err := regexp.Compile("^" + strings.Join(parts, ".+?") + "$")
	return err == nil && re.MatchString(text)
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func render(v any) string {
	switch t := v.(type) {
	case nil:
		return "(absent)"
	case string:
		return quote(t)
	}
	return fmt.Sprintf("%v", v)
}

// Render formats a JSON value for a check's Got column.
func Render(v any) string { return render(v) }

// Matcher is a Gomega matcher over a *transport.Exchange built from checks.
type Matcher struct {
	// Expectation is a one-line summary of the documented response.
	Expectation string
	Checks      func(ex *transport.Exchange) []Check
	message     string
}

// Match runs the checks and decides.
func (m *Matcher) Match(actual any) (bool, error) {
	ex, ok := actual.(*transport.Exchange)
	if !ok {
		return false, fmt.Errorf("expected a response from the harness client, got %T", actual)
	}
	passed, message := decide(ex, m.Expectation, safeChecks(m.Checks, ex))
	m.message = message
	return passed, nil
}

// safeChecks runs checks, turning a panic (a JSON shape the matcher did not
// foresee: an array, null or a number where it expects an object or text)
// into a MUST difference, so the spec fails with the request and response.
func safeChecks(checks func(*transport.Exchange) []Check, ex *transport.Exchange) (out []Check) {
	defer func() {
		if r := recover(); r != nil {
			if _, ginkgoFlow := r.(types.GinkgoError); ginkgoFlow {
				panic(r) // ginkgo.Fail or Skip inside the checks: let Ginkgo see it
			}
			out = []Check{That(Must, "response shape", false, "what the documented case describes",
				fmt.Sprintf("a shape the checks cannot read (%v)", r))}
		}
	}()
	return checks(ex)
}

// FailureMessage explains every difference.
func (m *Matcher) FailureMessage(any) string { return m.message }

// NegatedFailureMessage is used with ShouldNot, which specs do not use.
func (m *Matcher) NegatedFailureMessage(any) string {
	return "expected the response not to be " + m.Expectation
}

func decide(ex *transport.Exchange, expectation string, checks []Check) (bool, string) {
	policy.RLock()
	strict, source := policy.strict, policy.source
	policy.RUnlock()
	var must, should []Check
	for _, c := range checks {
		if c.Passed {
			continue
		}
		if c.Level == Must {
			must = append(must, c)
		} else {
			should = append(should, c)
		}
	}
	if len(must) == 0 && len(should) == 0 {
		return true, ""
	}
	msg := reportFailure(ex, source, expectation, append(must, should...))
	if len(must) == 0 && !strict {
		ginkgo.AddReportEntry(WarningEntry, msg, ginkgo.ReportEntryVisibilityAlways)
		return true, ""
	}
	return false, msg
}

// maxValueShown bounds a want or got value in a failure message.
const maxValueShown = 1000

// Message renders a failure: the documented case, every differing check,
// the request as curl and the response.
func Message(ex *transport.Exchange, source, expectation string, failed []Check) string {
	return newFailure(ex, expectation, failed).message(source)
}

func (f failure) message(source string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Documented case: %s\n", documentedCase(source))
	if id := specid.Current(); id != "" {
		fmt.Fprintf(&b, "Spec id: %s\n", id)
	}
	fmt.Fprintf(&b, "Expected: %s\n", f.Expectation)
	counts := map[Level]int{}
	for _, d := range f.Differences.Differences {
		counts[d.Level]++
	}
	fmt.Fprintf(&b, "Differences (%d MUST, %d SHOULD):\n", counts[Must], counts[Should])
	for _, d := range f.Differences.Differences {
		fmt.Fprintf(&b, "  %-6s %s\n           want: %s\n           got:  %s\n", d.Level, d.Field, d.Want, d.Got)
	}
	if f.exchange {
		b.WriteString("Request:\n  " + strings.ReplaceAll(f.Request, "\n", "\n  ") + "\n")
		b.WriteString("Response:\n  " + strings.ReplaceAll(f.Response, "\n", "\n  ") + "\n")
	}
	return b.String()
}

func documentedCase(source string) string {
	defer func() { _ = recover() }() // outside a running spec there is no report
	r := ginkgo.CurrentSpecReport()
	parts := append([]string{}, r.ContainerHierarchyTexts...)
	if source != "" {
		parts = append([]string{source}, parts...)
	}
	return strings.Join(parts, " › ") + " › " + r.LeafNodeText
}

// JSONBody checks what every JSON error envelope must satisfy (an HTTP
// response arrived, with a JSON Content-Type and a JSON object body valid
// against the named embedded schema) and returns the decoded body.
func JSONBody(ex *transport.Exchange, schema string) (map[string]any, []Check) {
	if ex.Err != nil {
		return nil, []Check{That(Must, "response", false, "an HTTP response", ex.Err.Error())}
	}
	ct := ex.Header.Get("Content-Type")
	checks := []Check{That(Must, "Content-Type header", IsJSONContentType(ct), "application/json", render(ct))}
	if ex.BodyCut.Cut() {
		// Only the body's start was read: its size is the difference, not
		// the JSON errors of a cut body.
		return nil, append(checks, That(Must, "body size", false,
			fmt.Sprintf("at most target.maxBodyBytes (%d)", ex.BodyCut.Limit), ex.BodyCut.String()))
	}
	v, err := ex.JSON()
	if err != nil {
		return nil, append(checks, That(Must, "body", false, "a JSON object", err.Error()))
	}
	body, ok := v.(map[string]any)
	if !ok {
		return nil, append(checks, That(Must, "body", false, "a JSON object", jsonKind(v)))
	}
	violations := envelopes.Validate(schema, body)
	checks = append(checks, That(Must, "body against the "+schema+" schema", len(violations) == 0,
		"valid", strings.Join(violations, "; ")))
	return body, checks
}

// jsonKind names the kind of a decoded JSON value as JSON does.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case float64:
		return "a number"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	return "an object"
}

// IsJSONContentType accepts application/json and application/*+json.
func IsJSONContentType(ct string) bool {
	mt, _, _ := strings.Cut(strings.ToLower(ct), ";")
	mt = strings.TrimSpace(mt)
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// Status checks the HTTP status code.
func Status(ex *transport.Exchange, want int) Check {
	if ex.Err != nil {
		return That(Must, "HTTP status", false, fmt.Sprint(want), "no response")
	}
	return Equal(Must, "HTTP status", want, ex.Status)
}

// Fail fails the running spec with a message in the same shape as a
// matcher's, for steps (fixtures, cleanup) that are not the documented case
// itself but whose failure a vendor engineer must still be able to act on.
func Fail(ex *transport.Exchange, expectation string, checks ...Check) {
	policy.RLock()
	source := policy.source
	policy.RUnlock()
	ginkgo.Fail(reportFailure(ex, source, expectation, checks), 1)
}

// Strings returns the strings of a decoded JSON array (none for anything else).
func Strings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Step checks that a preparatory request of a spec (a fixture, a read-back)
// came back with status; if not, the spec stops as a set-up error.
func Step(ex *transport.Exchange, status int, what string) {
	if ex.Err != nil || ex.Status != status {
		SetupError(ex, fmt.Sprintf("%d %s: %s", status, http.StatusText(status), what), "", Status(ex, status))
	}
}

// SetupErrorPrefix starts the failure message of a spec that a refused
// fixture step stopped before its documented request; reports count it as a
// set-up error, never as a failure of the documented case.
const SetupErrorPrefix = "Set-up error: "

// SetupError stops the running spec before its documented request: a
// fixture step (what) was refused. fix names the profile key that can mend
// it (fixtures.<resource>), or is empty.
func SetupError(ex *transport.Exchange, what, fix string, checks ...Check) {
	policy.RLock()
	source := policy.source
	policy.RUnlock()
	var b strings.Builder
	b.WriteString(SetupErrorPrefix + "the target refused a fixture step, so the documented request was not sent.\n")
	b.WriteString("Fixture step: " + what + "\n")
	if fix == "" {
		fix = "check the fixture against the target's data model; the profile's fixtures.<resource> adds properties to the documents the suite creates"
	}
	b.WriteString("To fix: " + fix + "\n")
	b.WriteString(reportFailure(ex, source, what, checks))
	ginkgo.Fail(b.String(), 1)
}
