package edfi

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/edconform/edconform/reference/edfimodel"
)

// namespaceSecured lists the resources authorized by namespace prefix
// rather than by education organization relationships.
var namespaceSecured = map[string]bool{"Assessment": true}

const (
	hintStudent = " Hint: You may need to create a corresponding 'StudentSchoolAssociation' item."
	hintStaff   = " Hint: You may need to create corresponding 'StaffEducationOrganizationEmploymentAssociation' or 'StaffEducationOrganizationAssignmentAssociation' items."
)

// authorizer decides whether a client may touch a document, from the
// client's education organization claims and the stored relationships.
type authorizer struct {
	s      *Server
	client *client
	edOrgs map[string]bool // reachable education organization ids, computed on first use
}

func (s *Server) authorizer(c *client) *authorizer { return &authorizer{s: s, client: c} }

// reachable returns the client's claimed education organizations and all
// those below them (local education agencies of a claimed service center,
// schools of a claimed agency, ...).
func (a *authorizer) reachable() map[string]bool {
	if a.edOrgs == nil {
		a.edOrgs = a.s.store.EducationOrganizationsBelow(a.client.edOrgs)
	}
	return a.edOrgs
}

// anyParentIn reports whether an education organization document names a
// parent organization (its agency, service center, ...) in set.
func (a *authorizer) anyParentIn(r *edfimodel.Resource, body map[string]any, set map[string]bool) bool {
	for _, p := range r.Properties {
		if p.Kind != edfimodel.Reference || !a.s.model.IsA(p.Target, edfimodel.EducationOrganization) {
			continue
		}
		if ref, ok := body[p.Name].(map[string]any); ok {
			for _, v := range ref {
				if set[edfimodel.Display(v)] {
					return true
				}
			}
		}
	}
	return false
}

func (a *authorizer) isEdOrg(origin string) bool {
	return a.s.model.IsA(origin, edfimodel.EducationOrganization)
}

// personReachable reports whether a student or staff member is related to
// the client through a primary relationship (a StudentSchoolAssociation,
// a staff employment or assignment) with a reachable organization.
func (a *authorizer) personReachable(person, keyName string, value any) bool {
	want := strings.ToLower(edfimodel.Display(value))
	for _, d := range a.s.store.Referencing(person, value) {
		if d.Resource.PrimaryRelationshipFor != person {
			continue
		}
		matches, reachable := false, false
		for _, kv := range d.Identity() {
			switch {
			case kv.Key.Name == keyName:
				matches = strings.ToLower(edfimodel.Display(kv.Value)) == want
			case a.isEdOrg(kv.Key.Origin):
				reachable = reachable || a.reachable()[edfimodel.Display(kv.Value)]
			}
		}
		if matches && reachable {
			return true
		}
	}
	return false
}

// check returns the 403 to answer when the client may not touch body as
// resource r; creating is true when body would create a new item.
func (a *authorizer) check(r *edfimodel.Resource, body map[string]any, creating bool) *problem {
	if a.client.claimSet.noFurtherAuthorization {
		return nil
	}
	if namespaceSecured[r.Name] {
		if a.s.opts.Has(DeviationNamespaceUnchecked) {
			return nil
		}
		return a.checkNamespace(body)
	}
	edOrgsUnchecked := a.s.opts.Has(DeviationEdOrgClaimsUnchecked)
	if r.Superclass == edfimodel.EducationOrganization {
		own := r.Identity(body)[0]
		if edOrgsUnchecked || a.reachable()[edfimodel.Display(own.Value)] || a.anyParentIn(r, body, a.reachable()) {
			return nil
		}
		return a.denied([]edfimodel.Key{own.Key}, "")
	}
	var subjects []edfimodel.Key
	failed, hint := false, ""
	seen := map[string]bool{}
	for _, kv := range r.Identity(body) {
		origin := kv.Key.Origin
		isPerson := origin == "Student" || origin == "Staff"
		if seen[kv.Key.Name] || (!isPerson && !a.isEdOrg(origin)) || r.PrimaryRelationshipFor == origin {
			continue
		}
		seen[kv.Key.Name] = true
		subjects = append(subjects, kv.Key)
		switch {
		case isPerson && creating && r.Name == origin:
			// Creating a student or staff member needs no relationship yet.
		case isPerson:
			if hint == "" && !a.s.opts.Has(DeviationRelationshipHintLeftOut) {
				hint = map[string]string{"Student": hintStudent, "Staff": hintStaff}[origin]
			}
			failed = failed || (!a.s.opts.Has(DeviationPeopleUnchecked) && !a.personReachable(origin, kv.Key.Name, kv.Value))
		default:
			failed = failed || (!edOrgsUnchecked && !a.reachable()[edfimodel.Display(kv.Value)])
		}
	}
	if !failed {
		return nil
	}
	return a.denied(subjects, hint)
}

func (a *authorizer) denied(subjects []edfimodel.Key, hint string) *problem {
	names := make([]string, len(subjects))
	for i, k := range subjects {
		names[i] = edfimodel.Pascal(k.Name)
	}
	sort.Strings(names)
	claims := make([]string, len(a.client.edOrgs))
	for i, id := range a.client.edOrgs {
		claims[i] = strconv.FormatInt(id, 10)
	}
	lead := fmt.Sprintf("No relationships have been established between the caller's education organization id claims (%s) and ", strings.Join(claims, ", "))
	message := lead + "the resource item's '" + names[0] + "' value."
	if len(names) > 1 {
		message = lead + "one or more of the following properties of the resource item: '" + strings.Join(names, "', '") + "'."
	}
	return forbidden(typeAuthorization, detailNotAuthorized+hint, message)
}

func (a *authorizer) checkNamespace(body map[string]any) *problem {
	namespace := strings.ToLower(edfimodel.Display(body["namespace"]))
	for _, prefix := range a.client.namespaces {
		if strings.HasPrefix(namespace, strings.ToLower(prefix)) {
			return nil
		}
	}
	return forbidden(typeNamespace, fmt.Sprintf(
		"Access to the requested data could not be authorized. The 'Namespace' value of the data does not start with any of the caller's associated namespace prefixes ('%s').",
		strings.Join(a.client.namespaces, "', '")))
}
