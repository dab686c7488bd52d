package suite

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/transport"
)

// Identity is the documented error a vendor's pre-flight provokes to make
// sure the target is the vendor's API: a wrong URL, a gateway's HTML page
// or another product answers it otherwise.
type Identity struct {
	// Sent describes the request in words ("without an Authorization
	// header").
	Sent string
	// Case names the documented case and its answer ("Missing
	// Authorization header: 401 urn:ed-fi:api:security:authentication").
	Case string
	// Statuses are the statuses the answer may have: the documented one,
	// and any the profile declares instead.
	Statuses []int
	// Schema is the embedded JSON Schema of the vendor's error envelope.
	Schema string
	// Keys are the profile keys most likely wrong when the answer differs
	// (target.baseURL, settings.dataPath...).
	Keys []string
	// Recognise accepts an answer that differs from the documented one but
	// that only the vendor's API gives (its envelope with a member renamed,
	// another status, a text Content-Type): the target is the API, and the
	// spec for the case reports the difference. Nil accepts none.
	Recognise func(ex *transport.Exchange) bool
}

// previewBytes bounds how much of an unexpected body the pre-flight's
// error shows: enough to recognise a login page or another API.
const previewBytes = 300

// redactedBytes is how much of the body is redacted before the preview is
// cut from it: more than the preview, so a secret across the cut is whole.
const redactedBytes = 64 << 10

// Identify checks that ex is the answer id documents: one of its statuses,
// a JSON Content-Type and a body valid against its envelope schema; texts
// are left to the specs. Any other answer that id.Recognise does not know
// as the API's, and any redirect or body over the limit, is one error
// showing what came back and naming the keys to check.
func (s *Session) Identify(ex *transport.Exchange, id Identity) error {
	keys := "check " + strings.Join(id.Keys, " and ")
	if ex.Err != nil {
		return fmt.Errorf("the pre-flight request %s %s got no answer: %v", ex.Request.Method, ex.Request.URL, ex.Err)
	}
	var differences []string
	if !slices.Contains(id.Statuses, ex.Status) {
		want := make([]string, len(id.Statuses))
		for i, st := range id.Statuses {
			want[i] = strconv.Itoa(st)
		}
		differences = append(differences, fmt.Sprintf("status %d, not %s", ex.Status, strings.Join(want, " or ")))
	}
	switch {
	case ex.Status >= 300 && ex.Status <= 399:
		differences = append(differences, fmt.Sprintf("a redirect to %q, which the suite never follows", ex.Header.Get("Location")))
	case ex.BodyCut.Cut():
		differences = append(differences, "a "+ex.BodyCut.String()+", far more than an error envelope")
	default:
		_, checks := expect.JSONBody(ex, id.Schema)
		for _, c := range checks {
			if !c.Passed {
				differences = append(differences, fmt.Sprintf("%s: want %s, got %s", c.Field, c.Want, c.Got))
			}
		}
	}
	recognised := !ex.BodyCut.Cut() && (ex.Status < 300 || ex.Status > 399) && id.Recognise != nil && id.Recognise(ex)
	if len(differences) == 0 || recognised {
		return nil
	}
	return fmt.Errorf("the target does not answer as %s does, so no spec was run.\n"+
		"The pre-flight sent %s %s %s, which should have brought back the document's %s as JSON in the %s envelope.\n"+
		"Instead: %s.\nIt answered: %s\n%s",
		s.Vendor.Title, ex.Request.Method, ex.Request.URL, id.Sent, id.Case, id.Schema,
		strings.Join(differences, "; "), preview(ex), keys)
}

// credentialMembers are JSON members that carry a credential: a wrong
// target may hand out a token the suite never asked for, and the
// pre-flight's error shows its body.
var credentialMembers = regexp.MustCompile(`("(?i:access_token|refresh_token|id_token|client_secret|password|secret|token)"\s*:\s*)"[^"]*"`)

// preview is the start of a response: status, Content-Type, size and the
// first bytes of the body, redacted before they are cut, so no secret is
// cut in two and half shown.
func preview(ex *transport.Exchange) string {
	ct := ex.Header.Get("Content-Type")
	if ct == "" {
		ct = "none"
	}
	size := fmt.Sprintf("%d bytes", len(ex.Body))
	if ex.BodyCut.Cut() {
		size = ex.BodyCut.String() + ", starting"
	}
	start := credentialMembers.ReplaceAll(ex.Body[:min(len(ex.Body), redactedBytes)], []byte(`$1"`+transport.Redacted+`"`))
	redacted := transport.Redact(string(start))
	head := strings.ToValidUTF8(redacted[:min(len(redacted), previewBytes)], "")
	body := strconv.Quote(head)
	if len(ex.Body) > len(head) {
		body += " …"
	}
	return transport.Redact(fmt.Sprintf("HTTP %d %s, Content-Type: %s, %s: ", ex.Status, http.StatusText(ex.Status), ct, size)) + body
}

// BodyHas reports whether the body is a JSON object with at least one of
// these members, for Identity.Recognise.
func BodyHas(ex *transport.Exchange, members ...string) bool {
	v, err := ex.JSON()
	body, ok := v.(map[string]any)
	if err != nil || !ok {
		return false
	}
	for _, m := range members {
		if _, ok := body[m]; ok {
			return true
		}
	}
	return false
}

// BodyIsArray reports whether the body is a JSON array: a collection read
// that a target let through without credentials.
func BodyIsArray(ex *transport.Exchange) bool {
	v, err := ex.JSON()
	_, ok := v.([]any)
	return err == nil && ok
}

// proc1Failed is Ginkgo's heading for the other processes' SynchronizedBeforeSuite
// when process 1's failed: they ran nothing of their own.
var proc1Failed = types.GinkgoErrors.SynchronizedBeforeSuiteFailedOnProc1().(types.GinkgoError).Heading

// withoutEchoes drops, from a parallel run's report, the other processes'
// copies of process 1's failed pre-flight, so a wrong target is one error
// in the summary and the reports, not one per process.
func withoutEchoes(r types.Report) types.Report {
	r.SpecReports = slices.DeleteFunc(slices.Clone(r.SpecReports), func(s types.SpecReport) bool {
		return s.LeafNodeType == types.NodeTypeSynchronizedBeforeSuite && s.ParallelProcess > 1 &&
			s.State.Is(types.SpecStateFailureStates) && strings.Contains(s.Failure.Message, proc1Failed)
	})
	return r
}

// Statuses are the statuses the pre-flight accepts for the documented case
// a spec checks: the document's, and the one the profile's expect.<spec id>
// records for the product.
func (s *Session) Statuses(specID string, documented int) []int {
	out := []int{documented}
	if e, ok := s.Profile.Expect[specID]; ok && e.Status != 0 && e.Status != documented {
		out = append(out, e.Status)
	}
	return out
}

// OAuthPreflight is the pre-flight of an API that takes OAuth client
// credentials: GET url (a collection) without an Authorization header must
// be the documented error id, the primary client must obtain a token, and
// the same GET with it must be neither refused (401) nor not found (404).
func (s *Session) OAuthPreflight(ctx context.Context, url string, id Identity) error {
	// A missing secret is the profile's fault whatever the target.
	if err := s.Tokens.Has("primary"); err != nil {
		return err
	}
	// The token is fetched while the read without one is answered; the
	// read's error comes first. The pre-flight returns only once the token
	// request ended: set-up then puts the plain transport back, which a
	// request still starting would read at the same time.
	type tokenAnswer struct {
		token string
		err   error
	}
	fetched := make(chan tokenAnswer, 1)
	go func() {
		token, err := s.Tokens.Token(ctx, "primary")
		fetched <- tokenAnswer{token, err}
	}()
	ex := s.Client.Do(ctx, transport.Request{Method: http.MethodGet, URL: url})
	s.Log.Reset()
	primary := <-fetched
	if err := s.Identify(ex, id); err != nil {
		return err
	}
	if primary.err != nil {
		return primary.err
	}
	ex = s.Client.Do(ctx, transport.Request{Method: http.MethodGet, URL: url, Header: http.Header{"Authorization": {"Bearer " + primary.token}}})
	s.Log.Reset()
	switch {
	case ex.Err != nil:
		return fmt.Errorf("the pre-flight request %s %s with the primary client's token got no answer: %v", ex.Request.Method, ex.Request.URL, ex.Err)
	case ex.Status == http.StatusUnauthorized:
		return fmt.Errorf("the target refused the token the primary client obtained from %s: GET %s with it answered %s\n"+
			"check auth.tokenURL (it must be the token endpoint of this API) and auth.clients.primary",
			s.Profile.Auth.TokenURL, ex.Request.URL, preview(ex))
	case ex.Status == http.StatusNotFound:
		// Many APIs authenticate before they route, so only the read
		// with a token finds a wrong path.
		return fmt.Errorf("the target has no such collection: GET %s with the primary client's token answered %s\ncheck %s",
			ex.Request.URL, preview(ex), strings.Join(id.Keys, " and "))
	}
	return nil
}
