package suite

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/onsi/ginkgo/v2"
)

// Labels every vendor may use besides its own families.
const (
	// Writes marks specs that create data on the target.
	Writes = "writes"
	// NotProvokableLabel marks specs for documented responses no client
	// can cause on purpose; they run only where the profile says how.
	NotProvokableLabel = "not-provokable"
	// Concurrency marks specs that race requests against each other.
	Concurrency = "concurrency"
)

var commonLabels = []string{Writes, NotProvokableLabel, Concurrency}

var registry = struct {
	sync.Mutex
	vendors map[string]*Vendor
}{vendors: map[string]*Vendor{}}

// Register makes a vendor's families the only ones its specs may use.
func Register(v *Vendor) *Vendor {
	registry.Lock()
	defer registry.Unlock()
	registry.vendors[v.Name] = v
	return v
}

// Family returns the labels of a group of specs: the vendor, one of its
// registered error families, the documented HTTP status, and any common
// extras. An unknown family or extra panics while the spec tree is built, so
// a typo cannot quietly create a family nobody selects.
func (v *Vendor) Family(family string, status int, extra ...string) ginkgo.Labels {
	if !slices.Contains(v.Families, family) {
		panic(fmt.Sprintf("%s: unknown error family %q (registered: %v)", v.Name, family, v.Families))
	}
	if status < 100 || status > 599 {
		panic(fmt.Sprintf("%s: %d is not an HTTP status", v.Name, status))
	}
	labels := ginkgo.Labels{v.Name, family, strconv.Itoa(status)}
	for _, e := range extra {
		if !slices.Contains(commonLabels, e) && !slices.Contains(v.ExtraLabels, e) {
			panic(fmt.Sprintf("%s: unknown label %q (allowed besides families: %v %v)", v.Name, e, commonLabels, v.ExtraLabels))
		}
		labels = append(labels, e)
	}
	return labels
}

// KnownLabels lists every label the vendor's specs may carry.
func (v *Vendor) KnownLabels() []string {
	out := append([]string{v.Name}, v.Families...)
	out = append(out, commonLabels...)
	out = append(out, v.ExtraLabels...)
	sort.Strings(out)
	return out
}

// RequireWritesLabel fails the running spec unless it carries the `writes`
// label: every fixture that creates data calls it, so `!writes` really
// selects the specs that create nothing.
func RequireWritesLabel() {
	if !slices.Contains(ginkgo.CurrentSpecReport().Labels(), Writes) {
		ginkgo.Fail("this spec creates data, so it must carry the `writes` label")
	}
}
