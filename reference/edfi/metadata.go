package edfi

import (
	"net/http"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// Where the ODS/API publishes its OpenAPI metadata, below the API root.
const (
	MetadataPath            = "/metadata/"
	ResourcesMetadataPath   = "/metadata/data/v3/resources/swagger.json"
	DescriptorsMetadataPath = "/metadata/data/v3/descriptors/swagger.json"
)

// rootURL is the API root as the client reached it.
func rootURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// serveRoot is the API's version document; it names the metadata unless
// the server hides it.
func (s *Server) serveRoot(w http.ResponseWriter, r *http.Request) {
	base := rootURL(r)
	urls := map[string]string{
		"dependencies":      base + "/metadata/data/v3/dependencies",
		"oauth":             base + "/oauth/token",
		"dataManagementApi": base + "/data/v3/",
	}
	if !s.opts.Mode(edfimodel.ModeMetadataHidden) {
		urls["openApiMetadata"] = base + MetadataPath
	}
	writeJSON(w, http.StatusOK, "", reference.JSON(map[string]any{
		"version": "7.2", "applicationName": "Ed-Fi ODS / API", "informationalVersion": "7.2", "suite": "3",
		"build": "reference", "apiMode": "Sandbox",
		"dataModels": []any{map[string]string{"name": "Ed-Fi", "version": "5.0.0"}},
		"urls":       urls,
	}))
}

// serveMetadata answers the section list and the OpenAPI 3 documents the
// model generates; it reports whether path was a metadata route.
func (s *Server) serveMetadata(w http.ResponseWriter, r *http.Request, path string) bool {
	switch path {
	case MetadataPath, "/metadata", ResourcesMetadataPath, DescriptorsMetadataPath:
	default:
		return false
	}
	if s.opts.Mode(edfimodel.ModeMetadataHidden) {
		s.writeProblem(w, dataNotFound())
		return true
	}
	base := rootURL(r)
	body := s.documents.Get(path+" "+base, func() []byte { return reference.JSON(s.metadata(path, base)) })
	writeJSON(w, http.StatusOK, "application/json", body)
	return true
}

// metadata is the document at path for a server reached at base.
func (s *Server) metadata(path, base string) any {
	if path == MetadataPath || path == "/metadata" {
		return edfimodel.MetadataSectionList(map[edfimodel.MetadataSection]string{
			edfimodel.ResourcesSection:   base + ResourcesMetadataPath,
			edfimodel.DescriptorsSection: base + DescriptorsMetadataPath,
		}, edfimodel.ResourcesSection, edfimodel.DescriptorsSection)
	}
	section := edfimodel.ResourcesSection
	if path == DescriptorsMetadataPath {
		section = edfimodel.DescriptorsSection
	}
	doc := s.model.OpenAPI(edfimodel.OpenAPI3, section, edfimodel.MetadataSite{
		DataURL: base + "/data/v3", TokenURL: base + "/oauth/token", Title: "Ed-Fi ODS/API " + string(section),
	})
	s.overstate(doc)
	return doc
}
