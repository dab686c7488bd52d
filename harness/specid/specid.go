// Package specid gives every spec a stable id (edfi.data-validation.missing-required-property.both),
// readable, derived from the document rather than from the spec's position
// or text, and unique. The id travels as a Ginkgo label "id:<id>", so it is
// in every report, in dry runs and in label filters.
package specid

import (
	"fmt"
	"regexp"
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

var registry = struct {
	sync.Mutex
	ids map[string]bool
}{ids: map[string]bool{}}

// Label is the decorator that gives one spec its id. A malformed or
// duplicate id panics while the spec tree is built, so it cannot reach a run.
func Label(id string) ginkgo.Labels {
	if !Pattern.MatchString(id) {
		panic(fmt.Sprintf("spec id %q is not of the form vendor.family.case[.variant] (lower case, digits, dots and hyphens)", id))
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.ids[id] {
		panic(fmt.Sprintf("spec id %q is given to two specs; ids must be unique", id))
	}
	registry.ids[id] = true
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
	return registry.ids[id]
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
