package coursekey

import (
	"fmt"
	"strings"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/transport"
)

// Schema names the embedded JSON Schema every CourseKey error body meets.
const Schema = "coursekey-error"

// NoCode is the code of entries the dictionary documents without one.
const NoCode = 0

// Placeholders as the dictionary spells them.
const (
	SchoolID      = "$SCHOOL_ID"
	MissingParams = "$THE_MISSING_PARAMS"
	Email         = "$EMAIL"
	TimeZone      = "${timeZone}"
	AttendanceID  = "${info.attendanceID}"
)

// Error is the matcher for one dictionary entry's envelope
// {"error": {"code": N, "message": "...", "info": {...}}}. Requirement
// levels: status, the schema, the documented code, the values the request
// sent for placeholders and the documented info ids are MUST; the message
// text is SHOULD (a profile's `texts` may list alternatives, keyed by the
// documented message with its placeholders).
type Error struct {
	status   int
	code     int
	template string
	values   []placeholder
	info     []infoField
	m        expect.Matcher
}

type placeholder struct{ name, value string }

type infoField struct {
	key   string
	value any // nil: any non-empty string
}

// BeError expects the entry with this status, code (NoCode when the entry
// documents none, which leaves code unchecked) and message as documented,
// placeholders included. Every difference is reported, not only the first.
func BeError(status, code int, message string) *Error {
	return &Error{status: status, code: code, template: message}
}

// With fills a placeholder with the value the request sent.
func (e *Error) With(name, value string) *Error {
	if !strings.Contains(e.template, name) {
		panic(fmt.Sprintf("coursekey: %q has no placeholder %s", e.template, name))
	}
	e.values = append(e.values, placeholder{name, value})
	return e
}

// WithInfo expects info.<key> to equal value (MUST).
func (e *Error) WithInfo(key string, value any) *Error {
	e.info = append(e.info, infoField{key, value})
	return e
}

// WithInfoText expects info.<key> to be a non-empty string whose wording
// the dictionary leaves open (MUST).
func (e *Error) WithInfoText(key string) *Error { return e.WithInfo(key, nil) }

// Message is the documented message with the placeholders filled in.
func (e *Error) Message() string {
	msg := e.template
	for _, p := range e.values {
		msg = strings.ReplaceAll(msg, p.name, p.value)
	}
	return msg
}

// Match implements types.GomegaMatcher.
func (e *Error) Match(actual any) (bool, error) {
	e.m = expect.Matcher{Expectation: e.expectation(), Checks: e.checks}
	return e.m.Match(actual)
}

// FailureMessage lists every difference.
func (e *Error) FailureMessage(actual any) string { return e.m.FailureMessage(actual) }

// NegatedFailureMessage implements types.GomegaMatcher.
func (e *Error) NegatedFailureMessage(actual any) string { return e.m.NegatedFailureMessage(actual) }

func (e *Error) expectation() string {
	code := ""
	if e.code != NoCode {
		code = fmt.Sprintf(" code %d", e.code)
	}
	return fmt.Sprintf("%d%s %q", e.status, code, e.Message())
}

func (e *Error) checks(ex *transport.Exchange) []expect.Check {
	checks := []expect.Check{expect.Status(ex, e.status)}
	body, envelope := expect.JSONBody(ex, Schema)
	checks = append(checks, envelope...)
	if body == nil {
		return checks
	}
	env, _ := body["error"].(map[string]any)
	if e.code != NoCode {
		got := env["code"]
		checks = append(checks, expect.That(expect.Must, "error.code", isNumber(got, e.code), fmt.Sprint(e.code), expect.Render(got)))
	}
	checks = append(checks, e.messageCheck(env["message"]))
	msg, _ := env["message"].(string)
	for _, p := range e.values {
		checks = append(checks, expect.That(expect.Must, "error.message carries the "+p.name+" the request sent",
			strings.Contains(msg, p.value), fmt.Sprintf("%q in the message", p.value), expect.Render(env["message"])))
	}
	info, _ := env["info"].(map[string]any)
	for _, f := range e.info {
		got := info[f.key]
		if f.value == nil {
			s, _ := got.(string)
			checks = append(checks, expect.That(expect.Must, "error.info."+f.key, s != "", "a non-empty string", expect.Render(got)))
			continue
		}
		checks = append(checks, expect.That(expect.Must, "error.info."+f.key, fmt.Sprint(got) == fmt.Sprint(f.value),
			expect.Render(f.value), expect.Render(got)))
	}
	return checks
}

// messageCheck compares the text with the expanded message; failing that,
// when the text carries every value sent, it puts the placeholders back and
// compares with the documented template, so that a profile's alternative
// texts (written with placeholders) apply.
func (e *Error) messageCheck(got any) expect.Check {
	c := expect.Text("error.message", e.Message(), got)
	msg, ok := got.(string)
	if c.Passed || !ok || len(e.values) == 0 {
		return c
	}
	for _, p := range e.values {
		if !strings.Contains(msg, p.value) {
			return c
		}
		msg = strings.ReplaceAll(msg, p.value, p.name)
	}
	if alt := expect.Text("error.message", e.template, msg); alt.Passed {
		return alt
	}
	return c
}

func isNumber(v any, want int) bool {
	f, ok := v.(float64)
	return ok && f == float64(want)
}
