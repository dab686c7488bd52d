package transport

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// otherHost listens on another loopback address and counts the
// connections it accepts, which must stay zero.
func otherHost(t *testing.T) (url string, accepted *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	accepted = &atomic.Int64{}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			_ = conn.Close()
		}
	}()
	t.Cleanup(func() { _ = ln.Close() })
	return "http://" + ln.Addr().String(), accepted
}

func TestARequestToAnotherOriginIsRefusedBeforeAnyByteIsSent(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer target.Close()
	other, accepted := otherHost(t)
	c := New(time.Second, nil, nil)
	if err := c.AllowOrigins(target.URL+"/api/", target.URL+"/oauth/token"); err != nil {
		t.Fatal(err)
	}
	ex := c.Do(context.Background(), Request{Method: "DELETE", URL: other + "/api/students/1",
		Header: http.Header{"Authorization": {"Bearer t0ken"}}})
	var refused *OriginError
	if !errors.As(ex.Err, &refused) || !strings.Contains(ex.Err.Error(), "refusing to send a request to "+other) ||
		!strings.Contains(ex.Err.Error(), Origin(target.URL)) {
		t.Errorf("error: %v", ex.Err)
	}
	// The client libraries use (OAuth) go through the same guard.
	resp, err := c.HTTPClient().Post(other+"/oauth/token", "application/x-www-form-urlencoded", strings.NewReader("grant_type=client_credentials"))
	if err == nil {
		_ = resp.Body.Close()
	}
	if !errors.As(err, &refused) {
		t.Errorf("the HTTP client sent a token request to another origin: %v", err)
	}
	if ex := c.Do(context.Background(), Request{Method: "GET", URL: target.URL + "/api/students"}); ex.Err != nil {
		t.Errorf("a request to the target was refused: %v", ex.Err)
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("the other host accepted %d connections", n)
	}
}

func TestOriginsCompareAsURLsDo(t *testing.T) {
	for raw, want := range map[string]string{
		"HTTP://Example.ORG/api":      "http://example.org:80",
		"https://example.org:443/x":   "https://example.org:443",
		"http://[::1]:8080/":          "http://[::1]:8080",
		"http://u:p@127.0.0.1:99/a?b": "http://127.0.0.1:99",
		"/relative":                   "",
	} {
		if got := Origin(raw); got != want {
			t.Errorf("Origin(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestABodyDeclaredLongerThanTheLimitCostsOnlyItsStart(t *testing.T) {
	const size = 10 << 20
	writeFailed := make(chan bool, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(size))
		chunk := bytes.Repeat([]byte("<p>wrong target</p>"), 1<<12)
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := w.Write(chunk[:min(len(chunk), size-sent)]); err != nil {
				writeFailed <- true
				return
			}
		}
		writeFailed <- false
	}))
	defer srv.Close()
	start := time.Now()
	ex := New(10*time.Second, nil, nil).Do(context.Background(), Request{Method: "GET", URL: srv.URL})
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("reading took %s", elapsed)
	}
	if ex.Err != nil || ex.BodyCut.String() != "body of 10485760 bytes exceeds target.maxBodyBytes (1048576)" || len(ex.Body) > MaxBodyShown {
		t.Fatalf("err %v, cut %q, %d bytes kept", ex.Err, ex.BodyCut, len(ex.Body))
	}
	select {
	case failed := <-writeFailed:
		if !failed {
			t.Error("the server could write the whole body: the client read it all")
		}
	case <-time.After(5 * time.Second):
		t.Error("the server is still writing: the client kept the connection open")
	}
	if !strings.Contains(ex.Response(), "<p>wrong target</p>") {
		t.Errorf("the response does not show the body's start:\n%s", Truncate(ex.Response(), 300))
	}
}

func TestTheBodyLimitIsTheClientsOwn(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(bytes.Repeat([]byte("z"), 2000))
	}))
	defer srv.Close()
	c := New(time.Second, nil, nil)
	c.SetMaxBodyBytes(1000)
	ex := c.Do(context.Background(), Request{Method: "GET", URL: srv.URL})
	if ex.BodyCut.String() != "body of 2000 bytes exceeds target.maxBodyBytes (1000)" {
		t.Errorf("cut %q", ex.BodyCut)
	}
	c.SetMaxBodyBytes(2000)
	if ex := c.Do(context.Background(), Request{Method: "GET", URL: srv.URL}); ex.BodyCut.Cut() || len(ex.Body) != 2000 {
		t.Errorf("cut %q, %d bytes", ex.BodyCut, len(ex.Body))
	}
}

func TestARedirectToAnotherOriginIsNeverFollowed(t *testing.T) {
	other, accepted := otherHost(t)
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other+"/oauth/token", http.StatusTemporaryRedirect)
	}))
	defer target.Close()
	c := New(time.Second, nil, nil)
	if err := c.AllowOrigins(target.URL); err != nil {
		t.Fatal(err)
	}
	if ex := c.Do(context.Background(), Request{Method: "POST", URL: target.URL + "/oauth/token", Body: []byte("grant_type=client_credentials")}); ex.Status != http.StatusTemporaryRedirect {
		t.Errorf("status %d, err %v", ex.Status, ex.Err)
	}
	resp, err := c.HTTPClient().Post(target.URL+"/oauth/token", "application/x-www-form-urlencoded", strings.NewReader("grant_type=client_credentials"))
	if err == nil {
		_ = resp.Body.Close()
	}
	if n := accepted.Load(); n != 0 {
		t.Errorf("the other host accepted %d connections", n)
	}
}
