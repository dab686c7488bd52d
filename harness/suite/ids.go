package suite

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/specid"
)

// CheckIDs requires every spec of the tree to carry exactly one id of
// specid's form, starting with the vendor and the spec's family
// (edfi.data-validation.), and no two specs to share one: profiles and
// reports refer to specs by id, so an id that is missing, misplaced or
// shared would make them point at the wrong spec or at none.
func (v *Vendor) CheckIDs(specs types.SpecReports) error {
	var problems []string
	owner := map[string]string{}
	for _, s := range specs {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		where := fmt.Sprintf("%q (%s)", s.FullText(), s.LeafNodeLocation)
		var ids []string
		for _, l := range s.Labels() {
			if strings.HasPrefix(l, specid.LabelPrefix) {
				ids = append(ids, strings.TrimPrefix(l, specid.LabelPrefix))
			}
		}
		switch {
		case len(ids) == 0:
			problems = append(problems, where+" has no id: add specid.Label(\""+v.Name+".<family>.<documented case>\")")
			continue
		case len(ids) > 1:
			problems = append(problems, fmt.Sprintf("%s has %d ids %v: a spec has one", where, len(ids), ids))
			continue
		}
		id := ids[0]
		if !specid.Pattern.MatchString(id) {
			problems = append(problems, fmt.Sprintf("%s: id %q is not of the form vendor.family.case[.variant]", where, id))
		}
		if prefix := v.idPrefix(s.Labels()); !strings.HasPrefix(id, prefix) {
			problems = append(problems, fmt.Sprintf("%s: id %q does not start with %q, its vendor and family", where, id, prefix))
		}
		if other, taken := owner[id]; taken {
			problems = append(problems, fmt.Sprintf("%s: id %q is also the id of %s", where, id, other))
		} else {
			owner[id] = where
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New(v.Name + " spec ids: " + strings.Join(problems, "\n  "))
}

// idPrefix is "<vendor>.<family>." for a spec's labels; with no or several
// families it names what is missing, so no id can match it by accident.
func (v *Vendor) idPrefix(labels []string) string {
	var families []string
	for _, l := range labels {
		if slices.Contains(v.Families, l) {
			families = append(families, l)
		}
	}
	if len(families) != 1 {
		return fmt.Sprintf("%s.<one family of %v>.", v.Name, v.Families)
	}
	return v.Name + "." + families[0] + "."
}

// checkTree walks the spec tree without running it, so a spec with a
// missing, misplaced or shared id stops every run, dry runs included,
// before any spec.
func checkTree(v *Vendor) error {
	return v.CheckIDs(ginkgo.PreviewSpecs(v.Title + " spec ids").SpecReports)
}
