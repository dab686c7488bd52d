package suitetest

import (
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/suite"
)

func TestSpecsAreAddressedByID(t *testing.T) {
	it := func(text string, state types.SpecState, labels ...string) types.SpecReport {
		return types.SpecReport{LeafNodeType: types.NodeTypeIt, ContainerHierarchyTexts: []string{"Missing token"},
			LeafNodeText: text, LeafNodeLabels: labels, State: state,
			Failure: types.Failure{Message: "Documented case: " + text}}
	}
	run := &Run{Report: types.Report{SpecReports: types.SpecReports{
		{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStateFailed},
		it("is refused twice", types.SpecStateFailed, "id:acme.authentication.missing-token.twice"),
		it("is refused", types.SpecStateFailed, "id:acme.authentication.missing-token"),
		it("is refused without an id", types.SpecStateFailed),
		it("is accepted", types.SpecStatePassed, "id:acme.authentication.valid-token"),
	}}}
	want := "Missing token is refused without an id,acme.authentication.missing-token,acme.authentication.missing-token.twice"
	if got := strings.Join(run.SpecsByID(suite.OutcomeFailed), ","); got != want {
		t.Errorf("SpecsByID(failed) = %s, want %s", got, want)
	}
	if got := strings.Join(run.SpecsByID(suite.OutcomePassed), ","); got != "acme.authentication.valid-token" {
		t.Errorf("SpecsByID(passed) = %s", got)
	}
	s, ok := run.ByID("acme.authentication.missing-token")
	if !ok || s.FullText() != "Missing token is refused" {
		t.Errorf("ByID finds %q (%v)", s.FullText(), ok)
	}
	if _, ok := run.ByID("acme.authentication"); ok {
		t.Error("ByID finds a spec for a prefix of an id")
	}
}
