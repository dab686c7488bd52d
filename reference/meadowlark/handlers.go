package meadowlark

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/edconform/edconform/reference/edfimodel"
)

// call is one data request travelling through the pipeline.
type call struct {
	w        http.ResponseWriter
	r        *http.Request
	stage    string
	endpoint string
	id       string // the route's document UUID, "" for the collection
	hasID    bool
	resource *edfimodel.Resource
	client   *client
}

// serveData runs Meadowlark's pipeline: authorization, endpoint
// validation, document UUID format, then the method's own steps.
func (s *Server) serveData(c *call) {
	client, err := s.authenticate(c.r)
	if c.stage == StageOAuthDown && !errors.Is(err, errInvalidHeader) {
		// The header is checked locally; the JWT needs the OAuth server.
		writeEmpty(c.w, s.unreachableStatus())
		return
	}
	if err != nil {
		s.writeAuthFailure(c.w, err)
		return
	}
	c.client = client
	if c.resource = s.model.ByEndpoint(c.endpoint); c.resource == nil {
		writeError(c.w, http.StatusNotFound, s.invalidResource(c.endpoint))
		return
	}
	if c.hasID && !uuidPattern.MatchString(c.id) {
		if s.opts.Has(DeviationMalformedUUID400) {
			writeEmpty(c.w, http.StatusBadRequest)
			return
		}
		writeEmpty(c.w, http.StatusNotFound)
		return
	}
	switch c.r.Method {
	case http.MethodGet:
		if c.hasID {
			s.getByID(c)
		} else {
			s.query(c)
		}
	case http.MethodPost:
		if c.hasID {
			writeEmpty(c.w, http.StatusNotFound)
			return
		}
		s.upsert(c)
	case http.MethodPut:
		s.update(c)
	case http.MethodDelete:
		s.delete(c)
	default:
		writeEmpty(c.w, http.StatusMethodNotAllowed)
	}
}

// unreachableStatus answers a request whose dependency cannot be reached.
func (s *Server) unreachableStatus() int {
	if s.opts.Has(DeviationUnreachable500) {
		return http.StatusInternalServerError
	}
	return http.StatusBadGateway
}

// uuidPattern is a document UUID: 8-4-4-4-12 hexadecimal digits.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// documentUUID renders a store id (32 hex digits) as a UUID.
func documentUUID(id string) string {
	return id[:8] + "-" + id[8:12] + "-" + id[12:16] + "-" + id[16:20] + "-" + id[20:]
}

func storeID(uuid string) string { return strings.ToLower(strings.ReplaceAll(uuid, "-", "")) }

// location is where a document is served; blockingURI is how conflicts
// name it (the document's shape, without the stage).
func (s *Server) location(stage string, d *edfimodel.Document) string {
	return "/" + stage + s.blockingURI(d)
}

func (s *Server) blockingURI(d *edfimodel.Document) string {
	return "/" + Version + "/" + Namespace + "/" + d.Resource.Endpoint + "/" + documentUUID(d.ID)
}

func (s *Server) blockingURIs(docs ...*edfimodel.Document) []string {
	out := []string{}
	if s.opts.Has(DeviationBlockingURIsEmpty) {
		return out
	}
	for _, d := range docs {
		out = append(out, s.blockingURI(d))
	}
	return out
}

// mayAccess applies ownership: vendors reach only what they created,
// except descriptors, which every client fully reaches (Meadowlark 0.2.0 on).
func (s *Server) mayAccess(c *client, d *edfimodel.Document) bool {
	return c.has(roleHost) || d.CreatedBy == c.id || d.Resource.IsDescriptor || s.opts.Has(DeviationOwnershipIgnored)
}

// existing finds the document the route names: 404 when absent, 403 when
// the client may not reach it.
func (s *Server) existing(c *call) (*edfimodel.Document, bool) {
	d, ok := s.store.Get(c.resource, storeID(c.id))
	if !ok {
		writeEmpty(c.w, http.StatusNotFound)
		return nil, false
	}
	if !s.mayAccess(c.client, d) {
		writeEmpty(c.w, http.StatusForbidden)
		return nil, false
	}
	return d, true
}

func (s *Server) render(d *edfimodel.Document) map[string]any {
	out := edfimodel.CopyDocument(d.Body)
	out["id"] = documentUUID(d.ID)
	return out
}

func (s *Server) getByID(c *call) {
	if d, ok := s.existing(c); ok {
		writeJSON(c.w, http.StatusOK, s.render(d))
	}
}

var nonNegativeInteger = regexp.MustCompile(`^[0-9]+$`)

// query serves GET of a collection: limit/offset paging and equality
// filters on the resource's properties, through the query server.
func (s *Server) query(c *call) {
	q := c.r.URL.Query()
	limit, hasLimit := q["limit"]
	offset, hasOffset := q["offset"]
	if s.opts.Has(DeviationNegativePagingIgnored) {
		limit, hasLimit = withoutNegative(limit, hasLimit)
		offset, hasOffset = withoutNegative(offset, hasOffset)
	}
	if (hasLimit && !nonNegativeInteger.MatchString(limit[0])) || (hasOffset && !nonNegativeInteger.MatchString(offset[0])) {
		writeError(c.w, http.StatusBadRequest, msgNonNegative)
		return
	}
	if hasOffset && !hasLimit && !s.opts.Has(DeviationOffsetWithoutLimit) {
		writeError(c.w, http.StatusBadRequest, msgLimitWithOffset)
		return
	}
	fields := queryFields(c.resource)
	var unknown []string
	filters := map[string]string{}
	for name, values := range q {
		switch {
		case name == "limit" || name == "offset" || name == "totalCount":
		case fields[name]:
			filters[name] = values[0]
		case s.opts.Has(DeviationUnknownQueryIgnored):
		default:
			unknown = append(unknown, c.resource.Name+" does not include property "+s.quoted(name))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		writeJSON(c.w, http.StatusBadRequest, map[string]any{"error": msgInvalidRequest, "modelState": unknown})
		return
	}
	if c.stage == StageQueryDown {
		writeEmpty(c.w, s.unreachableStatus())
		return
	}
	matching := []any{}
	for _, d := range s.store.List(c.resource) {
		if s.mayAccess(c.client, d) && matches(c.resource, d, filters) {
			matching = append(matching, s.render(d))
		}
	}
	c.w.Header().Set("Total-Count", strconv.Itoa(len(matching)))
	start, count := 0, len(matching)
	if hasOffset {
		start, _ = strconv.Atoi(offset[0])
	}
	if hasLimit {
		count, _ = strconv.Atoi(limit[0])
	}
	page := matching[min(start, len(matching)):]
	writeJSON(c.w, http.StatusOK, page[:min(count, len(page))])
}

// withoutNegative drops a negative paging value, as a server that only
// parses what it can would.
func withoutNegative(values []string, given bool) ([]string, bool) {
	if given && strings.HasPrefix(values[0], "-") {
		return nil, false
	}
	return values, given
}

// queryFields are the names a query may filter on: the resource's scalar
// properties and the key fields of its references.
func queryFields(r *edfimodel.Resource) map[string]bool {
	out := map[string]bool{}
	for _, p := range r.Properties {
		switch p.Kind {
		case edfimodel.Collection:
		case edfimodel.Reference:
			for _, f := range r.Model().ReferenceFields(p) {
				out[f.JSON] = true
			}
		default:
			out[p.Name] = true
		}
	}
	return out
}

func matches(r *edfimodel.Resource, d *edfimodel.Document, filters map[string]string) bool {
	values := map[string]any{}
	for _, p := range r.Properties {
		switch x := d.Body[p.Name].(type) {
		case map[string]any:
			for k, v := range x {
				values[k] = v
			}
		case []any:
		default:
			values[p.Name] = x
		}
	}
	for name, want := range filters {
		if !strings.EqualFold(edfimodel.Display(values[name]), want) {
			return false
		}
	}
	return true
}

// readDocument reads and checks a POST or PUT body: present, JSON, valid
// against the resource's schema, and with equal values where the model
// unifies keys. It returns the raw object and the normalised document.
func (s *Server) readDocument(c *call, update bool) (raw, doc map[string]any, ok bool) {
	body, _ := io.ReadAll(c.r.Body)
	if len(bytes.TrimSpace(body)) == 0 {
		if !s.opts.Has(DeviationEmptyBodyAsObject) {
			writeError(c.w, http.StatusBadRequest, msgMissingBody)
			return nil, nil, false
		}
		body = []byte("{}")
	}
	// Unmarshal refuses trailing data as JSON.parse does; the decoder
	// then keeps numbers exact for the model.
	if err := json.Unmarshal(body, new(any)); err != nil {
		if s.opts.Has(DeviationMalformedBody500) {
			writeEmpty(c.w, http.StatusInternalServerError)
			return nil, nil, false
		}
		writeError(c.w, http.StatusBadRequest, msgMalformedBody+jsonParseError(body, err))
		return nil, nil, false
	}
	var parsed any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	_ = dec.Decode(&parsed)
	if update && !s.opts.Has(DeviationBodyIDIgnored) {
		// The id is compared before the schema is applied.
		if obj, isObj := parsed.(map[string]any); isObj {
			if id, present := obj["id"]; present && !sameUUID(id, c.id) {
				writeMessage(c.w, http.StatusBadRequest, msgIDMismatch, nil)
				return nil, nil, false
			}
		}
	}
	failures, err := s.schemas.validate(c.resource, update, body)
	if err != nil {
		writeEmpty(c.w, http.StatusInternalServerError)
		return nil, nil, false
	}
	if len(failures) > 0 {
		if s.opts.Has(DeviationSchemaFirstErrorOnly) {
			failures = failures[:1]
		}
		writeError(c.w, http.StatusBadRequest, failures)
		return nil, nil, false
	}
	raw = parsed.(map[string]any)
	doc, issues := s.model.Validate(c.resource, raw)
	if constraints := constraintFailures(issues); len(constraints) > 0 && !s.opts.Has(DeviationConstraintsUnchecked) {
		writeError(c.w, http.StatusBadRequest, constraints)
		return nil, nil, false
	}
	return raw, doc, true
}

func sameUUID(bodyID any, routeID string) bool {
	s, ok := bodyID.(string)
	return ok && uuidPattern.MatchString(s) && storeID(s) == storeID(routeID)
}

// constraintFailures renders the model's key unification conflicts: the
// first path of each unified key against every other path of it.
func constraintFailures(issues []edfimodel.Issue) []string {
	paths := map[string][]string{}
	var keys []string
	for _, is := range issues {
		if is.Kind != edfimodel.UnificationConflict {
			continue
		}
		if _, seen := paths[is.Key]; !seen {
			keys = append(keys, is.Key)
		}
		paths[is.Key] = append(paths[is.Key], is.Path)
	}
	var out []string
	for _, k := range keys {
		for _, other := range paths[k][1:] {
			out = append(out, fmt.Sprintf("Constraint failure: document paths %s and %s must have the same values", paths[k][0], other))
		}
	}
	return out
}

// jsonParseError words a syntax error as JavaScript's JSON.parse does.
func jsonParseError(body []byte, err error) string {
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) || syntax.Offset > int64(len(body)) || strings.Contains(err.Error(), "unexpected end") {
		return "Unexpected end of JSON input"
	}
	pos := int(syntax.Offset) - 1
	if pos < 0 {
		pos = 0
	}
	switch ch := body[pos]; {
	case ch == '"':
		return fmt.Sprintf("Unexpected string in JSON at position %d", pos)
	case ch == '-' || (ch >= '0' && ch <= '9'):
		return fmt.Sprintf("Unexpected number in JSON at position %d", pos)
	default:
		return fmt.Sprintf("Unexpected token %c in JSON at position %d", ch, pos)
	}
}

// missingReferences lists the documents and descriptors a document
// references that do not exist, as {resourceName, identity}.
func (s *Server) missingReferences(r *edfimodel.Resource, doc map[string]any) []any {
	var out []any
	for _, u := range s.store.UnresolvedReferences(r, doc) {
		out = append(out, map[string]any{"resourceName": u.Target, "identity": u.Identity})
	}
	for _, d := range s.store.MissingDescriptors(r, doc) {
		out = append(out, map[string]any{"resourceName": d.DescriptorType, "identity": map[string]any{"descriptor": d.Value}})
	}
	if len(out) > 1 && s.opts.Has(DeviationFirstFailureOnly) {
		out = out[:1]
	}
	return out
}

func (s *Server) writeReferenceFailures(w http.ResponseWriter, failures []any) {
	status := http.StatusConflict
	if s.opts.Has(DeviationReferenceFailures400) {
		status = http.StatusBadRequest
	}
	writeMessage(w, status, msgReferenceValidation, map[string]any{"failures": failures})
}

// transaction starts the write of the document of r with body's identity,
// after it read the version it commits against; end it once committed.
func (s *Server) transaction(r *edfimodel.Resource, body map[string]any) (end func()) {
	return s.transactions.begin(r.IdentityKey(body))
}

// readVersion is the version a write commits against: the one it read, or
// none when concurrency control is off and the last write wins.
func (s *Server) readVersion(d *edfimodel.Document) string {
	if s.opts.Has(DeviationConcurrencyControlOff) {
		return ""
	}
	return d.ETag
}

func (s *Server) writeConflict(w http.ResponseWriter, status int) {
	writeMessage(w, status, msgWriteConflict, nil)
}

// upsert is POST: insert a new document, or update the one with the same
// identity.
func (s *Server) upsert(c *call) {
	_, doc, ok := s.readDocument(c, false)
	if !ok {
		return
	}
	existing, found := s.store.FindByIdentity(c.resource, doc)
	if found && !s.mayAccess(c.client, existing) {
		writeEmpty(c.w, http.StatusForbidden)
		return
	}
	if failures := s.missingReferences(c.resource, doc); len(failures) > 0 {
		s.writeReferenceFailures(c.w, failures)
		return
	}
	defer s.transaction(c.resource, doc)()
	if found {
		d, err := s.store.Replace(c.resource, existing.ID, doc, s.readVersion(existing))
		if err != nil {
			s.writeStoreFailure(c, "Update", err)
			return
		}
		c.w.Header().Set("Location", s.location(c.stage, d))
		writeEmpty(c.w, http.StatusOK)
		return
	}
	if _, inserted := s.store.FindByIdentity(c.resource, doc); inserted && !s.opts.Has(DeviationConcurrencyControlOff) {
		// Another transaction inserted it since this one began.
		s.writeConflict(c.w, http.StatusConflict)
		return
	}
	d, created, err := s.store.Upsert(c.resource, doc, c.client.id)
	if err != nil {
		s.writeStoreFailure(c, "Insert", err)
		return
	}
	c.w.Header().Set("Location", s.location(c.stage, d))
	if created {
		writeEmpty(c.w, http.StatusCreated)
	} else {
		writeEmpty(c.w, http.StatusOK)
	}
}

// update is PUT of one document.
func (s *Server) update(c *call) {
	if !c.hasID {
		if s.opts.Has(DeviationCollectionPutNotFound) {
			writeEmpty(c.w, http.StatusNotFound)
			return
		}
		writeEmpty(c.w, http.StatusBadRequest)
		return
	}
	_, doc, ok := s.readDocument(c, true)
	if !ok {
		return
	}
	existing, ok := s.existing(c)
	if !ok {
		return
	}
	if failures := s.missingReferences(c.resource, doc); len(failures) > 0 {
		s.writeReferenceFailures(c.w, failures)
		return
	}
	defer s.transaction(c.resource, existing.Body)()
	if _, err := s.store.Replace(c.resource, existing.ID, doc, s.readVersion(existing)); err != nil {
		s.writeStoreFailure(c, "Update", err)
		return
	}
	writeEmpty(c.w, http.StatusNoContent)
}

// delete is DELETE of one document.
func (s *Server) delete(c *call) {
	if !c.hasID {
		writeEmpty(c.w, http.StatusBadRequest)
		return
	}
	existing, ok := s.existing(c)
	if !ok {
		return
	}
	defer s.transaction(c.resource, existing.Body)()
	err := s.store.Delete(c.resource, existing.ID, s.readVersion(existing), s.opts.Has(DeviationDeleteReferenced))
	var dependents *edfimodel.DependentsError
	switch {
	case err == nil:
		writeEmpty(c.w, http.StatusNoContent)
	case errors.Is(err, edfimodel.ErrETagMismatch):
		s.writeConflict(c.w, http.StatusNotFound)
	case errors.Is(err, edfimodel.ErrNotFound):
		writeEmpty(c.w, http.StatusNotFound)
	case errors.As(err, &dependents):
		writeMessage(c.w, http.StatusConflict, msgDeleteReferenced, map[string]any{"blockingUris": s.blockingURIs(dependents.Dependents...)})
	default:
		writeEmpty(c.w, http.StatusInternalServerError)
	}
}

// writeStoreFailure renders the store's refusal of an insert or update.
func (s *Server) writeStoreFailure(c *call, action string, err error) {
	var (
		unresolved *edfimodel.UnresolvedReferenceError
		keyChange  *edfimodel.KeyChangeError
		duplicate  *edfimodel.IdentityConflictError
	)
	switch {
	case errors.Is(err, edfimodel.ErrNotFound) && s.opts.Has(DeviationConcurrencyControlOff):
		// Without a transaction the write finds the document gone.
		writeEmpty(c.w, http.StatusNotFound)
	case errors.Is(err, edfimodel.ErrETagMismatch) || errors.Is(err, edfimodel.ErrNotFound):
		// Another transaction changed or removed the document since this
		// one read it.
		s.writeConflict(c.w, http.StatusConflict)
	case errors.As(err, &unresolved):
		s.writeReferenceFailures(c.w, []any{map[string]any{"resourceName": unresolved.Target, "identity": unresolved.Identity}})
	case errors.As(err, &keyChange):
		status := http.StatusBadRequest
		if s.opts.Has(DeviationImmutableIdentity409) {
			status = http.StatusConflict
		}
		writeMessage(c.w, status, msgImmutableIdentity, nil)
	case errors.As(err, &duplicate):
		writeMessage(c.w, http.StatusConflict,
			fmt.Sprintf("%s failed: the identity is in use by '%s' which is also a(n) '%s'", action, duplicate.Existing.Resource.Name, duplicate.Table),
			map[string]any{"blockingUris": s.blockingURIs(duplicate.Existing)})
	default:
		writeEmpty(c.w, http.StatusInternalServerError)
	}
}

// invalidResource names the most similar resource endpoint, if any is
// similar enough: like Meadowlark's didyoumean2, at least 40% of the
// longer name must survive the edits (case ignored).
func (s *Server) invalidResource(endpoint string) string {
	best, bestDistance := "", -1
	for _, r := range s.model.Resources() {
		if d := editDistance(strings.ToLower(endpoint), strings.ToLower(r.Endpoint)); bestDistance < 0 || d < bestDistance || (d == bestDistance && r.Endpoint < best) {
			best, bestDistance = r.Endpoint, d
		}
	}
	similarity := 1 - float64(bestDistance)/float64(max(len(endpoint), len(best)))
	if s.opts.Has(DeviationSuggestionLeftOut) || similarity < minSimilarity {
		return "Invalid resource " + endpoint + "."
	}
	if s.opts.Has(DeviationNamesQuoted) {
		return "Invalid resource " + s.quoted(endpoint) + ". The most similar resource is " + s.quoted(best) + "."
	}
	return "Invalid resource " + endpoint + ". The most similar resource is " + best
}

const minSimilarity = 0.4

// quoted is a name as the messages write it: bare, as the document does,
// or quoted, as Meadowlark 0.4.0 does.
func (s *Server) quoted(name string) string {
	if s.opts.Has(DeviationNamesQuoted) {
		return "'" + name + "'"
	}
	return name
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
