package expect

import (
	"fmt"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/specid"
)

// Override is what a profile records, under expect.<spec id>, that a
// product answers where it differs from the document: the status, the
// type (what that means is the vendor matcher's: a problem type, an error
// code), and why.
type Override struct {
	Status int
	Type   string
	Reason string
	// BodyMayBeEmpty accepts a response without a body (only the status is
	// then checked).
	BodyMayBeEmpty bool
	// ValidationPaths, when set, replace the documented validation paths
	// (messages unchecked); the vendor matcher decides what that means.
	ValidationPaths *[]string
}

// OverrideEntry names the report entry of a spec whose documented
// expectation the profile overrode.
const OverrideEntry = "edconform-override"

var overrides = struct {
	sync.RWMutex
	byID map[string]Override
}{}

// Overrides sets the profile's expectation overrides, by spec id.
func Overrides(byID map[string]Override) {
	overrides.Lock()
	defer overrides.Unlock()
	overrides.byID = byID
}

// Expected is what a matcher asserts: the documented status and type, or
// the profile's override of them for the running spec.
type Expected struct {
	Status int
	Type   string
	// StatusOverridden and TypeOverridden say which the profile changed.
	StatusOverridden, TypeOverridden bool
	// BodyMayBeEmpty says the profile accepts a response without a body.
	BodyMayBeEmpty bool
	// ValidationPaths, when set, are the product's paths in place of the
	// documented ones.
	ValidationPaths *[]string
	// Note explains the override for the failure message's "Expected:"
	// line; empty when nothing is overridden.
	Note string
}

// Overridden reports whether the profile changed anything.
func (e Expected) Overridden() bool {
	return e.StatusOverridden || e.TypeOverridden || e.BodyMayBeEmpty || e.ValidationPaths != nil
}

// Resolve returns what the running spec expects given the documented
// status and type, and records an override in the spec's report, once.
func Resolve(status int, typ string) Expected {
	e := Expected{Status: status, Type: typ}
	id := specid.Current()
	overrides.RLock()
	o, ok := overrides.byID[id]
	overrides.RUnlock()
	if id == "" || !ok {
		return e
	}
	if o.Status != 0 && o.Status != status {
		e.Status, e.StatusOverridden = o.Status, true
	}
	if o.Type != "" && o.Type != typ {
		e.Type, e.TypeOverridden = o.Type, true
	}
	e.BodyMayBeEmpty, e.ValidationPaths = o.BodyMayBeEmpty, o.ValidationPaths
	if !e.Overridden() {
		return e
	}
	documented := strings.TrimSpace(fmt.Sprintf("%d %s", status, typ))
	e.Note = fmt.Sprintf(" (overridden by expect.%s: the document gives %s", id, documented)
	if e.BodyMayBeEmpty {
		e.Note += "; the body may be empty"
	}
	if e.ValidationPaths != nil {
		e.Note += fmt.Sprintf("; validation paths %v", *e.ValidationPaths)
	}
	if o.Reason != "" {
		e.Note += "; " + o.Reason
	}
	e.Note += ")"
	record(id, strings.TrimSpace(fmt.Sprintf("%d %s", e.Status, e.Type))+e.Note)
	return e
}

// record adds the override entry to the running spec's report unless it
// is there already (race matchers match many responses).
func record(id, text string) {
	if !inRunningSpec() {
		return
	}
	for _, entry := range ginkgo.CurrentSpecReport().ReportEntries {
		if entry.Name == OverrideEntry {
			return
		}
	}
	ginkgo.AddReportEntry(OverrideEntry, "Expected: "+text, ginkgo.ReportEntryVisibilityAlways)
}
