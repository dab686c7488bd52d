package request

import (
	"maps"
	"slices"
	"strings"

	"github.com/edconform/edconform/harness/suite"
)

// Doc is a JSON request body. Its methods return changed copies, so a spec
// can derive a bad request from a good one in one readable line.
type Doc map[string]any

// With returns a copy with name set to value, and any further name/value
// pairs; a dotted name reaches into nested objects ("schoolReference.schoolId").
// A nil value is sent as JSON null.
func (d Doc) With(name string, value any, more ...any) Doc {
	out := d.copy()
	out.set(name, value)
	for i := 0; i+1 < len(more); i += 2 {
		out.set(more[i].(string), more[i+1])
	}
	return out
}

func (d Doc) set(name string, value any) {
	parts := strings.Split(name, ".")
	m := map[string]any(d)
	for _, p := range parts[:len(parts)-1] {
		child, _ := m[p].(map[string]any)
		clone := make(map[string]any, len(child))
		for k, v := range child {
			clone[k] = v
		}
		m[p] = clone
		m = clone
	}
	m[parts[len(parts)-1]] = value
}

// Without returns a copy without the named top-level properties.
func (d Doc) Without(names ...string) Doc {
	out := d.copy()
	for _, n := range names {
		delete(out, n)
	}
	return out
}

// Str reads a text property ("" when absent or not text).
func (d Doc) Str(name string) string {
	s, _ := d[name].(string)
	return s
}

func (d Doc) copy() Doc {
	out := make(Doc, len(d))
	for k, v := range d {
		out[k] = v
	}
	return out
}

// Ref builds a reference object from key/value pairs.
func Ref(keyValues ...any) map[string]any {
	out := map[string]any{}
	for i := 0; i+1 < len(keyValues); i += 2 {
		out[keyValues[i].(string)] = keyValues[i+1]
	}
	return out
}

// WithFixtures returns doc with the profile's `fixtures.<resource>` additions
// merged in, dotted names reaching into nested objects. They win over the
// suite's own values: they are how a profile fits the documents the suite
// creates to a target's data model.
func WithFixtures(resource string, doc Doc) Doc {
	return doc.Merge(suite.Current().Profile.Fixtures[resource])
}

// Merge returns a copy with every name/value of additions set, as With sets
// them.
func (d Doc) Merge(additions map[string]any) Doc {
	out := d.copy()
	for _, name := range slices.Sorted(maps.Keys(additions)) {
		out.set(name, additions[name])
	}
	return out
}
