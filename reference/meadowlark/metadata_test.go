package meadowlark

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// get reads a URL the server published, as a client would.
func (f *fixture) get(url string) response {
	f.t.Helper()
	if !strings.HasPrefix(url, f.http.URL+"/") {
		f.t.Fatalf("published URL %q is not on the server %s", url, f.http.URL)
	}
	return f.raw(http.MethodGet, strings.TrimPrefix(url, f.http.URL), nil, "")
}

func (f *fixture) rootURLs(p string) map[string]string {
	f.t.Helper()
	var root struct {
		URLs map[string]string `json:"urls"`
	}
	r := f.raw(http.MethodGet, p, nil, "")
	if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &root) != nil || root.URLs["oauth"] == "" {
		f.t.Fatalf("version document at %s: %d %s", p, r.status, r.body)
	}
	return root.URLs
}

func TestMetadataIsPublishedWhereTheStageRootSays(t *testing.T) {
	for _, modes := range [][]string{nil, {edfimodel.ModeStricterDataStandard}} {
		f := start(t, reference.Options{Modes: modes})
		urls := f.rootURLs("/local/")
		for _, p := range []string{"/local", "/local/v3.3b", "/local/v3.3b/"} {
			if other := f.rootURLs(p); other["openApiMetadata"] != urls["openApiMetadata"] {
				t.Errorf("%s names %q, the stage root %q", p, other["openApiMetadata"], urls["openApiMetadata"])
			}
		}
		if urls["dataManagementApi"] != f.http.URL+"/local/v3.3b/" {
			t.Errorf("dataManagementApi %q", urls["dataManagementApi"])
		}
		var sections []struct{ Name, EndpointURI, Prefix string }
		if err := json.Unmarshal([]byte(f.get(urls["openApiMetadata"]).body), &sections); err != nil || len(sections) != 2 {
			t.Fatalf("sections %v %+v", err, sections)
		}
		i := slices.IndexFunc(sections, func(s struct{ Name, EndpointURI, Prefix string }) bool { return s.Name == "Resources" })
		r := f.get(sections[i].EndpointURI)
		var v2 openapi2.T
		if err := json.Unmarshal([]byte(r.body), &v2); err != nil || v2.Swagger != "2.0" || v2.BasePath != "/local/v3.3b/" {
			t.Fatalf("resources document: %v %q %q", err, v2.Swagger, v2.BasePath)
		}
		v3, err := openapi2conv.ToV3(&v2)
		if err != nil {
			t.Fatal(err)
		}
		if err := v3.Validate(context.Background()); err != nil {
			t.Fatal(err)
		}
		post := v3.Paths.Find("/ed-fi/students").Post
		ref := post.RequestBody.Value.Content.Get("application/json").Schema.Ref
		student := v3.Components.Schemas[ref[strings.LastIndex(ref, "/")+1:]].Value
		if got := slices.Contains(student.Required, "birthCity"); got != (modes != nil) {
			t.Errorf("modes %v: student requires birthCity: %v (%v)", modes, got, student.Required)
		}
	}
}

func TestMetadataHiddenPublishesNone(t *testing.T) {
	f := start(t, reference.Options{Modes: []string{edfimodel.ModeMetadataHidden}})
	if u, ok := f.rootURLs("/local/")["openApiMetadata"]; ok {
		t.Errorf("root names metadata %q", u)
	}
	for _, p := range []string{"/local/metadata", "/local/metadata/", "/local/" + ResourcesMetadataPath, "/local/" + DescriptorsMetadataPath} {
		expectStatus(t, p, f.raw(http.MethodGet, p, nil, ""), http.StatusNotFound)
	}
}
