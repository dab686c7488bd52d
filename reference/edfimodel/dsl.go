package edfimodel

import "strings"

// The helpers below keep the catalogue declarative: each property is one
// call, refined by chained modifiers.

func str(name string, max int) *Property { return &Property{Name: name, Kind: String, MaxLength: max} }
func i32(name string) *Property          { return &Property{Name: name, Kind: Int32} }
func i64(name string) *Property          { return &Property{Name: name, Kind: Int64} }
func dec(name string) *Property          { return &Property{Name: name, Kind: Decimal} }
func boolean(name string) *Property      { return &Property{Name: name, Kind: Bool} }
func date(name string) *Property         { return &Property{Name: name, Kind: Date} }
func clock(name string) *Property        { return &Property{Name: name, Kind: Time} }

// desc declares a descriptor property; the type defaults to the property
// name without its role prefix, e.g. entryGradeLevelDescriptor uses
// GradeLevelDescriptor when declared as desc("entryGradeLevelDescriptor", "GradeLevel").
func desc(name, descriptorType string) *Property {
	return &Property{Name: name, Kind: Descriptor, MaxLength: 306, DescriptorType: descriptorType + "Descriptor"}
}

// ref declares a reference named after its target: ref("School") is
// schoolReference.
func ref(target string) *Property {
	return &Property{Name: lowerFirst(target) + "Reference", Kind: Reference, Target: target}
}

// roleRef declares a role-named reference: roleRef("ClassOf", "SchoolYearType")
// is classOfSchoolYearTypeReference, whose schoolYear unifies as classOfSchoolYear.
func roleRef(role, target string) *Property {
	return &Property{Name: lowerFirst(role) + target + "Reference", Kind: Reference, Target: target, Role: role}
}

func coll(name string, item ...*Property) *Property {
	return &Property{Name: name, Kind: Collection, Item: &Entity{Name: Pascal(name), Properties: item}}
}

// key marks an identity property (identities are always required).
func (p *Property) key() *Property { p.Identity, p.Required = true, true; return p }
func (p *Property) req() *Property { p.Required = true; return p }

// unifyAs gives a reference field its own unified name.
func (p *Property) unifyAs(field, unified string) *Property {
	if p.Unify == nil {
		p.Unify = map[string]string{}
	}
	p.Unify[field] = unified
	return p
}

func (p *Property) min(n int) *Property { p.MinLength = n; return p }

// atLeast requires n items in a collection.
func (p *Property) atLeast(n int) *Property { p.MinItems, p.Required = n, true; return p }

func resource(name string, props ...*Property) *Resource {
	r := &Resource{Entity: Entity{Name: name, Properties: props}, Endpoint: plural(lowerFirst(name))}
	for _, p := range props {
		if p.Kind == Collection && p.Label == "" {
			// Collections are named by their table: BellSchedule + ClassPeriods.
			p.Label = name + Pascal(p.Name)
			p.Item.Name = name + p.Item.Name
		}
	}
	return r
}

func (r *Resource) updatable() *Resource { r.UpdatableIdentity = true; return r }

func (r *Resource) subclassOf(super string) *Resource { r.Superclass = super; return r }

func (r *Resource) relates(person string) *Resource { r.PrimaryRelationshipFor = person; return r }

func abstract(name string, props ...*Property) *Resource {
	return &Resource{Entity: Entity{Name: name, Properties: props}, Abstract: true}
}

// descriptor declares a descriptor resource, e.g. descriptor("Term") is
// TermDescriptor at termDescriptors.
func descriptor(name string) *Resource {
	r := resource(name+"Descriptor",
		str("codeValue", 50).key(),
		str("description", 1024),
		date("effectiveBeginDate"),
		date("effectiveEndDate"),
		str("namespace", 255).key(),
		str("shortDescription", 75).req(),
	)
	r.IsDescriptor = true
	return r
}

func plural(s string) string {
	if strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsRune("aeiou", rune(s[len(s)-2])) {
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}
