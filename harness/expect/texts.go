package expect

import (
	"fmt"
	"sort"
	"strings"
)

// Want is a documented text. Most are one exact wording; a Listing is a
// text ending in items whose order the document does not fix, so any order
// of exactly those items is the documented text too. Nothing else is
// normalised: quoting, punctuation, case and whitespace must match, or the
// profile must list the variant under `texts`.
type Want struct {
	text   string
	prefix string
	sep    string
	items  []string
}

// Exactly is a documented text with one wording.
func Exactly(text string) Want { return Want{text: text} }

// Listing is prefix followed by items joined by sep, in any order.
func Listing(prefix, sep string, items ...string) Want {
	return Want{text: prefix + strings.Join(items, sep), prefix: prefix, sep: sep, items: items}
}

// String is the documented wording, items in the document's order.
func (w Want) String() string { return w.text }

// Matches reports whether got is the documented text (for a Listing, in
// any order of its items) or one of the profile's alternatives for it.
func (w Want) Matches(got string) bool {
	if got == w.text || w.reordered(got) {
		return true
	}
	policy.RLock()
	defer policy.RUnlock()
	for documented, alternatives := range policy.texts {
		if !matches(documented, w.text) {
			continue
		}
		for _, alt := range alternatives {
			if matches(alt, got) {
				return true
			}
		}
	}
	return false
}

// reordered reports whether got is the listing's prefix and its items in
// another order, each item exactly once.
func (w Want) reordered(got string) bool {
	if len(w.items) < 2 || !strings.HasPrefix(got, w.prefix) {
		return false
	}
	left := map[string]int{}
	for _, item := range w.items {
		left[item]++
	}
	items := strings.Split(strings.TrimPrefix(got, w.prefix), w.sep)
	if len(items) != len(w.items) {
		return false
	}
	for _, item := range items {
		if left[item] == 0 {
			return false
		}
		left[item]--
	}
	return true
}

func (w Want) shown() string {
	if len(w.items) > 1 {
		return quote(w.text) + " (the items after " + quote(w.prefix) + " in any order)"
	}
	return quote(w.text)
}

// TextOf checks a SHOULD-level text against want.
func TextOf(field string, want Want, got any) Check {
	g, isString := got.(string)
	return Check{Level: Should, Field: field, Want: want.shown(), Got: render(got), Passed: isString && want.Matches(g)}
}

// TextsAsSet checks, at SHOULD level, that got holds exactly the wanted
// texts in any order: the document fixes which messages a list holds, not
// their order. Each want needs a different got (a multiset), and a got
// that no want accounts for is a difference too.
func TextsAsSet(field string, want []Want, got []string) Check {
	matched := matching(want, got)
	var missing, unexpected []string
	used := map[int]bool{}
	for i, w := range want {
		if j, ok := matched[i]; ok {
			used[j] = true
			continue
		}
		missing = append(missing, w.shown())
	}
	for j, g := range got {
		if !used[j] {
			unexpected = append(unexpected, quote(g))
		}
	}
	wants := make([]string, len(want))
	for i, w := range want {
		wants[i] = w.shown()
	}
	c := Check{Level: Should, Field: field, Want: "[" + strings.Join(wants, ", ") + "] in any order", Passed: len(missing)+len(unexpected) == 0}
	shown := make([]string, len(got))
	for i, g := range got {
		shown[i] = quote(g)
	}
	c.Got = "[" + strings.Join(shown, ", ") + "]"
	if !c.Passed {
		var notes []string
		if len(missing) > 0 {
			notes = append(notes, "missing "+strings.Join(missing, ", "))
		}
		if len(unexpected) > 0 {
			notes = append(notes, "not documented "+strings.Join(unexpected, ", "))
		}
		c.Got += " (" + strings.Join(notes, "; ") + ")"
	}
	return c
}

// matching pairs each want with a different got it matches, as many as
// can be paired (augmenting paths: a greedy pass could pair a broad
// profile alternative with the only got a narrower want accepts).
func matching(want []Want, got []string) map[int]int {
	owner := make([]int, len(got)) // got index → want index, -1 when free
	for j := range owner {
		owner[j] = -1
	}
	var augment func(i int, seen []bool) bool
	augment = func(i int, seen []bool) bool {
		for j, g := range got {
			if seen[j] || !want[i].Matches(g) {
				continue
			}
			seen[j] = true
			if owner[j] < 0 || augment(owner[j], seen) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	for i := range want {
		augment(i, make([]bool, len(got)))
	}
	out := map[int]int{}
	for j, i := range owner {
		if i >= 0 {
			out[i] = j
		}
	}
	return out
}

// Exact turns documented texts into Wants of one wording each.
func Exact(texts ...string) []Want {
	out := make([]Want, len(texts))
	for i, t := range texts {
		out[i] = Exactly(t)
	}
	return out
}

// TextAt is Text for the member of body at path, showing where the body
// has the member, or the documented text, instead when they are elsewhere
// (the text in modelState rather than in error, say).
func TextAt(field, want string, body any, path ...string) Check {
	v, shown := Lookup(body, path...)
	c := Placed(Text(field, want, v), shown)
	if c.Passed {
		return c
	}
	w := Exactly(want)
	for _, m := range walk(body) {
		if s, ok := m.Value.(string); ok && m.Path != "$."+strings.Join(path, ".") && w.Matches(s) {
			c.Got += "; the documented text is at " + m.Path
			break
		}
	}
	return c
}

// Placed shows a failed check's got as a Lookup shows it, so a member
// found elsewhere says where.
func Placed(c Check, shown string) Check {
	if !c.Passed {
		c.Got = shown
	}
	return c
}

// Lookup returns the member of body at path (keys from the top level) and
// how a check shows it: its value, or, when it is not there, where the
// body has that key instead ("found at $.error.code: 42, not at $.code"),
// so a member in the wrong place is not reported as missing.
func Lookup(body any, path ...string) (any, string) {
	v := body
	for _, key := range path {
		obj, _ := v.(map[string]any)
		v = obj[key]
	}
	if v != nil || len(path) == 0 {
		return v, render(v)
	}
	at := Locate(body, path[len(path)-1])
	if len(at) == 0 {
		return nil, render(nil)
	}
	where := "found at " + at[0].Path + ": " + render(at[0].Value)
	if len(at) > 1 {
		where += fmt.Sprintf(" (and %d more places)", len(at)-1)
	}
	return nil, where + ", not at $." + strings.Join(path, ".")
}

// Place is where a key occurs in a decoded JSON value, and its value there.
type Place struct {
	Path  string
	Value any
}

// Locate lists the places key occurs in v, shallowest first.
func Locate(v any, key string) []Place {
	var found []Place
	for _, m := range walk(v) {
		if m.Value != nil && m.isKey && m.key == key {
			found = append(found, m.Place)
		}
	}
	return found
}

// member is a place in a decoded JSON value: an object's member (isKey,
// named key) or an array's item.
type member struct {
	Place
	key   string
	isKey bool
}

// walk lists every member and item of v with its path, shallowest first.
func walk(v any) []member {
	var out []member
	queue := []Place{{"$", v}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		switch t := n.Value.(type) {
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := Place{n.Path + "." + k, t[k]}
				out = append(out, member{p, k, true})
				queue = append(queue, p)
			}
		case []any:
			for i, item := range t {
				p := Place{fmt.Sprintf("%s[%d]", n.Path, i), item}
				out = append(out, member{Place: p})
				queue = append(queue, p)
			}
		}
	}
	return out
}
