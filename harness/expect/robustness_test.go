package expect

import (
	"net/http"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/transport"
)

func exchange(body string) *transport.Exchange {
	return &transport.Exchange{Request: transport.Request{Method: "GET", URL: "http://h/x"}, Status: 400,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
}

// A matcher meeting a JSON shape it did not foresee fails the spec with the
// usual message (request and response), rather than panicking.
func TestAPanickingCheckFailsWithTheUsualMessage(t *testing.T) {
	m := &Matcher{Expectation: "400 x", Checks: func(ex *transport.Exchange) []Check {
		body, _ := ex.JSON()
		_ = body.(map[string]any)["errors"].([]any)[0] // the body is an array
		return nil
	}}
	var passed bool
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("the matcher panicked: %v", r)
			}
		}()
		passed, err = m.Match(exchange(`[1, 2]`))
	}()
	msg := m.FailureMessage(nil)
	if passed || err != nil || !strings.Contains(msg, "MUST") || !strings.Contains(msg, "Response:") || !strings.Contains(msg, "[") {
		t.Errorf("passed=%v err=%v message:\n%s", passed, err, msg)
	}
}

func TestABodyThatIsNotAnObjectIsNamedInJSONTerms(t *testing.T) {
	for body, want := range map[string]string{`[1]`: "an array", `null`: "null", `42`: "a number", `"x"`: "a string", `true`: "a boolean"} {
		_, checks := JSONBody(exchange(body), "edfi-problem-details")
		got := checks[len(checks)-1].Got
		if got != want {
			t.Errorf("%s: got %q, want %q", body, got, want)
		}
	}
}

// A huge value (a long array, thousands of schema violations) is cut in
// the differences list; the response below it is already bounded.
func TestALongGotValueIsTruncated(t *testing.T) {
	huge := strings.Repeat("violation; ", 100000)
	msg := Message(exchange(`{}`), "", "400 x", []Check{That(Must, "body", false, "valid", huge)})
	if len(msg) > 10000 || !strings.Contains(msg, "more bytes not shown") {
		t.Errorf("message of %d bytes", len(msg))
	}
}
