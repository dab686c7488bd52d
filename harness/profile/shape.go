package profile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Limits on a profile document, so no file can exhaust the machine or hide
// a mistake in a structure nobody reads.
const (
	// MaxProfileBytes bounds a profile or waivers file.
	MaxProfileBytes = 1 << 20
	// MaxDepth bounds how deeply maps and lists nest.
	MaxDepth = 32
	// MaxValueBytes bounds one value (a text, a number).
	MaxValueBytes = 64 << 10
	// MaxValues bounds the values of a document with its aliases expanded,
	// so an alias bomb is refused before anything decodes it.
	MaxValues = 100_000
)

// shapeError is a YAML document of a shape no profile has, at a key path.
type shapeError struct{ key, reason string }

func (e *shapeError) Error() string { return e.key + ": " + e.reason }

// checkShape parses raw and walks it before it is decoded: every key must be
// text, nesting, values and aliases must stay within the limits. Decoding
// then only meets wrong types, which it names by line.
func checkShape(raw []byte) error {
	if len(raw) > MaxProfileBytes {
		return &shapeError{"(file)", fmt.Sprintf("is %d bytes; a profile is at most %d", len(raw), MaxProfileBytes)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(raw, &root); err != nil {
		return err
	}
	w := &shapeWalk{}
	return w.walk(&root, "", 0)
}

type shapeWalk struct{ values int }

func (w *shapeWalk) walk(n *yaml.Node, path string, depth int) error {
	w.values++
	switch {
	case w.values > MaxValues:
		return &shapeError{orRoot(path), fmt.Sprintf("the document has more than %d values (aliases included): is an alias repeated in a loop?", MaxValues)}
	case depth > MaxDepth:
		return &shapeError{orRoot(path), fmt.Sprintf("nests more than %d levels deep", MaxDepth)}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if err := w.walk(c, path, depth); err != nil {
				return err
			}
		}
	case yaml.AliasNode:
		return w.walk(n.Alias, path, depth+1)
	case yaml.ScalarNode:
		if len(n.Value) > MaxValueBytes {
			return &shapeError{orRoot(path), fmt.Sprintf("the value is %d bytes; at most %d", len(n.Value), MaxValueBytes)}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := w.walk(c, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key, err := keyText(k, path)
			if err != nil {
				return err
			}
			if err := w.walk(v, join(path, key), depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// keyText is a mapping key as text, or an error naming it: YAML reads 1,
// true or ~ as a number, a boolean or null, and a list or map can be a key,
// none of which a profile's keys are.
func keyText(k *yaml.Node, path string) (string, error) {
	if k.Kind == yaml.AliasNode {
		k = k.Alias
	}
	if k.Kind != yaml.ScalarNode {
		return "", &shapeError{join(path, "?"), "a key must be text, not a list or a map"}
	}
	switch k.ShortTag() {
	case "!!str", "!!merge":
		return k.Value, nil
	}
	name := k.Value
	if name == "" {
		name = "(empty key)"
	}
	return "", &shapeError{join(path, name),
		fmt.Sprintf("the key %s is read as %s, but keys are text: write it in quotes (%q)", name, tagName(k.ShortTag()), k.Value)}
}

func tagName(tag string) string {
	switch tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	}
	return strings.TrimLeft(tag, "!")
}

// join appends key to a dotted path; a key with a line break or another
// control character is quoted, so an error stays one line.
func join(path, key string) string {
	if strings.IndexFunc(key, unicode.IsControl) >= 0 {
		key = strconv.Quote(key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "(document)"
	}
	return path
}

// shapeKey and shapeReason split a shapeError for an Error.
func shapeKey(err error) (string, string, bool) {
	var se *shapeError
	if errors.As(err, &se) {
		return se.key, se.reason, true
	}
	return "", "", false
}
