// Package edfi is the Ed-Fi ODS/API 7.2 reference server: an http.Handler
// over the shared Ed-Fi resource model (reference/edfimodel) that answers
// as the ODS/API's "Error Response Knowledge Base" documents, with OAuth2
// client credentials, claim sets, relationship and namespace authorization,
// API profiles, ETags and Json.NET-compatible body parsing.
//
// Like the ODS/API it publishes OpenAPI 3 metadata generated from the
// model: GET / names it (urls.openApiMetadata), /metadata/ lists the
// sections and /metadata/data/v3/{resources,descriptors}/swagger.json are
// the documents. The modes of edfimodel.Modes make the model stricter or
// withhold the metadata; the product modes (ProductModes) answer as a
// shipped product does.
//
// Where the knowledge base is silent or contradicts itself, the server
// chooses:
//   - A writable profile content type for a resource its profile only reads
//     is a 400 invalid-profile-usage ("Resource class 'School' is not
//     writable using API profile '...'."), as the document's heading
//     implies; ODS/API 7.2 itself answers 405 urn:ed-fi:api:profile:method-usage.
//   - An Int32 value too large reads "Error converting value N to type
//     'System.Int32'.", like the documented Int64 case (Json.NET's own
//     typed reader would say "JSON integer N is too large or small for an
//     Int32.").
//   - A single assigned profile applies implicitly to reads and writes, as
//     the ODS/API source does; naming another profile's content type is 403.
//   - The "unexpected end" sample's line 8, position 1 holds for a body
//     ending at its last brace; a trailing newline moves the end to line 9.
//   - The samples labelled charset=utf-16 but written in UTF-8 fail as the
//     wrong-encoding case documents; send them as UTF-8 for their own cases.
//
// Where the knowledge base has no sample, the server answers as ODS/API's
// own integration tests expect (specs/edfi/PRODUCTS.md, rows S2-S8): a
// malformed route id or id filter is a validation error at $.id, a PUT
// without a body one at $, an empty required string "should not be left
// empty", a client's correlation id is echoed, HEAD is 405 and a GET whose
// If-None-Match names the current ETag is 304.
package edfi

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// Deviation names: each breaks one documented behaviour.
const (
	DeviationTypeURNMisspelled        = "type-urn-misspelled"
	DeviationStatusMismatch           = "status-mismatch"
	DeviationFirstValidationErrorOnly = "first-validation-error-only"
	DeviationPatchNotFound            = "patch-not-found"
	DeviationDependentCheckDisabled   = "dependent-check-disabled"
	DeviationNoCorrelationID          = "no-correlation-id"
	DeviationContentTypeText          = "content-type-text"
	DeviationLimitUnchecked           = "limit-unchecked"
	DeviationIfMatchIgnored           = "if-match-ignored"
	DeviationExpiredTokenAccepted     = "expired-token-accepted"
	DeviationRequiredMessageReworded  = "required-message-reworded"

	DeviationMissingHeaderAnonymous    = "missing-header-anonymous"
	DeviationSchemeUnchecked           = "scheme-unchecked"
	DeviationBlankTokenAsInvalid       = "blank-token-as-invalid"
	DeviationUnknownTokenAccepted      = "unknown-token-accepted"
	DeviationUnassignedProfileAccepted = "unassigned-profile-accepted"
	DeviationNamespaceUnchecked        = "namespace-unchecked"
	DeviationPeopleUnchecked           = "people-relationships-unchecked"
	DeviationEdOrgClaimsUnchecked      = "edorg-claims-unchecked"
	DeviationRelationshipHintLeftOut   = "relationship-hint-left-out"
	DeviationActionClaimsUnchecked     = "action-claims-unchecked"
	DeviationMissingClaimAsAction      = "missing-claim-as-action"
	DeviationReferenceViolation500     = "reference-violation-500"
	DeviationUniqueViolation500        = "unique-violation-500"
	DeviationKeyChangeTypeGeneric      = "key-change-type-generic"
	DeviationClientIDsAccepted         = "client-ids-accepted"
	DeviationMaxLengthUnchecked        = "max-length-unchecked"
	DeviationLengthRangeUnchecked      = "length-range-unchecked"
	DeviationDangerousTextAccepted     = "dangerous-text-accepted"
	DeviationKeyWhitespaceAccepted     = "key-whitespace-accepted"
	DeviationMinItemsUnchecked         = "min-items-unchecked"
	DeviationKeyUnificationUnchecked   = "key-unification-unchecked"
	DeviationDescriptorsUnchecked      = "descriptors-unchecked"
	DeviationJSONErrorsUnpathed        = "json-errors-unpathed"
	DeviationEmptyBodyAsObject         = "empty-body-as-object"
	DeviationCharsetIgnored            = "charset-ignored"
	DeviationMediaTypeUnchecked        = "media-type-unchecked"
	DeviationPostToItemAccepted        = "post-to-item-accepted"
	DeviationCollectionWritesNotFound  = "collection-writes-not-found"
	DeviationSingularRoutesAccepted    = "singular-routes-accepted"
	DeviationPutCreatesAbsentID        = "put-creates-absent-id"
	DeviationMalformedIDBadRequest     = "malformed-id-bad-request"
	DeviationNegativeLimitIgnored      = "negative-limit-ignored"
	DeviationReadableProfileWrites     = "readable-profile-writes"
	DeviationReadOnlyProfileWritable   = "read-only-profile-writable"
	DeviationServerFailurePlainText    = "server-failure-plain-text"

	// Deviations of the product modes' own behaviours.
	DeviationBodyIDUnchecked = "body-id-unchecked"
	// DeviationRateLimitUnenforced lets the throttled client past its budget.
	DeviationRateLimitUnenforced = "rate-limit-unenforced"

	// Deviations of what ODS/API does beyond the knowledge base.
	DeviationRouteIDUnvalidated       = "route-id-unvalidated"
	DeviationEmptyPutBodyAsBadRequest = "empty-put-body-as-bad-request"
	DeviationIDFilterIgnored          = "id-filter-ignored"
	DeviationCorrelationIDReplaced    = "correlation-id-replaced"
	DeviationEmptyStringAsMissing     = "empty-string-as-missing"
	DeviationHeadAsGet                = "head-as-get"
	DeviationIfNoneMatchIgnored       = "if-none-match-ignored"
)

// FaultDatabaseUnreachable adds a stage whose ODS database cannot be
// reached: under StageDatabaseDown every authenticated data request is a
// 500, so the 500 spec can run.
const FaultDatabaseUnreachable = "database-unreachable"

// StageDatabaseDown prefixes the data path of the database-unreachable
// fault mode.
const StageDatabaseDown = "/db-down"

// Faults documents the fault modes the server accepts.
var Faults = []reference.Switch{
	{Name: FaultDatabaseUnreachable, Description: "under " + StageDatabaseDown + DataPath + "/... every authenticated request is a 500 system failure (the ODS database cannot be reached)"},
}

// Deviations documents the deviations the server accepts.
var Deviations = []reference.Switch{
	{Name: DeviationTypeURNMisspelled, Description: "data validation problem types read urn:ed-fi:api:bad-request:data-validation-fail instead of ...-failed"},
	{Name: DeviationStatusMismatch, Description: "the status in every problem body is the HTTP status plus one"},
	{Name: DeviationFirstValidationErrorOnly, Description: "validationErrors report only the first failing path"},
	{Name: DeviationPatchNotFound, Description: "PATCH is answered 404 not-found instead of 405 method-not-allowed"},
	{Name: DeviationDependentCheckDisabled, Description: "DELETE of a referenced item succeeds with 204"},
	{Name: DeviationNoCorrelationID, Description: "problem bodies carry no correlationId"},
	{Name: DeviationContentTypeText, Description: "problem bodies are sent as text/plain"},
	{Name: DeviationLimitUnchecked, Description: "limit values beyond the page size limit are accepted"},
	{Name: DeviationIfMatchIgnored, Description: "a stale If-Match header does not stop a PUT or DELETE"},
	{Name: DeviationExpiredTokenAccepted, Description: "expired bearer tokens are still accepted"},
	// The only deviation at SHOULD level: earlier ODS/API releases word it
	// so, and a lenient profile or the profile's `texts` must accept it.
	{Name: DeviationRequiredMessageReworded, Description: `a missing required property reads "The CodeValue field is required." instead of "CodeValue is required."`},

	{Name: DeviationMissingHeaderAnonymous, Description: "a request without an Authorization header is served as the first client"},
	{Name: DeviationSchemeUnchecked, Description: "any Authorization scheme is read as bearer, so Basic credentials are an invalid token"},
	{Name: DeviationBlankTokenAsInvalid, Description: `a bearer scheme without a token reads "Invalid Authorization header."`},
	{Name: DeviationUnknownTokenAccepted, Description: "a bearer token the server never issued is served as the first client"},
	{Name: DeviationUnassignedProfileAccepted, Description: "a profile content type not assigned to the client is honoured"},
	{Name: DeviationNamespaceUnchecked, Description: "namespace-secured resources are accepted whatever their namespace"},
	{Name: DeviationPeopleUnchecked, Description: "students and staff are reachable without a relationship to the client's education organizations"},
	{Name: DeviationEdOrgClaimsUnchecked, Description: "education organization ids are not checked against the client's claims"},
	{Name: DeviationRelationshipHintLeftOut, Description: "relationship 403s carry no hint naming the association to create"},
	{Name: DeviationActionClaimsUnchecked, Description: "any claim on a resource grants every action on it"},
	{Name: DeviationMissingClaimAsAction, Description: "a missing resource claim is typed access-denied:action instead of access-denied:resource"},
	{Name: DeviationReferenceViolation500, Description: "a reference to an item that does not exist is a 500 system failure (the database's foreign-key error, untranslated)"},
	{Name: DeviationUniqueViolation500, Description: "an identity another item holds is a 500 system failure (the database's unique-key error, untranslated)"},
	{Name: DeviationKeyChangeTypeGeneric, Description: "a key change is typed data-validation-failed, without :key-change-not-supported"},
	{Name: DeviationClientIDsAccepted, Description: "an id in a POST body is ignored instead of refused"},
	{Name: DeviationMaxLengthUnchecked, Description: "strings longer than a maximum-only length are accepted"},
	{Name: DeviationLengthRangeUnchecked, Description: "strings outside a minimum-and-maximum length range are accepted"},
	{Name: DeviationDangerousTextAccepted, Description: "markup characters in strings are accepted"},
	{Name: DeviationKeyWhitespaceAccepted, Description: "natural key strings with leading or trailing spaces are accepted"},
	{Name: DeviationMinItemsUnchecked, Description: "required collections may be empty"},
	{Name: DeviationKeyUnificationUnchecked, Description: "disagreeing values of a unified key are accepted"},
	{Name: DeviationDescriptorsUnchecked, Description: "descriptor values that do not exist are accepted"},
	{Name: DeviationJSONErrorsUnpathed, Description: "JSON reading errors are plain bad-request errors, not validationErrors by path"},
	{Name: DeviationEmptyBodyAsObject, Description: "an empty body is read as an empty object and validated"},
	{Name: DeviationCharsetIgnored, Description: "bodies are read as UTF-8 whatever charset the Content-Type declares"},
	{Name: DeviationMediaTypeUnchecked, Description: "POST and PUT bodies are read as JSON whatever their Content-Type, or none"},
	{Name: DeviationPostToItemAccepted, Description: "a POST to an item route upserts as a POST to the collection"},
	{Name: DeviationCollectionWritesNotFound, Description: "PUT and DELETE on a collection are 404 not-found instead of 405"},
	{Name: DeviationSingularRoutesAccepted, Description: "a resource name without its plural s routes to the resource"},
	{Name: DeviationPutCreatesAbsentID, Description: "a PUT to a well-formed id nobody has creates the item"},
	{Name: DeviationMalformedIDBadRequest, Description: "a route id that is not an id is a 400 parameter-validation-failed instead of a validation error at $.id"},
	{Name: DeviationNegativeLimitIgnored, Description: "a negative limit is ignored, as if none were given"},
	{Name: DeviationReadableProfileWrites, Description: "a readable profile content type is accepted on POST and PUT"},
	{Name: DeviationReadOnlyProfileWritable, Description: "a profile's writable content type is accepted for a resource it only reads"},
	{Name: DeviationServerFailurePlainText, Description: "a 500 is a plain-text error page instead of problem details (with the database-unreachable fault)"},
	{Name: DeviationOneMaxLengthUnchecked, Description: "a student's firstName may be longer than its maxLength of 75; every other length is checked"},
	{Name: DeviationOneRequiredUnchecked, Description: "an academic week's totalInstructionalDays may be left out; every other required member is required"},
	{Name: DeviationOneDescriptorUnchecked, Description: "a calendar's calendarTypeDescriptor may be a value that does not exist; every other descriptor is checked"},
	{Name: DeviationMetadataOverstatesRequired, Description: "the published metadata declares a student's middleName required, which the server does not require"},
	{Name: DeviationBodyIDUnchecked, Description: "with product-dms: a PUT whose body id differs from its route's is accepted"},
	{Name: DeviationRateLimitUnenforced, Description: "with product-dms: the throttled client is never refused for exceeding its rate limit"},
	{Name: DeviationRouteIDUnvalidated, Description: "a route id that is not an id is a 404 not-found instead of a validation error at $.id"},
	{Name: DeviationEmptyPutBodyAsBadRequest, Description: "a PUT without a body is a plain bad request, as the knowledge base shows for POST, instead of a validation error at $"},
	{Name: DeviationIDFilterIgnored, Description: "an id query filter that is not an id is ignored instead of a validation error at $.id"},
	{Name: DeviationCorrelationIDReplaced, Description: "a correlation-id header or correlationId query value is replaced by a new correlationId instead of echoed"},
	{Name: DeviationEmptyStringAsMissing, Description: `an empty required string reads "X is required." instead of "X is required and should not be left empty."`},
	{Name: DeviationHeadAsGet, Description: "HEAD is served as GET (200) instead of 405"},
	{Name: DeviationIfNoneMatchIgnored, Description: "If-None-Match naming the current ETag does not make a GET by id 304"},
}

// DataPath is where the resources are served.
const DataPath = "/data/v3/ed-fi"

// Config tunes a server beyond its deviations.
type Config struct {
	// TokenLifetime is how long an access token lives (default 30 minutes).
	TokenLifetime time.Duration
	// PageSizeLimit is the largest accepted limit (default 500).
	PageSizeLimit int
	// Clock returns the current time (default time.Now); tests move it to
	// expire tokens.
	Clock func() time.Time
}

func (c Config) withDefaults() Config {
	if c.TokenLifetime <= 0 {
		c.TokenLifetime = 30 * time.Minute
	}
	if c.PageSizeLimit <= 0 {
		c.PageSizeLimit = 500
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	return c
}

// Server is the Ed-Fi ODS/API reference server.
type Server struct {
	cfg     Config
	opts    reference.Options
	product *product // nil: the knowledge base's answers
	model   *edfimodel.Model
	store   *edfimodel.Store
	clients []*client // in role order
	// throttle counts the budgeted client's requests (product modes).
	throttle  throttle
	documents reference.Documents // the metadata, rendered once per base URL

	mu           sync.Mutex
	tokens       map[string]token
	expiredToken string
}

func init() {
	reference.Register(reference.Vendor{
		Name:       "edfi",
		Deviations: Deviations,
		Faults:     Faults,
		Modes:      Modes,
		New: func(o reference.Options) (reference.Server, error) {
			return New(Config{}, o)
		},
	})
}

// New builds a server with a freshly seeded store and freshly generated
// client secrets.
func New(cfg Config, opts reference.Options) (*Server, error) {
	prod, err := productFor(opts)
	if err != nil {
		return nil, err
	}
	store, err := edfimodel.NewReferenceStore(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg.withDefaults(), opts: opts, product: prod, model: store.Model(), store: store, tokens: map[string]token{}}
	s.clients = newClients()
	// An already expired token, for the suite's invalid-token cases.
	s.expiredToken = s.issue(s.clients[0], -time.Minute)
	return s, nil
}

// Store exposes the server's document store.
func (s *Server) Store() *edfimodel.Store { return s.store }

// ServeHTTP routes a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w = s.correlate(w, r)
	switch path := r.URL.Path; {
	case path == "/" || path == "":
		s.serveRoot(w, r)
	case path == "/oauth/token":
		s.serveToken(w, r)
	case path == "/metadata/data/v3/dependencies":
		s.serveDependencies(w, r)
	case strings.HasPrefix(path, DataPath+"/"):
		s.serveData(w, r)
	case strings.HasPrefix(path, StageDatabaseDown+DataPath+"/") && s.opts.Fault(FaultDatabaseUnreachable):
		s.serveDatabaseDown(w, r)
	default:
		if !s.serveMetadata(w, r, path) {
			s.writeProblem(w, dataNotFound())
		}
	}
}

// serveDatabaseDown answers as a deployment whose database is down:
// authentication works (tokens live in the API), everything after it fails.
func (s *Server) serveDatabaseDown(w http.ResponseWriter, r *http.Request) {
	if p := s.authenticate(&call{w: w, r: r}); p != nil {
		s.writeProblem(w, p)
		return
	}
	s.writeProblem(w, systemFailure(errors.New("a network-related or instance-specific error occurred while establishing a connection to the database")))
}

// call is one data request travelling through the pipeline.
type call struct {
	w        http.ResponseWriter
	r        *http.Request
	method   string
	resource *edfimodel.Resource
	id       string // raw id segment, "" for the collection
	hasID    bool
	client   *client
	profile  *profileUse // the profile content type in use, if any
	charset  string
}

// serveData runs the documented pipeline: resource resolution, method
// checks, authentication, content type, profile rules, resource claims,
// then the method's own steps.
func (s *Server) serveData(w http.ResponseWriter, r *http.Request) {
	segments := strings.Split(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, DataPath+"/"), "/"), "/")
	if len(segments) > 2 {
		s.writeProblem(w, dataNotFound())
		return
	}
	res := s.model.ByEndpoint(segments[0])
	if res == nil && s.opts.Has(DeviationSingularRoutesAccepted) {
		res = s.model.ByEndpoint(segments[0] + "s")
	}
	if res == nil {
		s.writeProblem(w, dataNotFound())
		return
	}
	c := &call{w: w, r: r, method: r.Method, resource: res}
	if c.method == http.MethodHead && s.opts.Has(DeviationHeadAsGet) {
		c.method = http.MethodGet
	}
	if len(segments) == 2 {
		c.id, c.hasID = segments[1], true
	}
	if p := s.checkMethod(c); p != nil {
		s.writeProblem(w, p)
		return
	}
	steps := []func(*call) *problem{s.authenticate, s.checkBudget, s.checkContentType, s.resolveProfile, s.checkClaims}
	for _, step := range steps {
		if p := step(c); p != nil {
			s.writeProblem(w, p)
			return
		}
	}
	var p *problem
	switch c.method {
	case http.MethodGet:
		p = s.get(c)
	case http.MethodPost:
		p = s.post(c)
	case http.MethodPut:
		p = s.put(c)
	case http.MethodDelete:
		p = s.delete(c)
	}
	if p != nil {
		s.writeProblem(w, p)
	}
}

func (s *Server) checkMethod(c *call) *problem {
	switch c.method {
	case http.MethodGet:
		return nil
	case http.MethodPost:
		if c.hasID && !s.opts.Has(DeviationPostToItemAccepted) {
			return methodNotAllowed(`Resource items can only be updated using PUT. To "upsert" an item in the data collection using POST, remove the "id" from the route.`)
		}
		return nil
	case http.MethodPut:
		if !c.hasID && s.opts.Has(DeviationCollectionWritesNotFound) {
			return dataNotFound()
		}
		if !c.hasID {
			return methodNotAllowed(`Resource collections cannot be replaced. To "upsert" an item in the collection, use POST. To update a specific item, use PUT and include the "id" in the route.`)
		}
		return nil
	case http.MethodDelete:
		if !c.hasID && s.opts.Has(DeviationCollectionWritesNotFound) {
			return dataNotFound()
		}
		if !c.hasID {
			return methodNotAllowed(`Resource collections cannot be deleted. To delete a specific item, use DELETE and include the "id" in the route.`)
		}
		return nil
	case http.MethodPatch:
		if s.opts.Has(DeviationPatchNotFound) {
			return dataNotFound()
		}
	}
	return methodNotAllowed("The endpoint of the request does not support the '" + c.method + "' method.")
}

// Profile returns the overlay that points the suite at this server.
func (s *Server) Profile(baseURL string) map[string]any {
	clients := map[string]any{}
	for _, c := range s.clients {
		clients[c.role] = map[string]any{"id": c.id, "secret": c.secret, "claimSet": c.claimSet.name}
	}
	settings := s.settings()
	if s.opts.Fault(FaultDatabaseUnreachable) {
		settings["internalErrorURL"] = baseURL + StageDatabaseDown + DataPath + "/academicWeeks"
	}
	if label := s.product.settingsLabel(); label != "" {
		settings["product"] = label
	}
	if b := s.product.rateLimit(); b != nil {
		settings["rateLimit"] = map[string]any{"requests": b.requests}
	}
	return map[string]any{
		"vendor": "edfi",
		"target": map[string]any{"baseURL": baseURL},
		"auth": map[string]any{
			"tokenURL": baseURL + "/oauth/token",
			"clients":  clients,
			"tokens":   map[string]any{"expired": map[string]any{"value": s.expiredToken}},
		},
		"settings": settings,
	}
}

// settings are the overlay's settings: the seeded data the specs use.
func (s *Server) settings() map[string]any {
	claims := []any{}
	for _, id := range s.clients[0].edOrgs {
		claims = append(claims, int(id))
	}
	namespaces := []any{}
	for _, ns := range s.clients[0].namespaces {
		namespaces = append(namespaces, ns)
	}
	return map[string]any{
		"dataPath":      DataPath,
		"pageSizeLimit": s.cfg.PageSizeLimit,
		"etags":         true,
		"educationOrganizations": map[string]any{
			"localEducationAgency":           edfimodel.SeedLocalEducationAgency,
			"school":                         edfimodel.SeedSchool,
			"otherSchool":                    edfimodel.SeedOtherSchool,
			"forbiddenSchool":                55901001,
			"forbiddenEducationOrganization": 1,
			"claims":                         claims,
		},
		"namespacePrefixes": namespaces,
		"schoolYear":        edfimodel.SeedSchoolYear,
		"missingSchoolYear": 4022,
		"courseOffering":    map[string]any{"localCourseCode": "ALG-1", "sessionName": "2021-2022 Fall Semester"},
		"profiles": map[string]any{
			"readOnly":   map[string]any{"resource": "School", "name": profileSchoolReadOnly},
			"assigned":   map[string]any{"resource": "Student", "name": profileStudentOnly},
			"unassigned": map[string]any{"resource": "Student", "name": profileStudentOnly2},
		},
	}
}
