package profile

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// goType matches what Go's reflection prints of a type.
var goType = regexp.MustCompile(`interface \{\}|unmarshal !!|into \*?(map\[|\[\]|\w+\.[A-Z])`)

// quoted matches the values an error quotes, which are the profile's own.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// aliasBomb nests nine levels of nine aliases each: 9^9 values once
// expanded, from a few hundred bytes.
func aliasBomb() string {
	doc := "settings:\n  a: &a [x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		doc += "  " + name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 8) + "*" + prev + "]\n"
		prev = name
	}
	return doc
}

// Any YAML of a shape or type no profile has is one error naming the key
// path, in words, with no Go type in it.
func TestAProfileOfTheWrongShapeIsOneErrorNamingTheKey(t *testing.T) {
	cases := map[string]struct{ doc, key, words string }{
		"a numeric key":           {"settings: {providers: {1: canvas}}", "settings.providers.1", `write it in quotes ("1")`},
		"a boolean key":           {"settings: {true: x}", "settings.true", "read as a boolean"},
		"a null key":              {"fixtures: {students: {~: x}}", "fixtures.students.~", "read as null"},
		"a list as a key":         {"settings: {[a, b]: c}", "settings.?", "not a list or a map"},
		"a list for a map":        {"settings: [1, 2]", "settings", "is a list, but this key takes a map"},
		"a list for clients":      {"auth: {clients: [a, b]}", "auth.clients", "is a list"},
		"a map for a list":        {"reference: {deviations: {a: b}}", "reference.deviations", "is a map, but this key takes a list"},
		"text for a map":          {"target: x", "target", `is the text "x"`},
		"a list for a boolean":    {"strict: [true]", "strict", "takes true or false"},
		"a number for an entry":   {"expect: {edfi.a.b: 5}", "expect.edfi.a.b", "is the number 5"},
		"text for a list":         {"texts: {a: b}", "texts.a", "takes a list"},
		"a list for a fixture":    {"fixtures: {students: [1]}", "fixtures.students", "is a list"},
		"a list document":         {"- a\n- b", "(document)", "is a list"},
		"deep nesting":            {"settings: " + strings.Repeat("{a: ", 60) + "1" + strings.Repeat("}", 60), "settings.a.a", "nests more than"},
		"a huge value":            {"settings: {a: \"" + strings.Repeat("x", MaxValueBytes+1) + "\"}", "settings.a", "bytes; at most"},
		"an alias bomb":           {aliasBomb(), "settings.", "aliases included"},
		"a huge file":             {"settings: {a: 1}\n" + strings.Repeat("# padding\n", MaxProfileBytes/10), "(file)", "a profile is at most"},
		"a syntax error":          {"settings: {a: [1, 2}", "(syntax", ""},
		"a waiver that is a list": {"waivers: [[a]]", "waivers[0]", "is a list"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			doc := c.doc + "\n"
			if !strings.HasPrefix(doc, "- ") {
				doc = "vendor: edfi\n" + doc
			}
			_, err := Load(write(t, doc), "edfi", env(nil))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("not one profile error: %v", err)
			}
			if !strings.HasPrefix(pe.Key, c.key) || !strings.Contains(pe.Reason, c.words) {
				t.Errorf("key %q (want %q), reason %q (want %q)", pe.Key, c.key, pe.Reason, c.words)
			}
			if goType.MatchString(quoted.ReplaceAllString(err.Error(), `""`)) || strings.Contains(err.Error(), "\n") {
				t.Errorf("the error shows a Go type or spans lines: %s", err)
			}
		})
	}
}

// YAML's own features that fit the profile's shape stay usable.
func TestQuotedKeysAnchorsAndMergesAreAccepted(t *testing.T) {
	p, err := Load(write(t, `vendor: edfi
settings:
  providers: {"1": canvas}
  base: &base {school: 255901}
  other: {<<: *base, year: 2022}
`), "edfi", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Share(); err != nil {
		t.Fatal(err)
	}
	other, _ := p.Settings["other"].(map[string]any)
	if other["school"] != 255901 || p.Settings["providers"].(map[string]any)["1"] != "canvas" {
		t.Errorf("settings: %v", p.Settings)
	}
}

// FuzzLoad: no document makes loading panic or answer with anything but
// one profile error naming a key, in one line of words; a document that loads can be shared with
// the other processes of a parallel run and its settings decoded.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"vendor: edfi\ntarget: {baseURL: \"https://h/api\", timeout: 5s}\nauth: {tokenURL: oauth/token, clients: {primary: {id: a}}}\n",
		"settings: {providers: {1: canvas}}",
		"expect: {edfi.a.b: {status: 405, type: x}}\nwaivers: [{spec: edfi.a.b, reason: r, expires: 2999-01-01}]",
		"fixtures: {students: {birthDate: 2010-01-01, name: {first: a}}}",
		"texts: {\"a {} b\": [\"c\"]}\nstrict: false",
		aliasBomb(),
		"a: &a [*a]",
		"settings: {<<: [*x]}",
		"%YAML 1.1\n---\nsettings: {a: !!binary aGk=}\n--- \nb: 1",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := Parse(raw, "fuzz.yaml", "edfi", env(nil))
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Key == "" {
				t.Fatalf("not a profile error naming a key: %#v", err)
			}
			if goType.MatchString(quoted.ReplaceAllString(err.Error(), `""`)) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("the error shows a Go type or spans lines: %s", err)
			}
			return
		}
		shared, err := p.Share()
		if err != nil {
			t.Fatalf("a loaded profile cannot be shared: %v", err)
		}
		if _, err := Shared(shared); err != nil {
			t.Fatalf("a shared profile cannot be read back: %v", err)
		}
		var settings map[string]any
		if err := p.DecodeSettings(&settings); err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("settings: not a profile error: %v", err)
			}
		}
	})
}
