package edfi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/edconform/edconform/reference/edfimodel"
)

// TestAPageIsTheSliceOfTheFullListing checks that paging, which stops
// reading once the page is full unless the total is asked for, returns the
// same items as slicing the full listing, and counts every item the client
// may see.
func TestAPageIsTheSliceOfTheFullListing(t *testing.T) {
	t.Setenv(edfimodel.PreloadEnv, "1500")
	h := newHarnessWith(t, Config{})
	ids := func(query string) ([]string, string) {
		rec := h.do(http.MethodGet, query, "primary", "")
		var items []struct{ ID string }
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &items) != nil {
			t.Fatalf("GET %s: %d %s", query, rec.Code, rec.Body)
		}
		out := make([]string, len(items))
		for i, it := range items {
			out[i] = it.ID
		}
		return out, rec.Header().Get("Total-Count")
	}
	all, total := ids("/students?limit=500&totalCount=true")
	// Half the preloaded students are enrolled in an unclaimed district.
	if n, _ := strconv.Atoi(total); n != len(all) || n == 0 || n >= len(h.s.Store().List(h.s.model.Resource("Student"))) {
		t.Fatalf("Total-Count %s for %d listed of %d stored", total, len(all), len(h.s.Store().List(h.s.model.Resource("Student"))))
	}
	for _, p := range [][2]int{{0, 5}, {7, 3}, {len(all) - 2, 5}, {len(all), 5}, {3, 0}} {
		page, _ := ids(fmt.Sprintf("/students?offset=%d&limit=%d", p[0], p[1]))
		if want := all[min(p[0], len(all)):min(p[0]+p[1], len(all))]; !slices.Equal(page, want) {
			t.Errorf("offset %d limit %d: %v, want %v", p[0], p[1], page, want)
		}
	}
}
