// Package envelopes holds the JSON Schemas of the vendors' error envelopes,
// embedded in the binary, and validates response bodies against them.
package envelopes

import (
	"embed"
	"fmt"
	"sort"
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

//go:embed schemas/*.json
var files embed.FS

var (
	mu      sync.Mutex
	schemas = map[string]*gojsonschema.Schema{}
)

// Schema returns the compiled schema stored as schemas/<name>.json.
func Schema(name string) (*gojsonschema.Schema, error) {
	mu.Lock()
	defer mu.Unlock()
	if s, ok := schemas[name]; ok {
		return s, nil
	}
	raw, err := files.ReadFile("schemas/" + name + ".json")
	if err != nil {
		return nil, fmt.Errorf("no envelope schema %q: %w", name, err)
	}
	s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(raw))
	if err != nil {
		return nil, fmt.Errorf("envelope schema %q does not compile: %w", name, err)
	}
	schemas[name] = s
	return s, nil
}

// Validate checks a decoded JSON document against the named schema and
// returns one line per violation, sorted; none means it conforms.
func Validate(name string, doc any) []string {
	s, err := Schema(name)
	if err != nil {
		return []string{err.Error()}
	}
	res, err := s.Validate(gojsonschema.NewGoLoader(doc))
	if err != nil {
		return []string{err.Error()}
	}
	out := make([]string, 0, len(res.Errors()))
	for _, e := range res.Errors() {
		out = append(out, e.String())
	}
	sort.Strings(out)
	return out
}

// Names lists the embedded schemas.
func Names() []string {
	entries, _ := files.ReadDir("schemas")
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.Name()[:len(e.Name())-len(".json")])
	}
	return out
}
