package suite

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/auth"
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/transport"
)

func identityOf() Identity {
	return Identity{Sent: "without a token", Case: `"Missing token" (401)`, Statuses: []int{401, 404},
		Schema: "meadowlark-error", Keys: []string{"target.baseURL", "settings.path"}}
}

func exchange(status int, contentType, body string) *transport.Exchange {
	return &transport.Exchange{Request: transport.Request{Method: "GET", URL: "http://api.example/x"}, Status: status,
		Header: http.Header{"Content-Type": {contentType}}, Body: []byte(body)}
}

func TestIdentifyAcceptsTheDocumentedEnvelopeAtAnyListedStatus(t *testing.T) {
	s := &Session{Vendor: &Vendor{Title: "Acme API"}}
	for _, status := range []int{401, 404} {
		if err := s.Identify(exchange(status, "application/json; charset=utf-8", `{"error": "no token"}`), identityOf()); err != nil {
			t.Errorf("HTTP %d with the documented envelope: %v", status, err)
		}
	}
}

func TestIdentifySaysWhatCameBackAndWhichKeysToCheck(t *testing.T) {
	s := &Session{Vendor: &Vendor{Title: "Acme API"}}
	cut := exchange(401, "application/json", `{"error": "`+strings.Repeat("x", 500))
	cut.BodyCut = transport.BodyCut{Size: 5 << 20, Limit: 1 << 20}
	redirect := exchange(302, "text/html", "")
	redirect.Header.Set("Location", "https://login.example/")
	for name, c := range map[string]struct {
		ex   *transport.Exchange
		want []string
	}{
		"HTML":             {exchange(200, "text/html", "<html><title>Sign in</title></html>"), []string{"status 200, not 401 or 404", `got "text/html"`, "<html><title>Sign in", "HTTP 200 OK"}},
		"invalid JSON":     {exchange(401, "application/json", `{"error": `), []string{"a JSON object", `{\"error\": `}},
		"another envelope": {exchange(401, "application/json", `{"message": "no"}`), []string{"meadowlark-error schema"}},
		"a cut body":       {cut, []string{"a body of 5242880 bytes exceeds target.maxBodyBytes (1048576), far more than an error envelope", "…"}},
		"a redirect":       {redirect, []string{"status 302", `a redirect to "https://login.example/"`}},
		"no answer":        {&transport.Exchange{Request: transport.Request{Method: "GET", URL: "http://api.example/x"}, Err: errors.New("no answer within 2s")}, []string{"got no answer: no answer within 2s"}},
	} {
		err := s.Identify(c.ex, identityOf())
		if err == nil {
			t.Errorf("%s: identified as the API", name)
			continue
		}
		if c.ex.Err == nil {
			c.want = append(c.want, "does not answer as Acme API", "GET http://api.example/x without a token", "check target.baseURL and settings.path")
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: the error does not say %q:\n%v", name, w, err)
			}
		}
	}
}

func TestThePreviewRedactsBeforeItCuts(t *testing.T) {
	const secret = "preview-secret-0c4e9a"
	transport.AddSecret(secret)
	body := `{"access_token": "issued-token-77aa", "pad": "` + strings.Repeat("p", previewBytes-40) + `", "echo": "` + secret + `"}`
	got := preview(exchange(200, "application/json", body))
	for _, leak := range []string{"issued-token-77aa", secret, secret[:8]} {
		if strings.Contains(got, leak) {
			t.Errorf("the preview shows %q:\n%s", leak, got)
		}
	}
	if !strings.Contains(got, `\"access_token\": \"<redacted>\"`) {
		t.Errorf("the token member is not redacted in place:\n%s", got)
	}
}

func TestWithoutEchoesKeepsOnlyProcessOnesPreflightError(t *testing.T) {
	sbs := func(proc int, message string) types.SpecReport {
		return types.SpecReport{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, ParallelProcess: proc,
			State: types.SpecStateFailed, Failure: types.Failure{Message: message}}
	}
	echo := types.GinkgoErrors.SynchronizedBeforeSuiteFailedOnProc1().Error()
	r := types.Report{SpecReports: []types.SpecReport{
		sbs(1, "the target does not answer as Acme API does"), sbs(2, echo), sbs(3, echo),
		sbs(4, "process 4's own failure"),
		{LeafNodeType: types.NodeTypeIt, ParallelProcess: 2, State: types.SpecStatePassed},
	}}
	got := withoutEchoes(r)
	if len(got.SpecReports) != 3 || got.SpecReports[0].ParallelProcess != 1 || got.SpecReports[1].ParallelProcess != 4 {
		t.Fatalf("kept %+v", got.SpecReports)
	}
	if code, _ := Verdict(got); code != ExitNotJudged {
		t.Errorf("verdict %d, want %d", code, ExitNotJudged)
	}
	if len(r.SpecReports) != 5 {
		t.Errorf("the original report was changed")
	}
}

// The API answering its own case differently is left to the spec for that
// case; only an answer the API never gives stops the run.
func TestIdentifyLeavesTheAPIsOwnDifferencesToTheSpecs(t *testing.T) {
	s := &Session{Vendor: &Vendor{Title: "Acme API"}}
	id := identityOf()
	id.Recognise = func(ex *transport.Exchange) bool { return BodyHas(ex, "error") || BodyIsArray(ex) }
	for name, ex := range map[string]*transport.Exchange{
		"another status":      exchange(400, "application/json", `{"error": "no token"}`),
		"a text Content-Type": exchange(401, "text/plain", `{"error": "no token"}`),
		"a collection":        exchange(200, "application/json", `[{"id": "a"}]`),
	} {
		if err := s.Identify(ex, id); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	redirect := exchange(302, "application/json", `{"error": "moved"}`)
	redirect.Header.Set("Location", "/elsewhere")
	for name, ex := range map[string]*transport.Exchange{
		"another envelope": exchange(401, "application/json", `{"message": "no token"}`),
		"HTML":             exchange(200, "text/html", `<html></html>`),
		"a redirect":       redirect,
	} {
		if err := s.Identify(ex, id); err == nil {
			t.Errorf("%s: identified as the API", name)
		}
	}
}

// TestAFailedOAuthPreflightLeavesNoTokenRequestBehind: set-up puts the
// plain transport back as soon as the pre-flight returns, so a token
// request still under way then would read the transport while it is
// written (a data race under -race) and go out unrecorded.
func TestAFailedOAuthPreflightLeavesNoTokenRequestBehind(t *testing.T) {
	var tokenRequests, tokenAnswers atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			tokenRequests.Add(1)
			defer tokenAnswers.Add(1)
			time.Sleep(150 * time.Millisecond) // answered after the read's failure
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token": "preflight-token-77c2d9", "token_type": "bearer", "expires_in": 600}`)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html>Sign in</html>")
	}))
	defer target.Close()
	p := &profile.Profile{Vendor: "acme", Target: profile.Target{BaseURL: target.URL},
		Auth: profile.Auth{TokenURL: target.URL + "/oauth/token", Clients: map[string]profile.Client{"primary": {ID: "preflight-client", Secret: "preflight-secret-5b1e0a"}}}}
	client := transport.New(5*time.Second, &transport.Log{}, nil)
	s := &Session{Vendor: &Vendor{Title: "Acme API"}, Profile: p, Client: client, Tokens: auth.New(p, client.HTTPClient()), Log: &transport.Log{}}

	err := s.withTransport(func(next http.RoundTripper) http.RoundTripper { return next }, func() error {
		return s.OAuthPreflight(context.Background(), target.URL+"/x", identityOf())
	})
	if err == nil || !strings.Contains(err.Error(), "does not answer as Acme API") {
		t.Fatalf("an HTML answer passed the pre-flight or failed otherwise: %v", err)
	}
	if sent, answered := tokenRequests.Load(), tokenAnswers.Load(); sent != answered {
		t.Errorf("the pre-flight returned with %d of %d token requests unanswered", sent-answered, sent)
	}
}
