package edfimodel

import (
	"slices"
	"strconv"
	"testing"

	"github.com/edconform/edconform/reference"
)

func preloaded(t testing.TB, n int) *Store {
	t.Helper()
	s, err := NewSeededStore()
	if err != nil {
		t.Fatal(err)
	}
	if err := Preload(s, n); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPreloadAddsExactlyTheAskedNumberInTheMix(t *testing.T) {
	seededLen := seeded(t).Len()
	for _, n := range []int{0, 1, 99, 1000} {
		s := preloaded(t, n)
		if got := s.Len() - seededLen; got != n {
			t.Errorf("Preload(%d) added %d documents", n, got)
		}
	}
	s := preloaded(t, 1000)
	for _, part := range preloadBlock {
		r := s.Model().Resource(part.resource)
		if got := len(s.List(r)); got < part.count {
			t.Errorf("%s: %d documents after a preload of 1000, want at least one block's %d", part.resource, got, part.count)
		}
	}
}

func TestReferenceStoreReadsThePreloadVariable(t *testing.T) {
	t.Setenv(PreloadEnv, "250")
	s, err := NewReferenceStore(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Len() - seeded(t).Len(); got != 250 {
		t.Errorf("%s=250 added %d documents", PreloadEnv, got)
	}
	t.Setenv(PreloadEnv, "many")
	if _, err := NewReferenceStore(reference.Options{}); err == nil {
		t.Errorf("%s=many was accepted", PreloadEnv)
	}
}

// scanDependents finds the documents referencing d by reading every
// document, as the indexes must agree with.
func scanDependents(s *Store, d *Document) []string {
	key := identityString(d.Identity())
	var out []string
	for _, r := range s.Model().Resources() {
		for _, other := range s.List(r) {
			if len(s.sitesReferencing(other.Body, other.Resource, d, key)) > 0 {
				out = append(out, other.ID)
			}
		}
	}
	slices.Sort(out)
	return out
}

// scanBelow computes reachable education organizations to a fixed point
// over every education organization document.
func scanBelow(s *Store, claims []int64) map[string]bool {
	set := map[string]bool{}
	for _, id := range claims {
		set[strconv.FormatInt(id, 10)] = true
	}
	for changed := true; changed; {
		changed = false
		for _, member := range s.Model().Resource(EducationOrganization).Members {
			for _, d := range s.List(s.Model().Resource(member)) {
				id := Display(d.Identity()[0].Value)
				for _, site := range s.model.references(&d.Resource.Entity, d.Body, "$") {
					if s.Model().IsA(site.Property.Target, EducationOrganization) && !set[id] && set[s.model.referenceString(site.Property, site.Object)] {
						set[id], changed = true, true
					}
				}
			}
		}
	}
	return set
}

func TestIndexesAgreeWithAScanAfterWritesDeletesAndCascades(t *testing.T) {
	s := preloaded(t, 1200)
	m := s.Model()
	// A cascade: renaming a class period rewrites the sections and bell
	// schedules that reference it.
	period := s.List(m.Resource("ClassPeriod"))[0]
	renamed := CopyDocument(period.Body)
	renamed["classPeriodName"] = "99 - Renamed"
	if _, err := s.Replace(m.Resource("ClassPeriod"), period.ID, renamed, ""); err != nil {
		t.Fatal(err)
	}
	// Deletes leave holes in the creation order and drop index entries.
	enrolments := s.List(m.Resource("StudentSchoolAssociation"))
	for _, d := range enrolments[:len(enrolments)/2] {
		if err := s.Delete(d.Resource, d.ID, "", false); err != nil {
			t.Fatal(err)
		}
	}
	// A school moved to another agency changes reachability.
	schools := s.List(m.Resource("School"))
	moved := CopyDocument(schools[len(schools)-1].Body)
	moved["localEducationAgencyReference"] = map[string]any{"localEducationAgencyId": int64(SeedLocalEducationAgency)}
	if _, err := s.Replace(m.Resource("School"), schools[len(schools)-1].ID, moved, ""); err != nil {
		t.Fatal(err)
	}

	for _, r := range m.Resources() {
		for _, d := range s.List(r) {
			var indexed []string
			for _, dep := range s.Dependents(d) {
				indexed = append(indexed, dep.ID)
			}
			slices.Sort(indexed)
			if scanned := scanDependents(s, d); !slices.Equal(indexed, scanned) {
				t.Fatalf("dependents of %s %s: indexed %v, scanned %v", r.Name, d.ID, indexed, scanned)
			}
		}
	}
	for _, claims := range [][]int64{{SeedLocalEducationAgency, SeedServiceCenter}, {SeedSchool}, {PreloadDistrict}, {SeedServiceCenter}} {
		below, scanned := s.EducationOrganizationsBelow(claims), scanBelow(s, claims)
		if len(below) != len(scanned) {
			t.Errorf("claims %v: %d organizations below, a scan finds %d", claims, len(below), len(scanned))
		}
		for id := range scanned {
			if !below[id] {
				t.Errorf("claims %v: %s is below by a scan, not by the index", claims, id)
			}
		}
	}
	uid := s.List(m.Resource("Student"))[len(s.List(m.Resource("Student")))-1].Body["studentUniqueId"]
	var scanned []string
	for _, d := range s.List(m.Resource("StudentSchoolAssociation")) {
		if d.Body["studentReference"].(map[string]any)["studentUniqueId"] == uid {
			scanned = append(scanned, d.ID)
		}
	}
	var indexed []string
	for _, d := range s.Referencing("Student", uid) {
		if d.Resource.Name == "StudentSchoolAssociation" {
			indexed = append(indexed, d.ID)
		}
	}
	if len(scanned) == 0 || !slices.Equal(indexed, scanned) {
		t.Errorf("enrolments of %v: indexed %v, scanned %v", uid, indexed, scanned)
	}
}
