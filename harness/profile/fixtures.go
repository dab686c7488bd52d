package profile

import (
	"maps"
	"slices"
	"strings"
)

// CheckFixtures refuses a `fixtures` entry for a resource the vendor's suite
// creates no documents for: it would silently change nothing.
func (p *Profile) CheckFixtures(vendor string, resources []string) error {
	for _, resource := range slices.Sorted(maps.Keys(p.Fixtures)) {
		if !slices.Contains(resources, resource) {
			return &Error{Source: p.Source, Key: "fixtures." + resource,
				Reason: "the " + vendor + " suite creates no " + resource + " documents; it creates: " + strings.Join(resources, ", ")}
		}
	}
	return nil
}
