package request

import (
	"reflect"
	"testing"
)

func TestDocCopiesOnEveryChange(t *testing.T) {
	base := Doc{"a": 1, "ref": map[string]any{"id": 1, "kind": "x"}}
	changed := base.With("ref.id", 2, "b", nil).Without("a")
	if !reflect.DeepEqual(base, Doc{"a": 1, "ref": map[string]any{"id": 1, "kind": "x"}}) {
		t.Errorf("the original changed: %v", base)
	}
	want := Doc{"b": nil, "ref": map[string]any{"id": 2, "kind": "x"}}
	if !reflect.DeepEqual(changed, want) {
		t.Errorf("got %v, want %v", changed, want)
	}
	if (Doc{"s": "v", "n": 1}).Str("s") != "v" || (Doc{"n": 1}).Str("n") != "" {
		t.Error("Str reads text only")
	}
}

func TestMergeSetsEveryAdditionOnACopy(t *testing.T) {
	base := Doc{"a": 1, "ref": map[string]any{"id": 1}}
	got := base.Merge(map[string]any{"a": 2, "ref.kind": "x", "birthCity": "Paris"})
	want := Doc{"a": 2, "ref": map[string]any{"id": 1, "kind": "x"}, "birthCity": "Paris"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if !reflect.DeepEqual(base, Doc{"a": 1, "ref": map[string]any{"id": 1}}) {
		t.Errorf("the original changed: %v", base)
	}
}
