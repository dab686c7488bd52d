package specid

import (
	"slices"
	"testing"
)

func panics(f func()) (did bool) {
	defer func() { did = recover() != nil }()
	f()
	return false
}

func TestLabelCarriesTheIDAndRefusesBadOnes(t *testing.T) {
	labels := Label("edfi.data-validation.missing-required-property.both")
	if got := Of(append([]string{"edfi", "400"}, labels...)); got != "edfi.data-validation.missing-required-property.both" {
		t.Errorf("Of = %q", got)
	}
	if !Known("edfi.data-validation.missing-required-property.both") || !slices.Contains(All(), "edfi.data-validation.missing-required-property.both") {
		t.Error("a labelled id is not registered")
	}
	if got := Without(append([]string{"edfi"}, labels...)); !slices.Equal(got, []string{"edfi"}) {
		t.Errorf("Without = %v", got)
	}
	for _, bad := range []string{"", "edfi", "Edfi.x", "edfi..x", "edfi.x_y", "edfi.x-", "edfi.x y"} {
		if !panics(func() { Label(bad) }) {
			t.Errorf("Label(%q) did not panic", bad)
		}
	}
	if !panics(func() { Label("edfi.data-validation.missing-required-property.both") }) {
		t.Error("a duplicate id did not panic")
	}
	if Current() != "" {
		t.Error("outside a spec there is no current id")
	}
}
