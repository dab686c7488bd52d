package specid

import (
	"strings"
	"testing"
)

func panics(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = r.(string)
		}
	}()
	f()
	return ""
}

func give(id string) { Label(id) }

func TestLabel(t *testing.T) {
	for i := 0; i < 2; i++ {
		if msg := panics(func() { give("acme.authentication.missing-token") }); msg != "" {
			t.Fatalf("the same place cannot give its id again: %s", msg)
		}
	}
	if got := Label("acme.authentication.expired-token"); len(got) != 1 || got[0] != "id:acme.authentication.expired-token" {
		t.Errorf("Label gives %v", got)
	}
	if msg := panics(func() { Label("acme.authentication.missing-token") }); !strings.Contains(msg, "ids must be unique") {
		t.Errorf("an id given at a second place does not panic: %q", msg)
	}
	for _, bad := range []string{"acme", "Acme.authentication.x", "acme.authentication.missing_token", "acme..x", "acme.x-", "acme.x.", "id:acme.x"} {
		if msg := panics(func() { Label(bad) }); !strings.Contains(msg, "is not of the form") {
			t.Errorf("%q does not panic as malformed: %q", bad, msg)
		}
	}
	if !Known("acme.authentication.missing-token") || Known("acme.authentication.never-given") {
		t.Error("Known does not tell given ids from others")
	}
}

func TestOfAndWithout(t *testing.T) {
	labels := []string{"acme", "id:acme.authentication.missing-token", "401"}
	if got := Of(labels); got != "acme.authentication.missing-token" {
		t.Errorf("Of = %q", got)
	}
	if got := Of([]string{"acme"}); got != "" {
		t.Errorf("Of without an id = %q", got)
	}
	if got := strings.Join(Without(labels), ","); got != "acme,401" {
		t.Errorf("Without = %q", got)
	}
}
