package metadata

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Target is what one process knows of a target's data model: its catalog,
// or why it has none, and the descriptor values found so far.
type Target struct {
	// Catalog is nil when the target publishes no metadata or it could
	// not be read; the fixtures then use their built-in documents.
	Catalog *Catalog
	// Missing says why there is no catalog.
	Missing error

	mu          sync.Mutex
	descriptors map[string]string
}

// Lookups are what completing a document needs from the running suite.
type Lookups struct {
	// Unique returns a run-scoped text.
	Unique func(prefix string) string
	// UniqueNumber returns a run-scoped number.
	UniqueNumber func() int64
	// Descriptor returns a value of the descriptor endpoint the target has
	// ("" when it has none); nil uses only the values found before.
	Descriptor func(endpoint string) string
	// Known returns the value of a reference key the profile gives
	// (schoolId, educationOrganizationId...).
	Known func(key string) (any, bool)
	// Create creates a new item at endpoint (completed, and deleted when
	// the spec ends) and returns its document.
	Create func(endpoint string) (map[string]any, error)
}

// Complete fills the properties the target requires that doc lacks; see
// Filler.Complete. Without a catalog, doc is returned as it is.
func (t *Target) Complete(endpoint string, doc map[string]any, l Lookups) (map[string]any, []string, error) {
	if t.Catalog == nil {
		return doc, nil, nil
	}
	f := &Filler{
		Catalog:      t.Catalog,
		Unique:       l.Unique,
		UniqueNumber: l.UniqueNumber,
		Descriptor:   func(endpoints []string) (string, error) { return t.descriptor(endpoints, l.Descriptor) },
		Reference:    func(target string, ref *Schema) (map[string]any, error) { return t.reference(target, ref, l) },
	}
	return f.Complete(endpoint, doc)
}

// descriptor returns the first value any of the endpoints has, remembered
// for the rest of the run.
func (t *Target) descriptor(endpoints []string, lookup func(string) string) (string, error) {
	for _, e := range endpoints {
		t.mu.Lock()
		v, done := t.descriptors[e]
		t.mu.Unlock()
		if !done && lookup != nil {
			v = lookup(e)
			t.mu.Lock()
			if t.descriptors == nil {
				t.descriptors = map[string]string{}
			}
			t.descriptors[e] = v
			t.mu.Unlock()
		}
		if v != "" {
			return v, nil
		}
	}
	return "", fmt.Errorf("no descriptor value: the target has none at %s", strings.Join(endpoints, ", "))
}

// reference points a reference at what the profile names when it gives
// every key, or else at a new item of the referenced resource.
func (t *Target) reference(target string, ref *Schema, l Lookups) (map[string]any, error) {
	keys := ref.Required
	if len(keys) == 0 {
		for _, k := range sortedNames(ref.Properties) {
			if k != "link" { // the server's own hyperlink, never sent
				keys = append(keys, k)
			}
		}
	}
	out := map[string]any{}
	for _, k := range keys {
		v, ok := any(nil), false
		if l.Known != nil {
			v, ok = l.Known(k)
		}
		if !ok {
			out = nil
			break
		}
		out[k] = v
	}
	if out != nil {
		return out, nil
	}
	endpoint, ok := t.Catalog.EndpointOf(target)
	if !ok {
		return nil, fmt.Errorf("a reference to %s, a resource the metadata does not define", target)
	}
	if l.Create == nil {
		return nil, fmt.Errorf("a reference to a new %s, and no way to create one", target)
	}
	doc, err := l.Create(endpoint)
	if err != nil {
		return nil, err
	}
	out = map[string]any{}
	for _, k := range keys {
		v, ok := find(doc, k)
		if !ok {
			return nil, fmt.Errorf("the new %s has no %s for the reference", target, k)
		}
		out[k] = v
	}
	return out, nil
}

// find looks for key in doc and in the references it holds (a section's
// schoolId sits in its courseOfferingReference).
func find(doc map[string]any, key string) (any, bool) {
	if v, ok := doc[key]; ok {
		return v, true
	}
	for _, name := range sortedNames(doc) {
		if m, ok := doc[name].(map[string]any); ok && strings.HasSuffix(name, "Reference") {
			if v, ok := find(m, key); ok {
				return v, true
			}
		}
	}
	return nil, false
}

// EndpointOf returns the endpoint of the resource whose schema is named
// like target ("school" matches edFi_school).
func (c *Catalog) EndpointOf(target string) (string, bool) {
	for _, e := range c.Endpoints() {
		name := c.resources[e].Name
		if strings.EqualFold(name[strings.LastIndex(name, "_")+1:], target) {
			return e, true
		}
	}
	return "", false
}

func sortedNames[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// Reported lists the JSON paths a refusal names: the keys of Ed-Fi's
// validationErrors and the `path` members of Meadowlark's error list.
func Reported(body []byte) []string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	seen := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, e := range t {
				if strings.HasPrefix(k, "$.") {
					seen[k] = true
				}
				if s, ok := e.(string); ok && k == "path" && strings.HasPrefix(s, "$.") {
					seen[s] = true
				}
				walk(e)
			}
		case []any:
			for _, e := range t {
				walk(e)
			}
		}
	}
	walk(v)
	return sortedNames(seen)
}

// Hint is the fix a refused fixture's set-up error names: the profile key,
// the properties the target reported, and how the document was made.
func (t *Target) Hint(resource string, body []byte, added []string, fillErr error) string {
	var b strings.Builder
	b.WriteString("add what the target requires of " + resource + " under fixtures." + resource + " in the profile")
	if paths := Reported(body); len(paths) > 0 {
		b.WriteString(" (the target reported " + strings.Join(paths, ", ") + "; e.g. fixtures: {" + resource + ": {" +
			strings.TrimPrefix(paths[0], "$.") + ": <value>}})")
	}
	switch {
	case fillErr != nil:
		b.WriteString("; the suite could not complete the document from the target's metadata: " + fillErr.Error())
	case t.Catalog == nil && t.Missing != nil:
		b.WriteString("; the suite sent its built-in document, as " + t.Missing.Error())
	case len(added) > 0:
		b.WriteString("; the suite added " + strings.Join(added, ", ") + " from the target's metadata")
	case t.Catalog != nil:
		b.WriteString("; the target's metadata requires nothing the document lacks")
	}
	return b.String()
}
