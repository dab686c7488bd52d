package edlink

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Entity kinds, named as the Graph API's collections.
const (
	kindDistricts   = "districts"
	kindSchools     = "schools"
	kindSessions    = "sessions"
	kindCourses     = "courses"
	kindClasses     = "classes"
	kindSections    = "sections"
	kindPeople      = "people"
	kindEnrollments = "enrollments"
)

var rosterKinds = []string{kindDistricts, kindSchools, kindSessions, kindCourses, kindClasses, kindSections, kindPeople, kindEnrollments}

// Enrollment roles that may author assignments in a class.
var authorRoles = []string{"teacher", "ta", "designer", "administrator"}

// Integration states seeded here; Edlink also has inactive, requested and
// destroyed. Only active and paused integrations may use the API.
const (
	stateActive   = "active"
	statePaused   = "paused"
	stateDisabled = "disabled"
)

func usableState(state string) bool { return state == stateActive || state == statePaused }

// provider is an upstream system (an LMS or SIS) with what it can do.
type provider struct {
	id, name, application string
	supportsAssignments   bool
	// maxPageSize bounds $first on endpoints that page through the provider
	// live (assignments), unlike rostering endpoints.
	maxPageSize int
}

// entity is one rostering record as the Graph API shows it.
type entity struct {
	kind   string
	id     string
	fields map[string]any
	// enrichmentOnly: known to Edlink only through data enrichment (e.g.
	// from the SIS) with no counterpart in the source system.
	enrichmentOnly bool
}

func (e *entity) str(field string) string {
	v, _ := e.fields[field].(string)
	return v
}

// refers reports whether field holds id, alone or in a list.
func (e *entity) refers(field, id string) bool {
	switch v := e.fields[field].(type) {
	case string:
		return v == id
	case []string:
		return slices.Contains(v, id)
	}
	return false
}

// source is one connection to a provider and the data synced from it.
type source struct {
	id         string
	providerID string
	// failure, when set, is returned by every data access (fault modes).
	failure error
	kinds   map[string][]*entity
	byID    map[string]*entity
	// providerLogins holds when each person's provider tokens expire; a
	// person absent here never signed in with their provider account.
	providerLogins map[string]time.Time
	assignments    []*assignment
}

func newSource(id, providerID string) *source {
	return &source{
		id: id, providerID: providerID,
		kinds:          map[string][]*entity{},
		byID:           map[string]*entity{},
		providerLogins: map[string]time.Time{},
	}
}

func (src *source) add(e *entity) *entity {
	src.kinds[e.kind] = append(src.kinds[e.kind], e)
	src.byID[e.id] = e
	return e
}

func (src *source) find(kind, id string) *entity {
	if e := src.byID[id]; e != nil && e.kind == kind {
		return e
	}
	return nil
}

// enrollment finds personID's enrollment in classID, preferring one that
// exists in the source system.
func (src *source) enrollment(classID, personID string) *entity {
	var found *entity
	for _, e := range src.kinds[kindEnrollments] {
		if e.str("class_id") == classID && e.str("person_id") == personID {
			if !e.enrichmentOnly {
				return e
			}
			found = e
		}
	}
	return found
}

func (src *source) assignment(classID, id string) *assignment {
	for _, a := range src.assignments {
		if a.id == id && a.classID == classID {
			return a
		}
	}
	return nil
}

func (src *source) assignmentInAnyClass(id string) *assignment {
	for _, a := range src.assignments {
		if a.id == id {
			return a
		}
	}
	return nil
}

// integration is an application's access to one source, under sharing rules.
type integration struct {
	id     string
	state  string
	source *source
	// unshared lists people the sharing rules exclude; all others are shared.
	unshared map[string]bool
}

func (in *integration) shares(personID string) bool { return !in.unshared[personID] }

// visible reports whether the integration may see e: people and their
// enrollments only when the person is shared.
func (in *integration) visible(e *entity) bool {
	switch e.kind {
	case kindPeople:
		return in.shares(e.id)
	case kindEnrollments:
		return in.shares(e.str("person_id"))
	}
	return true
}

type tokenKind int

const (
	integrationToken tokenKind = iota
	personToken
)

// token is an access token the server issued.
type token struct {
	kind        tokenKind
	integration *integration
	personID    string
	expires     time.Time // zero for integration tokens, which do not expire
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// validUUID applies the document's format, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx
// of hexadecimal digits.
func validUUID(s string) bool { return uuidPattern.MatchString(s) }

func normalizeID(s string) string { return strings.ToLower(s) }
