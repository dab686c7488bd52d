// Package edfimodel is a declarative model of the Ed-Fi Data Standard
// resources (simplified Data Standard 5 shapes) with an in-memory document
// store. It knows nothing of any API front end: it validates documents into
// neutral issue records, resolves references, finds dependents, unifies keys
// and enforces identities, so several Ed-Fi-like servers can share it.
package edfimodel

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
)

// Kind is the type of a property's value.
type Kind int

// Property kinds. Integers are carried as int64, decimals as float64, dates
// as "2006-01-02" strings and times as "15:04:05" strings.
const (
	String Kind = iota + 1
	Int32
	Int64
	Decimal
	Bool
	Date
	Time
	Descriptor
	Reference
	Collection
)

var kindNames = map[Kind]string{
	String: "string", Int32: "int32", Int64: "int64", Decimal: "decimal", Bool: "bool",
	Date: "date", Time: "time", Descriptor: "descriptor", Reference: "reference", Collection: "collection",
}

func (k Kind) String() string { return kindNames[k] }

// Scalar reports whether values of this kind are single JSON values.
func (k Kind) Scalar() bool { return k != Reference && k != Collection }

// Property describes one member of a resource or of a collection item.
type Property struct {
	Name      string // JSON name, camelCase
	Kind      Kind
	Required  bool
	Identity  bool // part of the natural key (of the resource or of the item)
	MinLength int
	MaxLength int
	// DescriptorType names the descriptor resource, e.g. "TermDescriptor".
	DescriptorType string
	// Target names the referenced resource (possibly abstract); Role prefixes
	// the unified names of its keys (classOf + schoolYear = classOfSchoolYear).
	Target string
	Role   string
	// Unify renames single reference fields for key unification, e.g.
	// {"code": "fundCode"} keeps a fund dimension's code apart from a source
	// dimension's; other fields unify under their own (role-prefixed) names.
	Unify map[string]string
	// Item models a collection's items; MinItems is the required count.
	Item     *Entity
	MinItems int
	// Label is the name used in messages; empty means the PascalCase name.
	Label string
}

// MessageName is how messages name the property.
func (p *Property) MessageName() string {
	if p.Label != "" {
		return p.Label
	}
	return Pascal(p.Name)
}

// Entity is an ordered set of properties: a resource or a collection item.
type Entity struct {
	Name       string
	Properties []*Property
}

// Property finds a property by JSON name, ignoring case as Ed-Fi
// deserializers do.
func (e *Entity) Property(name string) *Property {
	for _, p := range e.Properties {
		if strings.EqualFold(p.Name, name) {
			return p
		}
	}
	return nil
}

// Key is one flattened natural-key value of a resource: an identity scalar,
// or a key field reached through an identity reference.
type Key struct {
	// Name is the unified name (role-prefixed when reached through a
	// role-named reference), e.g. "schoolId", "graduationSchoolYear".
	Name string
	Kind Kind
	// Origin is the resource whose own identity scalar this key is, e.g.
	// "School" for a schoolId reached through a schoolReference.
	Origin string
}

// RefField is one field of a reference object.
type RefField struct {
	JSON    string // name inside the reference object
	Unified string // name for key unification in the referencing document
	Kind    Kind
	Origin  string
}

// Resource is an Ed-Fi resource (or an abstract superclass such as
// EducationOrganization, which has no endpoint of its own).
type Resource struct {
	Entity
	Endpoint string // e.g. "academicWeeks"; empty for abstract resources
	Abstract bool
	// Superclass names the abstract resource this one specialises; a
	// subclass has a single identity key that plays the superclass's key.
	Superclass        string
	IsDescriptor      bool
	UpdatableIdentity bool
	// PrimaryRelationshipFor names the person resource ("Student", "Staff")
	// that this association makes reachable for a caller.
	PrimaryRelationshipFor string
	// Members lists an abstract resource's concrete subclasses.
	Members []string

	model *Model
	keys  []Key
	rank  int
}

// Model returns the model the resource belongs to.
func (r *Resource) Model() *Model { return r.model }

// Keys returns the flattened natural key in model order.
func (r *Resource) Keys() []Key { return r.keys }

// KeyNames returns the unified names of the natural key.
func (r *Resource) KeyNames() []string {
	names := make([]string, len(r.keys))
	for i, k := range r.keys {
		names[i] = k.Name
	}
	return names
}

// Rank is the resource's place in dependency order (1 = depends on nothing).
func (r *Resource) Rank() int { return r.rank }

// ReferenceFields lists the fields of a reference property's object.
func (m *Model) ReferenceFields(p *Property) []RefField {
	target := m.resources[p.Target]
	fields := make([]RefField, len(target.keys))
	for i, k := range target.keys {
		unified := roleName(p.Role, k.Name)
		if name, ok := p.Unify[k.Name]; ok {
			unified = name
		}
		fields[i] = RefField{JSON: k.Name, Unified: unified, Kind: k.Kind, Origin: k.Origin}
	}
	return fields
}

// FieldLimits is the property that declares a reference field's type and
// lengths: the origin resource's own identity member.
func (m *Model) FieldLimits(f RefField) *Property {
	if origin := m.resources[f.Origin]; origin != nil && origin.Property(f.JSON) != nil {
		return origin.Property(f.JSON)
	}
	return &Property{Kind: f.Kind}
}

func roleName(role, name string) string {
	if role == "" {
		return name
	}
	return lowerFirst(role) + Pascal(name)
}

// Model is the set of resources.
type Model struct {
	resources  map[string]*Resource
	byEndpoint map[string]*Resource
	ordered    []*Resource // dependency order, concrete resources only
}

// Resource finds a resource (concrete or abstract) by name.
func (m *Model) Resource(name string) *Resource { return m.resources[name] }

// ByEndpoint finds a concrete resource by its endpoint name. The first
// letter's case is ignored, as Ed-Fi routing does ("Students" works).
func (m *Model) ByEndpoint(endpoint string) *Resource {
	if endpoint == "" {
		return nil
	}
	return m.byEndpoint[lowerFirst(endpoint)]
}

// Resources lists the concrete resources in dependency order.
func (m *Model) Resources() []*Resource { return m.ordered }

// Descriptors lists the descriptor resources.
func (m *Model) Descriptors() []*Resource {
	var out []*Resource
	for _, r := range m.ordered {
		if r.IsDescriptor {
			out = append(out, r)
		}
	}
	return out
}

// IsA reports whether resource name is base or one of base's subclasses.
func (m *Model) IsA(name, base string) bool {
	if name == base {
		return true
	}
	r := m.resources[name]
	return r != nil && r.Superclass == base
}

// build wires a catalogue of resources into a model: it computes flattened
// keys and dependency ranks and checks the declarations are coherent.
func build(resources []*Resource) (*Model, error) {
	m := &Model{resources: map[string]*Resource{}, byEndpoint: map[string]*Resource{}}
	for _, r := range resources {
		if _, dup := m.resources[r.Name]; dup {
			return nil, fmt.Errorf("resource %s declared twice", r.Name)
		}
		r.model = m
		m.resources[r.Name] = r
		if !r.Abstract {
			m.byEndpoint[r.Endpoint] = r
		}
	}
	for _, r := range resources {
		if r.Superclass != "" {
			sup := m.resources[r.Superclass]
			if sup == nil || !sup.Abstract {
				return nil, fmt.Errorf("%s: superclass %s is not an abstract resource", r.Name, r.Superclass)
			}
			sup.Members = append(sup.Members, r.Name)
		}
		if err := m.checkEntity(r.Name, &r.Entity); err != nil {
			return nil, err
		}
	}
	for _, r := range resources {
		if _, err := m.computeKeys(r, map[string]bool{}); err != nil {
			return nil, err
		}
	}
	for _, r := range resources {
		if r.Superclass != "" && len(r.keys) != 1 {
			return nil, fmt.Errorf("%s: a subclass needs exactly one identity key", r.Name)
		}
	}
	for _, r := range resources {
		m.computeRank(r, map[string]bool{})
	}
	for _, r := range resources {
		if !r.Abstract {
			m.ordered = append(m.ordered, r)
		}
	}
	sort.SliceStable(m.ordered, func(i, j int) bool {
		a, b := m.ordered[i], m.ordered[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.Name < b.Name
	})
	return m, nil
}

func (m *Model) checkEntity(owner string, e *Entity) error {
	for _, p := range e.Properties {
		switch p.Kind {
		case Reference:
			if m.resources[p.Target] == nil {
				return fmt.Errorf("%s.%s: unknown reference target %s", owner, p.Name, p.Target)
			}
		case Descriptor:
			if d := m.resources[p.DescriptorType]; d == nil || !d.IsDescriptor {
				return fmt.Errorf("%s.%s: unknown descriptor %s", owner, p.Name, p.DescriptorType)
			}
		case Collection:
			if p.Item == nil {
				return fmt.Errorf("%s.%s: collection without item model", owner, p.Name)
			}
			if err := m.checkEntity(owner+"."+p.Name, p.Item); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *Model) computeKeys(r *Resource, visiting map[string]bool) ([]Key, error) {
	if r.keys != nil {
		return r.keys, nil
	}
	if visiting[r.Name] {
		return nil, fmt.Errorf("identity cycle through %s", r.Name)
	}
	visiting[r.Name] = true
	keys := []Key{}
	for _, p := range r.Properties {
		if !p.Identity {
			continue
		}
		switch p.Kind {
		case Reference:
			if _, err := m.computeKeys(m.resources[p.Target], visiting); err != nil {
				return nil, err
			}
			for _, f := range m.ReferenceFields(p) {
				keys = append(keys, Key{Name: f.Unified, Kind: f.Kind, Origin: f.Origin})
			}
		case Collection:
			return nil, fmt.Errorf("%s.%s: a collection cannot be an identity", r.Name, p.Name)
		default:
			keys = append(keys, Key{Name: p.Name, Kind: p.Kind, Origin: r.Name})
		}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s has no identity", r.Name)
	}
	r.keys = keys
	return keys, nil
}

// computeRank places a resource after everything it references, after the
// descriptors it uses and, when it names a person it does not itself relate
// to a caller, after the associations that do (Ed-Fi's dependency order
// accounts for authorization this way).
func (m *Model) computeRank(r *Resource, visiting map[string]bool) int {
	if r.rank > 0 {
		return r.rank
	}
	if visiting[r.Name] {
		return 0
	}
	visiting[r.Name] = true
	deps := map[string]bool{}
	m.collectDependencies(&r.Entity, deps)
	for name := range deps {
		if name == r.Name {
			continue
		}
		if m.resources[name].Abstract {
			delete(deps, name)
			for _, member := range m.resources[name].Members {
				deps[member] = true
			}
		}
	}
	for name := range copyKeys(deps) {
		if person := m.resources[name]; person != nil && r.PrimaryRelationshipFor != name {
			for _, other := range m.resources {
				if other.PrimaryRelationshipFor == name && other != r {
					deps[other.Name] = true
				}
			}
		}
	}
	rank := 1
	for name := range deps {
		if name == r.Name {
			continue
		}
		if d := m.computeRank(m.resources[name], visiting); d+1 > rank {
			rank = d + 1
		}
	}
	r.rank = rank
	return rank
}

func copyKeys(set map[string]bool) map[string]bool {
	out := make(map[string]bool, len(set))
	for k := range set {
		out[k] = true
	}
	return out
}

func (m *Model) collectDependencies(e *Entity, deps map[string]bool) {
	for _, p := range e.Properties {
		switch p.Kind {
		case Reference:
			deps[p.Target] = true
		case Descriptor:
			deps[p.DescriptorType] = true
		case Collection:
			m.collectDependencies(p.Item, deps)
		}
	}
}

// Pascal upper-cases the first letter: "codeValue" → "CodeValue".
func Pascal(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// TextLength counts a string as .NET does, in UTF-16 code units.
func TextLength(s string) int { return len(utf16.Encode([]rune(s))) }
