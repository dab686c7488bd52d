package reference

import (
	"strconv"
	"testing"
)

func TestDocumentsRenderEachKeyOnce(t *testing.T) {
	var d Documents
	calls := 0
	render := func(n int) func() []byte {
		return func() []byte { calls++; return []byte(strconv.Itoa(n)) }
	}
	if got := string(d.Get("a", render(1))); got != "1" {
		t.Fatalf("first a: %q", got)
	}
	if got := string(d.Get("a", render(2))); got != "1" {
		t.Errorf("a again: %q, want the first rendering", got)
	}
	if got := string(d.Get("b", render(3))); got != "3" {
		t.Errorf("b: %q", got)
	}
	if calls != 2 {
		t.Errorf("rendered %d times, want 2", calls)
	}
}
