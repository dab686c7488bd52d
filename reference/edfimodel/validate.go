package edfimodel

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// IssueKind classifies a validation failure.
type IssueKind string

// Validation issue kinds. Front ends render their own texts from them.
const (
	Required             IssueKind = "required"
	TooLong              IssueKind = "too-long"     // longer than MaxLength, no minimum
	LengthRange          IssueKind = "length-range" // outside MinLength..MaxLength
	LeadingTrailingSpace IssueKind = "leading-trailing-space"
	Dangerous            IssueKind = "dangerous"
	EmptyCollection      IssueKind = "empty-collection"
	DescriptorMissing    IssueKind = "descriptor-missing"
	UnificationConflict  IssueKind = "unification-conflict"
	IntOverflow          IssueKind = "int-overflow"
	WrongType            IssueKind = "wrong-type"
)

// Issue is one validation failure, neutral of any front end's wording.
type Issue struct {
	Path     string // JSON path, e.g. "$.scores[1].assessmentReportingMethodDescriptor"
	Kind     IssueKind
	Property string // JSON name of the failing member
	Name     string // message name: "AssessmentReportingMethodDescriptor", "BellScheduleClassPeriods"
	Min, Max int    // length bounds or item count
	// Value is the offending value (descriptor URI, overflowing number, ...).
	Value string
	// Expected is the wanted kind for WrongType and IntOverflow.
	Expected Kind
	// Empty marks a Required issue for a string sent empty rather than left out.
	Empty bool
	// DescriptorType is set for DescriptorMissing, e.g. "TermDescriptor".
	DescriptorType string
	// Key and Values describe a unification conflict: the unified key name
	// and the distinct values supplied, in model property order.
	Key    string
	Values []string
}

// Validate checks a document against a resource: presence, types, lengths,
// dangerous text, whitespace around key strings, collection counts and key
// unification. It returns the normalised document (model members only, in
// canonical names and types) and every issue found, in model order.
func (m *Model) Validate(r *Resource, body map[string]any) (map[string]any, []Issue) {
	v := &validator{model: m}
	doc := v.entity(&r.Entity, body, "$")
	v.unify(r, doc)
	return doc, v.issues
}

type validator struct {
	model  *Model
	issues []Issue
}

func (v *validator) add(is Issue) { v.issues = append(v.issues, is) }

// member looks a property up case-insensitively; null counts as absent.
func member(body map[string]any, name string) (any, bool) {
	if x, ok := body[name]; ok {
		return x, x != nil
	}
	for k, x := range body {
		if strings.EqualFold(k, name) {
			return x, x != nil
		}
	}
	return nil, false
}

func (v *validator) entity(e *Entity, body map[string]any, path string) map[string]any {
	doc := map[string]any{}
	for _, p := range e.Properties {
		raw, present := member(body, p.Name)
		at := path + "." + p.Name
		switch p.Kind {
		case Reference:
			obj, ok := raw.(map[string]any)
			switch {
			case !present:
				if p.Required {
					v.add(Issue{Path: at, Kind: Required, Property: p.Name, Name: p.MessageName()})
				}
			case !ok:
				v.add(Issue{Path: at, Kind: WrongType, Property: p.Name, Name: p.MessageName(), Expected: Reference, Value: displayRaw(raw)})
			default:
				doc[p.Name] = v.reference(p, obj, at)
			}
		case Collection:
			items, ok := raw.([]any)
			if present && !ok {
				v.add(Issue{Path: at, Kind: WrongType, Property: p.Name, Name: p.MessageName(), Expected: Collection, Value: displayRaw(raw)})
				continue
			}
			var out []any
			for i, it := range items {
				if obj, isObj := it.(map[string]any); isObj {
					out = append(out, v.entity(p.Item, obj, itemPath(path, p.Name, i)))
				} else if it != nil {
					v.add(Issue{Path: itemPath(path, p.Name, i), Kind: WrongType, Property: p.Name, Name: p.Item.Name, Expected: Collection, Value: displayRaw(it)})
				}
			}
			if len(out) < p.MinItems {
				v.add(Issue{Path: at, Kind: EmptyCollection, Property: p.Name, Name: p.MessageName(), Min: p.MinItems})
			}
			if out != nil {
				doc[p.Name] = out
			}
		default:
			if x, ok := v.scalar(p.Name, p.MessageName(), p.Kind, p, raw, present, at, p.Identity); ok {
				doc[p.Name] = x
			}
		}
	}
	return doc
}

// reference checks a reference object's key fields; every field is
// required once the reference is given.
func (v *validator) reference(p *Property, obj map[string]any, path string) map[string]any {
	out := map[string]any{}
	for _, f := range v.model.ReferenceFields(p) {
		raw, present := member(obj, f.JSON)
		limits := v.model.keyProperty(f.Origin, f.JSON)
		if x, ok := v.scalar(f.JSON, Pascal(f.JSON), f.Kind, limits, raw, present, path+"."+f.JSON, true); ok {
			out[f.JSON] = x
		}
	}
	return out
}

// keyProperty finds the declaration behind a reference field, for its
// length limits.
func (m *Model) keyProperty(origin, name string) *Property {
	if r := m.resources[origin]; r != nil {
		if p := r.Property(name); p != nil {
			return p
		}
	}
	return &Property{Name: name, Required: true}
}

func (v *validator) scalar(name, label string, kind Kind, p *Property, raw any, present bool, path string, identity bool) (any, bool) {
	issue := func(k IssueKind) Issue { return Issue{Path: path, Kind: k, Property: name, Name: label} }
	if !present {
		if p.Required {
			v.add(issue(Required))
		}
		return nil, false
	}
	value, ok := normalise(kind, raw)
	if !ok {
		is := issue(WrongType)
		is.Expected, is.Value = kind, displayRaw(raw)
		if kind == Int32 || kind == Int64 {
			if _, isInt := normalise(Int64, raw); isInt || isIntegerText(raw) {
				is.Kind = IntOverflow
			}
		}
		v.add(is)
		return nil, false
	}
	s, isString := value.(string)
	if !isString || kind == Date || kind == Time {
		return value, true
	}
	if s == "" && p.Required {
		is := issue(Required)
		is.Empty = true
		v.add(is)
		return value, true
	}
	if n := TextLength(s); p.MaxLength > 0 || p.MinLength > 0 {
		switch {
		case p.MinLength > 0 && (n < p.MinLength || n > p.MaxLength):
			is := issue(LengthRange)
			is.Min, is.Max = p.MinLength, p.MaxLength
			v.add(is)
		case p.MaxLength > 0 && n > p.MaxLength:
			is := issue(TooLong)
			is.Max = p.MaxLength
			v.add(is)
		}
	}
	if IsDangerous(s) {
		v.add(issue(Dangerous))
	}
	if identity && kind == String && s != strings.TrimSpace(s) {
		v.add(issue(LeadingTrailingSpace))
	}
	return value, true
}

// IsDangerous reports text that could carry markup: a '<', '>' or '&' that
// is not surrounded by spaces.
func IsDangerous(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<', '>', '&':
			if i == 0 || i == len(s)-1 || s[i-1] != ' ' || s[i+1] != ' ' {
				return true
			}
		}
	}
	return false
}

// normalise converts a decoded JSON value to the kind's canonical Go type.
func normalise(kind Kind, raw any) (any, bool) {
	switch kind {
	case String, Descriptor:
		s, ok := raw.(string)
		return s, ok
	case Int32, Int64:
		n, ok := toInt(raw)
		if !ok || (kind == Int32 && (n < math.MinInt32 || n > math.MaxInt32)) {
			return nil, false
		}
		return n, true
	case Decimal:
		return toFloat(raw)
	case Bool:
		b, ok := raw.(bool)
		return b, ok
	case Date:
		return parseWith(ParseDate, raw)
	case Time:
		return parseWith(ParseTime, raw)
	}
	return nil, false
}

func toInt(raw any) (int64, bool) {
	switch x := raw.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return int64(x), true
		}
	case json.Number:
		n, err := strconv.ParseInt(string(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

func toFloat(raw any) (any, bool) {
	switch x := raw.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return nil, false
}

func isIntegerText(raw any) bool {
	n, ok := raw.(json.Number)
	if !ok || n == "" {
		return false
	}
	s := strings.TrimPrefix(string(n), "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// ParseDate accepts an ISO date or date-time (or a US month/day/year
// date) and returns it as "2006-01-02".
func ParseDate(s string) (string, bool) {
	return reformat(s, "2006-01-02", "2006-01-02", "2006-01-02T15:04:05", time.RFC3339Nano, "1/2/2006", "01/02/2006")
}

// ParseTime accepts a time of day and returns it as "15:04:05".
func ParseTime(s string) (string, bool) {
	return reformat(s, "15:04:05", "15:04:05", "15:04", "15:04:05.9999999")
}

func reformat(s, out string, layouts ...string) (string, bool) {
	for _, layout := range layouts {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.Format(out), true
		}
	}
	return "", false
}

func parseWith(parse func(string) (string, bool), raw any) (any, bool) {
	if s, ok := raw.(string); ok {
		if v, ok := parse(s); ok {
			return v, true
		}
	}
	return nil, false
}

func displayRaw(raw any) string {
	switch x := raw.(type) {
	case json.Number:
		return string(x)
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return Display(raw)
}

// occurrence is one place a unified key value is supplied.
type occurrence struct {
	path  string
	value any
	kind  Kind
}

// unify checks that every value supplied for the same unified key name
// matches, across the document's scalars and its references (including
// references inside collection items, for names the root also carries).
func (v *validator) unify(r *Resource, doc map[string]any) {
	var order []string
	groups := map[string][]occurrence{}
	addTo := func(name string, o occurrence) {
		if _, seen := groups[name]; !seen {
			order = append(order, name)
		}
		groups[name] = append(groups[name], o)
	}
	addSite := func(site referenceSite, all bool) {
		for _, f := range v.model.ReferenceFields(site.Property) {
			x, ok := site.Object[f.JSON]
			if _, atRoot := groups[f.Unified]; ok && (all || atRoot) {
				addTo(f.Unified, occurrence{path: site.Path + "." + f.JSON, value: x, kind: f.Kind})
			}
		}
	}
	for _, p := range r.Properties {
		x, ok := doc[p.Name]
		switch {
		case !ok:
		case p.Kind.Scalar():
			addTo(p.Name, occurrence{path: "$." + p.Name, value: x, kind: p.Kind})
		case p.Kind == Reference:
			addSite(referenceSite{Property: p, Object: x.(map[string]any), Path: "$." + p.Name}, true)
		}
	}
	// Item references join only the names the root level also supplies.
	for _, site := range v.model.references(&r.Entity, doc, "$") {
		if strings.Count(site.Path, ".") > 1 {
			addSite(site, false)
		}
	}
	for _, name := range order {
		occ := groups[name]
		var values []string
		seen := map[string]bool{}
		for _, o := range occ {
			c := canonical(o.kind, o.value)
			if !seen[c] {
				seen[c] = true
				values = append(values, Display(o.value))
			}
		}
		if len(values) < 2 {
			continue
		}
		for _, o := range occ {
			v.add(Issue{Path: o.path, Kind: UnificationConflict, Property: name, Name: Pascal(name), Key: name, Values: values})
		}
	}
}
