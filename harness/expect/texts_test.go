package expect

import (
	"strings"
	"testing"
)

// Under the text policy a documented text matches only exactly: no
// variant in quoting, punctuation, case or whitespace passes unless the
// profile lists it under `texts`.
func TestTextAcceptsNoVariantOfTheDocumentedText(t *testing.T) {
	Configure(true, nil, "")
	const documented = "Invalid resource academicWeek. The most similar resource is academicWeeks"
	for _, variant := range []string{
		"Invalid resource 'academicWeek'. The most similar resource is 'academicWeeks'.",
		"Invalid resource academicWeek. The most similar resource is academicWeeks.",
		"invalid resource academicWeek. the most similar resource is academicWeeks",
		"Invalid resource academicWeek.  The most similar resource is academicWeeks",
		" Invalid resource academicWeek. The most similar resource is academicWeeks",
		"Invalid resource academicWeek. The most similar resource is academicWeeks ",
	} {
		if Text("error", documented, variant).Passed {
			t.Errorf("%q passed as %q", variant, documented)
		}
	}
	if !Text("error", documented, documented).Passed {
		t.Error("the documented text itself failed")
	}
	Configure(true, map[string][]string{"Invalid resource {}. The most similar resource is {}": {"Invalid resource '{}'. The most similar resource is '{}'."}}, "")
	defer Configure(true, nil, "")
	if !Text("error", documented, "Invalid resource 'academicWeek'. The most similar resource is 'academicWeeks'.").Passed {
		t.Error("the profile's alternative was not accepted")
	}
}

func TestAListingPassesInAnyOrderOfExactlyItsItems(t *testing.T) {
	Configure(true, nil, "")
	w := Listing("conflicting values: ", ", ", "'2022'", "'2023'")
	for got, pass := range map[string]bool{
		"conflicting values: '2022', '2023'":         true,
		"conflicting values: '2023', '2022'":         true,
		"conflicting values: '2023'":                 false,
		"conflicting values: '2023', '2022', '2022'": false,
		"conflicting values: '2023','2022'":          false,
		"conflicting values: '2022', '2024'":         false,
		"Conflicting values: '2022', '2023'":         false,
	} {
		if w.Matches(got) != pass {
			t.Errorf("%q: passed=%v, want %v", got, !pass, pass)
		}
	}
	if c := TextOf("m", w, "x"); c.Passed || !strings.Contains(c.Want, "any order") || c.Level != Should {
		t.Errorf("TextOf: %+v", c)
	}
}

func TestTextsAsSetComparesMultisetsInAnyOrder(t *testing.T) {
	Configure(true, map[string][]string{"Rating is too long.": {"{} too long."}}, "")
	defer Configure(true, nil, "")
	want := Exact("Rating is too long.", "Rating is dangerous.")
	cases := []struct {
		got  []string
		pass bool
		note string
	}{
		{[]string{"Rating is too long.", "Rating is dangerous."}, true, ""},
		{[]string{"Rating is dangerous.", "Rating is too long."}, true, ""},
		{[]string{"Rating is dangerous.", "Rating too long."}, true, ""},
		{[]string{"Rating is dangerous."}, false, `missing "Rating is too long."`},
		{[]string{"Rating is dangerous.", "Rating is too long.", "Other."}, false, `not documented "Other."`},
		{[]string{"Rating is dangerous.", "Rating is dangerous."}, false, "missing"},
		{nil, false, "missing"},
	}
	for _, c := range cases {
		got := TextsAsSet("validationErrors[$.rating]", want, c.got)
		if got.Passed != c.pass || got.Level != Should || !strings.Contains(got.Got, c.note) {
			t.Errorf("%q: %+v", c.got, got)
		}
	}
	// A broad alternative must not take the only text a narrower want accepts.
	Configure(true, map[string][]string{"A.": {"{}."}}, "")
	if !TextsAsSet("x", Exact("A.", "B."), []string{"B.", "C."}).Passed {
		t.Error("B. for B. and C. for A.'s alternative should pair up")
	}
}

func TestLookupSaysWhereAMisplacedMemberIs(t *testing.T) {
	body := map[string]any{"error": map[string]any{"code": 5.0, "list": []any{map[string]any{"message": "deep"}}}, "message": "top"}
	cases := []struct {
		path []string
		v    any
		got  string
	}{
		{[]string{"error", "code"}, 5.0, "5"},
		{[]string{"code"}, nil, "found at $.error.code: 5, not at $.code"},
		{[]string{"error", "message"}, nil, `found at $.message: "top" (and 1 more places), not at $.error.message`},
		{[]string{"error", "info"}, nil, "(absent)"},
	}
	for _, c := range cases {
		v, got := Lookup(body, c.path...)
		if v != c.v || got != c.got {
			t.Errorf("%v: got %v %q, want %v %q", c.path, v, got, c.v, c.got)
		}
	}
	if at := Locate(body, "message"); len(at) != 2 || at[0].Path != "$.message" || at[1].Path != "$.error.list[0].message" {
		t.Errorf("Locate: %+v", at)
	}
	// Keys that look like paths are keys, not paths.
	if at := Locate(map[string]any{"validationErrors": map[string]any{"$.codeValue": []any{"x"}}}, "codeValue"); len(at) != 0 {
		t.Errorf("Locate read a key as a path: %+v", at)
	}
}

func TestTextAtSaysWhereTheDocumentedTextIs(t *testing.T) {
	Configure(true, nil, "")
	body := map[string]any{"error": "The request is invalid.", "modelState": []any{"Limit must be provided when using offset"}}
	c := TextAt("error", "Limit must be provided when using offset", body, "error")
	if c.Passed || c.Got != `"The request is invalid."; the documented text is at $.modelState[0]` {
		t.Errorf("%+v", c)
	}
	if c := TextAt("error", "The request is invalid.", body, "error"); !c.Passed {
		t.Errorf("%+v", c)
	}
}
