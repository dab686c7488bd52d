package suitetest

import (
	"sort"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

// SpecsByID lists the ids of the It specs in a given outcome, sorted, so
// proofs can name specs by id rather than by their text. A spec without an
// id is listed by its full text, so it still shows in a difference.
func (r *Run) SpecsByID(outcome suite.Outcome) []string {
	var out []string
	for _, s := range r.Report.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt || suite.OutcomeOf(s) != outcome {
			continue
		}
		if id := specid.Of(s.Labels()); id != "" {
			out = append(out, id)
		} else {
			out = append(out, s.FullText())
		}
	}
	sort.Strings(out)
	return out
}

// ByID returns the report of the spec with this id, and whether the run
// had one.
func (r *Run) ByID(id string) (types.SpecReport, bool) {
	for _, s := range r.Report.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt && specid.Of(s.Labels()) == id {
			return s, true
		}
	}
	return types.SpecReport{}, false
}
