// Package auth obtains bearer tokens for the profile's clients with OAuth 2
// client credentials: one token per client per process, reused until it
// expires and then refreshed. Every token is registered for redaction the
// moment it is issued.
package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/transport"
)

// Tokens hands out tokens for the clients named in a profile.
type Tokens struct {
	profile *profile.Profile
	http    *http.Client
	// Style says how the client authenticates to the token endpoint;
	// AuthStyleAutoDetect tries HTTP Basic, then form fields.
	Style oauth2.AuthStyle

	mu      sync.Mutex
	sources map[string]oauth2.TokenSource
}

// New returns a token cache for p, fetching tokens with hc.
func New(p *profile.Profile, hc *http.Client) *Tokens {
	transport.AddSecret(p.Secrets()...)
	for _, c := range p.Auth.Clients {
		if c.Secret != "" {
			transport.AddSecret(basicCredentials(c.ID, c.Secret)...)
		}
	}
	return &Tokens{profile: p, http: hc, sources: map[string]oauth2.TokenSource{}}
}

// basicCredentials are a client's HTTP Basic credentials as net/http and
// golang.org/x/oauth2 (which percent-encodes both parts) send them, so even
// a secret too short to be looked for inside base64 is hidden in them.
func basicCredentials(id, secret string) []string {
	encode := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	return []string{encode(id + ":" + secret), encode(url.QueryEscape(id) + ":" + url.QueryEscape(secret))}
}

// MissingError names the profile key a spec needs and the profile lacks.
type MissingError struct{ Key, Reason string }

func (e *MissingError) Error() string { return e.Key + ": " + e.Reason }

// Has reports whether the profile configures client with a secret.
func (t *Tokens) Has(client string) error {
	c, ok := t.profile.Auth.Clients[client]
	switch {
	case !ok:
		return &MissingError{Key: "auth.clients." + client, Reason: "not configured in the profile"}
	case c.Secret == "":
		return &MissingError{Key: "auth.clients." + client, Reason: "no secret: set " + c.SecretEnv}
	case t.profile.Auth.TokenURL == "":
		return &MissingError{Key: "auth.tokenURL", Reason: "not set"}
	}
	return nil
}

// Token returns a valid access token for client.
func (t *Tokens) Token(ctx context.Context, client string) (string, error) {
	if err := t.Has(client); err != nil {
		return "", err
	}
	src := t.source(client)
	tok, err := src.Token()
	if err != nil {
		return "", t.explain(client, err)
	}
	transport.AddSecret(tok.AccessToken, tok.RefreshToken)
	return tok.AccessToken, nil
}

// maxAnswerShown bounds how much of the token endpoint's answer an error
// quotes: a gateway's HTML page is no help in a one-line error.
const maxAnswerShown = 300

// explain names the profile key to fix for a failed token request: the
// client's credentials when the endpoint refused them, auth.tokenURL when
// it is not the token endpoint at all.
func (t *Tokens) explain(client string, err error) error {
	c := t.profile.Auth.Clients[client]
	tokenURL, _ := t.profile.ResolveURL(t.profile.Auth.TokenURL)
	prefix := fmt.Sprintf("could not obtain a token for auth.clients.%s (id %q) from %s", client, c.ID, tokenURL)
	var answer *oauth2.RetrieveError
	if !errors.As(err, &answer) || answer.Response == nil {
		return fmt.Errorf("%s: %s (check auth.tokenURL: is it the OAuth token endpoint? and auth.clients.%s)",
			prefix, transport.Truncate(transport.Redact(err.Error()), maxAnswerShown), client)
	}
	status := answer.Response.Status
	body := transport.Truncate(transport.Redact(strings.TrimSpace(string(answer.Body))), maxAnswerShown)
	switch code := answer.Response.StatusCode; {
	case code >= 300 && code < 400:
		return fmt.Errorf("%s: HTTP %s: it redirects to %s (set auth.tokenURL to the address it redirects to)",
			prefix, status, transport.Redact(answer.Response.Header.Get("Location")))
	case code == http.StatusBadRequest || code == http.StatusUnauthorized || code == http.StatusForbidden:
		return fmt.Errorf("%s: the endpoint refused the credentials: HTTP %s: %s (check auth.clients.%s.id and its secret, %s)",
			prefix, status, body, client, c.SecretEnv)
	default:
		return fmt.Errorf("%s: HTTP %s: %s (check auth.tokenURL: is it the OAuth token endpoint?)", prefix, status, body)
	}
}

func (t *Tokens) source(client string) oauth2.TokenSource {
	t.mu.Lock()
	defer t.mu.Unlock()
	if src, ok := t.sources[client]; ok {
		return src
	}
	c := t.profile.Auth.Clients[client]
	tokenURL, _ := t.profile.ResolveURL(t.profile.Auth.TokenURL)
	cfg := clientcredentials.Config{ClientID: c.ID, ClientSecret: c.Secret, TokenURL: tokenURL, AuthStyle: t.Style}
	// The token source keeps this context for refreshes, so it must not be
	// a spec's context, which ends with the spec.
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, t.http)
	src := cfg.TokenSource(ctx)
	t.sources[client] = src
	return src
}

// Static returns a named static token from the profile.
func (t *Tokens) Static(name string) (string, error) {
	tok, ok := t.profile.Auth.Tokens[name]
	switch {
	case !ok:
		return "", &MissingError{Key: "auth.tokens." + name, Reason: "not configured in the profile"}
	case tok.Value == "":
		return "", &MissingError{Key: "auth.tokens." + name, Reason: "no value: set " + tok.Env}
	}
	return tok.Value, nil
}
