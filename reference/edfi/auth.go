package edfi

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// action is a claim set permission on a resource.
type action int

const (
	actionCreate action = 1 << iota
	actionRead
	actionUpdate
	actionDelete
	allActions = actionCreate | actionRead | actionUpdate | actionDelete
)

var actionNames = map[action]string{actionCreate: "create", actionRead: "read", actionUpdate: "update", actionDelete: "delete"}

var methodActions = map[string]action{
	http.MethodGet: actionRead, http.MethodPost: actionCreate, http.MethodPut: actionUpdate, http.MethodDelete: actionDelete,
}

// claimSet grants actions per resource. With noFurtherAuthorization no
// relationship or namespace rules apply to its clients.
type claimSet struct {
	name                   string
	grant                  func(r *edfimodel.Resource) action
	noFurtherAuthorization bool
}

func everything(*edfimodel.Resource) action { return allActions }

var (
	sisVendor = &claimSet{name: "SIS Vendor", grant: everything}
	// descriptorReader may only read descriptors, school years and
	// education organizations.
	descriptorReader = &claimSet{name: "Descriptor and Education Organization Reader", grant: func(r *edfimodel.Resource) action {
		if r.IsDescriptor || r.Name == "SchoolYearType" || r.Superclass == edfimodel.EducationOrganization {
			return actionRead
		}
		return 0
	}}
	// sisVendorWithoutDescriptors has no claim on any descriptor.
	sisVendorWithoutDescriptors = &claimSet{name: "SIS Vendor Without Descriptors", grant: func(r *edfimodel.Resource) action {
		if r.IsDescriptor {
			return 0
		}
		return allActions
	}}
	sandbox = &claimSet{name: "Ed-Fi Sandbox", grant: everything, noFurtherAuthorization: true}
)

// client is an API client (a key and secret) with its claim set,
// education organization claims, namespace prefixes and profiles.
type client struct {
	role       string // the profile's name for it
	id, secret string
	claimSet   *claimSet
	edOrgs     []int64
	namespaces []string
	profiles   []string
}

// Profile names.
const (
	profileSchoolReadOnly     = "sample-profile-resource-readonly"
	profileSchoolReadOnlyTest = "test-profile-resource-readonly"
	profileStudentOnly        = "test-profile-studentonly-resource-includeall"
	profileStudentOnly2       = "test-profile-studentonly2-resource-includeall"
)

func randomHex(bytes int) string {
	b := make([]byte, bytes)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newClients are the seeded clients.
func newClients() []*client {
	edOrgs := []int64{edfimodel.SeedLocalEducationAgency, edfimodel.SeedServiceCenter}
	namespaces := []string{"uri://ed-fi.org", "uri://gbisd.edu", "uri://tpdm.ed-fi.org"}
	newClient := func(role string, cs *claimSet, profiles ...string) *client {
		return &client{role: role, id: role + "-" + randomHex(6), secret: randomHex(16), claimSet: cs,
			edOrgs: edOrgs, namespaces: namespaces, profiles: profiles}
	}
	return []*client{
		newClient("primary", sisVendor),
		newClient("readOnly", descriptorReader),
		newClient("noDescriptors", sisVendorWithoutDescriptors),
		newClient("profiled", sisVendor, profileSchoolReadOnly, profileStudentOnly),
		newClient("cleanup", sandbox),
		// A product mode's rate limit applies to this client only.
		newClient("throttled", sisVendor),
	}
}

type token struct {
	client  *client
	expires time.Time
}

// issue creates an opaque bearer token for c living for lifetime.
func (s *Server) issue(c *client, lifetime time.Duration) string {
	value := randomHex(16)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[value] = token{client: c, expires: s.cfg.Clock().Add(lifetime)}
	return value
}

// serveToken is the OAuth2 client-credentials token endpoint. Clients
// authenticate with HTTP Basic or with client_id/client_secret in a form
// or JSON body.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	oauthError := func(status int, code string) {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="token"`)
		}
		writeJSON(w, status, "", reference.JSON(map[string]string{"error": code}))
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		oauthError(http.StatusMethodNotAllowed, "invalid_request")
		return
	}
	params := map[string]string{}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType == "application/json" {
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			oauthError(http.StatusBadRequest, "invalid_request")
			return
		}
		for k, v := range body {
			if sv, ok := v.(string); ok {
				params[k] = sv
			}
		}
	} else if err := r.ParseForm(); err == nil {
		for k := range r.PostForm {
			params[k] = r.PostForm.Get(k)
		}
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = params["client_id"], params["client_secret"]
	}
	switch {
	case params["grant_type"] == "":
		oauthError(http.StatusBadRequest, "invalid_request")
		return
	case params["grant_type"] != "client_credentials":
		oauthError(http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	c := s.clientByID(id)
	if c == nil || subtle.ConstantTimeCompare([]byte(c.secret), []byte(secret)) != 1 {
		oauthError(http.StatusUnauthorized, "invalid_client")
		return
	}
	value := s.issue(c, s.cfg.TokenLifetime)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, "", reference.JSON(map[string]any{
		"access_token": value, "token_type": "bearer", "expires_in": int(s.cfg.TokenLifetime / time.Second),
	}))
}

func (s *Server) clientByID(id string) *client {
	for _, c := range s.clients {
		if c.id == id && id != "" {
			return c
		}
	}
	return nil
}

// authenticate resolves the bearer token to a client.
func (s *Server) authenticate(c *call) *problem {
	header := strings.TrimSpace(c.r.Header.Get("Authorization"))
	if header == "" {
		if s.opts.Has(DeviationMissingHeaderAnonymous) {
			c.client = s.clients[0]
			return nil
		}
		return unauthenticated("Authorization header is missing.")
	}
	scheme, value, _ := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "bearer") && !s.opts.Has(DeviationSchemeUnchecked) {
		return unauthenticated("Unknown Authorization header scheme.")
	}
	value = strings.TrimSpace(value)
	if value == "" {
		if s.opts.Has(DeviationBlankTokenAsInvalid) {
			return unauthenticated("Invalid Authorization header.")
		}
		return unauthenticated("Missing Authorization header bearer token value.")
	}
	s.mu.Lock()
	t, ok := s.tokens[value]
	s.mu.Unlock()
	if !ok && s.opts.Has(DeviationUnknownTokenAccepted) {
		t, ok = token{client: s.clients[0], expires: s.cfg.Clock().Add(time.Minute)}, true
	}
	if !ok || (!t.expires.After(s.cfg.Clock()) && !s.opts.Has(DeviationExpiredTokenAccepted)) {
		return unauthenticated("Invalid Authorization header.")
	}
	c.client = t.client
	return nil
}

// resourceClaims names the claims that could grant access to r, from the
// broadest to r's own, as the knowledge base lists them.
func resourceClaims(r *edfimodel.Resource) string {
	domain := "relationshipBasedData"
	switch {
	case r.IsDescriptor:
		domain = "systemDescriptors"
	case r.Superclass == edfimodel.EducationOrganization:
		domain = "educationOrganizations"
	case r.Name == "Student" || r.Name == "Staff":
		domain = "people"
	case r.PrimaryRelationshipFor != "":
		domain = "primaryRelationships"
	case r.Name == "Assessment":
		domain = "assessmentMetadata"
	case r.Name == "ChartOfAccount" || r.Name == "FundDimension" || r.Name == "SourceDimension":
		domain = "finance"
	case r.Name == "SchoolYearType":
		domain = "types"
	}
	const prefix = "http://ed-fi.org/ods/identity/claims/domains/"
	return prefix + domain + ", " + prefix + r.Name
}

// denied builds the 403 for a claim set lacking a resource claim (typ
// access-denied:resource) or an action on it (access-denied:action).
func denied(c *client, r *edfimodel.Resource, a action, typ string) *problem {
	return forbidden(typ, detailNotAuthorized,
		"The API client's assigned claim set (currently '"+c.claimSet.name+"') must grant permission of the 'http://ed-fi.org/odsapi/actions/"+
			actionNames[a]+"'action on one of the following resource claims: "+resourceClaims(r))
}

// checkClaims checks the client's claim set covers the resource and the
// request's action.
func (s *Server) checkClaims(c *call) *problem {
	return s.requireAction(c.client, c.resource, methodActions[c.method])
}

func (s *Server) requireAction(c *client, r *edfimodel.Resource, a action) *problem {
	actionClaimsUnchecked := s.opts.Has(DeviationActionClaimsUnchecked)
	granted := c.claimSet.grant(r)
	switch {
	case granted == 0:
		if s.opts.Has(DeviationMissingClaimAsAction) {
			return denied(c, r, a, typeDeniedAction)
		}
		return denied(c, r, a, typeDeniedResource)
	case granted&a == 0 && !actionClaimsUnchecked:
		return denied(c, r, a, typeDeniedAction)
	}
	return nil
}
