package edfimodel

// OpenAPI metadata generated from the model, in the shapes the real
// products publish, so a client that reads a real target's metadata reads
// the reference servers' the same way.
//
// ODS/API 7.x (Ed-Fi-Alliance-OSS/Ed-Fi-ODS, Application/EdFi.Ods.Features/
// OpenApiMetadata: Factories/OpenApiMetadataDefinitionsFactory.cs,
// Factories/OpenApiMetadataDocumentHelper.cs, Models/OpenApiMetadataDocument.cs,
// Providers/OpenApiV3UpconversionProvider.cs, Controllers/OpenApiMetadataController.net.cs)
// builds a Swagger 2.0 document and up-converts it to OpenAPI 3.0:
//   - the section list at <root>/metadata/ is [{name, endpointUri, prefix}],
//     Resources at metadata/data/v3/resources/swagger.json, Descriptors at
//     metadata/data/v3/descriptors/swagger.json;
//   - servers[0].url is the data API (<root>/data/v3), paths are
//     /ed-fi/{endpoint} and /ed-fi/{endpoint}/{id}, a POST's request body
//     is $ref'd to the resource schema;
//   - schemas are "edFi_" + camelCase name: edFi_student, references
//     edFi_schoolReference (named after the referenced resource, never the
//     role; identity fields plus a link), collection items edFi_schoolGradeLevel;
//   - a schema's required list holds its non-nullable members (identity
//     and required members, required references and collections), never id;
//   - scalars carry type, format and maxLength; descriptors are strings of
//     maxLength 306; identity members carry x-Ed-Fi-isIdentity; references
//     are a bare $ref; collections are arrays of a $ref'd item schema.
//
// Meadowlark 0.4.0 (Ed-Fi-Exchange-OSS/Meadowlark, meadowlark-fastify
// src/Service.ts, meadowlark-core handler/MetadataHandler.ts and
// handler/MetadataResources.ts) serves, under its stage, the ODS/API 5.3
// Swagger 2.0 files with basePath /{stage}/v3.3b/: the schemas are the same
// but live under definitions, and a POST's body is an in: body parameter.

import (
	"net/url"
	"strings"
)

// MetadataFormat is the OpenAPI dialect of a metadata document.
type MetadataFormat int

const (
	// OpenAPI3 is ODS/API 7.x's format.
	OpenAPI3 MetadataFormat = iota
	// Swagger2 is ODS/API 5.x's format, which Meadowlark serves.
	Swagger2
)

// MetadataSection is one metadata document of the section list.
type MetadataSection string

// The sections the servers publish.
const (
	ResourcesSection   MetadataSection = "Resources"
	DescriptorsSection MetadataSection = "Descriptors"
)

// MetadataSite places a metadata document's API.
type MetadataSite struct {
	// DataURL is the data API root the paths hang from, e.g.
	// http://host/data/v3 (paths then start /ed-fi/).
	DataURL string
	// TokenURL is the OAuth 2 token endpoint.
	TokenURL string
	// Title names the API in the document's info.
	Title string
}

// SchemaName is the metadata schema name of a resource or reference
// target: "Student" is edFi_student.
func SchemaName(name string) string { return "edFi_" + lowerFirst(name) }

// ReferenceSchemaName is the schema of references to target:
// "School" is edFi_schoolReference.
func ReferenceSchemaName(target string) string { return SchemaName(target) + "Reference" }

// ItemSchemaName is the schema of a collection's items, named after the
// singular item: SchoolGradeLevels items are edFi_schoolGradeLevel.
func ItemSchemaName(item *Entity) string { return SchemaName(singular(item.Name)) }

func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies"):
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "sses"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "s"):
		return s[:len(s)-1]
	}
	return s
}

// OpenAPI builds one section's metadata document.
func (m *Model) OpenAPI(format MetadataFormat, section MetadataSection, site MetadataSite) map[string]any {
	g := &openAPI{model: m, format: format, schemas: map[string]any{}}
	g.schemas["link"] = map[string]any{"type": "object", "properties": map[string]any{
		"rel":  map[string]any{"type": "string", "description": "Describes the nature of the relationship to the referenced resource."},
		"href": map[string]any{"type": "string", "description": "The URL to the related resource."},
	}}
	paths := map[string]any{}
	var tags []any
	for _, r := range m.ordered {
		if r.IsDescriptor != (section == DescriptorsSection) {
			continue
		}
		g.resource(r)
		collection, item := g.operations(r)
		paths["/ed-fi/"+r.Endpoint] = collection
		paths["/ed-fi/"+r.Endpoint+"/{id}"] = item
		tags = append(tags, map[string]any{"name": r.Endpoint, "description": "The " + r.Name + " resource."})
	}
	info := map[string]any{"title": site.Title, "version": "3",
		"description": "The " + string(section) + " of the Ed-Fi data model, generated from the model the server validates with."}
	security := []any{map[string]any{"oauth2_client_credentials": []any{}}}
	if format == Swagger2 {
		host, basePath, scheme := splitURL(site.DataURL)
		return map[string]any{
			"swagger": "2.0", "info": info, "host": host, "basePath": basePath + "/", "schemes": []any{scheme},
			"consumes": []any{jsonMedia}, "produces": []any{jsonMedia},
			"paths": paths, "definitions": g.schemas, "tags": tags, "security": security,
			"securityDefinitions": map[string]any{"oauth2_client_credentials": map[string]any{
				"type": "oauth2", "description": "Ed-Fi OAuth 2.0 client credentials", "flow": "application",
				"tokenUrl": site.TokenURL, "scopes": map[string]any{}}},
		}
	}
	return map[string]any{
		"openapi": "3.0.1", "info": info, "servers": []any{map[string]any{"url": site.DataURL}},
		"paths": paths, "tags": tags, "security": security,
		"components": map[string]any{
			"schemas": g.schemas,
			"securitySchemes": map[string]any{"oauth2_client_credentials": map[string]any{
				"type": "oauth2", "description": "Ed-Fi OAuth 2.0 client credentials",
				"flows": map[string]any{"clientCredentials": map[string]any{"tokenUrl": site.TokenURL, "scopes": map[string]any{}}}}},
		},
	}
}

const jsonMedia = "application/json"

// splitURL gives Swagger 2.0's host, basePath and scheme of a URL.
func splitURL(raw string) (host, path, scheme string) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", "http"
	}
	return u.Host, strings.TrimSuffix(u.Path, "/"), u.Scheme
}

type openAPI struct {
	model   *Model
	format  MetadataFormat
	schemas map[string]any
}

func (g *openAPI) ref(name string) map[string]any {
	if g.format == Swagger2 {
		return map[string]any{"$ref": "#/definitions/" + name}
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func (g *openAPI) resource(r *Resource) {
	schema := g.entity(&r.Entity)
	props := schema["properties"].(map[string]any)
	props["id"] = map[string]any{"type": "string", "description": "The resource identifier the server assigns."}
	props["_etag"] = map[string]any{"type": "string", "description": "A unique system-generated value that identifies the version of the resource."}
	g.schemas[SchemaName(r.Name)] = schema
}

// entity is the schema of a resource or collection item; it adds the
// schemas its references and collections point at.
func (g *openAPI) entity(e *Entity) map[string]any {
	props := map[string]any{}
	var required []any
	for _, p := range e.Properties {
		props[p.Name] = g.property(p)
		if p.Required {
			required = append(required, p.Name)
		}
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

func (g *openAPI) property(p *Property) map[string]any {
	switch p.Kind {
	case Reference:
		name := ReferenceSchemaName(p.Target)
		if _, done := g.schemas[name]; !done {
			g.schemas[name] = g.reference(p)
		}
		return g.ref(name)
	case Collection:
		name := ItemSchemaName(p.Item)
		if _, done := g.schemas[name]; !done {
			g.schemas[name] = g.entity(p.Item)
		}
		out := map[string]any{"type": "array", "items": g.ref(name),
			"description": "An unordered collection of " + lowerFirst(p.Item.Name) + "."}
		if p.MinItems > 0 {
			out["minItems"] = p.MinItems
		}
		return out
	}
	out := scalarSchema(p.Kind, p)
	if p.Kind == Descriptor {
		out["description"] = "A " + p.DescriptorType + " value (uri://namespace/" + p.DescriptorType + "#codeValue)."
	} else {
		out["description"] = "The " + p.MessageName() + "."
	}
	if p.Identity {
		out["x-Ed-Fi-isIdentity"] = true
	}
	return out
}

// reference is a reference object's schema: the target's identity fields,
// with the lengths the target declares, and a link.
func (g *openAPI) reference(p *Property) map[string]any {
	props := map[string]any{"link": g.ref("link")}
	var required []any
	for _, f := range g.model.ReferenceFields(p) {
		field := scalarSchema(f.Kind, g.model.FieldLimits(f))
		field["description"] = "The " + Pascal(f.JSON) + " of the referenced " + p.Target + "."
		field["x-Ed-Fi-isIdentity"] = true
		props[f.JSON] = field
		required = append(required, f.JSON)
	}
	return map[string]any{"type": "object", "properties": props, "required": required}
}

// scalarSchema is the type, format and lengths of a scalar member.
func scalarSchema(kind Kind, p *Property) map[string]any {
	switch kind {
	case Int32:
		return map[string]any{"type": "integer", "format": "int32"}
	case Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case Decimal:
		return map[string]any{"type": "number", "format": "double"}
	case Bool:
		return map[string]any{"type": "boolean"}
	case Date:
		return map[string]any{"type": "string", "format": "date"}
	case Time:
		return map[string]any{"type": "string", "format": "time"}
	}
	return StringSchema(p)
}

// StringSchema is the JSON Schema of a string member with its lengths.
func StringSchema(p *Property) map[string]any {
	out := map[string]any{"type": "string"}
	if p.MaxLength > 0 {
		out["maxLength"] = p.MaxLength
	}
	if p.MinLength > 0 {
		out["minLength"] = p.MinLength
	}
	return out
}

// operations are the collection and item path items of a resource.
func (g *openAPI) operations(r *Resource) (collection, item map[string]any) {
	tags := []any{r.Endpoint}
	body := g.ref(SchemaName(r.Name))
	plural := Pascal(r.Endpoint)
	idParam := g.parameter("id", "path", "A resource identifier that uniquely identifies the resource.", true, map[string]any{"type": "string"})
	page := []any{
		g.parameter("offset", "query", "Indicates how many items should be skipped before returning results.", false, map[string]any{"type": "integer", "format": "int32"}),
		g.parameter("limit", "query", "Indicates the maximum number of items that should be returned in the results.", false, map[string]any{"type": "integer", "format": "int32"}),
	}
	write := func(op, summary string, params []any, codes ...string) map[string]any {
		out := map[string]any{"tags": tags, "summary": summary, "operationId": op + r.Name, "responses": responses(codes...)}
		if g.format == Swagger2 {
			out["parameters"] = append(params, map[string]any{"in": "body", "name": r.Name, "required": true,
				"description": "The JSON representation of the " + r.Name + " resource.", "schema": body})
		} else {
			if len(params) > 0 {
				out["parameters"] = params
			}
			out["requestBody"] = map[string]any{"required": true, "x-bodyName": r.Name,
				"description": "The JSON representation of the " + r.Name + " resource.",
				"content":     map[string]any{jsonMedia: map[string]any{"schema": body}}}
		}
		return out
	}
	read := func(op string, params []any, schema map[string]any) map[string]any {
		ok := map[string]any{"description": "The requested resource was successfully retrieved."}
		if g.format == Swagger2 {
			ok["schema"] = schema
		} else {
			ok["content"] = map[string]any{jsonMedia: map[string]any{"schema": schema}}
		}
		out := map[string]any{"tags": tags, "summary": "Retrieves " + r.Endpoint + ".", "operationId": op, "responses": map[string]any{"200": ok}}
		if len(params) > 0 {
			out["parameters"] = params
		}
		return out
	}
	collection = map[string]any{
		"get":  read("get"+plural, page, map[string]any{"type": "array", "items": body}),
		"post": write("post", "Creates or updates resources based on the natural key values of the supplied resource.", nil, "200", "201", "400", "401", "403", "409"),
	}
	item = map[string]any{
		"get": read("get"+plural+"ById", []any{idParam}, body),
		"put": write("put", "Updates a resource based on the resource identifier.", []any{idParam}, "204", "400", "401", "403", "404", "409", "412"),
		"delete": map[string]any{"tags": tags, "summary": "Deletes an existing resource using the resource identifier.",
			"operationId": "delete" + r.Name + "ById", "parameters": []any{idParam}, "responses": responses("204", "404", "409", "412")},
	}
	return collection, item
}

// parameter is a path or query parameter: Swagger 2.0 puts the type on
// the parameter, OpenAPI 3 in its schema.
func (g *openAPI) parameter(name, in, description string, required bool, schema map[string]any) map[string]any {
	out := map[string]any{"name": name, "in": in, "description": description, "required": required}
	if g.format == Swagger2 {
		for k, v := range schema {
			out[k] = v
		}
	} else {
		out["schema"] = schema
	}
	return out
}

var responseTexts = map[string]string{
	"200": "The resource was updated.", "201": "The resource was created.", "204": "The resource was updated or deleted.",
	"400": "Bad Request.", "401": "Unauthorized.", "403": "Forbidden.", "404": "Not Found.", "409": "Conflict.",
	"412": "Precondition Failed.",
}

func responses(codes ...string) map[string]any {
	out := map[string]any{}
	for _, c := range codes {
		out[c] = map[string]any{"description": responseTexts[c]}
	}
	return out
}

// MetadataSectionList is the section list a metadata root answers:
// [{name, endpointUri, prefix}] with the given documents' URLs.
func MetadataSectionList(urls map[MetadataSection]string, order ...MetadataSection) []any {
	out := make([]any, 0, len(order))
	for _, s := range order {
		out = append(out, map[string]any{"name": string(s), "endpointUri": urls[s], "prefix": ""})
	}
	return out
}
