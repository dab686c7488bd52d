package edfimodel

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Document is a stored resource item. Documents are immutable once stored:
// an update stores a new Document, so readers may keep the ones they hold.
type Document struct {
	ID           string // 32 lowercase hex characters
	Resource     *Resource
	Body         map[string]any // normalised, model members only
	ETag         string
	LastModified time.Time
	CreatedBy    string // the client that created it
	seq          uint64 // creation order
	slot         int    // place in its resource's creation order, under the store's lock
}

// Identity is the document's natural key.
func (d *Document) Identity() []KeyValue { return d.Resource.Identity(d.Body) }

// DescriptorURI is a descriptor document's namespace#codeValue.
func (d *Document) DescriptorURI() string {
	return Display(d.Body["namespace"]) + "#" + Display(d.Body["codeValue"])
}

// Errors the store reports; the typed ones carry what a message needs.
var (
	ErrNotFound     = errors.New("the item does not exist")
	ErrETagMismatch = errors.New("the item has been modified since the given ETag")
)

// UnresolvedReferenceError names a reference that matches no document.
type UnresolvedReferenceError struct {
	Property string // e.g. "schoolYearTypeReference"
	Path     string // e.g. "$.schoolYearTypeReference"
	Target   string // e.g. "SchoolYearType"
	// Identity holds the reference's key values, e.g. {"schoolYear": 4022}.
	Identity map[string]any
}

func (e *UnresolvedReferenceError) Error() string {
	return fmt.Sprintf("the referenced %s item does not exist (%s)", e.Target, e.Path)
}

// KeyChangeError reports an identity change on a resource that does not
// allow it.
type KeyChangeError struct{ Resource string }

func (e *KeyChangeError) Error() string {
	return fmt.Sprintf("identifying values for the %s item cannot be changed", e.Resource)
}

// IdentityConflictError reports a natural key already held by another
// document, in the resource's own table or its superclass's.
type IdentityConflictError struct {
	Table    string   // "ClassPeriod", "EducationOrganization"
	Keys     []string // unified key names, e.g. ["classPeriodName", "schoolId"]
	Values   []string
	Existing *Document
}

func (e *IdentityConflictError) Error() string {
	return fmt.Sprintf("duplicate key in %s: (%s) = (%s)", e.Table, strings.Join(e.Keys, ", "), strings.Join(e.Values, ", "))
}

// DependentsError reports documents that still reference the one to delete,
// in resource dependency order.
type DependentsError struct{ Dependents []*Document }

func (e *DependentsError) Error() string {
	return fmt.Sprintf("referenced by %d items, e.g. a %s", len(e.Dependents), e.Dependents[0].Resource.Name)
}

// Store is a concurrency-safe in-memory document store over a model.
type Store struct {
	mu    sync.RWMutex
	model *Model
	docs  map[string]*Document
	// byResource keeps each resource's documents in creation order.
	byResource map[string]*ordered
	// identities maps resource (and superclass) name → identity string → id.
	identities map[string]map[string]string
	// referrers maps a referenced table (a resource, or an abstract
	// superclass as a reference names it) → identity string → the
	// documents holding such a reference, so dependents, cascades and
	// relationships are found without scanning the store.
	referrers map[string]map[string]*referral
	// versions counts the writes to each table, and below caches the
	// education organizations reachable from a set of claims until the
	// EducationOrganization table changes.
	versions map[string]uint64
	belowMu  sync.Mutex
	below    map[string]reachableSet
	seq      uint64
	lastETag int64
	now      func() time.Time
}

type reachableSet struct {
	version uint64
	ids     map[string]bool
}

// referral lists the documents referencing one item. Its top-level
// reference objects are shared by the documents whose values are the same:
// stored documents are immutable, and a store of associations holds the
// same school reference many times over.
type referral struct {
	object map[string]any
	ids    []string // a document's ids are adjacent; it may reference twice
}

// ordered is one resource's documents in creation order; deleted ones
// leave a hole until holes outnumber the documents.
type ordered struct {
	docs []*Document
	live int
}

func (o *ordered) add(d *Document) {
	d.slot = len(o.docs)
	o.docs = append(o.docs, d)
	o.live++
}

func (o *ordered) set(d *Document) { o.docs[d.slot] = d }

func (o *ordered) remove(d *Document) {
	o.docs[d.slot] = nil
	o.live--
	if len(o.docs) > 2*o.live+32 {
		kept := make([]*Document, 0, 2*o.live)
		for _, k := range o.docs {
			if k != nil {
				k.slot = len(kept)
				kept = append(kept, k)
			}
		}
		o.docs = kept
	}
}

// NewStore returns an empty store.
func NewStore(m *Model) *Store {
	return &Store{
		model:      m,
		docs:       map[string]*Document{},
		byResource: map[string]*ordered{},
		identities: map[string]map[string]string{},
		referrers:  map[string]map[string]*referral{},
		versions:   map[string]uint64{},
		below:      map[string]reachableSet{},
		now:        time.Now,
	}
}

// Model returns the store's model.
func (s *Store) Model() *Model { return s.model }

// NewID returns a fresh resource id: 32 lowercase hex characters.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// NormalizeID accepts an id with or without GUID dashes, any case, and
// returns the stored form; ok is false when it is not a GUID.
func NormalizeID(id string) (string, bool) {
	if len(id) == 36 && id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-' {
		id = strings.ReplaceAll(id, "-", "")
	}
	if len(id) != 32 {
		return "", false
	}
	if _, err := hex.DecodeString(id); err != nil {
		return "", false
	}
	return strings.ToLower(id), true
}

// Get returns a document of resource r by id.
func (s *Store) Get(r *Resource, id string) (*Document, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.docs[id]
	if !ok || d.Resource != r {
		return nil, false
	}
	return d, true
}

// List returns resource r's documents in creation order.
func (s *Store) List(r *Resource) []*Document {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.list(r.Name)
}

func (s *Store) list(name string) []*Document {
	o := s.byResource[name]
	if o == nil {
		return nil
	}
	out := make([]*Document, 0, o.live)
	for _, d := range o.docs {
		if d != nil {
			out = append(out, d)
		}
	}
	return out
}

// Len counts the stored documents.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.docs)
}

// FindByIdentity returns the document of r with body's natural key.
func (s *Store) FindByIdentity(r *Resource, body map[string]any) (*Document, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.byIdentity(r.Name, identityString(r.Identity(body)))
}

func (s *Store) byIdentity(table, key string) (*Document, bool) {
	id, ok := s.identities[table][key]
	if !ok {
		return nil, false
	}
	return s.docs[id], true
}

// Resolve returns the document a reference object points at. Abstract
// targets resolve to any subclass document with that key.
func (s *Store) Resolve(p *Property, obj map[string]any) (*Document, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.byIdentity(p.Target, s.model.referenceString(p, obj))
}

// DescriptorExists reports whether a descriptor value (namespace#codeValue)
// of the given type ("TermDescriptor") exists; case is ignored.
func (s *Store) DescriptorExists(descriptorType, uri string) bool {
	r := s.model.resources[descriptorType]
	if r == nil {
		return false
	}
	ns, code, ok := strings.Cut(uri, "#")
	if !ok {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, found := s.byIdentity(r.Name, identityString(r.Identity(map[string]any{"codeValue": code, "namespace": ns})))
	return found
}

// MissingDescriptors lists the descriptor values of a document that do not
// exist, in model order, as DescriptorMissing issues.
func (s *Store) MissingDescriptors(r *Resource, body map[string]any) []Issue {
	var out []Issue
	check := func(name, descriptorType string, value any, path string) {
		uri, ok := value.(string)
		if ok && !s.DescriptorExists(descriptorType, uri) {
			out = append(out, Issue{Path: path, Kind: DescriptorMissing, Property: name, Name: Pascal(name), Value: uri, DescriptorType: descriptorType})
		}
	}
	var walk func(e *Entity, body map[string]any, path string)
	walk = func(e *Entity, body map[string]any, path string) {
		for _, p := range e.Properties {
			switch p.Kind {
			case Descriptor:
				check(p.Name, p.DescriptorType, body[p.Name], path+"."+p.Name)
			case Reference:
				obj, _ := body[p.Name].(map[string]any)
				for _, f := range s.model.ReferenceFields(p) {
					if f.Kind == Descriptor && obj != nil {
						check(f.JSON, s.model.keyProperty(f.Origin, f.JSON).DescriptorType, obj[f.JSON], path+"."+p.Name+"."+f.JSON)
					}
				}
			case Collection:
				items, _ := body[p.Name].([]any)
				for i, it := range items {
					if obj, ok := it.(map[string]any); ok {
						walk(p.Item, obj, itemPath(path, p.Name, i))
					}
				}
			}
		}
	}
	walk(&r.Entity, body, "$")
	return out
}

// UnresolvedReference returns the first reference of body, in model order,
// that matches no stored document.
func (s *Store) UnresolvedReference(r *Resource, body map[string]any) *UnresolvedReferenceError {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.unresolved(r, body)
}

// UnresolvedReferences returns every reference of body, in model order,
// that matches no stored document.
func (s *Store) UnresolvedReferences(r *Resource, body map[string]any) []*UnresolvedReferenceError {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.unresolvedAll(r, body, false)
}

func (s *Store) unresolved(r *Resource, body map[string]any) *UnresolvedReferenceError {
	if all := s.unresolvedAll(r, body, true); len(all) > 0 {
		return all[0]
	}
	return nil
}

func (s *Store) unresolvedAll(r *Resource, body map[string]any, firstOnly bool) []*UnresolvedReferenceError {
	var out []*UnresolvedReferenceError
	for _, site := range s.model.references(&r.Entity, body, "$") {
		if _, ok := s.byIdentity(site.Property.Target, s.model.referenceString(site.Property, site.Object)); !ok {
			out = append(out, &UnresolvedReferenceError{Property: site.Property.Name, Path: site.Path,
				Target: site.Property.Target, Identity: CopyDocument(site.Object)})
			if firstOnly {
				break
			}
		}
	}
	return out
}

// Upsert stores body as resource r: it updates the document with the same
// natural key, or creates one. Checks run in order: references, then
// superclass identity uniqueness.
func (s *Store) Upsert(r *Resource, body map[string]any, client string) (doc *Document, created bool, err error) {
	return s.upsert(r, body, client, CopyDocument)
}

// upsert is Upsert with the copy a new document gets of body; a caller
// whose body is its own to give passes a function returning it as is.
func (s *Store) upsert(r *Resource, body map[string]any, client string, own func(map[string]any) map[string]any) (doc *Document, created bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.unresolved(r, body); e != nil {
		return nil, false, e
	}
	key := identityString(r.Identity(body))
	if existing, ok := s.byIdentity(r.Name, key); ok {
		return s.put(existing, body), false, nil
	}
	if e := s.superclassConflict(r, body, ""); e != nil {
		return nil, false, e
	}
	s.seq++
	d := &Document{ID: NewID(), Resource: r, Body: own(body), CreatedBy: client, seq: s.seq}
	s.stamp(d)
	s.docs[d.ID] = d
	if s.byResource[r.Name] == nil {
		s.byResource[r.Name] = &ordered{}
	}
	s.byResource[r.Name].add(d)
	s.index(d)
	return d, true, nil
}

// Replace updates document id of r with body. Checks run in order:
// existence, references, identity change (allowed only on resources with an
// updatable identity, and only to an unused key), then the ETag when
// ifMatch is not empty. A changed identity cascades into the references
// of dependent documents.
func (s *Store) Replace(r *Resource, id string, body map[string]any, ifMatch string) (*Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	existing, ok := s.docs[id]
	if !ok || existing.Resource != r {
		return nil, ErrNotFound
	}
	if e := s.unresolved(r, body); e != nil {
		return nil, e
	}
	oldKey := identityString(existing.Identity())
	newKey := identityString(r.Identity(body))
	if oldKey != newKey {
		if !r.UpdatableIdentity {
			return nil, &KeyChangeError{Resource: r.Name}
		}
		if other, taken := s.byIdentity(r.Name, newKey); taken {
			return nil, conflict(r.Name, r.Identity(body), other)
		}
		if e := s.superclassConflict(r, body, id); e != nil {
			return nil, e
		}
	}
	if ifMatch != "" && ifMatch != existing.ETag {
		return nil, ErrETagMismatch
	}
	return s.put(existing, body), nil
}

// Delete removes document id of r. Checks run in order: existence, ETag
// (when ifMatch is not empty), then dependents unless ignoreDependents.
func (s *Store) Delete(r *Resource, id, ifMatch string, ignoreDependents bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[id]
	if !ok || d.Resource != r {
		return ErrNotFound
	}
	if ifMatch != "" && ifMatch != d.ETag {
		return ErrETagMismatch
	}
	if !ignoreDependents {
		if deps := s.dependents(d); len(deps) > 0 {
			return &DependentsError{Dependents: deps}
		}
	}
	s.unindex(d)
	delete(s.docs, id)
	s.byResource[r.Name].remove(d)
	return nil
}

// Dependents lists the documents referencing d, in resource dependency
// order (within a resource, in creation order).
func (s *Store) Dependents(d *Document) []*Document {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.dependents(d)
}

func (s *Store) dependents(d *Document) []*Document {
	key := identityString(d.Identity())
	seen := map[string]bool{}
	var out []*Document
	for _, t := range s.tables(d.Resource) {
		for _, id := range s.referrers[t][key].documents() {
			if !seen[id] {
				seen[id] = true
				out = append(out, s.docs[id])
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Resource, out[j].Resource
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return out[i].seq < out[j].seq
	})
	return out
}

// sitesReferencing finds the reference objects in body that point at d.
func (s *Store) sitesReferencing(body map[string]any, r *Resource, d *Document, key string) []referenceSite {
	var out []referenceSite
	for _, site := range s.model.references(&r.Entity, body, "$") {
		t := site.Property.Target
		if (t == d.Resource.Name || t == d.Resource.Superclass) && s.model.referenceString(site.Property, site.Object) == key {
			out = append(out, site)
		}
	}
	return out
}

func (s *Store) superclassConflict(r *Resource, body map[string]any, self string) error {
	if r.Superclass == "" {
		return nil
	}
	sup := s.model.resources[r.Superclass]
	kv := r.Identity(body)
	other, taken := s.byIdentity(sup.Name, identityString(kv))
	if !taken || other.ID == self {
		return nil
	}
	kv[0].Key.Name = sup.keys[0].Name
	return conflict(sup.Name, kv, other)
}

func conflict(table string, kvs []KeyValue, other *Document) *IdentityConflictError {
	e := &IdentityConflictError{Table: table, Existing: other}
	for _, kv := range kvs {
		e.Keys = append(e.Keys, kv.Key.Name)
		e.Values = append(e.Values, Display(kv.Value))
	}
	return e
}

// put stores a new version of existing with body, re-indexing and
// cascading a changed identity.
func (s *Store) put(existing *Document, body map[string]any) *Document {
	d := *existing
	d.Body = CopyDocument(body)
	s.stamp(&d)
	oldKey := identityString(existing.Identity())
	s.unindex(existing)
	s.docs[d.ID] = &d
	s.byResource[d.Resource.Name].set(&d)
	s.index(&d)
	if identityString(d.Identity()) != oldKey {
		s.cascade(existing, oldKey, &d)
	}
	return &d
}

// cascade rewrites references to old so they carry updated's key values,
// as Ed-Fi's cascading key updates do.
func (s *Store) cascade(old *Document, oldKey string, updated *Document) {
	newValues := updated.Identity()
	for _, stale := range s.dependents(old) {
		// An earlier cascade may have stored a newer version.
		dep := s.docs[stale.ID]
		body := CopyDocument(dep.Body)
		for _, site := range s.sitesReferencing(body, dep.Resource, old, oldKey) {
			for i, f := range s.model.ReferenceFields(site.Property) {
				site.Object[f.JSON] = newValues[i].Value
			}
		}
		s.put(dep, body)
	}
}

func (s *Store) stamp(d *Document) {
	now := s.now().UTC()
	e := now.UnixNano()
	if e <= s.lastETag {
		e = s.lastETag + 1
	}
	s.lastETag = e
	d.ETag = strconv.FormatInt(e, 10)
	d.LastModified = now
}

func (s *Store) tables(r *Resource) []string {
	if r.Superclass != "" {
		return []string{r.Name, r.Superclass}
	}
	return []string{r.Name}
}

func (s *Store) index(d *Document) {
	key := identityString(d.Identity())
	for _, t := range s.tables(d.Resource) {
		if s.identities[t] == nil {
			s.identities[t] = map[string]string{}
		}
		s.identities[t][key] = d.ID
		s.versions[t]++
	}
	for _, site := range s.model.references(&d.Resource.Entity, d.Body, "$") {
		t, ref := site.Property.Target, s.model.referenceString(site.Property, site.Object)
		if s.referrers[t] == nil {
			s.referrers[t] = map[string]*referral{}
		}
		entry := s.referrers[t][ref]
		if entry == nil {
			entry = &referral{object: site.Object}
			s.referrers[t][ref] = entry
		}
		if n := len(entry.ids); n == 0 || entry.ids[n-1] != d.ID {
			entry.ids = append(entry.ids, d.ID)
		}
		// Only a new document is indexed, so no reader holds its body yet.
		if site.Path == "$."+site.Property.Name && maps.Equal(site.Object, entry.object) {
			d.Body[site.Property.Name] = entry.object
		}
	}
}

func (s *Store) unindex(d *Document) {
	key := identityString(d.Identity())
	for _, t := range s.tables(d.Resource) {
		if s.identities[t][key] == d.ID {
			delete(s.identities[t], key)
		}
		s.versions[t]++
	}
	for _, site := range s.model.references(&d.Resource.Entity, d.Body, "$") {
		t, ref := site.Property.Target, s.model.referenceString(site.Property, site.Object)
		entry := s.referrers[t][ref]
		if entry == nil {
			continue
		}
		entry.ids = slices.DeleteFunc(entry.ids, func(id string) bool { return id == d.ID })
		if len(entry.ids) == 0 {
			delete(s.referrers[t], ref)
		}
	}
}

// documents lists the ids of the referring documents (none for nil).
func (e *referral) documents() []string {
	if e == nil {
		return nil
	}
	return e.ids
}

// Referencing returns the documents holding a reference to the item of
// table (a resource, or an abstract superclass as references name it)
// whose single identity value is value, in creation order.
func (s *Store) Referencing(table string, value any) []*Document {
	r := s.model.resources[table]
	if r == nil || len(r.keys) != 1 {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.referencing(table, canonical(r.keys[0].Kind, value))
}

func (s *Store) referencing(table, key string) []*Document {
	var out []*Document
	for _, id := range s.referrers[table][key].documents() {
		if n := len(out); n == 0 || out[n-1].ID != id {
			out = append(out, s.docs[id])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// EducationOrganizationsBelow returns the ids of the education
// organizations claimed and of all those below them (the agencies of a
// service center, the schools of an agency, ...), as Display strings. The
// set is shared: callers must not modify it.
func (s *Store) EducationOrganizationsBelow(claims []int64) map[string]bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	claimKey := fmt.Sprint(claims)
	version := s.versions[EducationOrganization]
	s.belowMu.Lock()
	cached, ok := s.below[claimKey]
	s.belowMu.Unlock()
	if ok && cached.version == version {
		return cached.ids
	}
	set := map[string]bool{}
	var frontier []string
	for _, id := range claims {
		key := strconv.FormatInt(id, 10)
		if !set[key] {
			set[key] = true
			frontier = append(frontier, key)
		}
	}
	var tables []string
	if sup := s.model.resources[EducationOrganization]; sup != nil {
		tables = append([]string{sup.Name}, sup.Members...)
	}
	for len(frontier) > 0 {
		parent := frontier[len(frontier)-1]
		frontier = frontier[:len(frontier)-1]
		for _, t := range tables {
			for _, id := range s.referrers[t][parent].documents() {
				child := s.docs[id]
				if child.Resource.Superclass != EducationOrganization {
					continue
				}
				if key := Display(child.Identity()[0].Value); !set[key] {
					set[key] = true
					frontier = append(frontier, key)
				}
			}
		}
	}
	s.belowMu.Lock()
	s.below[claimKey] = reachableSet{version: version, ids: set}
	s.belowMu.Unlock()
	return set
}
