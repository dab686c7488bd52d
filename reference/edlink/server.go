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
	status int
	body   []byte
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
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

func (s *Server) handle(r *http.Request) (resp response) {
	requestID := uuid.NewString()
	defer func() {
		if p := recover(); p != nil {
			resp = s.errorResponse(requestID, fail(codeUnknown))
		}
	}()
	rt, params, ok := s.match(r.Method, r.URL.Path)
	if !ok {
		return s.errorResponse(requestID, fail(codeNotFound))
	}
	p, err := s.authenticate(r, rt.api)
	if err != nil {
		return s.errorResponse(requestID, asAPIError(err))
	}
	key, hasKey := idempotencyKey(r)
	if hasKey && utf8.RuneCountInString(key) > idempotencyKeyMaxLength {
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
		return s.errorResponse(requestID, fail(codeUnknown))
	}
	c := &call{s: s, r: r, params: params, p: p, body: body, path: strings.TrimPrefix(r.URL.Path, BasePath)}
	out, err := rt.handle(c)
	if err != nil {
		resp = s.errorResponse(requestID, asAPIError(err))
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
	scheme, value, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return nil, fail(codeInvalidToken)
	}
	tok := s.tokens[strings.TrimSpace(value)]
	if tok == nil || tok.kind != api {
		return nil, fail(codeInvalidToken)
	}
	if !tok.expires.IsZero() && !s.now().Before(tok.expires) {
		return nil, fail(codeExpiredToken)
	}
	in := tok.integration
	if !usableState(in.state) {
		return nil, fail(codeInvalidIntegrationState)
	}
	prov := s.providers[in.source.providerID]
	if prov == nil {
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
		if !in.shares(p.person.id) {
			return nil, fail(codeUnsharedToken)
		}
	}
	return p, nil
}

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
		list[i] = map[string]any{"code": name, "message": messages[c]}
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
