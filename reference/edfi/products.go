package edfi

import (
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// Product modes: the server answers as a shipped Ed-Fi product does where
// specs/edfi/PRODUCTS.md records that it differs from the 7.2 knowledge
// base. The model is the same; each product is data over it (the rows
// named beside each value).
const (
	ModeProductODS73 = "product-ods-7.3"
	ModeProductDMS   = "product-dms"
)

// ProductModes documents the product modes.
var ProductModes = []reference.Switch{
	{Name: ModeProductODS73, Description: "answer as ODS/API 7.3 does (specs/edfi/PRODUCTS.md, rows O*): a writable profile content type of a read-only profile is 405 urn:ed-fi:api:profile:method-usage"},
	{Name: ModeProductDMS, Description: "answer as the Ed-Fi Data Management Service does (specs/edfi/PRODUCTS.md, rows D*): its 401, limit, identity-conflict and empty-PUT answers, writes without a Content-Type accepted, a PUT body id that must be the route's, its message texts, JSON syntax errors under $., a rate limit of 3 requests a second for the throttled client, validationErrors and errors in every body"},
}

// Modes are the modes the server accepts: the model's and the products'.
var Modes = append(slices.Clone(edfimodel.Modes), ProductModes...)

// product is how one product answers where it differs from the knowledge
// base.
type product struct {
	// problems replaces the problem a documented type stands for, by type.
	problems map[string]productProblem
	// texts rewrite details and messages: each pattern's match is replaced
	// (regexp.Expand syntax).
	texts []textRewrite
	// allMembers writes validationErrors and errors into every body, empty
	// or not.
	allMembers bool
	// emptyPutLikePost answers a PUT without a body as the knowledge base
	// documents a POST without one (a plain bad request).
	emptyPutLikePost bool
	// missingContentTypeAccepted reads a POST or PUT body without a
	// Content-Type as JSON.
	missingContentTypeAccepted bool
	// jsonPropertyNames names properties in messages as the JSON does
	// (codeValue), not as the data model does (CodeValue).
	jsonPropertyNames bool
	// notFoundOnUpdate is the detail of a PUT to an id nobody has.
	notFoundOnUpdate string
	// profileMethodUsage answers a profile content type its profile does
	// not offer for the resource with 405 method-usage.
	profileMethodUsage bool
	// bodyIDMustMatch refuses a PUT whose body id is not the route's.
	bodyIDMustMatch bool
	// budget, when set, is the rate limit one client meets.
	budget *requestBudget
	// syntaxErrors, when set, is how a body that is not JSON is reported:
	// under one path, the location in the product's parser's form.
	syntaxErrors *syntaxReport
	// label is the settings.product the overlay names, which selects the
	// specs of the cases only this product documents.
	label string
}

// requestBudget is a fixed window of requests for the client of role, as
// a deployment's rate limiter allows them. DMS limits every request; the
// mode limits one client's, so the rest of a run is never throttled.
type requestBudget struct {
	role     string
	requests int
	window   time.Duration
}

// syntaxReport places a JSON syntax error: every one under path, its
// message followed by location (a format taking line and position).
type syntaxReport struct{ path, location string }

// productProblem is what replaces a documented problem; empty fields keep
// the documented value.
type productProblem struct{ typ, title, detail string }

type textRewrite struct {
	pattern     *regexp.Regexp
	replacement string
}

func rewrite(pattern, replacement string) textRewrite {
	return textRewrite{regexp.MustCompile(pattern), replacement}
}

const (
	typeProfileMethodUsage = "urn:ed-fi:api:profile:method-usage"
	typeTooManyRequests    = "urn:ed-fi:api:too-many-requests"
)

var products = map[string]*product{
	ModeProductODS73: {
		label:              "ods-7.3",
		profileMethodUsage: true, // O1
	},
	ModeProductDMS: {
		problems: map[string]productProblem{
			typeAuthentication: {typ: "urn:ed-fi:api:unauthorized", title: "Unauthorized", detail: "Authorization failed"}, // D2
			typeParameter:      {typ: typeBadRequest, title: "Bad Request", detail: detailBadRequest},                      // D3
			typeNonUnique:      {typ: "urn:ed-fi:api:identity-conflict"},                                                   // D7
			typeDeniedAction:   {detail: "Access to the resource could not be authorized."},                                // D27
		},
		texts: []textRewrite{
			rewrite(`^Invalid Authorization header\.$`, "Invalid token"),                                                           // D2
			rewrite(`^Limit must be omitted or set to a value between`, "Limit must be omitted or set to a numeric value between"), // D3
			rewrite(`^(.*) by an existing '(\w+)' item\.$`, "$1 by existing $2 item(s)."),                                          // D8
			rewrite(`^The referenced '(\w+)' item does not exist\.$`, "The referenced $1 item(s) do not exist."),                   // D9
			// D27: actions by name, the resource claim by the resource's name.
			rewrite(`'http://ed-fi\.org/odsapi/actions/create'action`, "'Create' action"),
			rewrite(`'http://ed-fi\.org/odsapi/actions/read'action`, "'Read' action"),
			rewrite(`'http://ed-fi\.org/odsapi/actions/update'action`, "'Update' action"),
			rewrite(`'http://ed-fi\.org/odsapi/actions/delete'action`, "'Delete' action"),
			rewrite(`(action on one of the following resource claims: )(?:\S+, )*http://ed-fi\.org/ods/identity/claims/(?:domains/)?(\w+)$`, "${1}$2"),
			rewrite(`^Identifying values for the (\w+) item cannot be changed\. Delete and recreate the item instead\.$`, "Identifying values for the $1 resource cannot be changed. Delete and recreate the resource item instead."), // D18
		},
		allMembers:                 true,                                                                // D1
		emptyPutLikePost:           true,                                                                // D24
		notFoundOnUpdate:           "Resource to update was not found",                                  // D5
		jsonPropertyNames:          true,                                                                // D10, D25
		missingContentTypeAccepted: true,                                                                // D11
		bodyIDMustMatch:            true,                                                                // D22
		budget:                     &requestBudget{role: "throttled", requests: 3, window: time.Second}, // D34
		// D15: System.Text.Json's failures, all under "$.".
		syntaxErrors: &syntaxReport{path: "$.", location: " LineNumber: %d | BytePositionInLine: %d."},
		label:        "dms",
	},
}

// productFor returns the product the modes name, nil for the knowledge
// base's own answers.
func productFor(opts reference.Options) (*product, error) {
	var chosen *product
	var names []string
	for _, m := range opts.Modes {
		if p, ok := products[m]; ok {
			chosen = p
			names = append(names, m)
		}
	}
	if len(names) > 1 {
		return nil, fmt.Errorf("modes %s each name a product; choose one", strings.Join(names, ", "))
	}
	return chosen, nil
}

// answer applies the product's problems and texts to p.
func (pr *product) answer(p *problem) *problem {
	if pr == nil {
		return p
	}
	out := *p
	if r, ok := pr.problems[p.typ]; ok {
		out.typ = or(r.typ, out.typ)
		out.title = or(r.title, out.title)
		out.detail = or(r.detail, out.detail)
	}
	out.detail = pr.text(out.detail)
	out.errors = make([]string, len(p.errors))
	for i, e := range p.errors {
		out.errors[i] = pr.text(e)
	}
	out.validation = make([]pathErrors, len(p.validation))
	for i, pe := range p.validation {
		messages := make([]string, len(pe.messages))
		for j, m := range pe.messages {
			messages[j] = pr.text(m)
		}
		out.validation[i] = pathErrors{path: pe.path, messages: messages}
	}
	return &out
}

func (pr *product) text(s string) string {
	for _, t := range pr.texts {
		s = t.pattern.ReplaceAllString(s, t.replacement)
	}
	return s
}

func or(value, fallback string) string {
	if value != "" {
		return value
	}
	return fallback
}

// The remaining accessors are nil-safe so the knowledge base's server
// (no product) needs no checks of its own.

func (pr *product) writesAllMembers() bool        { return pr != nil && pr.allMembers }
func (pr *product) answersEmptyPutLikePost() bool { return pr != nil && pr.emptyPutLikePost }
func (pr *product) acceptsMissingContentType() bool {
	return pr != nil && pr.missingContentTypeAccepted
}
func (pr *product) namesPropertiesAsJSON() bool     { return pr != nil && pr.jsonPropertyNames }
func (pr *product) answersProfileMethodUsage() bool { return pr != nil && pr.profileMethodUsage }
func (pr *product) requiresMatchingBodyID() bool    { return pr != nil && pr.bodyIDMustMatch }
func (pr *product) settingsLabel() string {
	if pr == nil {
		return ""
	}
	return pr.label
}

// syntaxProblem reports a body that is not JSON (e) as the product does;
// nil for no error or where the product answers as the knowledge base.
func (pr *product) syntaxProblem(e *jsonError) *problem {
	if pr == nil || pr.syntaxErrors == nil || e == nil {
		return nil
	}
	p := validationProblem()
	for _, m := range e.messages {
		p.addValidation(pr.syntaxErrors.path, m+fmt.Sprintf(pr.syntaxErrors.location, e.line, e.pos))
	}
	return p
}

// rateLimit is the product's request budget, nil for none.
func (pr *product) rateLimit() *requestBudget {
	if pr == nil {
		return nil
	}
	return pr.budget
}

// throttle counts the budgeted client's requests in the current window.
type throttle struct {
	mu          sync.Mutex
	windowStart time.Time
	used        int
}

// checkBudget refuses the budgeted client's request past its window's
// allowance with DMS's 429 and a Retry-After until the window ends.
func (s *Server) checkBudget(c *call) *problem {
	b := s.product.rateLimit()
	if b == nil || c.client.role != b.role || s.opts.Has(DeviationRateLimitUnenforced) {
		return nil
	}
	now := s.cfg.Clock()
	s.throttle.mu.Lock()
	defer s.throttle.mu.Unlock()
	if now.Sub(s.throttle.windowStart) >= b.window {
		s.throttle.windowStart, s.throttle.used = now, 0
	}
	if s.throttle.used < b.requests {
		s.throttle.used++
		return nil
	}
	wait := b.window - now.Sub(s.throttle.windowStart)
	c.w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	return &problem{status: http.StatusTooManyRequests, typ: typeTooManyRequests, title: "Too Many Requests",
		detail: "The number of allowed requests has been exceeded. Retry the request later."}
}

func (pr *product) updateNotFoundDetail() string {
	if pr == nil {
		return ""
	}
	return pr.notFoundOnUpdate
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// malformedIDMessage reports a route id that is not an id, in ASP.NET
// model binding's words, as ODS/API and the Data Management Service do.
func malformedIDMessage(id string) string { return "The value '" + id + "' is not valid." }

// profileMethodUsageProblem is ODS/API's ProfileMethodUsageException.
func profileMethodUsageProblem(resource, profile string, u usage) *problem {
	return &problem{status: 405, typ: typeProfileMethodUsage, title: "Method Not Allowed with Profile",
		detail: fmt.Sprintf("%s An attempt was made to access a resource that is not %s using the profile.", detailProfileUsage, u),
		errors: []string{fmt.Sprintf("Resource class '%s' is not %s using API profile '%s'.", resource, u, profile)}}
}

// sameID reports whether a body id names the route's item; an id that is
// not an id names none.
func sameID(bodyID, routeID string) bool {
	a, okA := edfimodel.NormalizeID(bodyID)
	b, okB := edfimodel.NormalizeID(routeID)
	return okA && okB && a == b
}
