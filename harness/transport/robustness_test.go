package transport

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// A redirect is the target's answer, not a transport failure: the spec must
// see its status and where it points.
func TestARedirectIsRecordedAsTheResponse(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://elsewhere.example/api/x", http.StatusMovedPermanently)
	}))
	defer srv.Close()
	ex := New(time.Second, nil, nil).Do(context.Background(), Request{Method: "DELETE", URL: srv.URL + "/x"})
	if ex.Err != nil || ex.Status != http.StatusMovedPermanently {
		t.Fatalf("err %v, status %d", ex.Err, ex.Status)
	}
	if !strings.Contains(ex.Response(), "Location: https://elsewhere.example/api/x") {
		t.Errorf("the response does not say where it points:\n%s", ex.Response())
	}
}

func TestAnUntrustedCertificateNamesTheFix(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ex := New(time.Second, nil, nil).Do(context.Background(), Request{Method: "GET", URL: srv.URL})
	if ex.Err == nil || !strings.Contains(ex.Err.Error(), "certificate") || !strings.Contains(ex.Err.Error(), "SSL_CERT_FILE") {
		t.Errorf("error: %v", ex.Err)
	}
}

func TestAGzippedBodyIsDecoded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write([]byte(`{"status":400}`))
		_ = zw.Close()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(b.Bytes())
	}))
	defer srv.Close()
	ex := New(time.Second, nil, nil).Do(context.Background(), Request{Method: "GET", URL: srv.URL})
	if v, err := ex.JSON(); err != nil || v.(map[string]any)["status"] != 400.0 {
		t.Errorf("body %q: %v", ex.Body, err)
	}
}

func TestABinaryBodyIsDescribedNotDumped(t *testing.T) {
	body := append([]byte{0x1f, 0x8b, 0x08, 0x00, 0x1b, '[', '2', 'J'}, bytes.Repeat([]byte{0xff, 0x00}, 5000)...)
	ex := &Exchange{Status: 500, Header: http.Header{"Content-Type": {"application/octet-stream"}}, Body: body}
	out := ex.Response()
	if !utf8.ValidString(out) || strings.ContainsAny(out, "\x00\x1b") || len(out) > 1000 {
		t.Errorf("binary body rendered as is (%d bytes):\n%q", len(out), out)
	}
	if !strings.Contains(out, "10008 bytes") || !strings.Contains(out, "1f 8b 08") {
		t.Errorf("the binary body is not described:\n%s", out)
	}
}

func TestTruncateKeepsTextValidUTF8(t *testing.T) {
	out := Truncate(strings.Repeat("é", 10), 5)
	if !utf8.ValidString(out) || !strings.HasPrefix(out, "éé\n") {
		t.Errorf("%q", out)
	}
}

// The body is shown as the server sent it: no escaping of <, > and &, no
// rounding of long numbers, keys in the server's order.
func TestAJSONBodyIsShownAsSent(t *testing.T) {
	ex := &Exchange{Status: 400, Body: []byte(`{"detail":"a < b & c","id":12345678901234567890,"a":1}`)}
	out := ex.Response()
	for _, want := range []string{`"detail": "a < b & c"`, "12345678901234567890", "\"id\": 12345678901234567890,\n  \"a\": 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("the body is not shown as sent, lacks %q:\n%s", want, out)
		}
	}
}

// Secrets reach output encoded too: percent-encoded in URLs and form
// bodies, escaped in JSON, percent-encoded inside Basic credentials.
func TestRedactCatchesEncodedSecrets(t *testing.T) {
	secret := "k3y+/with=<odd>&chars"
	AddSecret(secret)
	basic := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape("id") + ":" + url.QueryEscape(secret)))
	for _, s := range []string{
		"https://h/x?client_secret=" + url.QueryEscape(secret),
		"https://h/" + url.PathEscape(secret),
		`{"echo":"k3y+/with=\u003codd\u003e\u0026chars"}`,
		`{"echo":"k3y+\/with=<odd>&chars"}`,
		"Authorization: Basic " + basic,
	} {
		if out := Redact(s); strings.Contains(out, "k3y") || strings.Contains(out, basic) {
			t.Errorf("leaks: %s", out)
		}
	}
}

func TestASecretAcrossTheTruncationPointIsNotHalfShown(t *testing.T) {
	token := "straddling-token-" + strings.Repeat("q", 40)
	AddSecret(token)
	ex := &Exchange{Status: 200, Body: []byte(strings.Repeat("x", MaxBodyShown-10) + token)}
	if out := ex.Response(); strings.Contains(out, "straddling") {
		t.Errorf("half a secret is shown:\n%s", out[len(out)-200:])
	}
}

func TestHTTPSToAPlainHTTPServerNamesTheFix(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ex := New(time.Second, nil, nil).Do(context.Background(), Request{Method: "GET", URL: strings.Replace(srv.URL, "http:", "https:", 1)})
	if ex.Err == nil || !strings.Contains(ex.Err.Error(), "use http:// in target.baseURL") {
		t.Errorf("error: %v", ex.Err)
	}
}

func TestAHugeBodyIsReadOnlyUpToTheLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		for range DefaultMaxBodyBytes/len(chunk) + 4 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	ex := New(10*time.Second, nil, nil).Do(context.Background(), Request{Method: "GET", URL: srv.URL})
	if ex.Err != nil || len(ex.Body) != DefaultMaxBodyBytes || !ex.BodyCut.Cut() || ex.BodyCut.Size != -1 {
		t.Fatalf("err %v, %d bytes kept, cut %v", ex.Err, len(ex.Body), ex.BodyCut)
	}
	if !strings.Contains(ex.Response(), "body of more than 1048576 bytes (no Content-Length) exceeds target.maxBodyBytes (1048576); only its start was read") {
		t.Error("the response does not say the body was cut")
	}
}

func TestABodyUpToTheLimitIsKeptWhole(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(bytes.Repeat([]byte("y"), DefaultMaxBodyBytes))
	}))
	defer srv.Close()
	ex := New(10*time.Second, nil, nil).Do(context.Background(), Request{Method: "GET", URL: srv.URL})
	if ex.Err != nil || len(ex.Body) != DefaultMaxBodyBytes || ex.BodyCut.Cut() {
		t.Fatalf("err %v, %d bytes, cut %v", ex.Err, len(ex.Body), ex.BodyCut)
	}
}
