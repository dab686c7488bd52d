package coursekey

import (
	"fmt"
	"strconv"
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
	// wordings are further texts the dictionary gives the same entry.
	wordings []string
	values   []placeholder
	info     []infoField
	expected expect.Expected
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

// OrMessage accepts another wording the dictionary gives the same entry
// (its title and its response body disagree), placeholders included.
func (e *Error) OrMessage(message string) *Error {
	e.wordings = append(e.wordings, message)
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
func (e *Error) Message() string { return e.fill(e.template) }

func (e *Error) fill(template string) string {
	for _, p := range e.values {
		template = strings.ReplaceAll(template, p.name, p.value)
	}
	return template
}

// Match implements types.GomegaMatcher. A profile's expect.<spec id>
// overrides the status and the code (`type` is error.code in decimal,
// e.g. "2213"; profile checking makes sure it is a number).
func (e *Error) Match(actual any) (bool, error) {
	documented := ""
	if e.code != NoCode {
		documented = strconv.Itoa(e.code)
	}
	e.expected = expect.Resolve(e.status, documented)
	e.m = expect.Matcher{Expectation: e.expectation(), Checks: e.checks}
	return e.m.Match(actual)
}

// expectedCode is the code checked: the documented one or the profile's.
func (e *Error) expectedCode() int {
	if !e.expected.TypeOverridden {
		return e.code
	}
	code, _ := strconv.Atoi(e.expected.Type)
	return code
}

// FailureMessage lists every difference.
func (e *Error) FailureMessage(actual any) string { return e.m.FailureMessage(actual) }

// NegatedFailureMessage implements types.GomegaMatcher.
func (e *Error) NegatedFailureMessage(actual any) string { return e.m.NegatedFailureMessage(actual) }

func (e *Error) expectation() string {
	code := ""
	if c := e.expectedCode(); c != NoCode {
		code = fmt.Sprintf(" code %d", c)
	}
	status := e.expected.Status
	if status == 0 { // not matched yet
		status = e.status
	}
	return fmt.Sprintf("%d%s %q%s", status, code, e.Message(), e.expected.Note)
}

func (e *Error) checks(ex *transport.Exchange) []expect.Check {
	checks := []expect.Check{expect.Status(ex, e.expected.Status)}
	body, envelope := expect.JSONBody(ex, Schema)
	checks = append(checks, envelope...)
	if body == nil {
		return checks
	}
	if code := e.expectedCode(); code != NoCode {
		got, shown := expect.Lookup(body, "error", "code")
		checks = append(checks, expect.That(expect.Must, "error.code", isNumber(got, code), fmt.Sprint(code), shown))
	}
	message, messageShown := expect.Lookup(body, "error", "message")
	checks = append(checks, expect.Placed(e.messageCheck(message), messageShown))
	msg, _ := message.(string)
	for _, p := range e.values {
		checks = append(checks, expect.That(expect.Must, "error.message carries the "+p.name+" the request sent",
			namesValue(msg, p.value), fmt.Sprintf("%q, as a whole word, in the message", p.value), messageShown))
	}
	for _, f := range e.info {
		got, shown := expect.Lookup(body, "error", "info", f.key)
		if f.value == nil {
			s, _ := got.(string)
			checks = append(checks, expect.That(expect.Must, "error.info."+f.key, s != "", "a non-empty string", shown))
			continue
		}
		checks = append(checks, expect.That(expect.Must, "error.info."+f.key, fmt.Sprint(got) == fmt.Sprint(f.value),
			expect.Render(f.value), shown))
	}
	return checks
}

// messageCheck compares the text with each documented wording, placeholders
// filled in; failing that, when the text carries every value sent, it puts
// the placeholders back and compares with the documented templates, so that
// a profile's alternative texts (written with placeholders) apply.
func (e *Error) messageCheck(got any) expect.Check {
	templates := append([]string{e.template}, e.wordings...)
	var first expect.Check
	for i, template := range templates {
		c := expect.Text("error.message", e.fill(template), got)
		if c.Passed {
			return c
		}
		if alt, ok := e.templateCheck(template, got); ok {
			return alt
		}
		if i == 0 {
			first = c
		}
	}
	if len(templates) > 1 {
		wants := make([]string, len(templates))
		for i, template := range templates {
			wants[i] = fmt.Sprintf("%q", e.fill(template))
		}
		first.Want = strings.Join(wants, " or ")
	}
	return first
}

// templateCheck matches got, with the values sent put back as their
// placeholders, against template and the profile's alternatives for it.
func (e *Error) templateCheck(template string, got any) (expect.Check, bool) {
	msg, ok := got.(string)
	if !ok || len(e.values) == 0 {
		return expect.Check{}, false
	}
	for _, p := range e.values {
		if !namesValue(msg, p.value) {
			return expect.Check{}, false
		}
		msg = strings.ReplaceAll(msg, p.value, p.name)
	}
	c := expect.Text("error.message", template, msg)
	return c, c.Passed
}

// namesValue reports whether msg carries value as a whole word: not run into
// a longer id, name, e-mail or zone, so "Unauthorized school: 1234" does not
// name school 123, nor "emailAddress" the parameter email.
func namesValue(msg, value string) bool {
	if value == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(msg[from:], value)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(value)
		if !continuesWord(msg, start-1) && !continuesWord(msg, end) {
			return true
		}
		from = start + 1
	}
}

// continuesWord reports whether the byte at i would extend a word next to
// it: a letter, digit or one of _-@/$, or a dot between two of those (a dot
// that ends a sentence does not).
func continuesWord(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	if s[i] == '.' {
		return i > 0 && i+1 < len(s) && isWordByte(s[i-1]) && isWordByte(s[i+1])
	}
	return isWordByte(s[i])
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80 || strings.IndexByte("_-@/$", b) >= 0
}

func isNumber(v any, want int) bool {
	f, ok := v.(float64)
	return ok && f == float64(want)
}
