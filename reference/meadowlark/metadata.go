package meadowlark

import (
	"net/http"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// Metadata routes below a stage, as Meadowlark 0.4.0 serves them.
const (
	MetadataPath            = "metadata/"
	ResourcesMetadataPath   = "metadata/resources/swagger.json"
	DescriptorsMetadataPath = "metadata/descriptors/swagger.json"
)

// stageURL is the stage root as the client reached it.
func stageURL(r *http.Request, stage string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/" + stage + "/"
}

// apiVersion is the version document at the stage root; it names the
// metadata unless the server hides it.
func (s *Server) apiVersion(w http.ResponseWriter, r *http.Request, stage string) {
	base := stageURL(r, stage)
	urls := map[string]string{"oauth": base + "oauth/token", "dataManagementApi": base + Version + "/"}
	if !s.opts.Mode(edfimodel.ModeMetadataHidden) {
		urls["openApiMetadata"] = base + MetadataPath
	}
	writeJSON(w, http.StatusOK, map[string]any{"version": "0.4.0", "apiMode": "SharedInstance",
		"dataModels": []any{map[string]any{"name": "Ed-Fi", "version": "3.3.1-b"}}, "urls": urls})
}

// serveMetadata answers the section list and the Swagger 2.0 documents the
// model generates; route is the path below the stage.
func (s *Server) serveMetadata(w http.ResponseWriter, r *http.Request, stage, route string) {
	if s.opts.Mode(edfimodel.ModeMetadataHidden) {
		writeEmpty(w, http.StatusNotFound)
		return
	}
	base := stageURL(r, stage)
	switch route {
	case MetadataPath, "metadata", ResourcesMetadataPath, DescriptorsMetadataPath:
		body := s.documents.Get(route+" "+base, func() []byte { return reference.JSON(s.metadata(route, base)) })
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	default:
		writeEmpty(w, http.StatusNotFound)
	}
}

// metadata is the document at route for a stage reached at base.
func (s *Server) metadata(route, base string) any {
	if route == MetadataPath || route == "metadata" {
		return edfimodel.MetadataSectionList(map[edfimodel.MetadataSection]string{
			edfimodel.DescriptorsSection: base + DescriptorsMetadataPath,
			edfimodel.ResourcesSection:   base + ResourcesMetadataPath,
		}, edfimodel.DescriptorsSection, edfimodel.ResourcesSection)
	}
	section := edfimodel.ResourcesSection
	if route == DescriptorsMetadataPath {
		section = edfimodel.DescriptorsSection
	}
	return s.model.OpenAPI(edfimodel.Swagger2, section, edfimodel.MetadataSite{
		DataURL: base + Version, TokenURL: base + "oauth/token", Title: "Meadowlark " + string(section),
	})
}
