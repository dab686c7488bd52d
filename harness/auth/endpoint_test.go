package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/edconform/edconform/harness/transport"
)

func endpoint(t *testing.T, h http.HandlerFunc) *Tokens {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tokens := tokensFor(srv, "s3cret-value")
	tokens.http = transport.New(time.Second, nil, nil).HTTPClient()
	return tokens
}

// Each way a token endpoint can be wrong is named with the key to fix, and
// the endpoint's answer is shown short, never a whole HTML page.
func TestTokenEndpointProblemsNameTheKeyToFix(t *testing.T) {
	page := "<html>" + strings.Repeat("<p>gateway</p>", 5000) + "</html>"
	cases := map[string]struct {
		handler http.HandlerFunc
		want    []string
	}{
		"refused credentials": {func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
		}, []string{"auth.clients.primary.id", "EDCONFORM_CLIENT_SECRET", "invalid_client"}},
		"wrong URL": {func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(page))
		}, []string{"HTTP 404", "auth.tokenURL", "/oauth/token", "more bytes not shown"}},
		"redirect": {func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://login.example/oauth/token", http.StatusFound)
		}, []string{"redirects to https://login.example/oauth/token", "auth.tokenURL"}},
		"not a token response": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"accessToken":"camel-case"}`))
		}, []string{"access_token", "auth.tokenURL", "auth.clients.primary"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := endpoint(t, c.handler).Token(context.Background(), "primary")
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error lacks %q: %s", want, err)
				}
			}
			if len(err.Error()) > 1500 || strings.Contains(err.Error(), "s3cret-value") {
				t.Errorf("the error is too long or leaks the secret (%d bytes): %.300s", len(err.Error()), err)
			}
		})
	}
}

// Token endpoints word their answers differently; the standard fields are
// what count.
func TestOddButValidTokenResponsesAreAccepted(t *testing.T) {
	for name, body := range map[string]string{
		"expires_in as text":  `{"access_token":"odd-token-1","token_type":"bearer","expires_in":"1800"}`,
		"no expires_in":       `{"access_token":"odd-token-2","token_type":"Bearer"}`,
		"extra fields":        `{"access_token":"odd-token-3","token_type":"bearer","expires_in":1800,"scope":["a"],"refresh_token":null}`,
		"charset in the type": `{"access_token":"odd-token-4","expires_in":1800}`,
	} {
		t.Run(name, func(t *testing.T) {
			tok, err := endpoint(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				_, _ = w.Write([]byte(body))
			}).Token(context.Background(), "primary")
			if err != nil || !strings.HasPrefix(tok, "odd-token-") {
				t.Errorf("token %q, error %v", tok, err)
			}
		})
	}
}

// A token endpoint that echoes the Basic credentials it was sent, without
// their scheme, gets neither them nor the secret into the error, however
// short the secret.
func TestEchoedBasicCredentialsAreNotShown(t *testing.T) {
	for _, secret := range []string{"s3cret-value", "Q7z"} {
		var echoed string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// The retry with the credentials in the form repeats the first echo.
			if _, basic, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok {
				echoed = basic
			}
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"unknown credentials ` + echoed + `"}`))
		}))
		_, err := tokensFor(srv, secret).Token(context.Background(), "primary")
		srv.Close()
		if err == nil || echoed == "" {
			t.Fatalf("no refusal (%v) or no Basic credentials sent", err)
		}
		if strings.Contains(err.Error(), echoed) || !strings.Contains(err.Error(), "unknown credentials "+transport.Redacted) {
			t.Errorf("the echoed credentials are shown: %s", err)
		}
	}
}
