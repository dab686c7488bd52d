package edfi

import (
	"fmt"
	"sort"
	"strings"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/transport"
)

// ProblemType is a documented problem `type` and the `title` that goes with it.
type ProblemType struct{ URN, Title string }

// The problem types of the Error Response Knowledge Base.
var (
	BadRequest                = ProblemType{"urn:ed-fi:api:bad-request", "Bad Request"}
	DataValidationFailed      = ProblemType{"urn:ed-fi:api:bad-request:data-validation-failed", "Data Validation Failed"}
	KeyChangeNotSupported     = ProblemType{"urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported", "Key Change Not Supported"}
	ParameterValidationFailed = ProblemType{"urn:ed-fi:api:bad-request:parameter-validation-failed", "Parameter Validation Failed"}
	InvalidProfileUsage       = ProblemType{"urn:ed-fi:api:profile:invalid-profile-usage", "Invalid Profile Usage"}
	AuthenticationFailed      = ProblemType{"urn:ed-fi:api:security:authentication", "Authentication Failed"}
	DataPolicyIncorrectUsage  = ProblemType{"urn:ed-fi:api:security:data-policy:incorrect-usage", "Data Policy Failure Due to Incorrect Usage"}
	NamespaceMismatch         = ProblemType{"urn:ed-fi:api:security:authorization:namespace:access-denied:namespace-mismatch", "Authorization Denied"}
	AuthorizationDenied       = ProblemType{"urn:ed-fi:api:security:authorization", "Authorization Denied"}
	AccessDeniedAction        = ProblemType{"urn:ed-fi:api:security:authorization:access-denied:action", "Authorization Denied"}
	AccessDeniedResource      = ProblemType{"urn:ed-fi:api:security:authorization:access-denied:resource", "Authorization Denied"}
	NotFoundType              = ProblemType{"urn:ed-fi:api:not-found", "Not Found"}
	MethodNotAllowedType      = ProblemType{"urn:ed-fi:api:method-not-allowed", "Method Not Allowed"}
	DependentItemExists       = ProblemType{"urn:ed-fi:api:data-conflict:dependent-item-exists", "Dependent Item Exists"}
	UnresolvedReference       = ProblemType{"urn:ed-fi:api:data-conflict:unresolved-reference", "Unresolved Reference"}
	NonUniqueIdentity         = ProblemType{"urn:ed-fi:api:data-conflict:non-unique-identity", "Identifying Values Are Not Unique"}
	OptimisticLockFailed      = ProblemType{"urn:ed-fi:api:optimistic-lock-failed", "Optimistic Lock Failed"}
	UnsupportedMediaType      = ProblemType{"urn:ed-fi:api:unsupported-media-type", "Unsupported Media Type"}
	// UndocumentedType is for a status the document shows no type or
	// title for (500): any non-empty type passes, and no title is expected.
	UndocumentedType = ProblemType{}
)

// ProblemSchema names the embedded JSON Schema every Ed-Fi error body meets.
const ProblemSchema = "edfi-problem-details"

// Problem is the problem-details matcher. Requirement levels: status, type,
// the schema, the body's status, correlationId and the validationErrors
// paths are MUST; title, detail and message texts are SHOULD.
type Problem struct {
	status        int
	typ           ProblemType
	detail        *string
	errors        []string
	anyErrors     bool
	validation    []validationPath
	noCorrelation bool
	m             expect.Matcher
}

type validationPath struct {
	path     string
	messages []string
	level    expect.Level
}

// BeProblem expects an RFC 9457 problem-details response with this status
// and type. Every difference is reported, not only the first.
func BeProblem(status int, typ ProblemType) *Problem { return &Problem{status: status, typ: typ} }

// WithDetail expects this `detail` (SHOULD).
func (p *Problem) WithDetail(detail string) *Problem { p.detail = &detail; return p }

// WithError expects `errors` to hold this message: the array is a MUST, the
// text a SHOULD.
func (p *Problem) WithError(message string) *Problem {
	p.errors = append(p.errors, message)
	p.anyErrors = true
	return p
}

// WithSomeErrors expects a non-empty `errors` array whose texts the document
// does not pin down (MUST).
func (p *Problem) WithSomeErrors() *Problem { p.anyErrors = true; return p }

// WithValidationError expects `validationErrors` to have path (MUST) with
// exactly these messages (SHOULD).
func (p *Problem) WithValidationError(path string, messages ...string) *Problem {
	p.validation = append(p.validation, validationPath{path, messages, expect.Must})
	return p
}

// AlsoValidationError expects a further path the document shows but that
// depends on the server's JSON parser, so it is only a SHOULD.
func (p *Problem) AlsoValidationError(path string, messages ...string) *Problem {
	p.validation = append(p.validation, validationPath{path, messages, expect.Should})
	return p
}

// WithoutCorrelationID is for cases the document shows without a
// correlationId: its presence is then not checked.
func (p *Problem) WithoutCorrelationID() *Problem { p.noCorrelation = true; return p }

// Match implements types.GomegaMatcher.
func (p *Problem) Match(actual any) (bool, error) {
	urn := p.typ.URN
	if p.typ == UndocumentedType {
		urn = "problem details (type not documented)"
	}
	p.m = expect.Matcher{Expectation: fmt.Sprintf("%d %s", p.status, urn), Checks: p.checks}
	return p.m.Match(actual)
}

// FailureMessage lists every difference.
func (p *Problem) FailureMessage(actual any) string { return p.m.FailureMessage(actual) }

// NegatedFailureMessage implements types.GomegaMatcher.
func (p *Problem) NegatedFailureMessage(actual any) string { return p.m.NegatedFailureMessage(actual) }

func (p *Problem) checks(ex *transport.Exchange) []expect.Check {
	checks := []expect.Check{expect.Status(ex, p.status)}
	body, envelope := expect.JSONBody(ex, ProblemSchema)
	checks = append(checks, envelope...)
	if body == nil {
		return checks
	}
	typeCheck := expect.Equal(expect.Must, "type", p.typ.URN, body["type"])
	if p.typ == UndocumentedType {
		typ, _ := body["type"].(string)
		typeCheck = expect.That(expect.Must, "type", typ != "", "a problem type (the document names none)", expect.Render(body["type"]))
	}
	checks = append(checks, typeCheck,
		expect.That(expect.Must, "status (body) equals the HTTP status", number(body["status"]) == float64(ex.Status),
			fmt.Sprint(ex.Status), expect.Render(body["status"])))
	if p.typ != UndocumentedType {
		checks = append(checks, expect.Text("title", p.typ.Title, body["title"]))
	}
	if !p.noCorrelation {
		id, _ := body["correlationId"].(string)
		checks = append(checks, expect.That(expect.Must, "correlationId", id != "", "present", expect.Render(body["correlationId"])))
	}
	if p.detail != nil {
		checks = append(checks, expect.Text("detail", *p.detail, body["detail"]))
	}
	checks = append(checks, p.errorChecks(body)...)
	return append(checks, p.validationChecks(body)...)
}

func (p *Problem) errorChecks(body map[string]any) []expect.Check {
	if !p.anyErrors {
		return nil
	}
	got := expect.Strings(body["errors"])
	checks := []expect.Check{expect.That(expect.Must, "errors", len(got) > 0, "a non-empty array", expect.Render(body["errors"]))}
	for i, want := range p.errors {
		checks = append(checks, expect.TextAmong(fmt.Sprintf("errors[%d]", i), want, got))
	}
	return checks
}

func (p *Problem) validationChecks(body map[string]any) []expect.Check {
	if len(p.validation) == 0 {
		return nil
	}
	ve, _ := body["validationErrors"].(map[string]any)
	var checks []expect.Check
	expected := map[string]bool{}
	for _, v := range p.validation {
		expected[v.path] = true
		got, present := ve[v.path]
		checks = append(checks, expect.That(v.level, "validationErrors has "+v.path, present, "present", "absent (paths: "+keys(ve)+")"))
		if !present {
			continue
		}
		msgs := expect.Strings(got)
		for _, want := range v.messages {
			checks = append(checks, expect.TextAmong("validationErrors["+v.path+"]", want, msgs))
		}
		checks = append(checks, expect.Equal(expect.Should, "number of messages at "+v.path, len(v.messages), len(msgs)))
	}
	var extra []string
	for path := range ve {
		if !expected[path] {
			extra = append(extra, path)
		}
	}
	sort.Strings(extra)
	checks = append(checks, expect.That(expect.Should, "validationErrors has no other paths", len(extra) == 0, "none", strings.Join(extra, ", ")))
	return checks
}

func keys(m map[string]any) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

func number(v any) float64 {
	f, _ := v.(float64)
	return f
}
