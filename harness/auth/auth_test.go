package auth

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/transport"
)

// tokenServer issues numbered tokens that live expiresIn seconds.
func tokenServer(t *testing.T, expiresIn int) (*httptest.Server, *atomic.Int32) {
	var issued atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok {
			_ = r.ParseForm()
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		if id != "acme" || secret != "s3cret-value" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
			return
		}
		n := issued.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"issued-token-%d","token_type":"bearer","expires_in":%d}`, n, expiresIn)
	}))
	t.Cleanup(srv.Close)
	return srv, &issued
}

func tokensFor(srv *httptest.Server, secret string) *Tokens {
	p := &profile.Profile{Target: profile.Target{BaseURL: srv.URL}, Auth: profile.Auth{
		TokenURL: "/oauth/token",
		Clients:  map[string]profile.Client{"primary": {ID: "acme", Secret: secret, SecretEnv: "EDCONFORM_CLIENT_SECRET"}},
	}}
	return New(p, srv.Client())
}

func TestOneTokenPerClientIsReused(t *testing.T) {
	srv, issued := tokenServer(t, 1800)
	tokens := tokensFor(srv, "s3cret-value")
	first, err := tokens.Token(context.Background(), "primary")
	if err != nil {
		t.Fatal(err)
	}
	second, _ := tokens.Token(context.Background(), "primary")
	if first != second || issued.Load() != 1 {
		t.Errorf("tokens %q, %q after %d requests to the token endpoint", first, second, issued.Load())
	}
	if transport.Redact("Bearer "+first) != "Bearer "+transport.Redacted || transport.Redact("s3cret-value") != transport.Redacted {
		t.Error("issued tokens and client secrets must be registered for redaction")
	}
}

func TestAnExpiringTokenIsRefreshed(t *testing.T) {
	// oauth2 treats a token within 10s of expiry as expired.
	srv, issued := tokenServer(t, 5)
	tokens := tokensFor(srv, "s3cret-value")
	first, _ := tokens.Token(context.Background(), "primary")
	second, _ := tokens.Token(context.Background(), "primary")
	if first == second || issued.Load() != 2 {
		t.Errorf("tokens %q, %q after %d requests", first, second, issued.Load())
	}
}

func TestWrongCredentialsNameTheKeys(t *testing.T) {
	srv, _ := tokenServer(t, 1800)
	_, err := tokensFor(srv, "wrong-secret").Token(context.Background(), "primary")
	if err == nil || !strings.Contains(err.Error(), "auth.clients.primary.id") || strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("error: %v", err)
	}
	_, err = tokensFor(srv, "").Token(context.Background(), "primary")
	if err == nil || !strings.Contains(err.Error(), "EDCONFORM_CLIENT_SECRET") {
		t.Errorf("error without a secret: %v", err)
	}
	_, err = tokensFor(srv, "some-secret").Token(context.Background(), "readOnly")
	if err == nil || !strings.Contains(err.Error(), "auth.clients.readOnly") {
		t.Errorf("error for an unconfigured client: %v", err)
	}
}
