package expect

import "testing"

func TestTextAcceptsTheDocumentedTextOrTheProfilesAlternatives(t *testing.T) {
	Configure(true, map[string][]string{
		"CodeValue is required.":                                  {"The CodeValue field is required."},
		"The duplicate key is (ClassPeriodName, SchoolId) = ({})": {"Duplicate class period {}."},
	}, "")
	defer Configure(true, nil, "")
	cases := []struct {
		want string
		got  any
		pass bool
	}{
		{"CodeValue is required.", "CodeValue is required.", true},
		{"CodeValue is required.", "The CodeValue field is required.", true},
		{"CodeValue is required.", "codeValue is required", false},
		{"CodeValue is required.", nil, false},
		{"CodeValue is required.", 42, false},
		{"The duplicate key is (ClassPeriodName, SchoolId) = (edc1-period-2, 255901001)", "Duplicate class period edc1-period-2.", true},
		{"The duplicate key is (ClassPeriodName, SchoolId) = (edc1-period-2, 255901001)", "Duplicate class period .", false},
		{"Other text", "Duplicate class period x.", false},
	}
	for _, c := range cases {
		if got := Text("detail", c.want, c.got); got.Passed != c.pass || got.Level != Should {
			t.Errorf("Text(%q, %v) passed=%v level=%s, want passed=%v", c.want, c.got, got.Passed, got.Level, c.pass)
		}
	}
}

func TestStrings(t *testing.T) {
	if got := Strings([]any{"a", 1, "b"}); len(got) != 2 || got[1] != "b" {
		t.Errorf("Strings: %v", got)
	}
}

func TestIsJSONContentType(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json": true, "application/json; charset=utf-8": true, "application/problem+json": true,
		"text/plain": false, "": false, "application/jsonp": false,
	} {
		if IsJSONContentType(ct) != want {
			t.Errorf("%q", ct)
		}
	}
}
