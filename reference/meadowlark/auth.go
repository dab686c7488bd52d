package meadowlark

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Client roles. A vendor sees and changes only the documents it created, a
// host sees and changes all, an admin manages clients.
const (
	roleVendor = "vendor"
	roleHost   = "host"
	roleAdmin  = "admin"
)

// client is an OAuth 2 client of the server's own OAuth server.
type client struct {
	id, secret, name string
	roles            []string
}

func (c *client) has(role string) bool { return slices.Contains(c.roles, role) }

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

func randomHex(n int) string { return hex.EncodeToString(randomBytes(n)) }

func (s *Server) addClient(name string, roles []string) *client {
	c := &client{id: randomHex(10), secret: randomHex(16), name: name, roles: roles}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[c.id] = c
	return c
}

func (s *Server) clientByID(id string) *client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clients[id]
}

// claims are what the server's JWTs carry.
type claims struct {
	jwt.RegisteredClaims
	ClientID string   `json:"client_id"`
	Roles    []string `json:"roles"`
}

const issuer = "edconform-meadowlark"

// issue signs a token for c that lives for lifetime (negative: already
// expired).
func (s *Server) issue(c *client, lifetime time.Duration) string {
	now := s.cfg.Clock()
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: issuer, Audience: jwt.ClaimStrings{"meadowlark"}, Subject: c.name, ID: randomHex(8),
			IssuedAt: jwt.NewNumericDate(now.Add(min(lifetime, 0))), ExpiresAt: jwt.NewNumericDate(now.Add(lifetime)),
		},
		ClientID: c.id, Roles: c.roles,
	})
	signed, err := t.SignedString(s.signingKey)
	if err != nil {
		panic(err)
	}
	return signed
}

// Outcomes of checking an Authorization header.
var (
	errInvalidHeader = errors.New("invalid authorization header")
	errMalformedJWT  = errors.New("the JWT is not well-formed")
	errInactiveJWT   = errors.New("the JWT is inactive")
	errBadSignature  = errors.New("the JWT's signature does not verify")
)

// authenticate checks the Authorization header: it must be "Bearer <jwt>";
// the JWT must parse and carry this server's signature, and be active
// (unexpired, issued to a client that still exists).
func (s *Server) authenticate(r *http.Request) (*client, error) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "bearer") || token == "" {
		return nil, errInvalidHeader
	}
	var cl claims
	opts := []jwt.ParserOption{jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuer(issuer), jwt.WithTimeFunc(s.cfg.Clock)}
	if s.opts.Has(DeviationExpiredTokenAccepted) {
		opts = append(opts, jwt.WithoutClaimsValidation())
	}
	_, err := jwt.ParseWithClaims(token, &cl, func(*jwt.Token) (any, error) { return s.signingKey, nil }, opts...)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired) || errors.Is(err, jwt.ErrTokenNotValidYet):
		return nil, errInactiveJWT
	case errors.Is(err, jwt.ErrTokenMalformed) && s.opts.Has(DeviationMalformedJWTAsHeader):
		return nil, errInvalidHeader
	case errors.Is(err, jwt.ErrTokenSignatureInvalid) && s.opts.Has(DeviationBadSignature403):
		return nil, errBadSignature
	case err != nil:
		return nil, errMalformedJWT
	}
	c := s.clientByID(cl.ClientID)
	if c == nil {
		return nil, errInactiveJWT
	}
	return c, nil
}

// serveToken is the OAuth 2 client-credentials endpoint. Credentials come
// in a JSON body, a form body, or HTTP Basic (with grant_type in the body).
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeEmpty(w, http.StatusMethodNotAllowed)
		return
	}
	var req struct {
		GrantType    string `json:"grant_type"`
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/json" {
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request"})
			return
		}
	} else if err := r.ParseForm(); err == nil {
		req.GrantType, req.ClientID, req.ClientSecret = r.PostForm.Get("grant_type"), r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id, secret, ok := r.BasicAuth(); ok {
		req.ClientID, req.ClientSecret = id, secret
	}
	if req.GrantType != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "unsupported_grant_type"})
		return
	}
	c := s.clientByID(req.ClientID)
	if c == nil || subtle.ConstantTimeCompare([]byte(c.secret), []byte(req.ClientSecret)) != 1 {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_client"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": s.issue(c, s.cfg.TokenLifetime), "token_type": "bearer",
		"expires_in": int(s.cfg.TokenLifetime.Seconds()),
	})
}

// serveClients lets an admin client create clients:
// {"clientName": "...", "roles": ["vendor"]} → 201 with the credentials.
func (s *Server) serveClients(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeEmpty(w, http.StatusMethodNotAllowed)
		return
	}
	caller, err := s.authenticate(r)
	if err != nil {
		s.writeAuthFailure(w, err)
		return
	}
	if !caller.has(roleAdmin) {
		writeEmpty(w, http.StatusForbidden)
		return
	}
	var req struct {
		ClientName string   `json:"clientName"`
		Roles      []string `json:"roles"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.ClientName == "" || len(req.Roles) == 0 {
		writeError(w, http.StatusBadRequest, "clientName and a non-empty roles array are required")
		return
	}
	for _, role := range req.Roles {
		if role != roleVendor && role != roleHost && role != roleAdmin {
			writeError(w, http.StatusBadRequest, "unknown role '"+role+"'")
			return
		}
	}
	c := s.addClient(req.ClientName, req.Roles)
	writeJSON(w, http.StatusCreated, map[string]any{
		"active": true, "client_id": c.id, "client_secret": c.secret, "clientName": c.name, "roles": c.roles,
	})
}

// writeAuthFailure answers as the Authorization Failure table documents.
func (s *Server) writeAuthFailure(w http.ResponseWriter, err error) {
	if errors.Is(err, errInvalidHeader) {
		status := http.StatusBadRequest
		if s.opts.Has(DeviationInvalidAuthHeader401) {
			status = http.StatusUnauthorized
		}
		writeError(w, status, "Invalid authorization header")
		return
	}
	if errors.Is(err, errBadSignature) {
		writeEmpty(w, http.StatusForbidden)
		return
	}
	w.Header().Set("WWW-Authenticate", "Bearer")
	writeEmpty(w, http.StatusUnauthorized)
}
