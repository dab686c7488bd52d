package edfimodel

import (
	"strconv"
	"strings"
)

// Documents are map[string]any trees holding normalised values: string
// (also dates, times and descriptor URIs), int64, float64, bool, nested
// map[string]any for references and []any of map[string]any for collections.

// Display renders a normalised value as messages show it.
func Display(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// canonical renders a value for identity comparison. Strings compare
// without regard to case, as in an Ed-Fi ODS on SQL Server's default
// collation.
func canonical(kind Kind, v any) string {
	if kind == String || kind == Descriptor {
		return strings.ToLower(Display(v))
	}
	return Display(v)
}

// KeyValue is one natural-key value of a document.
type KeyValue struct {
	Key   Key
	Value any
}

// Identity extracts a document's natural key in model order.
func (r *Resource) Identity(body map[string]any) []KeyValue {
	out := make([]KeyValue, 0, len(r.keys))
	for _, p := range r.Properties {
		if !p.Identity {
			continue
		}
		if p.Kind != Reference {
			out = append(out, KeyValue{Key: r.keys[len(out)], Value: body[p.Name]})
			continue
		}
		obj, _ := body[p.Name].(map[string]any)
		for _, f := range r.model.ReferenceFields(p) {
			out = append(out, KeyValue{Key: r.keys[len(out)], Value: obj[f.JSON]})
		}
	}
	return out
}

// IdentityKey is body's natural key as one text: equal for two bodies
// exactly when they name the same document of r.
func (r *Resource) IdentityKey(body map[string]any) string {
	return r.Name + "\x1e" + identityString(r.Identity(body))
}

// identityString joins key values canonically into an index key.
func identityString(kvs []KeyValue) string {
	parts := make([]string, len(kvs))
	for i, kv := range kvs {
		parts[i] = canonical(kv.Key.Kind, kv.Value)
	}
	return strings.Join(parts, "\x1f")
}

// referenceString joins a reference object's values in the target's key
// order, matching identityString of the referenced document.
func (m *Model) referenceString(p *Property, obj map[string]any) string {
	fields := m.ReferenceFields(p)
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = canonical(f.Kind, obj[f.JSON])
	}
	return strings.Join(parts, "\x1f")
}

// referenceSite is one reference object inside a document.
type referenceSite struct {
	Property *Property
	Object   map[string]any
	Path     string // JSON path, e.g. "$.classPeriods[0].classPeriodReference"
}

// references lists the reference objects of a document in model order,
// descending into collection items where they are declared.
func (m *Model) references(e *Entity, body map[string]any, path string) []referenceSite {
	var out []referenceSite
	for _, p := range e.Properties {
		switch p.Kind {
		case Reference:
			if obj, ok := body[p.Name].(map[string]any); ok {
				out = append(out, referenceSite{Property: p, Object: obj, Path: path + "." + p.Name})
			}
		case Collection:
			items, _ := body[p.Name].([]any)
			for i, it := range items {
				if obj, ok := it.(map[string]any); ok {
					out = append(out, m.references(p.Item, obj, itemPath(path, p.Name, i))...)
				}
			}
		}
	}
	return out
}

func itemPath(path, name string, i int) string {
	return path + "." + name + "[" + strconv.Itoa(i) + "]"
}

// deepCopy copies a document tree so stored documents stay immutable.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// CopyDocument returns a deep copy of a document body.
func CopyDocument(body map[string]any) map[string]any {
	return deepCopy(body).(map[string]any)
}
