// Package hostile is a zoo of targets that a vendor suite may be pointed at
// by mistake or that misbehave on purpose: servers that never answer, stall,
// answer HTML, invalid JSON or ten megabytes, redirect, send Location
// headers or redirects to another origin, echo credentials, break their
// token endpoint or present a self-signed certificate. Run puts a vendor's
// suite against each in a child run and requires that it ends soon, with at
// most one error naming what to fix, no panic, no secret in any output and
// no request to another origin.
package hostile

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

// elsewhereHost is where suitetest.StartOtherOrigin listens: "another
// origin", a second loopback address, so a request that leaves the target
// is caught without leaving the machine.
const elsewhereHost = "127.0.0.2"

// serve starts h on a loopback port for the rest of the test.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// neverAnswers accepts connections and never writes a byte.
func neverAnswers(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}

// stalledBody sends the headers and the start of a JSON body, then nothing.
func stalledBody(t *testing.T) string {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":`))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
}

// answering answers every request the same way.
func answering(t *testing.T, status int, contentType string, body []byte) string {
	return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
}

// tenMegabytes is a JSON body far over any error envelope.
func tenMegabytes() []byte {
	return append(append([]byte(`{"error":"`), bytes.Repeat([]byte("x"), 10<<20)...), `"}`...)
}

// redirectLoop redirects every request to itself.
func redirectLoop(t *testing.T) string {
	return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.RequestURI(), http.StatusFound)
	}))
}

// redirectTo redirects every request to the same path on another origin.
func redirectTo(t *testing.T, other *suitetest.OtherOrigin) string {
	return serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
}

// selfSigned is an HTTPS server whose certificate no CA signed.
func selfSigned(t *testing.T) string {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// recorder keeps the response of the wrapped handler so a middleware can
// rewrite it before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }

// rewrite serves h, passing its answer through edit before it is sent.
func rewrite(h http.Handler, edit func(r *http.Request, rec *recorder)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		edit(r, rec)
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(rec.body.Len()))
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.body.Bytes())
	})
}

// locationsTo moves every Location header of h's answers to another
// origin, path and id kept: a gateway that names its internal host.
func locationsTo(h http.Handler, other *suitetest.OtherOrigin) http.Handler {
	return rewrite(h, func(_ *http.Request, rec *recorder) {
		loc := rec.header.Get("Location")
		if loc == "" {
			return
		}
		if u, err := url.Parse(loc); err == nil {
			rec.header.Set("Location", other.URL+u.RequestURI())
		}
	})
}

// echoing answers every request that carries one of secrets (in a header,
// the query or the body) with 401 and everything it received echoed back,
// in the body and in a header, raw and base64-encoded; the rest goes to h.
func echoing(h http.Handler, secrets []string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		var received []string
		for name, values := range r.Header {
			for _, v := range values {
				received = append(received, name+": "+v)
				if scheme, cred, ok := strings.Cut(v, " "); ok && strings.EqualFold(scheme, "basic") {
					if raw, err := base64.StdEncoding.DecodeString(cred); err == nil {
						// The credentials without their scheme, as some servers log them.
						received = append(received, cred, string(raw))
					}
				}
			}
		}
		received = append(received, r.URL.RawQuery, string(body))
		carries := false
		for _, s := range secrets {
			carries = carries || strings.Contains(strings.Join(received, "\n"), s)
		}
		if !carries {
			h.ServeHTTP(w, r)
			return
		}
		echo, _ := json.MarshalIndent(map[string]any{"error": "unauthorized", "received": received}, "", "  ")
		w.Header().Set("X-Received", base64.StdEncoding.EncodeToString([]byte(strings.Join(received, ";"))))
		w.Header().Set("X-Received-Raw", strings.Join(strings.Fields(strings.Join(received, " ")), " "))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write(echo)
	})
}

// tokenEndpoint serves tokenPath with answer and the rest with h.
func tokenEndpoint(h http.Handler, tokenPath string, answer http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == tokenPath {
			answer(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// withoutExpiry drops expires_in from h's token responses.
func withoutExpiry(h http.Handler, tokenPath string) http.Handler {
	return rewrite(h, func(r *http.Request, rec *recorder) {
		if r.URL.Path != tokenPath {
			return
		}
		var token map[string]any
		if json.Unmarshal(rec.body.Bytes(), &token) == nil {
			delete(token, "expires_in")
			raw, _ := json.Marshal(token)
			rec.body.Reset()
			rec.body.Write(raw)
		}
	})
}

// accessToken is the access_token of a token response, or "".
func accessToken(body []byte) string {
	var token struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal(body, &token)
	return token.AccessToken
}
