package edfi

import (
	"fmt"
	"sort"
	"strconv"
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
	// TooManyRequests is the Data Management Service's rate-limit answer,
	// which the knowledge base does not document.
	TooManyRequests = ProblemType{"urn:ed-fi:api:too-many-requests", "Too Many Requests"}
	// UndocumentedType is for a status the document shows no type or
	// title for (500): any non-empty type passes, and no title is expected.
	UndocumentedType = ProblemType{}
)

// problemTypes are every type the knowledge base documents.
var problemTypes = []ProblemType{BadRequest, DataValidationFailed, KeyChangeNotSupported, ParameterValidationFailed,
	InvalidProfileUsage, AuthenticationFailed, DataPolicyIncorrectUsage, NamespaceMismatch, AuthorizationDenied,
	AccessDeniedAction, AccessDeniedResource, NotFoundType, MethodNotAllowedType, DependentItemExists,
	UnresolvedReference, NonUniqueIdentity, OptimisticLockFailed, UnsupportedMediaType}

// ProblemSchema names the embedded JSON Schema every Ed-Fi error body meets.
const ProblemSchema = "edfi-problem-details"

// Problem is the problem-details matcher. Requirement levels: status, type,
// the schema, the body's status, correlationId and the validationErrors
// paths are MUST; title, detail and message texts are SHOULD.
type Problem struct {
	status        int
	typ           ProblemType
	detail        *string
	correlationID string
	errors        []string
	anyErrors     bool
	validation    []validationPath
	noCorrelation bool
	retryAfter    bool
	expected      expect.Expected
	m             expect.Matcher
}

type validationPath struct {
	path     string
	messages []expect.Want
	level    expect.Level
}

// BeProblem expects an RFC 9457 problem-details response with this status
// and type. Every difference is reported, not only the first.
func BeProblem(status int, typ ProblemType) *Problem { return &Problem{status: status, typ: typ} }

// WithRetryAfter expects a Retry-After header in whole seconds (MUST).
func (p *Problem) WithRetryAfter() *Problem { p.retryAfter = true; return p }

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
// exactly these messages, in any order (SHOULD).
func (p *Problem) WithValidationError(path string, messages ...string) *Problem {
	p.validation = append(p.validation, validationPath{path, expect.Exact(messages...), expect.Must})
	return p
}

// WithValidationErrorAt expects `validationErrors` to have path (MUST),
// whatever its messages: for failures whose wording is the JSON parser's
// (line and position), which the document does not fix.
func (p *Problem) WithValidationErrorAt(path string) *Problem {
	p.validation = append(p.validation, validationPath{path: path, level: expect.Must})
	return p
}

// WithConflictingValues expects the key unification message at path
// (MUST) for property, listing values in any order (SHOULD): the document
// does not say in which order the server lists them.
func (p *Problem) WithConflictingValues(path, property string, values ...any) *Problem {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("'%v'", v)
	}
	message := expect.Listing("All values supplied for '"+property+"' must match. Review all references and align the following conflicting values: ", ", ", quoted...)
	p.validation = append(p.validation, validationPath{path, []expect.Want{message}, expect.Must})
	return p
}

// AlsoValidationError expects a further path the document shows but that
// depends on the server's JSON parser, so it is only a SHOULD.
func (p *Problem) AlsoValidationError(path string, messages ...string) *Problem {
	p.validation = append(p.validation, validationPath{path, expect.Exact(messages...), expect.Should})
	return p
}

// WithCorrelationID expects the problem's correlationId to be id, the one
// the client sent (MUST).
func (p *Problem) WithCorrelationID(id string) *Problem { p.correlationID = id; return p }

// WithoutCorrelationID is for cases the document shows without a
// correlationId: its presence is then not checked.
func (p *Problem) WithoutCorrelationID() *Problem { p.noCorrelation = true; return p }

// Match implements types.GomegaMatcher. A profile's expect.<spec id>
// overrides the status and the problem type; with the type overridden,
// the title expected is the one the knowledge base gives that type, and
// none when it gives none.
func (p *Problem) Match(actual any) (bool, error) {
	p.expected = expect.Resolve(p.status, p.typ.URN)
	shown := p.expected.Type
	if p.undocumented() {
		shown = "problem details (type not documented)"
	}
	p.m = expect.Matcher{Expectation: fmt.Sprintf("%d %s%s", p.expected.Status, shown, p.expected.Note), Checks: p.checks}
	return p.m.Match(actual)
}

// FailureMessage lists every difference.
func (p *Problem) FailureMessage(actual any) string { return p.m.FailureMessage(actual) }

// NegatedFailureMessage implements types.GomegaMatcher.
func (p *Problem) NegatedFailureMessage(actual any) string { return p.m.NegatedFailureMessage(actual) }

func (p *Problem) checks(ex *transport.Exchange) []expect.Check {
	checks := []expect.Check{expect.Status(ex, p.expected.Status)}
	if p.retryAfter {
		v := ex.Header.Get("Retry-After")
		seconds, err := strconv.Atoi(v)
		checks = append(checks, expect.That(expect.Must, "Retry-After header", err == nil && seconds > 0, "whole seconds", or(v, "absent")))
	}
	if p.expected.BodyMayBeEmpty && len(ex.Body) == 0 && ex.Err == nil {
		// The profile records that the product answers with no body here.
		return checks
	}
	body, envelope := expect.JSONBody(ex, ProblemSchema)
	checks = append(checks, envelope...)
	if body == nil {
		return checks
	}
	typ, typShown := expect.Lookup(body, "type")
	status, statusShown := expect.Lookup(body, "status")
	typeCheck := expect.That(expect.Must, "type", typ == p.expected.Type, p.expected.Type, typShown)
	if p.undocumented() {
		named, _ := typ.(string)
		typeCheck = expect.That(expect.Must, "type", named != "", "a problem type (the document names none)", typShown)
	}
	checks = append(checks, typeCheck,
		expect.That(expect.Must, "status (body) equals the HTTP status", number(status) == float64(ex.Status),
			fmt.Sprint(ex.Status), statusShown))
	if title, ok := p.title(); ok && !p.undocumented() {
		checks = append(checks, expect.TextAt("title", title, body, "title"))
	}
	if !p.noCorrelation {
		v, shown := expect.Lookup(body, "correlationId")
		id, _ := v.(string)
		checks = append(checks, expect.That(expect.Must, "correlationId", id != "", "present", shown))
		if p.correlationID != "" {
			checks = append(checks, expect.That(expect.Must, "correlationId echoes the client's", id == p.correlationID, p.correlationID, shown))
		}
	}
	if p.detail != nil {
		checks = append(checks, expect.TextAt("detail", *p.detail, body, "detail"))
	}
	checks = append(checks, p.errorChecks(body)...)
	return append(checks, p.validationChecks(body)...)
}

// title is the title the expected type goes with.
// undocumented reports whether the expected type is one the document does
// not name (and no override names one either).
func (p *Problem) undocumented() bool { return p.expected.Type == UndocumentedType.URN }

func (p *Problem) title() (string, bool) {
	if !p.expected.TypeOverridden {
		return p.typ.Title, true
	}
	for _, t := range problemTypes {
		if t.URN == p.expected.Type {
			return t.Title, true
		}
	}
	return "", false
}

func (p *Problem) errorChecks(body map[string]any) []expect.Check {
	if !p.anyErrors {
		return nil
	}
	if paths := p.expected.ValidationPaths; paths != nil && len(*paths) > 0 {
		// The profile records that the product reports this failure under
		// validationErrors paths instead of in errors.
		return nil
	}
	v, shown := expect.Lookup(body, "errors")
	got := expect.Strings(v)
	checks := []expect.Check{expect.That(expect.Must, "errors", len(got) > 0, "a non-empty array", shown)}
	if len(p.errors) > 0 {
		checks = append(checks, expect.TextsAsSet("errors", expect.Exact(p.errors...), got))
	}
	return checks
}

func (p *Problem) validationChecks(body map[string]any) []expect.Check {
	validation := p.validation
	if paths := p.expected.ValidationPaths; paths != nil {
		// The profile records the product's own paths; their messages are
		// the product's, so they are not checked.
		validation = nil
		for _, path := range *paths {
			validation = append(validation, validationPath{path: path, level: expect.Must})
		}
	}
	if len(validation) == 0 {
		return nil
	}
	found, shown := expect.Lookup(body, "validationErrors")
	ve, _ := found.(map[string]any)
	var checks []expect.Check
	expected := map[string]bool{}
	for _, v := range validation {
		expected[v.path] = true
		got, present := ve[v.path]
		absent := "absent (paths: " + keys(ve) + ")"
		if found == nil {
			absent = "validationErrors " + shown
		}
		checks = append(checks, expect.That(v.level, "validationErrors has "+v.path, present, "present", absent))
		if present && v.messages != nil {
			checks = append(checks, expect.TextsAsSet("validationErrors["+v.path+"]", v.messages, expect.Strings(got)))
		}
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

// BeStatus expects a response whose status is all there is to check: a
// HEAD answer or a 304 carries no body.
func BeStatus(status int) *expect.Matcher {
	return &expect.Matcher{Expectation: fmt.Sprintf("%d (no body)", status),
		Checks: func(ex *transport.Exchange) []expect.Check { return []expect.Check{expect.Status(ex, status)} }}
}

func or(value, fallback string) string {
	if value != "" {
		return value
	}
	return fallback
}
