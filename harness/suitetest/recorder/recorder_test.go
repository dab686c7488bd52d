package recorder

import (
	"bufio"
	"strings"
	"testing"
)

func TestRedactedStandsForAnySecretOfOneOrMoreCharacters(t *testing.T) {
	for _, tc := range []struct {
		shown, real string
		want        bool
	}{
		{"Bearer <redacted>", "Bearer abc", true},
		{"Bearer <redacted>", "Bearer ", false},
		{"Bearer <redacted>", "Basic abc", false},
		{"a=<redacted>&b=<redacted>", "a=1&b=2", true},
		{"a=<redacted>&b=<redacted>", "a=1&c=2", false},
		{"<redacted>:<redacted>", "x:y:z", true},
		{"plain", "plain", true},
		{"plain", "plain2", false},
	} {
		if got := matches(tc.shown, tc.real); got != tc.want {
			t.Errorf("matches(%q, %q) = %v", tc.shown, tc.real, got)
		}
	}
}

func TestReadKeepsTheFramingAndTheRawBytes(t *testing.T) {
	raw := "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-T: 1\r\n\r\n" +
		"PUT /y HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi" +
		"GET /z HTTP/1.1\r\n\r\n"
	in := bufio.NewReader(strings.NewReader(raw))
	var got []Request
	for {
		r, ok := Read(in)
		if !ok {
			break
		}
		got = append(got, r)
	}
	if len(got) != 3 {
		t.Fatalf("%d requests read", len(got))
	}
	if !got[0].Chunked || string(got[0].Body) != "abcde" || got[0].ContentLength != -1 {
		t.Errorf("chunked request: %+v", got[0])
	}
	if got[1].Chunked || string(got[1].Body) != "hi" || got[1].ContentLength != 2 {
		t.Errorf("sized request: %+v", got[1])
	}
	if got[2].Body != nil || got[2].Target != "/z" || got[2].Err != nil {
		t.Errorf("bodyless request: %+v", got[2])
	}
	if string(got[0].Raw)+string(got[1].Raw)+string(got[2].Raw) != raw {
		t.Errorf("the raw bytes are not kept whole")
	}
}

func TestCurlSendsItsOwnHeadersUnlessTheCommandReplacesThem(t *testing.T) {
	s, err := CurlSends([]string{"-sS", "-i", "-X", "POST", "http://h:1/a?b=c", "-H", "Accept:", "-H", "X-E;", "-H", "User-Agent: me", "--data-binary", "@-"}, []byte("x\x00"))
	if err != nil {
		t.Fatal(err)
	}
	want := "Host: h:1|Content-Length: 2|Content-Type: application/x-www-form-urlencoded|X-E:|User-Agent: me"
	if strings.Join(s.Header, "|") != want || string(s.Body) != "x\x00" || s.Method != "POST" {
		t.Errorf("got %q %q %s", s.Header, s.Body, s.Method)
	}
	if d := Diff(s, Request{Method: "POST", Target: "/a", Header: []string{"Host: h:1"}}); len(d) < 4 {
		t.Errorf("a different request shows too few differences: %q", d)
	}
}

func TestCredentialsInTheURLGoAsBasicAuthorization(t *testing.T) {
	for url, want := range map[string]string{
		"http://gate:pw@h/x":         "Authorization: Basic Z2F0ZTpwdw==",
		"http://gate:<redacted>@h/x": "Authorization: Basic <redacted>",
	} {
		s, err := CurlSends([]string{url}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.Header[len(s.Header)-1] != want || s.Header[0] != "Host: h" {
			t.Errorf("%s: %q", url, s.Header)
		}
	}
}

// Each command must call curl exactly once; its arguments and standard
// input are read back per command.
func TestRunCurlsReadsEachCommandsOneCall(t *testing.T) {
	sent, err := RunCurls([]string{
		`printf '{"a":1}' | curl -sS -X POST -H 'Content-Type: application/json' --data-binary @- 'http://h/one'`,
		`curl -sS 'http://h/two?x=1'`,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sent) != 2 || sent[0].Method != "POST" || string(sent[0].Body) != `{"a":1}` || sent[1].Method != "GET" || sent[1].Body != nil {
		t.Fatalf("got %+v", sent)
	}
	for _, bad := range []string{`curl -sS 'http://h/a'; curl -sS 'http://h/b'`, `echo no curl`} {
		if _, err := RunCurls([]string{bad}); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
