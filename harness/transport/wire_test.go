package transport

import (
	"context"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edconform/edconform/harness/suitetest/recorder"
)

// wireCase is one request a spec may send, as the spec builds it.
type wireCase struct {
	name string
	req  Request
}

func wireCases(base string) []wireCase {
	json := http.Header{"Content-Type": {"application/json"}}
	var cases []wireCase
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		cases = append(cases,
			wireCase{m + " without a body", Request{Method: m, URL: base + "/data/x?limit=1&offset=0"}},
			wireCase{m + " with a JSON body", Request{Method: m, URL: base + "/data/x", Body: []byte(`{"a":1}`), Header: json}})
		if m != "GET" {
			cases = append(cases, wireCase{m + " with an empty body", Request{Method: m, URL: base + "/data/x", Body: []byte{}, Header: json}})
		}
	}
	return append(cases,
		wireCase{"bodyless POST with a Content-Type", Request{Method: "POST", URL: base + "/schools", Header: json}},
		wireCase{"malformed JSON with quotes and a backslash", Request{Method: "POST", URL: base + "/x", Header: json,
			Body: []byte(`{"a": "it's", "b": "c:\d", "p": "100%"`)}},
		wireCase{"CRLF line breaks", Request{Method: "POST", URL: base + "/x", Header: json, Body: []byte("{\r\n\"a\": 1}\r\n")}},
		wireCase{"non-UTF-8 bytes and NUL", Request{Method: "PUT", URL: base + "/x", Header: json,
			Body: []byte("\xff\xfe{\x00\"a\x00\"\x00}\x80%'\\")}},
		wireCase{"UTF-8 beyond ASCII", Request{Method: "POST", URL: base + "/x", Header: json, Body: []byte(`{"name":"Ñandú ൻ"}`)}},
		wireCase{"a body without Content-Type", Request{Method: "POST", URL: base + "/x", Header: json, Body: []byte(`{}`), OmitContentType: true}},
		wireCase{"a body above curl's Expect threshold", Request{Method: "POST", URL: base + "/x", Header: json,
			Body: []byte(`{"a":"` + strings.Repeat("x", 2000) + `"}`)}},
		wireCase{"headers: Accept, an empty one, an authorization", Request{Method: "GET", URL: base + "/x", Header: http.Header{
			"Accept": {"application/xml"}, "X-Empty": {""}, "Authorization": {"Bearer wire-test-token-123"}}}},
		wireCase{"no User-Agent at all", Request{Method: "GET", URL: base + "/x", Header: http.Header{"User-Agent": {""}}}},
		wireCase{"another Host", Request{Method: "GET", URL: base + "/x", Header: http.Header{"Host": {"api.example"}}}},
		wireCase{"HEAD", Request{Method: "HEAD", URL: base + "/x"}},
		wireCase{"credentials in the URL", Request{Method: "GET", URL: strings.Replace(base, "://", "://gate:wire-test-password@", 1) + "/x"}},
	)
}

// sendAll sends every case through a recorder answering 204 and returns
// the exchanges and what the wire carried, in the same order.
func sendAll(t *testing.T) ([]*Exchange, []recorder.Request) {
	t.Helper()
	rec, err := recorder.Start("")
	if err != nil {
		t.Fatal(err)
	}
	AddSecret("wire-test-token-123", "wire-test-password")
	c := New(5*time.Second, nil, nil)
	var exchanges []*Exchange
	for _, tc := range wireCases(rec.URL) {
		ex := c.Do(context.Background(), tc.req)
		if ex.Err != nil || ex.Status != http.StatusNoContent {
			t.Fatalf("%s: %v %d", tc.name, ex.Err, ex.Status)
		}
		exchanges = append(exchanges, ex)
	}
	_ = rec.Close()
	got := rec.Requests()
	if len(got) != len(exchanges) {
		t.Fatalf("%d requests sent, %d on the wire", len(exchanges), len(got))
	}
	return exchanges, got
}

func TestABodyIsFramedByItsLengthAndNoBodyByNothing(t *testing.T) {
	exchanges, wire := sendAll(t)
	for i, ex := range exchanges {
		r, w := ex.Request, wire[i]
		name := r.Method + " " + strconv.Quote(string(r.Body))
		if te := w.Values("Transfer-Encoding"); len(te) > 0 || w.Chunked {
			t.Errorf("%s: Transfer-Encoding %q on the wire:\n%s", name, te, w.Raw)
		}
		cl := w.Values("Content-Length")
		switch {
		case r.Body == nil && (len(cl) > 0 || w.Body != nil):
			t.Errorf("%s: no body meant, the wire had Content-Length %q:\n%s", name, cl, w.Raw)
		case r.Body != nil && (len(cl) != 1 || cl[0] != strconv.Itoa(len(r.Body))):
			t.Errorf("%s: a %d-byte body went with Content-Length %q:\n%s", name, len(r.Body), cl, w.Raw)
		case r.Body != nil && string(w.Body) != string(r.Body):
			t.Errorf("%s: body on the wire %q", name, w.Body)
		}
		if len(w.Values("Accept-Encoding")) > 0 {
			t.Errorf("%s: Accept-Encoding went out though the request has none", name)
		}
		if ct := w.Values("Content-Type"); r.OmitContentType && len(ct) > 0 {
			t.Errorf("%s: Content-Type %q went out though the request omits it", name, ct)
		}
	}
}

func TestARequestNetHTTPWouldAlterIsRefusedNotSentOtherwise(t *testing.T) {
	c := New(time.Second, nil, nil)
	for _, tc := range []struct {
		req  Request
		says string
	}{
		{Request{Method: "GET", URL: "http://127.0.0.1:1/x", Body: []byte{}}, "send no body"},
		{Request{Method: "POST", URL: "http://127.0.0.1:1/x", Body: []byte("{}"), Header: http.Header{"Content-Length": {"9"}}}, "Content-Length header"},
		{Request{Method: "POST", URL: "http://127.0.0.1:1/x", Body: []byte("{}"), Header: http.Header{"Transfer-Encoding": {"chunked"}}}, "Transfer-Encoding header"},
	} {
		if ex := c.Do(context.Background(), tc.req); ex.Err == nil || !strings.Contains(ex.Err.Error(), tc.says) {
			t.Errorf("%s %v: want a refusal saying %q, got %v", tc.req.Method, tc.req.Header, tc.says, ex.Err)
		}
	}
}

// TestTheCurlCommandSendsWhatWentOnTheWire runs every rendered curl
// command through sh, with curl replaced by a recorder of its arguments and
// input, and compares what that curl would send with the captured bytes.
func TestTheCurlCommandSendsWhatWentOnTheWire(t *testing.T) {
	exchanges, wire := sendAll(t)
	commands := make([]string, len(exchanges))
	for i, ex := range exchanges {
		commands[i] = ex.Curl()
		if strings.Contains(commands[i], "wire-test-token-123") || strings.Contains(commands[i], "wire-test-password") {
			t.Errorf("the curl shows a secret:\n%s", commands[i])
		}
	}
	sent, err := recorder.RunCurls(commands)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sent {
		if diffs := recorder.Diff(s, wire[i]); len(diffs) > 0 {
			t.Errorf("the curl does not reproduce the request:\n  %s\ncurl:\n%s\nwire:\n%q", strings.Join(diffs, "\n  "), commands[i], wire[i].Raw)
		}
	}
}

func TestTheCurlModelSeesAWrongRendering(t *testing.T) {
	rec, err := recorder.Start("")
	if err != nil {
		t.Fatal(err)
	}
	c := New(time.Second, nil, nil)
	ex := c.Do(context.Background(), Request{Method: "POST", URL: rec.URL + "/x", Body: []byte("a\x00b"), Header: http.Header{"Content-Type": {"application/json"}}})
	_ = rec.Close()
	wire := rec.Requests()[0]
	// The old rendering: the body quoted as text (the shell cannot carry the
	// NUL) and curl's own Accept left in.
	old := "curl -sS -i -X POST '" + rec.URL + "/x' -H 'Content-Type: application/json' -H 'User-Agent: edconform' --data-binary 'ab'"
	sent, err := recorder.RunCurls([]string{old, ex.Curl()})
	if err != nil {
		t.Fatal(err)
	}
	diffs := recorder.Diff(sent[0], wire)
	if !slices.ContainsFunc(diffs, func(d string) bool { return strings.HasPrefix(d, "body:") }) ||
		!slices.ContainsFunc(diffs, func(d string) bool { return strings.Contains(d, "accept: */*") }) {
		t.Errorf("the differences of a wrong curl are not all found: %q", diffs)
	}
	if diffs := recorder.Diff(sent[1], wire); len(diffs) > 0 {
		t.Errorf("the rendered curl differs: %q", diffs)
	}
}

// TestRealCurlSendsTheSameBytes replays every rendered command with the
// curl installed on the machine (when there is one) against a recorder and
// compares its request with the suite's: same request line, same header
// lines (curl orders them its own way), same framing and body bytes.
func TestRealCurlSendsTheSameBytes(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl on this machine; TestTheCurlCommandSendsWhatWentOnTheWire models it")
	}
	rec, err := recorder.Start("")
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	c := New(5*time.Second, nil, nil)
	for _, tc := range wireCases(rec.URL) {
		before := len(rec.Requests())
		ex := c.Do(context.Background(), tc.req)
		if strings.Contains(ex.Curl(), Redacted) {
			continue // curl would send <redacted> itself
		}
		out, err := exec.Command("sh", "-c", ex.Curl()).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.name, err, out)
		}
		got := rec.Requests()
		if len(got) != before+2 {
			t.Fatalf("%s: %d requests recorded, want 2", tc.name, len(got)-before)
		}
		suite, curl := got[before], got[before+1]
		if suite.Method+" "+suite.Target != curl.Method+" "+curl.Target || string(suite.Body) != string(curl.Body) ||
			(suite.Body == nil) != (curl.Body == nil) || suite.Chunked || curl.Chunked ||
			strings.Join(sorted(suite.Header), "\n") != strings.Join(sorted(curl.Header), "\n") {
			t.Errorf("%s: curl sent another request\nsuite: %q\ncurl:  %q\ncommand:\n%s", tc.name, suite.Raw, curl.Raw, ex.Curl())
		}
	}
}

func sorted(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		name, value, _ := strings.Cut(l, ":")
		out[i] = strings.ToLower(name) + ": " + strings.TrimSpace(value)
	}
	slices.Sort(out)
	return out
}
