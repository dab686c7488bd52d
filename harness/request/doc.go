package request

import "strings"

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
