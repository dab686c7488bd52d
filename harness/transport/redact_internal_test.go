package transport

import (
	"slices"
	"strings"
	"testing"
)

// FuzzContainsAny: the one-pass search finds a secret exactly where
// strings.Contains does, whatever the secrets' lengths.
func FuzzContainsAny(f *testing.F) {
	f.Add("the token abcdefgh-123 was echoed", "abcdefgh-123", "zzzz")
	f.Add("abcabcabd", "abcabd", "bca")
	f.Add("short", "sho", "rt")
	f.Add("no secret here", "secret!", "absent-value")
	f.Fuzz(func(t *testing.T, text, a, b string) {
		values := slices.DeleteFunc([]string{a, b}, func(v string) bool { return v == "" })
		set := newSecretSet(values)
		want := slices.ContainsFunc(values, func(v string) bool { return strings.Contains(text, v) })
		if got := set.containsAny(text); got != want {
			t.Fatalf("containsAny(%q) with %q = %v, want %v", text, values, got, want)
		}
	})
}

// FuzzRedactLooksOnlyWhereItReplaces: redacting (which first looks without
// source ranges) gives what looking and replacing with them always gives.
func FuzzRedactLooksOnlyWhereItReplaces(f *testing.F) {
	f.Add("Authorization: Basic c29tZW9uZTpzM2NyZXQtdmFsdWU=\n  \"s3cret\\u002dvalue\" s3%63ret-value", "s3cret-value")
	f.Add("{\"detail\": \"The value \\u003cnone\\u003e\",\n \"path\": \"/a%2Fb\"}", "tok-zzzzzzzz")
	f.Fuzz(func(t *testing.T, text, secret string) {
		if len(text) > 4000 || secret == "" {
			return
		}
		set := newSecretSet([]string{secret})
		look := finder{secretSet: set}
		var spans []span
		for _, v := range views(text, true) {
			spans = append(spans, look.find(v)...)
		}
		if got, want := set.redact(text), replaceSpans(text, spans); got != want {
			t.Fatalf("redact(%q) with %q:\n%q\nwant\n%q", text, secret, got, want)
		}
	})
}
