// Package meadowlark is the Ed-Fi Meadowlark 0.4.0 reference server: a
// second front end over the shared Ed-Fi resource model
// (reference/edfimodel) that answers as Meadowlark's "Error Messages"
// document lists. It has Meadowlark's routes
// (/{stage}/{version}/ed-fi/{endpoint}[/{id}]), its own OAuth 2 server
// issuing HS256 JWTs, vendor and host client roles with ownership-based
// authorization, JSON Schema validation of bodies generated from the model,
// reference and superclass identity checks, limit/offset and property
// queries, and transactions that detect concurrent writes.
//
// Where the document is unclear the server chooses:
//   - Bodies are the document's JavaScript literals as JSON; the
//     conflict messages whose quotes the document breaks read
//     "Insert failed: the identity is in use by 'School' which is also
//     a(n) 'EducationOrganization'" with blockingUris beside the message.
//   - The unknown-resource message is the document's, names unquoted and
//     without a final period.
//   - blockingUris are /{version}/ed-fi/{endpoint}/{id}, the document's
//     shape without the stage.
//   - A delete that loses a race answers 404 with the write-conflict body,
//     as the document's table says.
package meadowlark

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// Deviation names: each breaks one documented behaviour.
const (
	DeviationInvalidAuthHeader401 = "invalid-auth-header-401"
	DeviationDeleteReferenced     = "delete-referenced-allowed"
	DeviationBlockingURIsEmpty    = "blocking-uris-empty"
	DeviationOffsetWithoutLimit   = "offset-without-limit"
	DeviationSchemaFirstErrorOnly = "schema-first-error-only"
	DeviationOwnershipIgnored     = "ownership-ignored"
	DeviationExpiredTokenAccepted = "expired-token-accepted"
	DeviationSuggestionLeftOut    = "suggestion-left-out"
	DeviationFirstFailureOnly     = "reference-failures-first-only"

	DeviationConcurrencyControlOff = "concurrency-control-off"
	DeviationMalformedJWTAsHeader  = "malformed-jwt-as-invalid-header"
	DeviationBadSignature403       = "bad-signature-403"
	DeviationUnreachable500        = "unreachable-dependency-500"
	DeviationEmptyBodyAsObject     = "empty-body-as-object"
	DeviationMalformedBody500      = "malformed-body-500"
	DeviationMalformedUUID400      = "malformed-uuid-400"
	DeviationConstraintsUnchecked  = "constraints-unchecked"
	DeviationNegativePagingIgnored = "negative-paging-ignored"
	DeviationUnknownQueryIgnored   = "unknown-query-property-ignored"
	DeviationCollectionPutNotFound = "collection-put-not-found"
	DeviationBodyIDIgnored         = "body-id-ignored"
	DeviationReferenceFailures400  = "reference-failures-400"
	DeviationImmutableIdentity409  = "immutable-identity-409"
	DeviationNamesQuoted           = "names-quoted"
)

// Deviations documents the deviations the server accepts.
var Deviations = []reference.Switch{
	{Name: DeviationInvalidAuthHeader401, Description: "a missing or non-Bearer Authorization header is answered 401 instead of 400"},
	{Name: DeviationDeleteReferenced, Description: "DELETE of a document other documents reference succeeds"},
	{Name: DeviationBlockingURIsEmpty, Description: "blockingUris is always an empty array"},
	{Name: DeviationOffsetWithoutLimit, Description: "offset is accepted without limit"},
	{Name: DeviationSchemaFirstErrorOnly, Description: "a JSON Schema failure reports only its first error"},
	{Name: DeviationOwnershipIgnored, Description: "vendor clients may read and change documents other clients created"},
	{Name: DeviationExpiredTokenAccepted, Description: "expired JWTs are still accepted"},
	{Name: DeviationSuggestionLeftOut, Description: "the unknown-resource message names no similar resource"},
	{Name: DeviationFirstFailureOnly, Description: "reference validation failures name only the first missing document"},
	{Name: DeviationConcurrencyControlOff, Description: "writes commit without checking the version they read: the last write wins and no write conflicts"},
	{Name: DeviationMalformedJWTAsHeader, Description: "a bearer token that is not a JWT is answered 400 Invalid authorization header instead of 401"},
	{Name: DeviationBadSignature403, Description: "a JWT whose signature does not verify is answered 403 instead of 401"},
	{Name: DeviationUnreachable500, Description: "an unreachable OAuth or query server is answered 500 instead of 502 (with the fault modes)"},
	{Name: DeviationEmptyBodyAsObject, Description: "an empty POST or PUT body is validated as {} instead of answered Missing body"},
	{Name: DeviationMalformedBody500, Description: "a body that is not JSON is a 500 with no body (the parser's exception, unhandled)"},
	{Name: DeviationMalformedUUID400, Description: "a route id that is not a UUID is answered 400 instead of 404"},
	{Name: DeviationConstraintsUnchecked, Description: "document values the model unifies may disagree"},
	{Name: DeviationNegativePagingIgnored, Description: "a negative limit or offset is ignored, as if none were given"},
	{Name: DeviationUnknownQueryIgnored, Description: "query parameters naming no property are ignored"},
	{Name: DeviationCollectionPutNotFound, Description: "a PUT to a collection is answered 404 instead of 400"},
	{Name: DeviationBodyIDIgnored, Description: "a PUT body's id is not compared with the route's"},
	{Name: DeviationReferenceFailures400, Description: "reference validation failures are answered 400 instead of 409"},
	{Name: DeviationImmutableIdentity409, Description: "a change to an immutable identity is answered 409 instead of 400"},
	{Name: DeviationNamesQuoted, Description: "resource and property names in messages are quoted, and the suggestion ends with a period, as Meadowlark 0.4.0 words them"},
}

// Fault names: each simulates an unreachable dependency behind its own
// stage, so the rest of the server stays healthy.
const (
	FaultOAuthServerUnreachable = "oauth-server-unreachable"
	FaultQueryServerUnreachable = "query-server-unreachable"
)

// Faults documents the fault modes.
var Faults = []reference.Switch{
	{Name: FaultOAuthServerUnreachable, Description: "stage " + StageOAuthDown + " cannot reach its OAuth server: every data request there is 502"},
	{Name: FaultQueryServerUnreachable, Description: "stage " + StageQueryDown + " cannot reach its query server: GET of a collection there is 502"},
}

// Route segments.
const (
	Stage          = "local"
	StageOAuthDown = "oauth-down"
	StageQueryDown = "query-down"
	Version        = "v3.3b"
	Namespace      = "ed-fi"
)

// Config tunes a server beyond its deviations and faults.
type Config struct {
	// TokenLifetime is how long an access token lives (default 1 hour).
	TokenLifetime time.Duration
	// TransactionWindow is how long a write transaction takes between
	// reading a document and committing when another write of the document
	// is in flight or ended less than the window ago (default 3ms); such
	// writes conflict. A write no other meets commits at once.
	TransactionWindow time.Duration
	// Clock returns the current time (default time.Now).
	Clock func() time.Time
}

func (c Config) withDefaults() Config {
	if c.TokenLifetime <= 0 {
		c.TokenLifetime = time.Hour
	}
	if c.TransactionWindow <= 0 {
		c.TransactionWindow = 3 * time.Millisecond
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	return c
}

// Server is the Meadowlark reference server.
type Server struct {
	cfg          Config
	opts         reference.Options
	model        *edfimodel.Model
	store        *edfimodel.Store
	schemas      *schemas
	signingKey   []byte
	documents    reference.Documents // the metadata, rendered once per base URL
	transactions *transactions

	mu      sync.Mutex
	clients map[string]*client // by client id
	roles   map[string]*client // the profile's clients by role name
	expired string             // an expired token, for the inactive-JWT case
}

func init() {
	reference.Register(reference.Vendor{
		Name:       "meadowlark",
		Deviations: Deviations,
		Modes:      edfimodel.Modes,
		Faults:     Faults,
		New: func(o reference.Options) (reference.Server, error) {
			return New(Config{}, o)
		},
	})
}

// New builds a server with a freshly seeded store, a random signing key
// and freshly generated client secrets.
func New(cfg Config, opts reference.Options) (*Server, error) {
	store, err := edfimodel.NewReferenceStore(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg.withDefaults(), opts: opts, model: store.Model(), store: store,
		schemas: newSchemas(store.Model()), signingKey: randomBytes(32),
		clients: map[string]*client{}, roles: map[string]*client{}}
	s.transactions = newTransactions(s.cfg.TransactionWindow)
	for _, r := range []struct{ name, role string }{
		{"primary", roleVendor}, {"secondVendor", roleVendor}, {"host", roleHost}, {"admin", roleAdmin},
	} {
		s.roles[r.name] = s.addClient(r.name, []string{r.role})
	}
	s.expired = s.issue(s.roles["primary"], -time.Minute)
	return s, nil
}

// Store exposes the server's document store.
func (s *Server) Store() *edfimodel.Store { return s.store }

// ServeHTTP routes a request: /{stage}/oauth/..., /{stage}/metadata/...,
// /{stage}/{version}/...
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segments := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if !s.knownStage(segments[0]) {
		writeEmpty(w, http.StatusNotFound)
		return
	}
	switch {
	case len(segments) == 1 || segments[1] == Version && len(segments) == 2:
		s.apiVersion(w, r, segments[0])
	case segments[1] == "metadata":
		s.serveMetadata(w, r, segments[0], strings.TrimPrefix(r.URL.Path, "/"+segments[0]+"/"))
	case segments[1] == "oauth" && len(segments) == 3 && segments[2] == "token":
		s.serveToken(w, r)
	case segments[1] == "oauth" && len(segments) == 3 && segments[2] == "clients":
		s.serveClients(w, r)
	case segments[1] == Version && len(segments) >= 4 && len(segments) <= 5 && segments[2] == Namespace:
		c := &call{w: w, r: r, stage: segments[0], endpoint: segments[3]}
		if len(segments) == 5 {
			c.id, c.hasID = segments[4], true
		}
		s.serveData(c)
	default:
		writeEmpty(w, http.StatusNotFound)
	}
}

// knownStage accepts the healthy stage and the stage of each fault mode
// in force.
func (s *Server) knownStage(stage string) bool {
	switch stage {
	case Stage:
		return true
	case StageOAuthDown:
		return s.opts.Fault(FaultOAuthServerUnreachable)
	case StageQueryDown:
		return s.opts.Fault(FaultQueryServerUnreachable)
	}
	return false
}

// Profile returns the overlay that points the suite at this server.
func (s *Server) Profile(baseURL string) map[string]any {
	clients := map[string]any{}
	for name, c := range s.roles {
		clients[name] = map[string]any{"id": c.id, "secret": c.secret}
	}
	settings := map[string]any{
		"namespace":           Namespace,
		"schoolId":            edfimodel.SeedSchool,
		"descriptorNamespace": "uri://ed-fi.org",
	}
	if s.opts.Fault(FaultOAuthServerUnreachable) {
		settings["oauthServerUnreachableURL"] = baseURL + "/" + StageOAuthDown + "/" + Version + "/" + Namespace + "/academicWeeks"
	}
	if s.opts.Fault(FaultQueryServerUnreachable) {
		settings["queryServerUnreachableURL"] = baseURL + "/" + StageQueryDown + "/" + Version + "/" + Namespace + "/academicWeeks"
	}
	return map[string]any{
		"vendor": "meadowlark",
		"target": map[string]any{"baseURL": baseURL + "/" + Stage + "/" + Version},
		"auth": map[string]any{
			"tokenURL": baseURL + "/" + Stage + "/oauth/token",
			"clients":  clients,
			"tokens":   map[string]any{"expired": map[string]any{"value": s.expired}},
		},
		"settings": settings,
	}
}
