// Package edfigen generates Ed-Fi conformance specs from the data model a
// target publishes: one spec per resource and documented rule (a required
// member missing, a string one character too long, a value of the wrong
// JSON type, a descriptor or a reference that does not exist, the id and
// method rules), each expecting the response the Error Response Knowledge
// Base documents for that rule, through the same matcher and text policy as
// the documented specs. Runs with --generated declare them.
package edfigen

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/metadata"
	"github.com/edconform/edconform/harness/profile"
)

// Rule names: the label and the id segment of each generated spec.
const (
	RuleRequired           = "required"
	RuleMaxLength          = "max-length"
	RuleWrongType          = "wrong-type"
	RuleDescriptorMissing  = "descriptor-does-not-exist"
	RuleUnresolved         = "unresolved-reference"
	RuleIDInBody           = "id-in-body"
	RuleGetAbsentID        = "get-absent-id"
	RulePutAbsentID        = "put-absent-id"
	RuleDeleteAbsentID     = "delete-absent-id"
	RulePatch              = "patch"
	RulePostToItem         = "post-to-item"
	generatedHeadingPrefix = "Generated from the target's metadata"
)

// rules are the generated rules in the order the tree and the catalogue
// list them, with the knowledge base heading each one follows and its status.
var rules = []struct {
	name, heading string
	status        int
}{
	{RuleRequired, "Missing a Required Property", 400},
	{RuleMaxLength, "String Length Validation Error", 400},
	{RuleWrongType, "A Value of the Wrong JSON Type", 400},
	{RuleDescriptorMissing, "Descriptor Does Not Exist", 400},
	{RuleUnresolved, "Unresolved Reference", 409},
	{RuleIDInBody, "Resource identifiers cannot be assigned by the client", 400},
	{RuleGetAbsentID, "ID Does Not Exist: GET", 404},
	{RulePutAbsentID, "ID Does Not Exist: PUT", 404},
	{RuleDeleteAbsentID, "ID Does Not Exist: DELETE", 404},
	{RulePatch, "PATCH Requests", 405},
	{RulePostToItem, "POST Request with an ID in the URL", 405},
}

// Rules lists the rule names.
func Rules() []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.name
	}
	return out
}

// Case is one generated spec: a rule applied to a resource, and to one of
// its members for the member rules.
type Case struct {
	Resource string
	Rule     string
	// Property is the member the case breaks ("" for the resource rules).
	Property *metadata.Property
	Status   int
	// Writes says the base document creates items for its references.
	Writes bool
	// Keys are the reference's members the case makes up (unresolved
	// references); the others keep the values the document shares.
	Keys []string
}

// ID is the case's stable spec id: edfi.generated.<resource>.<rule>[.<property>].
func (c Case) ID() string {
	id := "edfi.generated." + kebab(c.Resource) + "." + c.Rule
	if c.Property != nil {
		id += "." + kebab(c.Property.Name)
	}
	return id
}

// Plan lists the cases for every resource of the catalog that the
// selection keeps, rule by rule in resource order. A selection naming a
// resource or rule the catalog or the generator does not have is an error.
func Plan(c *metadata.Catalog, sel profile.Generate) ([]Case, error) {
	endpoints := c.Endpoints()
	for _, r := range sel.Resources {
		if !slices.Contains(endpoints, r) {
			return nil, fmt.Errorf("generate.resources: %q is not a resource of the target's metadata (it has %d, e.g. %s)", r, len(endpoints), strings.Join(endpoints[:min(3, len(endpoints))], ", "))
		}
	}
	for _, r := range sel.Rules {
		if !slices.Contains(Rules(), r) {
			return nil, fmt.Errorf("generate.rules: %q is not a generated rule (%s)", r, strings.Join(Rules(), ", "))
		}
	}
	var out []Case
	for _, rule := range rules {
		if len(sel.Rules) > 0 && !slices.Contains(sel.Rules, rule.name) {
			continue
		}
		for _, e := range endpoints {
			if len(sel.Resources) > 0 && !slices.Contains(sel.Resources, e) {
				continue
			}
			s, _ := c.Resource(e)
			cases := casesFor(e, s, rule.name, rule.status)
			if sel.MaxPerRule > 0 && len(cases) > sel.MaxPerRule {
				cases = cases[:sel.MaxPerRule]
			}
			out = append(out, cases...)
		}
	}
	return out, nil
}

func casesFor(endpoint string, s *metadata.Schema, rule string, status int) []Case {
	writes := needsItems(s, map[string]bool{})
	one := func(p *metadata.Property) Case {
		return Case{Resource: endpoint, Rule: rule, Property: p, Status: status, Writes: writes}
	}
	var out []Case
	switch rule {
	case RuleRequired:
		for _, p := range members(s) {
			if slices.Contains(s.Required, p.Name) && p.Type != "array" {
				out = append(out, one(p))
			}
		}
	case RuleMaxLength:
		for _, p := range members(s) {
			if p.Type == "string" && p.MaxLength > 0 && p.Format == "" && !p.Descriptor {
				out = append(out, one(p))
			}
		}
	case RuleWrongType:
		for _, p := range members(s) {
			if primitive(p) {
				out = append(out, one(p))
			}
		}
	case RuleDescriptorMissing:
		for _, p := range members(s) {
			if p.Descriptor {
				out = append(out, one(p))
			}
		}
	case RuleUnresolved:
		if !authorizable(s) {
			break
		}
		for _, p := range members(s) {
			if p.Reference == "" || p.Object == nil {
				continue
			}
			keys, ok := madeUpKeys(s, p)
			if !ok {
				continue
			}
			k := one(p)
			k.Writes, k.Keys = true, keys
			out = append(out, k)
		}
	case RulePutAbsentID:
		// A PUT is authorized before the id is looked up: the document must
		// be one the client may write, so neither an education organization
		// or person of its own nor one it reaches only through relationships.
		if authorizable(s) && !ownsAuthorizationKey(s) {
			out = append(out, Case{Resource: endpoint, Rule: rule, Status: status, Writes: writes})
		}
	case RuleIDInBody, RuleGetAbsentID, RuleDeleteAbsentID, RulePatch, RulePostToItem:
		out = append(out, Case{Resource: endpoint, Rule: rule, Status: status})
	}
	return out
}

// members are a schema's top-level members, sorted, without the server's
// own (id, link, _etag...).
func members(s *metadata.Schema) []*metadata.Property {
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		if name != "id" && name != "link" && !strings.HasPrefix(name, "_") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := make([]*metadata.Property, len(names))
	for i, n := range names {
		out[i] = s.Properties[n]
	}
	return out
}

func primitive(p *metadata.Property) bool {
	switch p.Type {
	case "string", "integer", "number", "boolean":
		return p.Object == nil
	}
	return false
}

// authorizable reports whether a base document of s is one the client may
// write: no required reference names a person, whom the client reaches
// only through relationships a new person lacks.
func authorizable(s *metadata.Schema) bool {
	for _, name := range s.Required {
		if p := s.Properties[name]; p != nil && p.Reference != "" && p.Object != nil {
			for k := range p.Object.Properties {
				if edfi.IsPersonKey(k) {
					return false
				}
			}
		}
	}
	return true
}

// ownsAuthorizationKey reports whether s has an education organization or
// person key of its own (a school's schoolId): a new one is none of the
// client's.
func ownsAuthorizationKey(s *metadata.Schema) bool {
	for _, name := range s.Required {
		if p := s.Properties[name]; p != nil && p.Object == nil && edfi.IsAuthorizationKey(name) {
			return true
		}
	}
	return false
}

// madeUpKeys are the members of reference p that an unresolved reference
// can make up: those no other required member of the document carries
// (the server would first report their disagreement), that are not
// descriptors (it would first report the descriptor) and that the client
// is not authorized by (it would first refuse the client). An optional
// reference with a descriptor member, or a person no other member names,
// cannot be completed, so it has none.
func madeUpKeys(s *metadata.Schema, p *metadata.Property) ([]string, bool) {
	shared := map[string]bool{}
	for _, name := range s.Required {
		o := s.Properties[name]
		if o == nil || o == p {
			continue
		}
		if o.Reference != "" && o.Object != nil {
			for k := range o.Object.Properties {
				shared[k] = true
			}
		} else if o.Object == nil {
			shared[name] = true
		}
	}
	required := slices.Contains(s.Required, p.Name)
	var keys []string
	for _, k := range referenceKeys(p) {
		kp := p.Object.Properties[k]
		switch {
		case kp.Descriptor && !required, edfi.IsPersonKey(k) && !shared[k]:
			return nil, false
		case kp.Descriptor || shared[k] || edfi.IsAuthorizationKey(k):
		default:
			keys = append(keys, k)
		}
	}
	return keys, len(keys) > 0
}

// referenceKeys are the members a reference object sends: its required
// ones, or all but its link.
func referenceKeys(p *metadata.Property) []string {
	if len(p.Object.Required) > 0 {
		return slices.Sorted(slices.Values(p.Object.Required))
	}
	var out []string
	for k := range p.Object.Properties {
		if k != "link" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// needsItems reports whether a base document of s refers to items the spec
// must create (a required reference, here or in a required object).
func needsItems(s *metadata.Schema, seen map[string]bool) bool {
	if seen[s.Name] {
		return false
	}
	seen[s.Name] = true
	for _, name := range s.Required {
		p := s.Properties[name]
		switch {
		case p == nil:
		case p.Reference != "":
			return true
		case p.Object != nil && needsItems(p.Object, seen):
			return true
		}
	}
	return false
}

// kebab turns a camelCase name into an id segment: academicWeeks is
// academic-weeks.
func kebab(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pascal is how Ed-Fi messages name a member: codeValue is CodeValue.
func pascal(name string) string {
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
