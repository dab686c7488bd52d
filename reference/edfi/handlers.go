package edfi

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

const defaultLimit = 25

func (s *Server) get(c *call) *problem {
	if c.hasID {
		d, p := s.existing(c)
		if p != nil {
			return p
		}
		c.w.Header().Set("ETag", `"`+d.ETag+`"`)
		if inm := c.r.Header.Get("If-None-Match"); inm != "" && !s.opts.Has(DeviationIfNoneMatchIgnored) &&
			strings.Trim(strings.TrimPrefix(strings.TrimSpace(inm), "W/"), `"`) == d.ETag {
			c.w.WriteHeader(http.StatusNotModified)
			return nil
		}
		writeJSON(c.w, http.StatusOK, s.responseType(c), s.encodeDocument(d))
		return nil
	}
	query := c.r.URL.Query()
	if raw, given := queryValue(query, "id"); given && !s.opts.Has(DeviationIDFilterIgnored) {
		if _, ok := edfimodel.NormalizeID(raw); !ok {
			p := validationProblem()
			p.addValidation("$.id", "The value '"+raw+"' is not valid for Id.")
			return p
		}
	}
	limit, offset := defaultLimit, 0
	if raw, given := queryValue(query, "limit"); given {
		n, err := strconv.Atoi(raw)
		if err == nil && n < 0 && s.opts.Has(DeviationNegativeLimitIgnored) {
			n = defaultLimit
		}
		if err != nil || n < 0 || (n > s.cfg.PageSizeLimit && !s.opts.Has(DeviationLimitUnchecked)) {
			return &problem{status: http.StatusBadRequest, typ: typeParameter, title: "Parameter Validation Failed",
				detail: "The limit parameter was incorrect.",
				errors: []string{fmt.Sprintf("Limit must be omitted or set to a value between 0 and %d.", s.cfg.PageSizeLimit)}}
		}
		limit = n
	}
	if raw, given := queryValue(query, "offset"); given {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			return &problem{status: http.StatusBadRequest, typ: typeParameter, title: "Parameter Validation Failed",
				detail: "The offset parameter was incorrect.", errors: []string{"Offset must be omitted or set to a non-negative value."}}
		}
		offset = n
	}
	auth := s.authorizer(c.client)
	totalCount, _ := queryValue(query, "totalCount")
	counting := strings.EqualFold(totalCount, "true")
	var matching []*edfimodel.Document
	for _, d := range s.store.List(c.resource) {
		if !counting && len(matching) >= offset && len(matching)-offset >= limit {
			break // the page is full and nobody asked for the total
		}
		if matchesQuery(c.resource, d, query) && auth.check(c.resource, d.Body, false) == nil {
			matching = append(matching, d)
		}
	}
	if counting {
		c.w.Header().Set("Total-Count", strconv.Itoa(len(matching)))
	}
	page := matching[min(offset, len(matching)):]
	page = page[:min(limit, len(page))]
	var b bytes.Buffer
	b.WriteByte('[')
	for i, d := range page {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s.encodeDocument(d))
	}
	b.WriteByte(']')
	writeJSON(c.w, http.StatusOK, s.responseType(c), b.Bytes())
	return nil
}

func queryValue(query map[string][]string, name string) (string, bool) {
	for k, v := range query {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0], true
		}
	}
	return "", false
}

// matchesQuery applies query parameters naming the resource's scalar
// properties or reference key fields; other parameters are ignored.
func matchesQuery(r *edfimodel.Resource, d *edfimodel.Document, query map[string][]string) bool {
	values := map[string]any{}
	for _, p := range r.Properties {
		switch x := d.Body[p.Name].(type) {
		case map[string]any:
			for k, v := range x {
				values[strings.ToLower(k)] = v
			}
		case []any:
		default:
			values[strings.ToLower(p.Name)] = x
		}
	}
	for name, wanted := range query {
		have, known := values[strings.ToLower(name)]
		if known && len(wanted) > 0 && !strings.EqualFold(edfimodel.Display(have), wanted[0]) {
			return false
		}
	}
	return true
}

func (s *Server) responseType(c *call) string {
	if c.profile != nil {
		return profileContentType(c.resource.Name, c.profile.name, readable) + "; charset=utf-8"
	}
	return ""
}

// existing finds the item the route names and checks the client may see it.
func (s *Server) existing(c *call) (*edfimodel.Document, *problem) {
	id, ok := edfimodel.NormalizeID(c.id)
	if !ok {
		switch {
		case s.opts.Has(DeviationMalformedIDBadRequest):
			return nil, &problem{status: http.StatusBadRequest, typ: typeParameter, title: "Parameter Validation Failed",
				detail: "The id parameter was incorrect.", errors: []string{"The value '" + c.id + "' is not a valid identifier."}}
		case s.opts.Has(DeviationRouteIDUnvalidated):
			return nil, itemNotFound()
		}
		p := validationProblem()
		p.addValidation("$.id", malformedIDMessage(c.id))
		return nil, p
	}
	d, ok := s.store.Get(c.resource, id)
	if !ok {
		return nil, itemNotFound()
	}
	if p := s.authorizer(c.client).check(c.resource, d.Body, false); p != nil {
		return nil, p
	}
	return d, nil
}

// prepare reads, validates and authorizes a POST or PUT body.
func (s *Server) prepare(c *call, creating func(map[string]any) bool) (map[string]any, *problem) {
	body, bodyID, p := s.readDocument(c)
	if p != nil {
		return nil, p
	}
	if bodyID != "" && c.method == http.MethodPost && !s.opts.Has(DeviationClientIDsAccepted) {
		return nil, &problem{status: http.StatusBadRequest, typ: typeValidation, title: "Data Validation Failed",
			detail: "The request data was constructed incorrectly.",
			errors: []string{"Resource identifiers cannot be assigned by the client. The 'id' property should not be included in the request body."}}
	}
	if c.method == http.MethodPut && bodyID != "" && s.product.requiresMatchingBodyID() && !s.opts.Has(DeviationBodyIDUnchecked) && !sameID(bodyID, c.id) {
		return nil, badRequest("Request body id must match the id in the url.")
	}
	doc, issues := s.model.Validate(c.resource, body)
	issues = slices.DeleteFunc(issues, func(is edfimodel.Issue) bool {
		return s.opts.Has(uncheckedBy[is.Kind]) || s.uncheckedOnce(c.resource, is)
	})
	if len(issues) == 0 && !s.opts.Has(DeviationDescriptorsUnchecked) {
		issues = slices.DeleteFunc(s.store.MissingDescriptors(c.resource, doc), func(is edfimodel.Issue) bool { return s.uncheckedOnce(c.resource, is) })
	}
	if len(issues) > 0 {
		p := validationProblem()
		for _, is := range issues {
			p.addValidation(is.Path, s.issueMessage(is))
		}
		return nil, p
	}
	if p := s.authorizer(c.client).check(c.resource, doc, creating(doc)); p != nil {
		return nil, p
	}
	return doc, nil
}

// uncheckedBy names the deviation that drops each kind of validation issue.
var uncheckedBy = map[edfimodel.IssueKind]string{
	edfimodel.TooLong:              DeviationMaxLengthUnchecked,
	edfimodel.LengthRange:          DeviationLengthRangeUnchecked,
	edfimodel.Dangerous:            DeviationDangerousTextAccepted,
	edfimodel.LeadingTrailingSpace: DeviationKeyWhitespaceAccepted,
	edfimodel.EmptyCollection:      DeviationMinItemsUnchecked,
	edfimodel.UnificationConflict:  DeviationKeyUnificationUnchecked,
}

func (s *Server) post(c *call) *problem {
	var existing *edfimodel.Document
	doc, p := s.prepare(c, func(doc map[string]any) bool {
		existing, _ = s.store.FindByIdentity(c.resource, doc)
		return existing == nil
	})
	if p != nil {
		return p
	}
	if existing != nil {
		if p := s.requireAction(c.client, c.resource, actionUpdate); p != nil {
			return p
		}
	}
	d, created, err := s.store.Upsert(c.resource, doc, c.client.id)
	if err != nil {
		return s.storeProblem(c.resource, err)
	}
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	c.w.Header().Set("Location", scheme+"://"+c.r.Host+DataPath+"/"+c.resource.Endpoint+"/"+d.ID)
	c.w.Header().Set("ETag", `"`+d.ETag+`"`)
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	c.w.WriteHeader(status)
	return nil
}

func (s *Server) put(c *call) *problem {
	doc, p := s.prepare(c, func(map[string]any) bool { return false })
	if p != nil {
		// ODS/API binds the route id with the body: a malformed id is
		// reported beside the body's validation errors.
		if _, ok := edfimodel.NormalizeID(c.id); !ok && p.typ == typeValidation && !s.opts.Has(DeviationRouteIDUnvalidated) {
			p.addValidation("$.id", malformedIDMessage(c.id))
		}
		return p
	}
	existing, p := s.existing(c)
	if p != nil {
		if p.status == http.StatusNotFound && s.opts.Has(DeviationPutCreatesAbsentID) {
			return s.createByPut(c, doc)
		}
		if detail := s.product.updateNotFoundDetail(); p.status == http.StatusNotFound && detail != "" {
			p.detail = detail
		}
		return p
	}
	d, err := s.store.Replace(c.resource, existing.ID, doc, s.ifMatch(c))
	if err != nil {
		return s.storeProblem(c.resource, err)
	}
	c.w.Header().Set("ETag", `"`+d.ETag+`"`)
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

// createByPut inserts the body of a PUT whose item does not exist, as a
// server that treats PUT as an upsert would.
func (s *Server) createByPut(c *call, doc map[string]any) *problem {
	if _, ok := edfimodel.NormalizeID(c.id); !ok {
		return itemNotFound()
	}
	d, _, err := s.store.Upsert(c.resource, doc, c.client.id)
	if err != nil {
		return s.storeProblem(c.resource, err)
	}
	c.w.Header().Set("ETag", `"`+d.ETag+`"`)
	c.w.WriteHeader(http.StatusCreated)
	return nil
}

func (s *Server) delete(c *call) *problem {
	existing, p := s.existing(c)
	if p != nil {
		return p
	}
	if err := s.store.Delete(c.resource, existing.ID, s.ifMatch(c), s.opts.Has(DeviationDependentCheckDisabled)); err != nil {
		return s.storeProblem(c.resource, err)
	}
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) ifMatch(c *call) string {
	if s.opts.Has(DeviationIfMatchIgnored) {
		return ""
	}
	v := strings.TrimSpace(c.r.Header.Get("If-Match"))
	return strings.Trim(strings.TrimPrefix(v, "W/"), `"`)
}

// storeProblem renders the store's refusals.
func (s *Server) storeProblem(r *edfimodel.Resource, err error) *problem {
	var (
		unresolved *edfimodel.UnresolvedReferenceError
		keyChange  *edfimodel.KeyChangeError
		duplicate  *edfimodel.IdentityConflictError
		dependents *edfimodel.DependentsError
	)
	switch {
	case errors.Is(err, edfimodel.ErrNotFound):
		return itemNotFound()
	case errors.Is(err, edfimodel.ErrETagMismatch):
		return &problem{status: http.StatusPreconditionFailed, typ: typeOptimisticLock, title: "Optimistic Lock Failed",
			detail: "The item has been modified by another user."}
	case errors.As(err, &unresolved) && s.opts.Has(DeviationReferenceViolation500),
		errors.As(err, &duplicate) && s.opts.Has(DeviationUniqueViolation500):
		return systemFailure(err)
	case errors.As(err, &unresolved):
		return conflictProblem(typeUnresolved, "Unresolved Reference", "The referenced '"+unresolved.Target+"' item does not exist.")
	case errors.As(err, &keyChange):
		typ := typeKeyChange
		if s.opts.Has(DeviationKeyChangeTypeGeneric) {
			typ = typeValidation
		}
		return &problem{status: http.StatusBadRequest, typ: typ, title: "Key Change Not Supported",
			detail: "Identifying values for the " + keyChange.Resource + " item cannot be changed. Delete and recreate the item instead."}
	case errors.As(err, &duplicate):
		keys := make([]string, len(duplicate.Keys))
		for i, k := range duplicate.Keys {
			keys[i] = edfimodel.Pascal(k)
		}
		return conflictProblem(typeNonUnique, "Identifying Values Are Not Unique",
			"The identifying value(s) of the item are the same as another item that already exists.",
			fmt.Sprintf("A primary key conflict occurred when attempting to create or update a record in the '%s' table. The duplicate key is (%s) = (%s).",
				duplicate.Table, strings.Join(keys, ", "), strings.Join(duplicate.Values, ", ")))
	case errors.As(err, &dependents):
		// The one to delete first comes last in dependency order.
		last := dependents.Dependents[len(dependents.Dependents)-1]
		return conflictProblem(typeDependentExists, "Dependent Item Exists",
			"The requested action cannot be performed because this item is referenced by an existing '"+last.Resource.Name+"' item.")
	}
	return systemFailure(err)
}

func systemFailure(err error) *problem {
	return &problem{status: http.StatusInternalServerError, typ: "urn:ed-fi:api:system-failure", title: "System Failure",
		detail: "An unexpected problem has occurred.", errors: []string{err.Error()}}
}

// issueMessage renders a model validation issue in the ODS/API's words.
func (s *Server) issueMessage(is edfimodel.Issue) string {
	switch is.Kind {
	case edfimodel.Required:
		name := is.Name
		if s.product.namesPropertiesAsJSON() {
			name = lowerFirst(name)
		}
		switch {
		case is.Empty && !s.opts.Has(DeviationEmptyStringAsMissing):
			return name + " is required and should not be left empty."
		case s.opts.Has(DeviationRequiredMessageReworded):
			return "The " + is.Name + " field is required."
		}
		return name + " is required."
	case edfimodel.TooLong:
		return fmt.Sprintf("%s must be at most %d characters in length.", is.Name, is.Max)
	case edfimodel.LengthRange:
		return fmt.Sprintf("%s must be between %d and %d characters in length.", is.Name, is.Min, is.Max)
	case edfimodel.LeadingTrailingSpace:
		return is.Name + " cannot contain leading or trailing spaces."
	case edfimodel.Dangerous:
		return is.Name + " contains a value that could be dangerous for downstream systems using this data. Try to avoid the use of special symbols like '<', '>' or '&' without surrounding spaces."
	case edfimodel.EmptyCollection:
		return is.Name + " must have at least one item."
	case edfimodel.DescriptorMissing:
		return fmt.Sprintf("%s value '%s' does not exist.", is.Name, is.Value)
	case edfimodel.UnificationConflict:
		return fmt.Sprintf("All values supplied for '%s' must match. Review all references and align the following conflicting values: '%s'",
			is.Key, strings.Join(is.Values, "', '"))
	case edfimodel.IntOverflow:
		return fmt.Sprintf("Error converting value %s to type '%s'.", is.Value, clrTypes[is.Expected])
	}
	return fmt.Sprintf("%s has an invalid value.", is.Name)
}

// encodeDocument writes a stored item as the API returns it: id, members
// in model order with links on references, then _etag and _lastModifiedDate.
func (s *Server) encodeDocument(d *edfimodel.Document) []byte {
	var b bytes.Buffer
	b.WriteString(`{"id":`)
	b.Write(reference.JSON(d.ID))
	s.encodeMembers(&b, &d.Resource.Entity, d.Body, true)
	b.WriteString(`,"_etag":`)
	b.Write(reference.JSON(d.ETag))
	b.WriteString(`,"_lastModifiedDate":`)
	b.Write(reference.JSON(d.LastModified.Format("2006-01-02T15:04:05.0000000Z")))
	b.WriteByte('}')
	return b.Bytes()
}

func (s *Server) encodeMembers(b *bytes.Buffer, e *edfimodel.Entity, body map[string]any, leadingComma bool) {
	for _, p := range e.Properties {
		v, ok := body[p.Name]
		if !ok {
			continue
		}
		if leadingComma {
			b.WriteByte(',')
		}
		leadingComma = true
		b.Write(reference.JSON(p.Name))
		b.WriteByte(':')
		switch p.Kind {
		case edfimodel.Reference:
			ref := v.(map[string]any)
			b.WriteByte('{')
			for i, f := range s.model.ReferenceFields(p) {
				if i > 0 {
					b.WriteByte(',')
				}
				b.Write(reference.JSON(f.JSON))
				b.WriteByte(':')
				b.Write(reference.JSON(ref[f.JSON]))
			}
			if target, ok := s.store.Resolve(p, ref); ok {
				b.WriteString(`,"link":{"rel":`)
				b.Write(reference.JSON(target.Resource.Name))
				b.WriteString(`,"href":`)
				b.Write(reference.JSON("/ed-fi/" + target.Resource.Endpoint + "/" + target.ID))
				b.WriteByte('}')
			}
			b.WriteByte('}')
		case edfimodel.Collection:
			b.WriteByte('[')
			for i, it := range v.([]any) {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('{')
				s.encodeMembers(b, p.Item, it.(map[string]any), false)
				b.WriteByte('}')
			}
			b.WriteByte(']')
		default:
			b.Write(reference.JSON(v))
		}
	}
}

// serveDependencies lists the resources in dependency order, as the
// ODS/API's dependencies metadata does.
func (s *Server) serveDependencies(w http.ResponseWriter, _ *http.Request) {
	type dependency struct {
		Resource   string   `json:"resource"`
		Order      int      `json:"order"`
		Operations []string `json:"operations"`
	}
	var out []dependency
	for _, r := range s.model.Resources() {
		out = append(out, dependency{Resource: "/ed-fi/" + r.Endpoint, Order: r.Rank(), Operations: []string{"Create", "Update"}})
	}
	writeJSON(w, http.StatusOK, "", reference.JSON(out))
}
