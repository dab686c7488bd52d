// Package metadata reads the data model an Ed-Fi target publishes: its API
// root names its OpenAPI metadata (ODS/API's urls.openApiMetadata, a list of
// sections such as {name: "Resources", endpointUri}), and the Resources
// section is an OpenAPI 3 document (Swagger 2 on older releases and
// Meadowlark) whose schemas say which properties each resource requires,
// their types and lengths, which are references and which are descriptors.
// The fixtures use it to complete their documents for the target at hand.
package metadata

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Catalog is the resource model of one target.
type Catalog struct {
	// resources by endpoint ("students", "academicWeeks").
	resources map[string]*Schema
	// descriptors are the descriptor endpoints the target lists
	// ("gradeLevelDescriptors"); empty when it publishes none.
	descriptors map[string]bool
	// withoutSchema are collection endpoints whose POST names no body
	// schema.
	withoutSchema []string
}

// WithoutSchema lists the collection endpoints whose POST has no body
// schema, sorted: the metadata says nothing of what they take.
func (c *Catalog) WithoutSchema() []string { return c.withoutSchema }

// Schema is an object: a resource, a reference, or a nested common type or
// collection item.
type Schema struct {
	// Name is the schema's name in the document ("edFi_student").
	Name       string
	Required   []string
	Properties map[string]*Property
}

// Property is one member of a schema.
type Property struct {
	Name string
	// Type is the JSON type: string, integer, number, boolean, object or array.
	Type   string
	Format string
	// MinLength and MaxLength bound strings; 0 means unbounded.
	MinLength, MaxLength int
	// Minimum bounds numbers, when set.
	Minimum *float64
	// Descriptor is set on descriptor-valued properties (a URI string whose
	// name ends in "Descriptor").
	Descriptor bool
	// Reference is set on reference objects: the referenced resource's
	// schema name without its prefix ("school" for edFi_schoolReference).
	Reference string
	// Object is the schema of an object property or of an array's items.
	Object *Schema
	// MinItems is an array's least number of items.
	MinItems int
	// Identity marks a member of the resource's natural key.
	Identity bool
}

// Resource returns the schema of the resource at endpoint.
func (c *Catalog) Resource(endpoint string) (*Schema, bool) {
	s, ok := c.resources[endpoint]
	return s, ok
}

// Endpoints lists the resource endpoints, sorted.
func (c *Catalog) Endpoints() []string {
	return sortedNames(c.resources)
}

// HasDescriptor reports whether the target lists this descriptor endpoint;
// known is false when it publishes no descriptor list at all.
func (c *Catalog) HasDescriptor(endpoint string) (has, known bool) {
	if len(c.descriptors) == 0 {
		return false, false
	}
	return c.descriptors[endpoint], true
}

// RequiredMissing lists the required properties of endpoint that doc lacks
// (top level only), sorted.
func (c *Catalog) RequiredMissing(endpoint string, doc map[string]any) []string {
	s, ok := c.resources[endpoint]
	if !ok {
		return nil
	}
	var out []string
	for _, name := range s.Required {
		if _, has := doc[name]; !has {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// document is the part of an OpenAPI 3 or Swagger 2 document read here.
type document struct {
	OpenAPI     string                       `json:"openapi"`
	Swagger     string                       `json:"swagger"`
	Paths       map[string]map[string]op     `json:"paths"`
	Components  struct{ Schemas rawSchemas } `json:"components"`
	Definitions rawSchemas                   `json:"definitions"`
}

type rawSchemas map[string]*rawSchema

type op struct {
	RequestBody struct {
		Content map[string]struct {
			Schema rawSchema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Parameters []struct {
		In     string    `json:"in"`
		Schema rawSchema `json:"schema"`
	} `json:"parameters"`
}

type rawSchema struct {
	Ref        string                `json:"$ref"`
	Type       string                `json:"type"`
	Format     string                `json:"format"`
	MinLength  int                   `json:"minLength"`
	MaxLength  int                   `json:"maxLength"`
	Minimum    *float64              `json:"minimum"`
	MinItems   int                   `json:"minItems"`
	Identity   bool                  `json:"x-Ed-Fi-isIdentity"`
	Required   []string              `json:"required"`
	Properties map[string]*rawSchema `json:"properties"`
	Items      *rawSchema            `json:"items"`
	AllOf      []*rawSchema          `json:"allOf"`
}

// Parse reads a Resources document (OpenAPI 3 or Swagger 2) into a catalog.
// Resources are the schemas that a collection path's POST takes as its body.
func Parse(raw []byte) (*Catalog, error) {
	var d document
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("the resources metadata is not JSON: %w", err)
	}
	schemas, prefix := d.Components.Schemas, "#/components/schemas/"
	if d.OpenAPI == "" {
		if d.Swagger == "" {
			return nil, errors.New("the resources metadata is neither OpenAPI 3 (openapi) nor Swagger 2 (swagger)")
		}
		schemas, prefix = d.Definitions, "#/definitions/"
	}
	if len(schemas) == 0 {
		return nil, errors.New("the resources metadata defines no schemas")
	}
	r := &resolver{schemas: schemas, prefix: prefix, done: map[string]*Schema{}}
	c := &Catalog{resources: map[string]*Schema{}, descriptors: map[string]bool{}}
	for path, ops := range d.Paths {
		endpoint, ok := collection(path)
		if !ok {
			continue
		}
		post, ok := ops["post"]
		if !ok {
			continue
		}
		ref := bodyRef(post)
		if ref == "" {
			c.withoutSchema = append(c.withoutSchema, endpoint)
			continue
		}
		s, err := r.named(ref)
		if err != nil {
			return nil, fmt.Errorf("the resources metadata, POST %s: %w", path, err)
		}
		c.resources[endpoint] = s
		if strings.HasSuffix(endpoint, "Descriptors") {
			c.descriptors[endpoint] = true
		}
	}
	if len(c.resources) == 0 {
		return nil, errors.New("the resources metadata has no collection path with a POST body schema")
	}
	sort.Strings(c.withoutSchema)
	return c, nil
}

// AddDescriptors records the descriptor endpoints a Descriptors document
// lists (ODS/API publishes them in a section of their own).
func (c *Catalog) AddDescriptors(raw []byte) error {
	var d document
	if err := json.Unmarshal(raw, &d); err != nil {
		return fmt.Errorf("the descriptors metadata is not JSON: %w", err)
	}
	for path := range d.Paths {
		if endpoint, ok := collection(path); ok {
			c.descriptors[endpoint] = true
		}
	}
	// The descriptor resources' schemas, when the document has them.
	if more, err := Parse(raw); err == nil {
		for endpoint, s := range more.resources {
			if _, known := c.resources[endpoint]; !known {
				c.resources[endpoint] = s
			}
		}
		c.withoutSchema = append(c.withoutSchema, more.withoutSchema...)
		sort.Strings(c.withoutSchema)
	}
	return nil
}

// collection returns the endpoint of a collection path ("/ed-fi/students").
func collection(path string) (string, bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != 2 || strings.Contains(parts[1], "{") {
		return "", false
	}
	return parts[1], true
}

func bodyRef(o op) string {
	for _, ct := range []string{"application/json", "*/*"} {
		if c, ok := o.RequestBody.Content[ct]; ok && c.Schema.Ref != "" {
			return c.Schema.Ref
		}
	}
	for _, c := range o.RequestBody.Content {
		if c.Schema.Ref != "" {
			return c.Schema.Ref
		}
	}
	for _, p := range o.Parameters {
		if p.In == "body" && p.Schema.Ref != "" {
			return p.Schema.Ref
		}
	}
	return ""
}

type resolver struct {
	schemas rawSchemas
	prefix  string
	done    map[string]*Schema
}

func (r *resolver) named(ref string) (*Schema, error) {
	name, ok := strings.CutPrefix(ref, r.prefix)
	if !ok {
		return nil, fmt.Errorf("$ref %q is not a local schema (%s...)", ref, r.prefix)
	}
	if s, ok := r.done[name]; ok {
		return s, nil
	}
	raw, ok := r.schemas[name]
	if !ok || raw == nil {
		return nil, fmt.Errorf("$ref %q names no schema", ref)
	}
	s := &Schema{Name: name, Properties: map[string]*Property{}}
	r.done[name] = s // before the members, so cycles end here
	if err := r.fill(s, raw); err != nil {
		return nil, err
	}
	return s, nil
}

func (r *resolver) fill(s *Schema, raw *rawSchema) error {
	for _, part := range raw.AllOf {
		if part.Ref != "" {
			base, err := r.named(part.Ref)
			if err != nil {
				return err
			}
			s.Required = append(s.Required, base.Required...)
			for k, v := range base.Properties {
				s.Properties[k] = v
			}
			continue
		}
		if err := r.fill(s, part); err != nil {
			return err
		}
	}
	s.Required = append(s.Required, raw.Required...)
	for name, p := range raw.Properties {
		prop, err := r.property(name, p)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", s.Name, name, err)
		}
		s.Properties[name] = prop
	}
	return nil
}

func (r *resolver) property(name string, raw *rawSchema) (*Property, error) {
	p := &Property{Name: name, Type: raw.Type, Format: raw.Format, MinLength: raw.MinLength, MaxLength: raw.MaxLength,
		Minimum: raw.Minimum, MinItems: raw.MinItems, Identity: raw.Identity}
	switch {
	case raw.Ref != "":
		s, err := r.named(raw.Ref)
		if err != nil {
			return nil, err
		}
		p.Type, p.Object = "object", s
		if target, ok := strings.CutSuffix(s.Name, "Reference"); ok {
			p.Reference = target[strings.LastIndex(target, "_")+1:]
		}
	case raw.Type == "array" && raw.Items != nil:
		item, err := r.property(name, raw.Items)
		if err != nil {
			return nil, err
		}
		p.Object = item.Object
		if p.Object == nil {
			return nil, errors.New("an array whose items are not objects")
		}
	case raw.Type == "object" && len(raw.Properties) > 0:
		s := &Schema{Name: name, Properties: map[string]*Property{}}
		if err := r.fill(s, raw); err != nil {
			return nil, err
		}
		p.Object = s
	case raw.Type == "" && len(raw.AllOf) > 0:
		s := &Schema{Name: name, Properties: map[string]*Property{}}
		if err := r.fill(s, raw); err != nil {
			return nil, err
		}
		p.Type, p.Object = "object", s
	}
	p.Descriptor = p.Type == "string" && strings.HasSuffix(name, "Descriptor")
	return p, nil
}
