package suite

import (
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func spec(text string, labels ...string) types.SpecReport {
	return types.SpecReport{
		LeafNodeType:             types.NodeTypeIt,
		ContainerHierarchyTexts:  []string{"Missing token"},
		ContainerHierarchyLabels: [][]string{{"acme", "authentication", "401"}},
		LeafNodeText:             text,
		LeafNodeLabels:           labels,
		LeafNodeLocation:         types.CodeLocation{FileName: "specs/acme/authentication.go", LineNumber: 7},
	}
}

func TestCheckIDs(t *testing.T) {
	v := &Vendor{Name: "acme", Families: []string{"authentication", "authorization"}}
	good := spec("is refused", "id:acme.authentication.missing-token")
	setup := types.SpecReport{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite}
	if err := v.CheckIDs(types.SpecReports{setup, good, spec("is refused twice", "id:acme.authentication.missing-token.twice")}); err != nil {
		t.Fatalf("well-formed, unique ids are refused: %v", err)
	}
	for name, c := range map[string]struct {
		specs types.SpecReports
		want  []string
	}{
		"no id": {types.SpecReports{good, spec("is refused again")},
			[]string{`"Missing token is refused again" (specs/acme/authentication.go:7) has no id`}},
		"two ids": {types.SpecReports{spec("is refused", "id:acme.authentication.a", "id:acme.authentication.b")},
			[]string{"has 2 ids"}},
		"a shared id": {types.SpecReports{good, spec("is refused twice", "id:acme.authentication.missing-token")},
			[]string{`id "acme.authentication.missing-token" is also the id of "Missing token is refused"`}},
		"another vendor": {types.SpecReports{spec("is refused", "id:edfi.authentication.missing-token")},
			[]string{`does not start with "acme.authentication."`}},
		"another family": {types.SpecReports{spec("is refused", "id:acme.authorization.missing-token")},
			[]string{`does not start with "acme.authentication."`}},
		"the family alone": {types.SpecReports{spec("is refused", "id:acme.authentication")},
			[]string{`does not start with "acme.authentication."`}},
		"a malformed id": {types.SpecReports{spec("is refused", "id:acme.authentication.Missing_Token")},
			[]string{"is not of the form"}},
	} {
		t.Run(name, func(t *testing.T) {
			err := v.CheckIDs(c.specs)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, want := range append(c.want, "acme spec ids: ") {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q: %v", want, err)
				}
			}
		})
	}
}

func TestAnIDCannotMatchASpecWithoutExactlyOneFamily(t *testing.T) {
	v := &Vendor{Name: "acme", Families: []string{"authentication", "authorization"}}
	both := spec("is refused", "authorization", "id:acme.authentication.missing-token")
	if err := v.CheckIDs(types.SpecReports{both}); err == nil || !strings.Contains(err.Error(), "<one family of") {
		t.Errorf("a spec of two families passes: %v", err)
	}
}
