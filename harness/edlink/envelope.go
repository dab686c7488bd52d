package edlink

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/transport"
)

// ErrorSchema names the embedded JSON Schema every Edlink error body meets.
const ErrorSchema = "edlink-error"

// ErrorEnvelope is the error-envelope matcher. Requirement levels: the
// status, the schema, `$request` being a UUID, a non-empty `$errors`, every
// code being documented and the expected code being among them are MUST;
// the message text and the absence of other codes are SHOULD.
type ErrorEnvelope struct {
	code     Code
	expected expect.Expected
	m        expect.Matcher
}

// BeError expects the documented error response for code: HTTP 400 (or the
// status the profile declares for it under settings.statusOverrides, which
// is then a warning) with an Edlink error envelope. Every difference is
// reported, not only the first.
func BeError(code Code) *ErrorEnvelope { return &ErrorEnvelope{code: code} }

// Match implements types.GomegaMatcher. A profile's expect.<spec id>
// overrides the status and the code (`type` is the code's name, e.g.
// NOT_FOUND); the message expected is then the overriding code's.
func (e *ErrorEnvelope) Match(actual any) (bool, error) {
	e.expected = expect.Resolve(http.StatusBadRequest, e.code.Name)
	e.m = expect.Matcher{Expectation: fmt.Sprintf("%d %s%s", e.expected.Status, e.expected.Type, e.expected.Note), Checks: e.checks}
	return e.m.Match(actual)
}

// FailureMessage lists every difference.
func (e *ErrorEnvelope) FailureMessage(actual any) string { return e.m.FailureMessage(actual) }

// NegatedFailureMessage implements types.GomegaMatcher.
func (e *ErrorEnvelope) NegatedFailureMessage(actual any) string {
	return e.m.NegatedFailureMessage(actual)
}

func (e *ErrorEnvelope) checks(ex *transport.Exchange) []expect.Check {
	checks := []expect.Check{e.status(ex)}
	body, envelope := expect.JSONBody(ex, ErrorSchema)
	checks = append(checks, envelope...)
	if body == nil {
		return checks
	}
	code := e.code
	if e.expected.TypeOverridden {
		code = Code{Name: e.expected.Type, Message: codeByName[e.expected.Type].Message}
	}
	checks = append(checks, requestID(body))
	found, shown := expect.Lookup(body, "$errors")
	list, _ := found.([]any)
	checks = append(checks, expect.That(expect.Must, "$errors", len(list) > 0, "a non-empty array", shown))

	var names, undocumented, others []string
	at := -1
	var message any
	for i, item := range list {
		entry, _ := item.(map[string]any)
		name, _ := entry["code"].(string)
		names = append(names, expect.Render(entry["code"]))
		if _, ok := codeByName[name]; !ok {
			undocumented = append(undocumented, fmt.Sprintf("$errors[%d].code = %s", i, expect.Render(entry["code"])))
		}
		switch {
		case name != code.Name:
			others = append(others, name)
		case at < 0:
			at, message = i, entry["message"]
		}
	}
	got := strings.Join(names, ", ")
	if got == "" {
		got = "(none)"
	}
	checks = append(checks,
		expect.That(expect.Must, "every code is one of the document's", len(undocumented) == 0,
			"codes from the error document", strings.Join(undocumented, "; ")),
		expect.That(expect.Must, "$errors holds code "+code.Name, at >= 0, code.Name, got))
	if at >= 0 {
		checks = append(checks, expect.Text(fmt.Sprintf("$errors[%d].message", at), code.Message, message))
	}
	return append(checks, expect.That(expect.Should, "$errors holds no other code", len(others) == 0,
		"only "+code.Name, got))
}

// status checks the document's 400. A status the profile declares for this
// code passes with a warning: Edlink's guides give 401 and 404 where the
// error document says 400.
func (e *ErrorEnvelope) status(ex *transport.Exchange) expect.Check {
	c := expect.Status(ex, e.expected.Status)
	declared, ok := settings.StatusOverrides[e.code.Name]
	if c.Passed || e.expected.StatusOverridden || ex.Err != nil || !ok || declared != ex.Status {
		return c
	}
	ginkgo.AddReportEntry(expect.WarningEntry, fmt.Sprintf(
		"HTTP status: the error document gives 400 for %s; this server answers %d, as the profile declares (settings.statusOverrides.%s)",
		e.code.Name, ex.Status, e.code.Name), ginkgo.ReportEntryVisibilityAlways)
	c.Passed = true
	return c
}

// requestID checks `$request`, which every Edlink response carries.
func requestID(body map[string]any) expect.Check {
	v, shown := expect.Lookup(body, "$request")
	id, _ := v.(string)
	return expect.That(expect.Must, "$request", edlinkID.MatchString(id), "a UUID", shown)
}

// DataEnvelope is the success-envelope matcher: 200 with `$data` and a
// `$request` UUID, all MUST.
type DataEnvelope struct {
	first *Response
	m     expect.Matcher
}

// BeData expects a successful response: 200 {"$data": ..., "$request": uuid}.
func BeData() *DataEnvelope { return &DataEnvelope{} }

// BeReplayOf expects a successful response for the same record as first
// (the same `$data.id`): what a repeated idempotency key must bring back.
func BeReplayOf(first *Response) *DataEnvelope { return &DataEnvelope{first: first} }

// Match implements types.GomegaMatcher.
func (d *DataEnvelope) Match(actual any) (bool, error) {
	d.m = expect.Matcher{Expectation: `200 {"$data": ..., "$request": uuid}`, Checks: d.checks}
	if d.first != nil {
		d.m.Expectation += " replaying the first response's $data.id"
	}
	return d.m.Match(actual)
}

// FailureMessage lists every difference.
func (d *DataEnvelope) FailureMessage(actual any) string { return d.m.FailureMessage(actual) }

// NegatedFailureMessage implements types.GomegaMatcher.
func (d *DataEnvelope) NegatedFailureMessage(actual any) string {
	return d.m.NegatedFailureMessage(actual)
}

func (d *DataEnvelope) checks(ex *transport.Exchange) []expect.Check {
	checks := []expect.Check{expect.Status(ex, http.StatusOK)}
	if ex.Err != nil {
		return checks
	}
	ct := ex.Header.Get("Content-Type")
	checks = append(checks, expect.That(expect.Must, "Content-Type header", expect.IsJSONContentType(ct), "application/json", expect.Render(ct)))
	body, err := jsonObject(ex)
	if err != nil {
		return append(checks, expect.That(expect.Must, "body", false, "a JSON object", err.Error()))
	}
	_, hasData := body["$data"]
	checks = append(checks, requestID(body),
		expect.That(expect.Must, "$data", hasData, "present", "absent"),
		expect.That(expect.Must, "$errors", body["$errors"] == nil, "absent", expect.Render(body["$errors"])))
	if d.first != nil {
		want := dataID(d.first)
		got := dataID(ex)
		checks = append(checks, expect.That(expect.Must, "$data.id", want != "" && got == want,
			"the first response's "+expect.Render(want), expect.Render(got)))
	}
	return checks
}

func jsonObject(ex *transport.Exchange) (map[string]any, error) {
	v, err := ex.JSON()
	if err != nil {
		return nil, err
	}
	body, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a JSON %T", v)
	}
	return body, nil
}

// dataID is the id of the record a success envelope carries, if any.
func dataID(ex *transport.Exchange) string {
	if ex == nil || ex.Err != nil || ex.Status != http.StatusOK {
		return ""
	}
	body, err := jsonObject(ex)
	if err != nil {
		return ""
	}
	data, _ := body["$data"].(map[string]any)
	id, _ := data["id"].(string)
	return id
}
