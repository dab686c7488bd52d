package edlink

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/edconform/edconform/reference"
	"github.com/google/uuid"
)

// BasePath is where the API is mounted, as in https://ed.link/api/v2.
const BasePath = "/api/v2"

// Deviation names: each breaks one documented behaviour.
const (
	DeviationErrorsRenamed            = "errors-renamed"
	DeviationCodesLowercased          = "codes-lowercased"
	DeviationRequestIDMissing         = "request-id-missing"
	DeviationPageSizeUnchecked        = "page-size-unchecked"
	DeviationUnknownIDEmpty200        = "unknown-id-empty-200"
	DeviationIdempotencyIgnored       = "idempotency-ignored"
	DeviationExpiredCursorAccepted    = "expired-cursor-accepted"
	DeviationInvalidUUIDNotFound      = "invalid-uuid-not-found"
	DeviationUndeclaredEdlinkStatuses = "undeclared-edlink-statuses"

	DeviationAnonymousNotFound          = "anonymous-not-found"
	DeviationUnknownTokenExpired        = "unknown-token-expired"
	DeviationTokenKindUnchecked         = "token-kind-unchecked"
	DeviationExpiredTokenInvalid        = "expired-token-invalid"
	DeviationUnsharedTokenServed        = "unshared-token-served"
	DeviationDisabledIntegrationServed  = "disabled-integration-served"
	DeviationPausedIntegrationRefused   = "paused-integration-refused"
	DeviationStudentWritesAllowed       = "student-writes-allowed"
	DeviationTANotAuthor                = "ta-not-author"
	DeviationTitleNotRequired           = "title-not-required"
	DeviationDescriptionNotRequired     = "description-not-required"
	DeviationDueDateNotRequired         = "due-date-not-required"
	DeviationGradingTypeNotRequired     = "grading-type-not-required"
	DeviationPatchNullIgnored           = "patch-null-ignored"
	DeviationMissingFieldsNamed         = "missing-fields-named"
	DeviationSubmissionTypesUnchecked   = "submission-types-unchecked"
	DeviationAssigneeIDsOptional        = "assignee-ids-optional"
	DeviationAssigneeIDInvalidUUID      = "assignee-id-invalid-uuid"
	DeviationAssigneesUnresolved        = "assignees-unresolved"
	DeviationIndividualsModeUnknown     = "individuals-mode-unknown"
	DeviationUnknownCursorRestarts      = "unknown-cursor-restarts"
	DeviationCursorBoundToQuery         = "cursor-bound-to-query"
	DeviationPageSizeZeroDefault        = "page-size-zero-default"
	DeviationPageSizeMaxExclusive       = "page-size-max-exclusive"
	DeviationAssignmentPageSizeRoster   = "assignment-page-size-rostering"
	DeviationIdempotencyKeyUnbounded    = "idempotency-key-length-unchecked"
	DeviationUnknownRoutePlain404       = "unknown-route-plain-404"
	DeviationProviderSignInUnchecked    = "provider-sign-in-unchecked"
	DeviationProviderExpiryUnchecked    = "provider-token-expiry-unchecked"
	DeviationProviderCapabilityIgnored  = "provider-capability-unchecked"
	DeviationEnrichmentOnlyPersonServed = "enrichment-only-person-served"
	DeviationEnrichmentOnlyClassServed  = "enrichment-only-class-served"
	DeviationUnknownProviderNotFound    = "unknown-provider-not-found"
	DeviationStoreFailureUnknown        = "store-failure-unknown"
	DeviationUnclassifiedInternal       = "unclassified-failure-internal"
	DeviationForeignEntitiesVisible     = "foreign-entities-visible"
	DeviationUnsharedPeopleVisible      = "unshared-people-visible"
	DeviationUnknownParentEmptyList     = "unknown-parent-empty-list"
	DeviationMyClassEnrollmentUnchecked = "my-class-enrollment-unchecked"
	DeviationAssignmentClassUnchecked   = "assignment-class-unchecked"
	DeviationStudentsSeeAllAssignments  = "students-see-all-assignments"
)

// Fault mode names: each adds an integration in a state a healthy server is
// never in, reachable through its own token.
const (
	FaultUnknownError    = "unknown-error"
	FaultInternalError   = "internal-error"
	FaultUnknownProvider = "unknown-provider"
)

var deviations = []reference.Switch{
	{Name: DeviationErrorsRenamed, Description: "error envelopes name the error list $error instead of $errors"},
	{Name: DeviationCodesLowercased, Description: "error codes are sent in lower case"},
	{Name: DeviationRequestIDMissing, Description: "responses omit $request"},
	{Name: DeviationPageSizeUnchecked, Description: "rostering endpoints accept $first above 10000 instead of INVALID_PAGE_SIZE"},
	{Name: DeviationUnknownIDEmpty200, Description: "an unknown id is answered 200 with an empty $data instead of NOT_FOUND"},
	{Name: DeviationIdempotencyIgnored, Description: "a repeated $idempotency key performs the request again instead of replaying the first response"},
	{Name: DeviationExpiredCursorAccepted, Description: "expired cursors are honoured instead of INVALID_CURSOR"},
	{Name: DeviationInvalidUUIDNotFound, Description: "malformed ids are answered NOT_FOUND instead of INVALID_UUID"},
	{Name: DeviationUndeclaredEdlinkStatuses, Description: "uses 401 for INVALID_TOKEN/EXPIRED_TOKEN and 404 for NOT_FOUND without declaring it in the profile"},

	{Name: DeviationAnonymousNotFound, Description: "a request without an Authorization header is answered NOT_FOUND instead of INVALID_TOKEN"},
	{Name: DeviationUnknownTokenExpired, Description: "a bearer token the server never issued is answered EXPIRED_TOKEN instead of INVALID_TOKEN"},
	{Name: DeviationTokenKindUnchecked, Description: "tokens work on either API: person tokens are served on /graph, integration tokens on /my find no person (NOT_FOUND)"},
	{Name: DeviationExpiredTokenInvalid, Description: "an expired person token is answered INVALID_TOKEN instead of EXPIRED_TOKEN"},
	{Name: DeviationUnsharedTokenServed, Description: "the token of a person the sharing rules exclude is served instead of UNSHARED_TOKEN"},
	{Name: DeviationDisabledIntegrationServed, Description: "integrations in any state are served instead of INVALID_INTEGRATION_STATE"},
	{Name: DeviationPausedIntegrationRefused, Description: "paused integrations are refused with INVALID_INTEGRATION_STATE; only active ones are served"},
	{Name: DeviationStudentWritesAllowed, Description: "anyone enrolled in a class may write its assignments, students too, instead of NO_PERMISSION"},
	{Name: DeviationTANotAuthor, Description: "a ta of the class may not write its assignments (NO_PERMISSION)"},
	{Name: DeviationTitleNotRequired, Description: "an assignment without title is accepted"},
	{Name: DeviationDescriptionNotRequired, Description: "an assignment without description is accepted"},
	{Name: DeviationDueDateNotRequired, Description: "an assignment without due_date is accepted"},
	{Name: DeviationGradingTypeNotRequired, Description: "an assignment without grading_type is accepted"},
	{Name: DeviationPatchNullIgnored, Description: "a null in a PATCH leaves the field as it was instead of clearing it"},
	{Name: DeviationMissingFieldsNamed, Description: "MISSING_REQUIRED_FIELD's message names the missing fields instead of the document's text"},
	{Name: DeviationSubmissionTypesUnchecked, Description: "submission_types are not checked against the known types"},
	{Name: DeviationAssigneeIDsOptional, Description: "an individuals assignment without assignee_ids is accepted, assigned to nobody"},
	{Name: DeviationAssigneeIDInvalidUUID, Description: "an assignee id that is not a UUID is answered INVALID_UUID instead of INVALID_ASSIGNEES"},
	{Name: DeviationAssigneesUnresolved, Description: "assignee ids are checked for their format only, not for naming a person enrolled in the class"},
	{Name: DeviationIndividualsModeUnknown, Description: "assignee_mode individuals is unknown (INVALID_ASSIGNEES) though the profile lists it; only individual is accepted"},
	{Name: DeviationUnknownCursorRestarts, Description: "a cursor the server never issued lists from the first page instead of INVALID_CURSOR"},
	{Name: DeviationCursorBoundToQuery, Description: "a cursor is honoured only with the query it was issued under, which its $next link does not carry"},
	{Name: DeviationPageSizeZeroDefault, Description: "$first=0 takes the default page size instead of INVALID_PAGE_SIZE"},
	{Name: DeviationPageSizeMaxExclusive, Description: "$first must stay below the bound: 10000 on rostering lists is INVALID_PAGE_SIZE"},
	{Name: DeviationAssignmentPageSizeRoster, Description: "assignment lists take the rostering bound (10000) instead of the provider's"},
	{Name: DeviationIdempotencyKeyUnbounded, Description: "$idempotency keys of any length are accepted instead of IDEMPOTENCY_KEY_TOO_LONG"},
	{Name: DeviationUnknownRoutePlain404, Description: "an unknown path is answered by a plain-text 404 instead of the NOT_FOUND envelope"},
	{Name: DeviationProviderSignInUnchecked, Description: "people who never signed in with their provider are served instead of INVALID_PROVIDER_TOKEN"},
	{Name: DeviationProviderExpiryUnchecked, Description: "expired provider tokens are used instead of INVALID_PROVIDER_TOKEN"},
	{Name: DeviationProviderCapabilityIgnored, Description: "assignment requests on a provider without assignments are served instead of UNSUPPORTED_OPERATION"},
	{Name: DeviationEnrichmentOnlyPersonServed, Description: "a person present only through enrichment may use assignments instead of ENTITY_NOT_PRESENT_IN_SOURCE"},
	{Name: DeviationEnrichmentOnlyClassServed, Description: "a class present only through enrichment has assignments instead of ENTITY_NOT_PRESENT_IN_SOURCE"},
	{Name: DeviationUnknownProviderNotFound, Description: "an integration whose provider is unknown is answered NOT_FOUND instead of UNKNOWN_PROVIDER (fault mode unknown-provider)"},
	{Name: DeviationStoreFailureUnknown, Description: "a data store failure is answered UNKNOWN instead of INTERNAL (fault mode internal-error)"},
	{Name: DeviationUnclassifiedInternal, Description: "an unclassified failure is answered INTERNAL instead of UNKNOWN (fault mode unknown-error)"},
	{Name: DeviationForeignEntitiesVisible, Description: "an entity id of another integration's source is served instead of NOT_FOUND"},
	{Name: DeviationUnsharedPeopleVisible, Description: "people the sharing rules exclude, and their enrollments, are served instead of NOT_FOUND"},
	{Name: DeviationUnknownParentEmptyList, Description: "a sub-collection of an unknown parent is an empty list instead of NOT_FOUND"},
	{Name: DeviationMyClassEnrollmentUnchecked, Description: "GET /my/classes/{id} serves a class the person is not enrolled in instead of NOT_FOUND"},
	{Name: DeviationAssignmentClassUnchecked, Description: "an assignment is found by its id under any class the path names instead of NOT_FOUND"},
	{Name: DeviationStudentsSeeAllAssignments, Description: "students see every assignment of their class, not only those assigned to them"},
}

var faults = []reference.Switch{
	{Name: FaultUnknownError, Description: "token unknownError: an integration whose provider answers unrecognisably; every request fails with UNKNOWN"},
	{Name: FaultInternalError, Description: "token internalError: an integration whose data store is unavailable; every request fails with INTERNAL"},
	{Name: FaultUnknownProvider, Description: "token unknownProvider: an integration whose provider is not known; every request fails with UNKNOWN_PROVIDER"},
}

func init() {
	reference.Register(reference.Vendor{
		Name:       "edlink",
		Deviations: deviations,
		Faults:     faults,
		New: func(opts reference.Options) (reference.Server, error) {
			return New(Config{Options: opts})
		},
	})
}

// Config configures a Server; zero values take the defaults.
type Config struct {
	Options reference.Options
	// EdlinkStatuses answers INVALID_TOKEN and EXPIRED_TOKEN with 401 and
	// NOT_FOUND with 404, as Edlink's guides describe, instead of the error
	// document's 400, and declares so in the profile (settings.statusOverrides).
	EdlinkStatuses bool
	// PersonTokenLifetime is how long seeded person tokens stay valid (default 24h).
	PersonTokenLifetime time.Duration
	// CursorLifetime is how long a $cursor stays valid (default 1h).
	CursorLifetime time.Duration
	// IdempotencyLifetime is how long a $idempotency key is remembered (default 24h).
	IdempotencyLifetime time.Duration
	// DefaultPageSize applies when $first is omitted (default 100).
	DefaultPageSize int
	// Clock tells the time (default time.Now); tests move it.
	Clock func() time.Time
}

const (
	rosterPageSizeMax       = 10000
	idempotencyKeyMaxLength = 255
	maxBodyBytes            = 1 << 20
)

// Server is the in-memory Edlink API v2.
type Server struct {
	cfg Config

	mu           sync.Mutex
	providers    map[string]*provider
	integrations map[string]*integration
	tokens       map[string]*token
	cursors      map[string]*cursor
	idempotent   map[string]*storedResponse
	routes       []route

	// profileTokens and settings are what Profile exposes of the seed.
	profileTokens map[string]string
	settings      map[string]any
}

// New builds a server with its seeded data.
func New(cfg Config) (*Server, error) {
	if cfg.PersonTokenLifetime < 0 || cfg.CursorLifetime < 0 || cfg.IdempotencyLifetime < 0 || cfg.DefaultPageSize < 0 {
		return nil, fmt.Errorf("edlink reference server: negative lifetime or page size in config")
	}
	if cfg.DefaultPageSize > rosterPageSizeMax {
		return nil, fmt.Errorf("edlink reference server: default page size %d above %d", cfg.DefaultPageSize, rosterPageSizeMax)
	}
	setDefault(&cfg.PersonTokenLifetime, 24*time.Hour)
	setDefault(&cfg.CursorLifetime, time.Hour)
	setDefault(&cfg.IdempotencyLifetime, 24*time.Hour)
	setDefault(&cfg.DefaultPageSize, 100)
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	s := &Server{
		cfg:           cfg,
		providers:     map[string]*provider{},
		integrations:  map[string]*integration{},
		tokens:        map[string]*token{},
		cursors:       map[string]*cursor{},
		idempotent:    map[string]*storedResponse{},
		profileTokens: map[string]string{},
		settings:      map[string]any{},
	}
	s.routes = s.buildRoutes()
	s.seed()
	return s, nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func (s *Server) now() time.Time { return s.cfg.Clock() }

// response is a finished reply, kept whole so idempotency keys can replay it.
type response struct {
	status      int
	contentType string // JSON when empty
	body        []byte
}

// reply is what a handler produces on success.
type reply struct {
	data any
	next string // full URL of the next page, if any
}

// ServeHTTP answers one request. One lock covers the whole request: the
// store is small and this keeps idempotent replays exact.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	resp := s.handle(r)
	s.mu.Unlock()
	contentType := resp.contentType
	if contentType == "" {
		contentType = "application/json; charset=utf-8"
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

func (s *Server) handle(r *http.Request) (resp response) {
	requestID := uuid.NewString()
	defer func() {
		if p := recover(); p != nil {
			resp = s.errorResponse(requestID, s.classify(fmt.Errorf("panic: %v", p)))
		}
	}()
	rt, params, ok := s.match(r.Method, r.URL.Path)
	if !ok && s.deviates(DeviationUnknownRoutePlain404) {
		return response{status: http.StatusNotFound, contentType: "text/plain; charset=utf-8", body: []byte("404 page not found\n")}
	}
	if !ok {
		return s.errorResponse(requestID, fail(codeNotFound))
	}
	p, err := s.authenticate(r, rt.api)
	if err != nil {
		return s.errorResponse(requestID, s.classify(err))
	}
	key, hasKey := idempotencyKey(r)
	if hasKey && utf8.RuneCountInString(key) > idempotencyKeyMaxLength && !s.deviates(DeviationIdempotencyKeyUnbounded) {
		return s.errorResponse(requestID, fail(codeIdempotencyKeyTooLong))
	}
	scope := p.key() + "\x00" + key
	if hasKey && !s.cfg.Options.Has(DeviationIdempotencyIgnored) {
		if stored := s.recall(scope); stored != nil {
			return stored.response
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return s.errorResponse(requestID, s.classify(err))
	}
	c := &call{s: s, r: r, params: params, p: p, body: body, path: strings.TrimPrefix(r.URL.Path, BasePath)}
	out, err := rt.handle(c)
	if err != nil {
		resp = s.errorResponse(requestID, s.classify(err))
	} else {
		resp = s.successResponse(requestID, out)
	}
	if hasKey {
		s.remember(scope, resp)
	}
	return resp
}

// principal is who a request acts as: an integration, and for person tokens
// the person.
type principal struct {
	integration *integration
	source      *source
	provider    *provider
	person      *entity // nil for integration tokens
}

func (p *principal) key() string {
	if p.person == nil {
		return p.integration.id
	}
	return p.integration.id + "/" + p.person.id
}

// authenticate resolves the bearer token, in the order a request fails:
// token, expiry, integration state, provider, source, sharing.
func (s *Server) authenticate(r *http.Request, api tokenKind) (*principal, error) {
	header := r.Header.Get("Authorization")
	if header == "" && s.deviates(DeviationAnonymousNotFound) {
		return nil, fail(codeNotFound)
	}
	scheme, value, _ := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return nil, fail(codeInvalidToken)
	}
	tok := s.tokens[strings.TrimSpace(value)]
	if tok == nil && s.deviates(DeviationUnknownTokenExpired) {
		return nil, fail(codeExpiredToken)
	}
	if tok == nil || (tok.kind != api && !s.deviates(DeviationTokenKindUnchecked)) {
		return nil, fail(codeInvalidToken)
	}
	if !tok.expires.IsZero() && !s.now().Before(tok.expires) {
		if s.deviates(DeviationExpiredTokenInvalid) {
			return nil, fail(codeInvalidToken)
		}
		return nil, fail(codeExpiredToken)
	}
	in := tok.integration
	if !s.usableState(in.state) {
		return nil, fail(codeInvalidIntegrationState)
	}
	prov := s.providers[in.source.providerID]
	if prov == nil {
		if s.deviates(DeviationUnknownProviderNotFound) {
			return nil, fail(codeNotFound)
		}
		return nil, fail(codeUnknownProvider)
	}
	if in.source.failure != nil {
		return nil, in.source.failure
	}
	p := &principal{integration: in, source: in.source, provider: prov}
	if tok.kind == personToken {
		p.person = in.source.find(kindPeople, tok.personID)
		if p.person == nil {
			return nil, fail(codeInvalidToken)
		}
		if !in.shares(p.person.id) && !s.deviates(DeviationUnsharedTokenServed) {
			return nil, fail(codeUnsharedToken)
		}
	}
	if api == personToken && p.person == nil {
		// An integration token on the User API (token-kind-unchecked) has
		// no person to act as.
		return nil, fail(codeNotFound)
	}
	return p, nil
}

// usableState is the integration-state rule, as the state deviations bend it.
func (s *Server) usableState(state string) bool {
	switch {
	case s.deviates(DeviationDisabledIntegrationServed):
		return true
	case s.deviates(DeviationPausedIntegrationRefused):
		return state == stateActive
	}
	return usableState(state)
}

func (s *Server) deviates(name string) bool { return s.cfg.Options.Has(name) }

// idempotencyKey reads $idempotency, which only POST honours.
func idempotencyKey(r *http.Request) (string, bool) {
	if r.Method != http.MethodPost {
		return "", false
	}
	q := r.URL.Query()
	if !q.Has("$idempotency") {
		return "", false
	}
	return q.Get("$idempotency"), true
}

func (s *Server) status(c code) int {
	if s.cfg.EdlinkStatuses || s.cfg.Options.Has(DeviationUndeclaredEdlinkStatuses) {
		if st, ok := edlinkStatuses[c]; ok {
			return st
		}
	}
	return http.StatusBadRequest
}

func (s *Server) errorResponse(requestID string, e *apiError) response {
	if e.unknownID && s.cfg.Options.Has(DeviationUnknownIDEmpty200) {
		return s.successResponse(requestID, reply{data: map[string]any{}})
	}
	list := make([]map[string]any, len(e.codes))
	for i, c := range e.codes {
		name := string(c)
		if s.cfg.Options.Has(DeviationCodesLowercased) {
			name = strings.ToLower(name)
		}
		message := messages[c]
		if c == codeMissingRequiredField && len(e.missing) > 0 && s.deviates(DeviationMissingFieldsNamed) {
			message = "Missing required fields: " + strings.Join(e.missing, ", ") + "."
		}
		list[i] = map[string]any{"code": name, "message": message}
	}
	errorsKey := "$errors"
	if s.cfg.Options.Has(DeviationErrorsRenamed) {
		errorsKey = "$error"
	}
	return s.encode(s.status(e.codes[0]), requestID, map[string]any{errorsKey: list})
}

func (s *Server) successResponse(requestID string, out reply) response {
	env := map[string]any{"$data": out.data}
	if out.next != "" {
		env["$next"] = out.next
	}
	return s.encode(http.StatusOK, requestID, env)
}

func (s *Server) encode(status int, requestID string, env map[string]any) response {
	if !s.cfg.Options.Has(DeviationRequestIDMissing) {
		env["$request"] = requestID
	}
	body, err := json.Marshal(env)
	if err != nil {
		panic(err) // envelopes hold only JSON-safe values
	}
	return response{status: status, body: body}
}
