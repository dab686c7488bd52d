package meadowlark

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonschema"

	"github.com/edconform/edconform/reference/edfimodel"
)

// schemas holds each resource's JSON Schema, generated from the model and
// compiled on first use: one for inserts (POST) and one for updates (PUT),
// which may carry the document's id.
type schemas struct {
	model    *edfimodel.Model
	mu       sync.Mutex
	compiled map[string]*gojsonschema.Schema
}

func newSchemas(m *edfimodel.Model) *schemas {
	return &schemas{model: m, compiled: map[string]*gojsonschema.Schema{}}
}

// validationError is one entry of a schema failure: what is wrong, where
// (a JSONPath) and the validation library's own classification.
type validationError struct {
	Message string         `json:"message"`
	Path    string         `json:"path"`
	Context map[string]any `json:"context"`
}

// validate checks a raw JSON body against the resource's schema and
// returns every failure, in document order of the library's report.
func (sc *schemas) validate(r *edfimodel.Resource, update bool, raw []byte) ([]validationError, error) {
	schema, err := sc.schema(r, update)
	if err != nil {
		return nil, err
	}
	res, err := schema.Validate(gojsonschema.NewBytesLoader(raw))
	if err != nil {
		return nil, err
	}
	var out []validationError
	for _, e := range res.Errors() {
		path := jsonPath(e.Context().String())
		if p, ok := e.Details()["property"].(string); ok && (e.Type() == "required" || e.Type() == "additional_property_not_allowed") {
			path += "." + p
		}
		out = append(out, validationError{
			Message: path + ": " + e.Description(),
			Path:    path,
			Context: map[string]any{"errorType": e.Type()},
		})
	}
	return out, nil
}

// jsonPath turns the library's "(root).a.0.b" into "$.a[0].b".
func jsonPath(context string) string {
	parts := strings.Split(context, ".")
	var b strings.Builder
	b.WriteString("$")
	for _, p := range parts[1:] {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[" + p + "]")
		} else {
			b.WriteString("." + p)
		}
	}
	return b.String()
}

func (sc *schemas) schema(r *edfimodel.Resource, update bool) (*gojsonschema.Schema, error) {
	key := fmt.Sprintf("%s/%t", r.Name, update)
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if s, ok := sc.compiled[key]; ok {
		return s, nil
	}
	doc := sc.entity(&r.Entity)
	doc["$schema"] = "http://json-schema.org/draft-07/schema#"
	doc["title"] = "Ed-Fi." + r.Name
	if update {
		doc["properties"].(map[string]any)["id"] = map[string]any{"type": "string"}
	}
	s, err := gojsonschema.NewSchema(gojsonschema.NewGoLoader(doc))
	if err != nil {
		return nil, fmt.Errorf("schema of %s: %w", r.Name, err)
	}
	sc.compiled[key] = s
	return s, nil
}

// Schema returns the generated JSON Schema of a resource's documents.
func (s *Server) Schema(r *edfimodel.Resource) map[string]any { return s.schemas.entity(&r.Entity) }

func (sc *schemas) entity(e *edfimodel.Entity) map[string]any {
	props := map[string]any{}
	required := []any{}
	for _, p := range e.Properties {
		props[p.Name] = sc.property(p)
		if p.Required {
			required = append(required, p.Name)
		}
	}
	out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

func (sc *schemas) property(p *edfimodel.Property) map[string]any {
	switch p.Kind {
	case edfimodel.Reference:
		props := map[string]any{}
		required := []any{}
		for _, f := range sc.model.ReferenceFields(p) {
			props[f.JSON] = scalar(f.Kind, sc.model.FieldLimits(f))
			required = append(required, f.JSON)
		}
		return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
	case edfimodel.Collection:
		out := map[string]any{"type": "array", "items": sc.entity(p.Item)}
		if p.MinItems > 0 {
			out["minItems"] = p.MinItems
		}
		return out
	}
	return scalar(p.Kind, p)
}

func scalar(kind edfimodel.Kind, p *edfimodel.Property) map[string]any {
	switch kind {
	case edfimodel.Int32:
		return map[string]any{"type": "integer", "minimum": -2147483648, "maximum": 2147483647}
	case edfimodel.Int64:
		return map[string]any{"type": "integer"}
	case edfimodel.Decimal:
		return map[string]any{"type": "number"}
	case edfimodel.Bool:
		return map[string]any{"type": "boolean"}
	case edfimodel.Date:
		return map[string]any{"type": "string", "format": "date"}
	case edfimodel.Time:
		return map[string]any{"type": "string", "pattern": `^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$`}
	}
	return edfimodel.StringSchema(p)
}
