package request

import (
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/profile"
)

func TestALocationIsAddressedOnTheTarget(t *testing.T) {
	target := profile.Target{BaseURL: "http://127.0.0.1:8000/api"}
	gateway := profile.Target{BaseURL: target.BaseURL, PublicBaseURL: "https://api.example.org/v7/api"}
	post := "http://127.0.0.1:8000/api/data/v3/ed-fi/students?x=1"
	for _, c := range []struct {
		name, location string
		target         profile.Target
		want, note     string
	}{
		{"relative", "/api/data/v3/ed-fi/students/abc", target, "http://127.0.0.1:8000/api/data/v3/ed-fi/students/abc", ""},
		{"same origin spelt otherwise", "HTTP://127.0.0.1:8000/api/data/v3/ed-fi/students/abc", target, "http://127.0.0.1:8000/api/data/v3/ed-fi/students/abc", ""},
		{"another host", "http://127.0.0.2:8000/api/data/v3/ed-fi/students/abc", target,
			"http://127.0.0.1:8000/api/data/v3/ed-fi/students/abc", "by its id under the collection the POST went to"},
		{"another port", "http://127.0.0.1:9/elsewhere/abc", target,
			"http://127.0.0.1:8000/api/data/v3/ed-fi/students/abc", "names another origin than the target's (http://127.0.0.1:8000)"},
		{"the gateway's public root", "https://api.example.org/v7/api/data/v3/ed-fi/students/abc", gateway,
			"http://127.0.0.1:8000/api/data/v3/ed-fi/students/abc", "through target.publicBaseURL (https://api.example.org/v7/api)"},
		{"the gateway's host outside its root", "https://api.example.org/other/students/abc", gateway,
			"http://127.0.0.1:8000/api/data/v3/ed-fi/students/abc", "by its id under the collection"},
		{"an id to escape", "http://127.0.0.2/x/a%3Fb", target, "http://127.0.0.1:8000/api/data/v3/ed-fi/students/a%3Fb", "not requested"},
	} {
		got, note := Locate(post, c.location, c.target)
		if got != c.want || (c.note == "") != (note == "") || !strings.Contains(note, c.note) {
			t.Errorf("%s: Locate(%q) = %q, %q; want %q, a note with %q", c.name, c.location, got, note, c.want, c.note)
		}
		if c.note != "" && !strings.Contains(note, "Location: "+c.location) {
			t.Errorf("%s: the note does not name the header: %s", c.name, note)
		}
	}
}

func TestOnlyURLsUnderThePublicBaseAreMapped(t *testing.T) {
	gateway := profile.Target{BaseURL: "http://10.0.0.5:8080/api/", PublicBaseURL: "https://api.example.org/v7/api"}
	for raw, want := range map[string]string{
		"https://api.example.org/v7/api/metadata/":    "http://10.0.0.5:8080/api/metadata/",
		"https://API.example.org:443/v7/api":          "http://10.0.0.5:8080/api",
		"https://api.example.org/v7/apiary/x":         "https://api.example.org/v7/apiary/x",
		"http://api.example.org/v7/api/metadata/":     "http://api.example.org/v7/api/metadata/",
		"https://elsewhere.example.org/v7/api/x":      "https://elsewhere.example.org/v7/api/x",
		"http://10.0.0.5:8080/api/metadata/resources": "http://10.0.0.5:8080/api/metadata/resources",
	} {
		if got := OnTarget(raw, gateway); got != want {
			t.Errorf("OnTarget(%q) = %q, want %q", raw, got, want)
		}
	}
	if got := OnTarget("https://api.example.org/v7/api/x", profile.Target{BaseURL: gateway.BaseURL}); got != "https://api.example.org/v7/api/x" {
		t.Errorf("mapped without target.publicBaseURL: %q", got)
	}
}
