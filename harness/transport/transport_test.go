package transport

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCurlAndResponseRedactRegisteredSecrets(t *testing.T) {
	token := "tok-" + strings.Repeat("z", 20)
	AddSecret(token, "client-secret-value")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"echo":"` + r.Header.Get("Authorization") + `"}`))
	}))
	defer srv.Close()
	log := &Log{}
	c := New(time.Second, log, nil)
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("id:client-secret-value"))
	ex := c.Do(context.Background(), Request{Method: "POST", URL: srv.URL + "/x", Body: []byte(`{"a":"it's"}`),
		Header: http.Header{"Authorization": {"Bearer " + token}, "X-Basic": {basic}}})
	ex2 := c.Do(context.Background(), Request{Method: "GET", URL: srv.URL, Header: http.Header{"Authorization": {basic}}})
	all := ex.String() + ex2.String() + log.Transcript()
	for _, secret := range []string{token, "client-secret-value", base64.StdEncoding.EncodeToString([]byte("id:client-secret-value"))} {
		if strings.Contains(all, secret) {
			t.Errorf("output leaks %q:\n%s", secret, all)
		}
	}
	if !strings.Contains(ex.Curl(), "curl -sS -i -X POST '"+srv.URL+"/x'") || !strings.Contains(ex.Curl(), `'{"a":"it'\''s"}'`) {
		t.Errorf("curl command is not runnable:\n%s", ex.Curl())
	}
	if !strings.Contains(ex.Response(), "HTTP 200 OK") || !strings.Contains(log.Transcript(), "[2]") {
		t.Errorf("response or transcript missing:\n%s\n%s", ex.Response(), log.Transcript())
	}
}

func TestOmitContentTypeSendsNone(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Content-Type"))
	}))
	defer srv.Close()
	c := New(time.Second, nil, nil)
	c.Do(context.Background(), Request{Method: "POST", URL: srv.URL, Body: []byte("{}"), OmitContentType: true})
	c.Do(context.Background(), Request{Method: "POST", URL: srv.URL, Body: []byte("{}"), Header: http.Header{"Content-Type": {"application/json"}}})
	if len(got) != 2 || got[0] != "" || got[1] != "application/json" {
		t.Errorf("Content-Type headers sent: %q", got)
	}
}

func TestTransportProblemsNameWhatToFix(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(time.Second) }))
	defer slow.Close()
	c := New(200*time.Millisecond, nil, nil)
	ex := c.Do(context.Background(), Request{Method: "GET", URL: slow.URL})
	if ex.Err == nil || !strings.Contains(ex.Err.Error(), "target.timeout") {
		t.Errorf("slow server: %v", ex.Err)
	}
	ex = c.Do(context.Background(), Request{Method: "GET", URL: "http://127.0.0.1:1/"})
	if ex.Err == nil || !strings.Contains(ex.Err.Error(), "target.baseURL") {
		t.Errorf("unreachable server: %v", ex.Err)
	}
	if !strings.HasPrefix(ex.Response(), "no response: ") {
		t.Errorf("response of a failed exchange: %q", ex.Response())
	}
}

func TestGuardStopsTheRequest(t *testing.T) {
	called := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true }))
	defer srv.Close()
	c := New(time.Second, nil, func(r Request) error {
		if r.Method == "DELETE" {
			return context.Canceled
		}
		return nil
	})
	ex := c.Do(context.Background(), Request{Method: "DELETE", URL: srv.URL})
	if ex.Err == nil || called {
		t.Errorf("guard did not stop the request: err=%v called=%v", ex.Err, called)
	}
}

func TestTruncateSaysHowMuchIsLeftOut(t *testing.T) {
	out := Truncate(strings.Repeat("a", 10), 4)
	if out != "aaaa\n… (6 more bytes not shown)" {
		t.Errorf("%q", out)
	}
}
