package suite

import (
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func TestFamilyLabelsAreValidatedAgainstTheRegistry(t *testing.T) {
	v := &Vendor{Name: "acme", Families: []string{"authentication"}, ExtraLabels: []string{"users"}}
	got := v.Family("authentication", 401, Writes, "users")
	if strings.Join(got, ",") != "acme,authentication,401,writes,users" {
		t.Errorf("labels: %v", got)
	}
	for name, call := range map[string]func(){
		"unknown family": func() { v.Family("authentification", 401) },
		"bad status":     func() { v.Family("authentication", 42) },
		"unknown extra":  func() { v.Family("authentication", 401, "write") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: expected a panic while the tree is built", name)
				}
			}()
			call()
		}()
	}
}

func TestOutcomes(t *testing.T) {
	cases := map[Outcome]types.SpecReport{
		OutcomePassed:        {State: types.SpecStatePassed},
		OutcomeFailed:        {State: types.SpecStateFailed},
		OutcomeSkipped:       {State: types.SpecStateSkipped, Failure: types.Failure{Message: "profile lacks x"}},
		OutcomeNotSelected:   {State: types.SpecStateSkipped},
		OutcomeSetupError:    {State: types.SpecStateFailed, Failure: types.Failure{Message: "Set-up error: the target refused a fixture step"}},
		OutcomeNotObserved:   {State: types.SpecStateSkipped, Failure: types.Failure{Message: NotObservedPrefix + "no conflict"}},
		OutcomeNotProvokable: {State: types.SpecStateSkipped, Failure: types.Failure{Message: NotProvokablePrefix + "why"}},
		OutcomeWarned:        {State: types.SpecStatePassed, ReportEntries: types.ReportEntries{{Name: "edconform-warning"}}},
	}
	for want, report := range cases {
		if got := OutcomeOf(report); got != want {
			t.Errorf("OutcomeOf = %s, want %s", got, want)
		}
	}
}

func TestSummaryCountsOutcomes(t *testing.T) {
	r := types.Report{SpecReports: types.SpecReports{
		{LeafNodeType: types.NodeTypeIt, State: types.SpecStatePassed},
		{LeafNodeType: types.NodeTypeIt, State: types.SpecStateFailed},
		{LeafNodeType: types.NodeTypeIt, State: types.SpecStateSkipped, Failure: types.Failure{Message: NotProvokablePrefix + "x"}},
		{LeafNodeType: types.NodeTypeIt, State: types.SpecStateSkipped},
		{LeafNodeType: types.NodeTypeIt, State: types.SpecStateSkipped, Failure: types.Failure{Message: "profile lacks x"}},
		{LeafNodeType: types.NodeTypeIt, State: types.SpecStateFailed, Failure: types.Failure{Message: "Set-up error: refused"}},
		{LeafNodeType: types.NodeTypeIt, State: types.SpecStateSkipped, Failure: types.Failure{Message: NotObservedPrefix + "x"}},
		{LeafNodeType: types.NodeTypeBeforeSuite, State: types.SpecStatePassed},
		{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStateFailed},
	}}
	if got := Summary("acme", r); got != "edconform acme: 1 passed, 2 failed, 1 set-up errors, 0 warned, 0 waived, 1 skipped, 1 not provokable, 1 not observed, 1 not selected" {
		t.Errorf("%q", got)
	}
}
