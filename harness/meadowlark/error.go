package meadowlark

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/transport"
)

// Schema names the embedded JSON Schema every Meadowlark error body meets.
const Schema = "meadowlark-error"

// Error is the matcher for one row of the document. Requirement levels:
// the status, a JSON body valid against the schema, the shape of `error`
// (text, list or object), the paths of schema failures, and the documents
// blockingUris and failures name are MUST; message texts are SHOULD (a
// profile's `texts` may list alternatives).
type Error struct {
	status      int
	bodiless    bool
	success     bool
	expected    expect.Expected
	expectation string
	checks      []func(body map[string]any) []expect.Check
	m           expect.Matcher
}

// BeError expects an error body with this status; the With methods say
// what its `error` holds.
func BeError(status int) *Error {
	return &Error{status: status, expectation: fmt.Sprintf("%d with an error body", status)}
}

// BeWithoutMessage expects a row the document shows with no message
// (`None`): only the status is checked, so an empty body passes.
func BeWithoutMessage(status int) *Error {
	return &Error{status: status, bodiless: true, expectation: fmt.Sprintf("%d (no message documented)", status)}
}

// Succeed expects a success with this status, for the winners of races.
func Succeed(status int) *Error {
	return &Error{status: status, bodiless: true, success: true, expectation: fmt.Sprintf("%d (success)", status)}
}

func (e *Error) add(what string, check func(body map[string]any) []expect.Check) *Error {
	e.expectation += ", " + what
	e.checks = append(e.checks, check)
	return e
}

// WithText expects `error` to be this text.
func (e *Error) WithText(text string) *Error {
	return e.add(fmt.Sprintf("error %q", text), func(body map[string]any) []expect.Check {
		v, shown := expect.Lookup(body, "error")
		return []expect.Check{isString("error", v, shown), expect.TextAt("error", text, body, "error")}
	})
}

// WithTextPrefix expects `error` to be a text (MUST) that starts with
// prefix and goes on (SHOULD), for texts another library words
// (JSON.parse's): the document fixes the status and that `error` is a
// text, not its wording.
func (e *Error) WithTextPrefix(prefix string) *Error {
	return e.add(fmt.Sprintf("error %q…", prefix), func(body map[string]any) []expect.Check {
		v, shown := expect.Lookup(body, "error")
		s, _ := v.(string)
		return []expect.Check{isString("error", v, shown), expect.That(expect.Should, "error", strings.HasPrefix(s, prefix) && len(s) > len(prefix),
			fmt.Sprintf("%q followed by the parser's message", prefix), shown)}
	})
}

// WithSuggestion expects the unknown-resource text naming suggested as
// the most similar resource to requested: naming it is MUST, the text is
// SHOULD. Decision: the document writes the names bare and without a final
// period, as the reference server does; Meadowlark 0.4.0 quotes them and
// ends with one, a wording a profile accepts under `texts` (see
// profiles/meadowlark-example.yaml).
func (e *Error) WithSuggestion(requested, suggested string) *Error {
	documented := "Invalid resource " + requested + ". The most similar resource is " + suggested
	return e.add(fmt.Sprintf("error %q", documented), func(body map[string]any) []expect.Check {
		v, shown := expect.Lookup(body, "error")
		s, _ := v.(string)
		return []expect.Check{
			expect.That(expect.Must, "error names the most similar resource, "+suggested, namesWord(s, suggested), "a text naming "+suggested, shown),
			expect.TextAt("error", documented, body, "error"),
		}
	})
}

// WithUnknownProperty expects `modelState` to say the resource does not
// include the property: naming the property is MUST, the text SHOULD.
// Decision: as with resources, the document names the property bare and
// Meadowlark quotes it, a wording a profile accepts under `texts`.
func (e *Error) WithUnknownProperty(resource, property string) *Error {
	documented := resource + " does not include property " + property
	return e.add(fmt.Sprintf("modelState [%q]", documented), func(body map[string]any) []expect.Check {
		v, shown := expect.Lookup(body, "modelState")
		got := expect.Strings(v)
		named := slices.ContainsFunc(got, func(g string) bool { return namesWord(g, property) })
		return []expect.Check{
			expect.That(expect.Must, "modelState names the property "+property, named, "[\"…"+property+"…\"]", shown),
			expect.Placed(expect.TextsAsSet("modelState", expect.Exact(documented), got), shown),
		}
	})
}

// namesWord reports whether text has word, not run into a longer name
// (academicWeek is not named by "academicWeeks").
func namesWord(text, word string) bool {
	return regexp.MustCompile(`(^|[^\w$])` + regexp.QuoteMeta(word) + `($|[^\w])`).MatchString(text)
}

// WithMessage expects `error` to be an object whose message is this text.
func (e *Error) WithMessage(message string) *Error {
	return e.add(fmt.Sprintf("error.message %q", message), func(body map[string]any) []expect.Check {
		v, shown := expect.Lookup(body, "error")
		_, ok := v.(map[string]any)
		return []expect.Check{
			expect.That(expect.Must, "error", ok, "an object with a message", shown),
			expect.TextAt("error.message", message, body, "error", "message"),
		}
	})
}

// WithBlockingURIs expects error.blockingUris to name every one of these
// documents (MUST) and no others (SHOULD).
func (e *Error) WithBlockingURIs(docs ...*Item) *Error {
	var want []string
	for _, d := range docs {
		want = append(want, "…/"+d.Resource+"/"+d.ID)
	}
	return e.add("blockingUris "+strings.Join(want, ", "), func(body map[string]any) []expect.Check {
		found, shown := expect.Lookup(body, "error", "blockingUris")
		uris := expect.Strings(found)
		var checks []expect.Check
		named := map[string]bool{}
		for _, d := range docs {
			found := false
			for _, u := range uris {
				if d.NamedBy(u) {
					found, named[u] = true, true
				}
			}
			checks = append(checks, expect.That(expect.Must, "blockingUris names "+d.Resource+" "+d.ID, found,
				"a URI ending /"+d.Resource+"/"+d.ID, shown))
		}
		var others []string
		for _, u := range uris {
			if !named[u] {
				others = append(others, u)
			}
		}
		return append(checks, expect.That(expect.Should, "blockingUris names no other documents", len(others) == 0, "none", strings.Join(others, ", ")))
	})
}

// Failure is one missing document a reference validation failure names.
type Failure struct {
	ResourceName string
	Identity     map[string]any
}

// WithFailures expects error.failures to name every one of these missing
// documents by resourceName and identity (MUST), and no others (SHOULD).
func (e *Error) WithFailures(want ...Failure) *Error {
	var names []string
	for _, f := range want {
		names = append(names, f.ResourceName+" "+canonical(f.Identity))
	}
	return e.add("failures "+strings.Join(names, ", "), func(body map[string]any) []expect.Check {
		found, shown := expect.Lookup(body, "error", "failures")
		got, _ := found.([]any)
		if found != nil {
			shown = canonical(found)
		}
		var checks []expect.Check
		matched := map[int]bool{}
		for _, f := range want {
			found := false
			for i, g := range got {
				entry, _ := g.(map[string]any)
				if entry["resourceName"] == f.ResourceName && canonical(entry["identity"]) == canonical(f.Identity) {
					found, matched[i] = true, true
				}
			}
			checks = append(checks, expect.That(expect.Must, "failures names "+f.ResourceName, found,
				fmt.Sprintf(`{"resourceName":%q,"identity":%s}`, f.ResourceName, canonical(f.Identity)), shown))
		}
		return append(checks, expect.Equal(expect.Should, "number of failures", len(want), len(got)))
	})
}

// WithValidationErrors expects `error` to list a schema failure naming
// each of these members (JSONPaths such as $.schoolReference.schoolId),
// each entry with message, path and context (MUST), and no failures about
// other members (SHOULD). Decision: the document's "path: JSONPath" is
// met by $.a.b and by Meadowlark's own {requestBody}.a.b; a missing
// member may be named by its parent's path with the message naming it
// ({requestBody} must have required property 'b'), as Meadowlark does.
func (e *Error) WithValidationErrors(paths ...string) *Error {
	return e.add("validation errors at "+strings.Join(paths, ", "), func(body map[string]any) []expect.Check {
		found, shown := expect.Lookup(body, "error")
		list, ok := found.([]any)
		checks := []expect.Check{expect.That(expect.Must, "error", ok && len(list) > 0, "a list of validation errors", shown)}
		named := map[string]bool{}
		var others []string
		for i, item := range list {
			entry, _ := item.(map[string]any)
			message, _ := entry["message"].(string)
			path, _ := entry["path"].(string)
			_, hasContext := entry["context"].(map[string]any)
			checks = append(checks, expect.That(expect.Must, fmt.Sprintf("error[%d] has message, path and context", i),
				message != "" && path != "" && hasContext, "{message, path, context}", canonical(item)))
			about := false
			for _, p := range paths {
				if namesMember(path, message, p) {
					named[p], about = true, true
				}
			}
			if !about {
				others = append(others, fmt.Sprintf("%s (%s)", path, message))
			}
		}
		for _, p := range paths {
			checks = append(checks, expect.That(expect.Must, "a validation error at "+p, named[p], "present", "entries: "+entries(list)))
		}
		return append(checks, expect.That(expect.Should, "no validation errors about other members", len(others) == 0, "none", strings.Join(others, "; ")))
	})
}

// namesMember reports whether a validation error (its path and message)
// is about the member at want, a JSONPath ($.a[0].b).
func namesMember(path, message, want string) bool {
	got := normalPath(path)
	if got == want {
		return true
	}
	cut := strings.LastIndexAny(want, ".[")
	if cut <= 0 || got != want[:cut] {
		return false
	}
	name := strings.Trim(want[cut:], ".[]")
	return namesWord(message, name)
}

// normalPath writes Meadowlark's dot notation ({requestBody}.a.0.b) as
// the JSONPath $.a[0].b; a JSONPath stays as it is.
func normalPath(path string) string {
	if strings.HasPrefix(path, "{") {
		if end := strings.Index(path, "}"); end > 0 {
			path = "$" + path[end+1:]
		}
	}
	return arrayIndex.ReplaceAllString(path, "[$1]")
}

var arrayIndex = regexp.MustCompile(`\.([0-9]+)(?:$|\b)`)

// entries lists the path and message of each validation error, for a
// failure message.
func entries(list []any) string {
	var out []string
	for _, item := range list {
		entry, _ := item.(map[string]any)
		out = append(out, fmt.Sprintf("%v (%v)", entry["path"], entry["message"]))
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, "; ")
}

// WithConstraintFailure expects `error` to list the constraint failure
// for these two document paths.
func (e *Error) WithConstraintFailure(path1, path2 string) *Error {
	text := fmt.Sprintf("Constraint failure: document paths %s and %s must have the same values", path1, path2)
	return e.add(fmt.Sprintf("error [%q]", text), func(body map[string]any) []expect.Check {
		found, shown := expect.Lookup(body, "error")
		got := expect.Strings(found)
		mentions := slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, path1) && strings.Contains(g, path2) })
		return []expect.Check{
			expect.That(expect.Must, "error names both paths", mentions, "a failure naming "+path1+" and "+path2, shown),
			expect.Placed(expect.TextsAsSet("error", expect.Exact(text), got), shown),
		}
	})
}

// Match implements types.GomegaMatcher. A profile's expect.<spec id>
// overrides the status of error rows (Meadowlark's bodies carry no code or
// type); a success a race expects is never overridden.
func (e *Error) Match(actual any) (bool, error) {
	e.expected = expect.Expected{Status: e.status}
	if !e.success {
		e.expected = expect.Resolve(e.status, "")
	}
	expectation := e.expectation
	if e.expected.StatusOverridden {
		expectation = fmt.Sprintf("%d%s%s", e.expected.Status, strings.TrimPrefix(expectation, fmt.Sprint(e.status)), e.expected.Note)
	}
	e.m = expect.Matcher{Expectation: expectation, Checks: e.run}
	return e.m.Match(actual)
}

// FailureMessage lists every difference.
func (e *Error) FailureMessage(actual any) string { return e.m.FailureMessage(actual) }

// NegatedFailureMessage implements types.GomegaMatcher.
func (e *Error) NegatedFailureMessage(actual any) string { return e.m.NegatedFailureMessage(actual) }

func (e *Error) run(ex *transport.Exchange) []expect.Check {
	checks := []expect.Check{expect.Status(ex, e.expected.Status)}
	if e.bodiless || ex.Err != nil {
		return checks
	}
	body, envelope := expect.JSONBody(ex, Schema)
	checks = append(checks, envelope...)
	if body == nil {
		return checks
	}
	for _, c := range e.checks {
		checks = append(checks, c(body)...)
	}
	return checks
}

func isString(field string, v any, shown string) expect.Check {
	_, ok := v.(string)
	return expect.That(expect.Must, field, ok, "a text", shown)
}

// canonical renders a JSON value so values decoded from JSON and values a
// spec built compare equal (255901001 and 2.55901001e+08 alike).
func canonical(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var decoded any
	_ = json.Unmarshal(raw, &decoded)
	raw, _ = json.Marshal(decoded)
	return string(raw)
}
