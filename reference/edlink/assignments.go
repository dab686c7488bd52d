package edlink

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

var (
	gradingTypes    = []string{"points", "percent", "pass_fail", "letter_grade", "rubric"}
	submissionTypes = []string{"link", "file", "text", "discussion"}
	// assigneeModes maps accepted spellings to the stored one: the error
	// document says "individual", the public docs "individuals".
	assigneeModes = map[string]string{"all": "all", "individuals": "individuals", "individual": "individuals"}
	// writableFields are the assignment fields a client sets.
	writableFields = []string{"title", "description", "due_date", "grading_type", "submission_types", "assignee_mode", "assignee_ids"}
	// notRequiredDeviations lift one required field's rule each.
	notRequiredDeviations = map[string]string{
		"title": DeviationTitleNotRequired, "description": DeviationDescriptionNotRequired,
		"due_date": DeviationDueDateNotRequired, "grading_type": DeviationGradingTypeNotRequired,
	}
)

// assigneeMode reads an assignee_mode into its stored spelling; "" when
// unknown.
func (s *Server) assigneeMode(name string) string {
	if name == "individuals" && s.deviates(DeviationIndividualsModeUnknown) {
		return ""
	}
	return assigneeModes[name]
}

// assignment is a class assignment, created through the provider.
type assignment struct {
	id, classID string
	creatorID   string // empty when created by the integration
	fields      map[string]any
	created     time.Time
	updated     time.Time
}

func (a *assignment) json() map[string]any {
	out := maps.Clone(a.fields)
	out["id"] = a.id
	out["class_id"] = a.classID
	out["creator_id"] = nil
	if a.creatorID != "" {
		out["creator_id"] = a.creatorID
	}
	out["state"] = "published"
	out["created_date"] = a.created.UTC().Format(time.RFC3339)
	out["updated_date"] = a.updated.UTC().Format(time.RFC3339)
	return out
}

func (a *assignment) assignedTo(personID string) bool {
	ids, _ := a.fields["assignee_ids"].([]string)
	return a.fields["assignee_mode"] == "all" || slices.Contains(ids, personID)
}

// assignmentClass resolves the class an assignment request addresses, in the
// order such a request fails: provider capability, the person's presence in
// the source and provider sign-in, then the class.
func (c *call) assignmentClass() (*entity, error) {
	classID, err := c.id("class")
	if err != nil {
		return nil, err
	}
	if !c.p.provider.supportsAssignments && !c.s.deviates(DeviationProviderCapabilityIgnored) {
		return nil, fail(codeUnsupportedOperation)
	}
	src, person := c.p.source, c.p.person
	if person != nil {
		if person.enrichmentOnly && !c.s.deviates(DeviationEnrichmentOnlyPersonServed) {
			return nil, fail(codeEntityNotPresentInSource)
		}
		expiry, signedIn := src.providerLogins[person.id]
		if !signedIn && !c.s.deviates(DeviationProviderSignInUnchecked) ||
			signedIn && !c.s.now().Before(expiry) && !c.s.deviates(DeviationProviderExpiryUnchecked) {
			return nil, fail(codeInvalidProviderToken)
		}
	}
	class := src.find(kindClasses, classID)
	if class == nil || (person != nil && src.enrollment(classID, person.id) == nil) {
		return nil, notFoundID()
	}
	if class.enrichmentOnly && !c.s.deviates(DeviationEnrichmentOnlyClassServed) {
		return nil, fail(codeEntityNotPresentInSource)
	}
	return class, nil
}

// authors reports whether the caller may write assignments in the class:
// the integration always, a person by their enrollment role.
func (c *call) authors(classID string) bool {
	if c.p.person == nil {
		return true
	}
	en := c.p.source.enrollment(classID, c.p.person.id)
	return en != nil && slices.Contains(authorRoles, en.str("role"))
}

// mayWrite is authors as the write-permission deviations bend it; what a
// person sees stays as authors has it.
func (c *call) mayWrite(classID string) bool {
	if c.p.person != nil {
		switch en := c.p.source.enrollment(classID, c.p.person.id); {
		case en != nil && c.s.deviates(DeviationStudentWritesAllowed):
			return true
		case en != nil && en.str("role") == "ta" && c.s.deviates(DeviationTANotAuthor):
			return false
		}
	}
	return c.authors(classID)
}

func (c *call) canSee(a *assignment) bool {
	return c.authors(a.classID) || a.assignedTo(c.p.person.id) || c.s.deviates(DeviationStudentsSeeAllAssignments)
}

// findAssignment resolves the addressed class and an assignment in it the
// caller can see.
func (c *call) findAssignment() (*assignment, error) {
	id, err := c.id("assignment")
	if err != nil {
		return nil, err
	}
	class, err := c.assignmentClass()
	if err != nil {
		return nil, err
	}
	a := c.p.source.assignment(class.id, id)
	if a == nil && c.s.deviates(DeviationAssignmentClassUnchecked) {
		a = c.p.source.assignmentInAnyClass(id)
	}
	if a == nil || !c.canSee(a) {
		return nil, notFoundID()
	}
	return a, nil
}

// writableAssignment is findAssignment for callers who must also author it.
func (c *call) writableAssignment() (*assignment, error) {
	a, err := c.findAssignment()
	if err == nil && !c.mayWrite(a.classID) {
		err = fail(codeNoPermission)
	}
	return a, err
}

func listAssignments(c *call) (reply, error) {
	class, err := c.assignmentClass()
	if err != nil {
		return reply{}, err
	}
	items := []map[string]any{}
	for _, a := range c.p.source.assignments {
		if a.classID == class.id && c.canSee(a) {
			items = append(items, a.json())
		}
	}
	return c.page(items, c.p.provider.maxPageSize, false)
}

func getAssignment(c *call) (reply, error) {
	a, err := c.findAssignment()
	if err != nil {
		return reply{}, err
	}
	return reply{data: a.json()}, nil
}

func createAssignment(c *call) (reply, error) {
	class, err := c.assignmentClass()
	if err != nil {
		return reply{}, err
	}
	if !c.mayWrite(class.id) {
		return reply{}, fail(codeNoPermission)
	}
	fields, err := c.validateAssignment(decodeObject(c.body), class.id)
	if err != nil {
		return reply{}, err
	}
	now := c.s.now()
	a := &assignment{id: uuid.NewString(), classID: class.id, fields: fields, created: now, updated: now}
	if c.p.person != nil {
		a.creatorID = c.p.person.id
	}
	c.p.source.assignments = append(c.p.source.assignments, a)
	return reply{data: a.json()}, nil
}

func updateAssignment(c *call) (reply, error) {
	a, err := c.writableAssignment()
	if err != nil {
		return reply{}, err
	}
	merged := decodeObject(mustJSON(a.fields))
	patch := decodeObject(c.body)
	for _, f := range writableFields {
		if v, ok := patch[f]; ok && (v != nil || !c.s.deviates(DeviationPatchNullIgnored)) {
			merged[f] = v
		}
	}
	fields, err := c.validateAssignment(merged, a.classID)
	if err != nil {
		return reply{}, err
	}
	a.fields, a.updated = fields, c.s.now()
	return reply{data: a.json()}, nil
}

func deleteAssignment(c *call) (reply, error) {
	a, err := c.writableAssignment()
	if err != nil {
		return reply{}, err
	}
	src := c.p.source
	src.assignments = slices.DeleteFunc(src.assignments, func(x *assignment) bool { return x == a })
	return reply{data: nil}, nil
}

// validateAssignment checks a whole assignment and returns its stored form,
// or every code that applies. A required field is missing when absent,
// null, blank, not a string, or (due_date, grading_type) not a valid value.
func (c *call) validateAssignment(in map[string]any, classID string) (map[string]any, error) {
	out := map[string]any{}
	var codes []code

	var missing []string
	for _, f := range []string{"title", "description"} {
		if s, ok := in[f].(string); ok && strings.TrimSpace(s) != "" {
			out[f] = s
		} else {
			missing = append(missing, f)
		}
	}
	due, _ := in["due_date"].(string)
	if t, err := time.Parse(time.RFC3339, due); err == nil {
		out["due_date"] = t.UTC().Format(time.RFC3339)
	} else {
		missing = append(missing, "due_date")
	}
	if g, ok := in["grading_type"].(string); ok && slices.Contains(gradingTypes, g) {
		out["grading_type"] = g
	} else {
		missing = append(missing, "grading_type")
	}
	missing = slices.DeleteFunc(missing, func(f string) bool { return c.s.deviates(notRequiredDeviations[f]) })
	if len(missing) > 0 {
		codes = append(codes, codeMissingRequiredField)
	}

	types, ok := stringList(in["submission_types"])
	if ok && !c.s.deviates(DeviationSubmissionTypesUnchecked) {
		for _, t := range types {
			ok = ok && slices.Contains(submissionTypes, t)
		}
	}
	if ok {
		out["submission_types"] = uniq(types)
	} else {
		codes = append(codes, codeInvalidSubmissionType)
	}

	mode := "all"
	if m, present := in["assignee_mode"]; present && m != nil {
		s, _ := m.(string)
		mode = c.s.assigneeMode(s)
	}
	ids, ok := stringList(in["assignee_ids"])
	malformedID := false
	switch {
	case mode == "all":
		ids = []string{} // assignees are implied by the class
	case mode == "" || !ok:
		ok = false
	case len(ids) == 0:
		ok = c.s.deviates(DeviationAssigneeIDsOptional)
	default:
		unresolved := c.s.deviates(DeviationAssigneesUnresolved)
		for i, id := range ids {
			ids[i] = normalizeID(id)
			malformedID = malformedID || !validUUID(id)
			ok = ok && validUUID(id) && (unresolved || c.assignable(classID, ids[i]))
		}
	}
	switch {
	case ok:
		out["assignee_mode"], out["assignee_ids"] = mode, uniq(ids)
	case malformedID && c.s.deviates(DeviationAssigneeIDInvalidUUID):
		codes = append(codes, codeInvalidUUID)
	default:
		codes = append(codes, codeInvalidAssignees)
	}

	if len(codes) > 0 {
		return nil, &apiError{codes: codes, missing: missing}
	}
	return out, nil
}

// assignable reports whether a person can be assigned work in the class:
// shared, present in the source and enrolled there.
func (c *call) assignable(classID, personID string) bool {
	src := c.p.source
	person := src.find(kindPeople, personID)
	if person == nil || person.enrichmentOnly || !c.p.integration.shares(personID) {
		return false
	}
	en := src.enrollment(classID, personID)
	return en != nil && !en.enrichmentOnly
}

// stringList reads an optional JSON array of strings; null or absent is empty.
func stringList(v any) ([]string, bool) {
	if v == nil {
		return []string{}, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(list))
	for i, x := range list {
		if out[i], ok = x.(string); !ok {
			return nil, false
		}
	}
	return out, true
}

func uniq(list []string) []string {
	out := []string{}
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// decodeObject parses a JSON object; anything else reads as an empty one,
// so its required fields are missing.
func decodeObject(body []byte) map[string]any {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil || m == nil {
		return map[string]any{}
	}
	return m
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
