// Package specid gives every spec a stable id (edfi.data-validation.missing-required-property.both),
// readable, derived from the document rather than from the spec's position
// or text, and unique. The id travels as a Ginkgo label "id:<id>", so it is
// in every report, in dry runs and in label filters.
package specid

import (
	"fmt"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"
)

// LabelPrefix starts the label that carries a spec's id.
const LabelPrefix = "id:"

// Pattern is the form of an id: lower-case words joined by dots and hyphens,
// starting with the vendor.
var Pattern = regexp.MustCompile(`^[a-z][a-z0-9]*(\.[a-z0-9]+(-[a-z0-9]+)*)+$`)

// registry maps each id to the place in the code that gave it.
var registry = struct {
	sync.Mutex
	ids map[string]string
}{ids: map[string]string{}}

// Label is the decorator that gives one spec its id. A malformed id, or one
// given at two places in the code, panics while the spec tree is built, so
// it cannot reach a run. The same place may give it again: the tree is
// built more than once per process (a preview, then the run).
func Label(id string) ginkgo.Labels {
	if !Pattern.MatchString(id) {
		panic(fmt.Sprintf("spec id %q is not of the form vendor.family.case[.variant] (lower case, digits, dots and hyphens)", id))
	}
	_, file, line, _ := runtime.Caller(1)
	at := fmt.Sprintf("%s:%d", file, line)
	registry.Lock()
	defer registry.Unlock()
	if other, taken := registry.ids[id]; taken && other != at {
		panic(fmt.Sprintf("spec id %q is given at %s and at %s; ids must be unique", id, other, at))
	}
	registry.ids[id] = at
	return ginkgo.Label(LabelPrefix + id)
}

// Of returns the id among a spec's labels ("" when it has none).
func Of(labels []string) string {
	for _, l := range labels {
		if strings.HasPrefix(l, LabelPrefix) {
			return strings.TrimPrefix(l, LabelPrefix)
		}
	}
	return ""
}

// Without drops the id label from a list of labels, for displays that show
// the id on its own.
func Without(labels []string) []string {
	out := make([]string, 0, len(labels))
	for _, l := range labels {
		if !strings.HasPrefix(l, LabelPrefix) {
			out = append(out, l)
		}
	}
	return out
}

// Current is the id of the running spec ("" outside a spec or without one).
func Current() (id string) {
	defer func() {
		if recover() != nil {
			id = ""
		}
	}()
	return Of(ginkgo.CurrentSpecReport().Labels())
}

// Known reports whether a spec with this id was registered in this process.
func Known(id string) bool {
	registry.Lock()
	defer registry.Unlock()
	_, known := registry.ids[id]
	return known
}

// All lists every registered id, sorted.
func All() []string {
	registry.Lock()
	defer registry.Unlock()
	out := make([]string, 0, len(registry.ids))
	for id := range registry.ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
