package edfi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// follow reads a URL the server published, as a client would.
func (h *harness) follow(url string) *http.Response {
	h.t.Helper()
	if !strings.HasPrefix(url, "http://example.com/") {
		h.t.Fatalf("published URL %q is not on the server", url)
	}
	return h.do(http.MethodGet, "/"+strings.TrimPrefix(url, "http://example.com"), "", "").Result()
}

// resourcesMetadata walks root -> section list -> Resources document.
func (h *harness) resourcesMetadata() *openapi3.T {
	h.t.Helper()
	var root struct {
		URLs map[string]string `json:"urls"`
	}
	rec := h.do(http.MethodGet, "//", "", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &root); err != nil || root.URLs["openApiMetadata"] == "" {
		h.t.Fatalf("root names no metadata: %s", rec.Body)
	}
	if root.URLs["dataManagementApi"] != "http://example.com/data/v3/" {
		h.t.Errorf("dataManagementApi %q", root.URLs["dataManagementApi"])
	}
	var sections []struct{ Name, EndpointURI, Prefix string }
	resp := h.follow(root.URLs["openApiMetadata"])
	if err := json.NewDecoder(resp.Body).Decode(&sections); err != nil {
		h.t.Fatal(err)
	}
	i := slices.IndexFunc(sections, func(s struct{ Name, EndpointURI, Prefix string }) bool { return s.Name == "Resources" })
	if i < 0 || len(sections) != 2 {
		h.t.Fatalf("sections %+v", sections)
	}
	resp = h.follow(sections[i].EndpointURI)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		h.t.Fatalf("resources metadata: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc, err := openapi3.NewLoader().LoadFromIoReader(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	return doc
}

func TestMetadataIsPublishedWhereTheRootSays(t *testing.T) {
	doc := newHarness(t).resourcesMetadata()
	if doc.Servers[0].URL != "http://example.com/data/v3" {
		t.Errorf("server %q", doc.Servers[0].URL)
	}
	student := doc.Components.Schemas["edFi_student"].Value
	if !slices.Equal(student.Required, []string{"studentUniqueId", "birthDate", "firstName", "lastSurname"}) {
		t.Errorf("student required %v", student.Required)
	}
	strict := stricter(t).resourcesMetadata().Components.Schemas["edFi_student"].Value
	if !slices.Contains(strict.Required, "birthCity") || !slices.Contains(strict.Required, "birthSexDescriptor") {
		t.Errorf("stricter student required %v", strict.Required)
	}
}

func TestMetadataHiddenPublishesNone(t *testing.T) {
	h := newHarnessOptions(t, Config{}, reference.Options{Modes: []string{edfimodel.ModeMetadataHidden}})
	var root struct {
		URLs map[string]string `json:"urls"`
	}
	if err := json.Unmarshal(h.do(http.MethodGet, "//", "", "").Body.Bytes(), &root); err != nil || root.URLs["oauth"] == "" {
		t.Fatalf("root: %v %v", err, root)
	}
	if u, ok := root.URLs["openApiMetadata"]; ok {
		t.Errorf("root names metadata %q", u)
	}
	for _, p := range []string{"//metadata/", "//metadata", "/" + ResourcesMetadataPath, "/" + DescriptorsMetadataPath} {
		h.status(h.do(http.MethodGet, p, "", ""), http.StatusNotFound)
	}
	h.status(h.do(http.MethodGet, "//metadata/data/v3/dependencies", "", ""), http.StatusOK)
}
