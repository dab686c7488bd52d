package metadata

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Filler completes documents with the properties a target requires.
type Filler struct {
	Catalog *Catalog
	// Unique returns a run-scoped text for string properties.
	Unique func(prefix string) string
	// UniqueNumber returns a run-scoped number for integer identity
	// members, so a new item's key is no other item's.
	UniqueNumber func() int64
	// Descriptor returns a descriptor value the target has, trying the
	// descriptor endpoints in order ("entryGradeLevelDescriptors",
	// "gradeLevelDescriptors"...: a role-named property's type is one of
	// its name's suffixes).
	Descriptor func(endpoints []string) (string, error)
	// Reference returns a reference object of schema ref to the resource
	// named target ("school", "student"), pointing at something that exists.
	Reference func(target string, ref *Schema) (map[string]any, error)
}

// Complete returns a copy of doc, a document for the resource at endpoint,
// with every required property it lacks filled with a valid value, and the
// dotted paths of what it added. Nothing doc sets is changed; objects and
// collection items it has are completed too. A property it cannot fill is
// left out and named in the error, the others are still filled. An
// endpoint the catalog does not know is returned as it is.
func (f *Filler) Complete(endpoint string, doc map[string]any) (map[string]any, []string, error) {
	s, ok := f.Catalog.Resource(endpoint)
	if !ok {
		return doc, nil, nil
	}
	var added []string
	var errs []error
	out := f.object(s, doc, "", &added, &errs, 0)
	sort.Strings(added)
	return out, added, errors.Join(errs...)
}

// maxDepth stops runaway recursion through nested schemas.
const maxDepth = 6

func (f *Filler) object(s *Schema, doc map[string]any, at string, added *[]string, errs *[]error, depth int) map[string]any {
	if depth > maxDepth {
		return doc
	}
	out := make(map[string]any, len(doc)+len(s.Required))
	for k, v := range doc {
		out[k] = v
	}
	required := map[string]bool{}
	for _, name := range s.Required {
		required[name] = true
	}
	for _, name := range sortedNames(s.Properties) {
		p := s.Properties[name]
		path := join(at, name)
		v, has := out[name]
		switch {
		case has && p.Reference == "" && p.Object != nil:
			out[name] = f.present(p, v, path, added, errs, depth)
		case !has && required[name]:
			value, err := f.value(p, path, added, errs, depth)
			if err != nil {
				*errs = append(*errs, fmt.Errorf("%s: %w", path, err))
				continue
			}
			out[name] = value
			*added = append(*added, path)
		}
	}
	return out
}

// present completes an object or collection the document already has.
func (f *Filler) present(p *Property, v any, path string, added *[]string, errs *[]error, depth int) any {
	switch t := v.(type) {
	case map[string]any:
		return f.object(p.Object, t, path, added, errs, depth+1)
	case []any:
		items := make([]any, len(t))
		for i, item := range t {
			if m, ok := item.(map[string]any); ok {
				items[i] = f.object(p.Object, m, fmt.Sprintf("%s[%d]", path, i), added, errs, depth+1)
			} else {
				items[i] = item
			}
		}
		return items
	}
	return v
}

func (f *Filler) value(p *Property, path string, added *[]string, errs *[]error, depth int) (any, error) {
	switch {
	case p.Reference != "":
		if f.Reference == nil {
			return nil, fmt.Errorf("a reference to %s, and nothing to point it at", p.Reference)
		}
		return f.Reference(p.Reference, p.Object)
	case p.Descriptor:
		if f.Descriptor == nil {
			return nil, fmt.Errorf("a descriptor, and no way to choose one")
		}
		return f.Descriptor(f.descriptorEndpoints(p.Name))
	case p.Type == "array" && p.Object != nil:
		n := max(1, p.MinItems)
		items := make([]any, n)
		for i := range items {
			items[i] = f.object(p.Object, nil, fmt.Sprintf("%s[%d]", path, i), added, errs, depth+1)
		}
		return items, nil
	case p.Object != nil:
		return f.object(p.Object, nil, path, added, errs, depth+1), nil
	}
	if p.Type == "integer" && p.Identity && f.UniqueNumber != nil {
		return f.UniqueNumber(), nil
	}
	return Scalar(p, f.Unique)
}

// Scalar is a valid value of a string, number or boolean property: dates,
// times and date-times by format, numbers at least 1 (or the minimum), and
// texts run-scoped and within the declared lengths.
func Scalar(p *Property, unique func(string) string) (any, error) {
	switch p.Type {
	case "boolean":
		return false, nil
	case "integer":
		if p.Minimum != nil && *p.Minimum > 1 {
			return int64(*p.Minimum), nil
		}
		return int64(1), nil
	case "number":
		if p.Minimum != nil && *p.Minimum > 1 {
			return *p.Minimum, nil
		}
		return 1.0, nil
	case "string", "":
		switch p.Format {
		case "date":
			return "2023-09-11", nil
		case "date-time":
			return "2023-09-11T08:00:00Z", nil
		case "time":
			return "08:00:00", nil
		}
		s := "x"
		if unique != nil {
			s = unique(initials(p.Name))
		}
		if p.MaxLength > 0 && len(s) > p.MaxLength {
			s = s[len(s)-p.MaxLength:]
		}
		if len(s) < p.MinLength {
			s += strings.Repeat("x", p.MinLength-len(s))
		}
		return s, nil
	}
	return nil, fmt.Errorf("type %q, which the suite cannot fill", p.Type)
}

// descriptorEndpoints are the descriptor endpoints a property's name may
// mean, longest first: entryGradeLevelDescriptor may be an
// entryGradeLevelDescriptors or (with the role "entry") a
// gradeLevelDescriptors value. Those the target does not list are left out
// when it lists its descriptors, unless it lists none of them.
func (f *Filler) descriptorEndpoints(name string) []string {
	words := camelWords(strings.TrimSuffix(name, "Descriptor"))
	var all, listed []string
	for i := range words {
		e := lowerFirst(strings.Join(words[i:], "")) + "Descriptors"
		all = append(all, e)
		if has, _ := f.Catalog.HasDescriptor(e); has {
			listed = append(listed, e)
		}
	}
	if len(listed) > 0 {
		return listed
	}
	return all
}

func camelWords(s string) []string {
	var words []string
	start := 0
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			words = append(words, s[start:i])
			start = i
		}
	}
	if start < len(s) {
		words = append(words, s[start:])
	}
	for i, w := range words {
		words[i] = upperFirst(w)
	}
	return words
}

func initials(name string) string {
	var b strings.Builder
	for _, w := range camelWords(name) {
		b.WriteByte(byte(unicode.ToLower(rune(w[0]))))
	}
	return b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}
