package edlink

import (
	"net/http"
	"strings"
)

// route is one endpoint: a method and a path pattern under BasePath whose
// ":name" segments capture path parameters.
type route struct {
	method  string
	pattern []string
	api     tokenKind
	handle  func(*call) (reply, error)
}

// relation is a Graph sub-collection: /graph/{parent}/{id}/{child}.
type relation struct {
	parent, child string
	members       func(src *source, parentID string) []*entity
}

// byField relates children whose field holds the parent's id.
func byField(child, field string) func(*source, string) []*entity {
	return func(src *source, parentID string) []*entity {
		var out []*entity
		for _, e := range src.kinds[child] {
			if e.refers(field, parentID) {
				out = append(out, e)
			}
		}
		return out
	}
}

// throughEnrollments relates classes and people by their enrollments.
func throughEnrollments(from, to, target string) func(*source, string) []*entity {
	return func(src *source, parentID string) []*entity {
		var out []*entity
		seen := map[string]bool{}
		for _, en := range src.kinds[kindEnrollments] {
			id := en.str(to)
			if en.str(from) == parentID && !seen[id] {
				seen[id] = true
				if e := src.find(target, id); e != nil {
					out = append(out, e)
				}
			}
		}
		return out
	}
}

var relations = []relation{
	{kindDistricts, kindSchools, byField(kindSchools, "district_id")},
	{kindDistricts, kindPeople, byField(kindPeople, "district_id")},
	{kindSchools, kindClasses, byField(kindClasses, "school_id")},
	{kindSchools, kindCourses, byField(kindCourses, "school_id")},
	{kindSchools, kindSessions, byField(kindSessions, "school_id")},
	{kindSchools, kindPeople, byField(kindPeople, "school_ids")},
	{kindSessions, kindClasses, byField(kindClasses, "session_ids")},
	{kindCourses, kindClasses, byField(kindClasses, "course_id")},
	{kindClasses, kindSections, byField(kindSections, "class_id")},
	{kindClasses, kindEnrollments, byField(kindEnrollments, "class_id")},
	{kindClasses, kindPeople, throughEnrollments("class_id", "person_id", kindPeople)},
	{kindSections, kindEnrollments, byField(kindEnrollments, "section_id")},
	{kindPeople, kindEnrollments, byField(kindEnrollments, "person_id")},
	{kindPeople, kindClasses, throughEnrollments("person_id", "class_id", kindClasses)},
}

func (s *Server) buildRoutes() []route {
	var rs []route
	graph := func(method, pattern string, h func(*call) (reply, error)) {
		rs = append(rs, route{method, strings.Split(pattern, "/"), integrationToken, h})
	}
	user := func(method, pattern string, h func(*call) (reply, error)) {
		rs = append(rs, route{method, strings.Split(pattern, "/"), personToken, h})
	}
	for _, kind := range rosterKinds {
		graph(http.MethodGet, "graph/"+kind, graphList(kind))
		graph(http.MethodGet, "graph/"+kind+"/:id", graphGet(kind))
	}
	for _, rel := range relations {
		graph(http.MethodGet, "graph/"+rel.parent+"/:id/"+rel.child, graphRelated(rel))
	}
	graph(http.MethodGet, "graph/classes/:class/assignments", listAssignments)
	graph(http.MethodPost, "graph/classes/:class/assignments", createAssignment)
	graph(http.MethodGet, "graph/classes/:class/assignments/:assignment", getAssignment)

	user(http.MethodGet, "my/profile", myProfile)
	user(http.MethodGet, "my/classes", myClasses)
	user(http.MethodGet, "my/classes/:class", myClass)
	user(http.MethodGet, "my/classes/:class/assignments", listAssignments)
	user(http.MethodPost, "my/classes/:class/assignments", createAssignment)
	user(http.MethodGet, "my/classes/:class/assignments/:assignment", getAssignment)
	user(http.MethodPatch, "my/classes/:class/assignments/:assignment", updateAssignment)
	user(http.MethodDelete, "my/classes/:class/assignments/:assignment", deleteAssignment)
	return rs
}

// match finds the route for a request path; an unknown path or method is
// NOT_FOUND, before authentication.
func (s *Server) match(method, path string) (route, map[string]string, bool) {
	rest, ok := strings.CutPrefix(path, BasePath+"/")
	if !ok {
		return route{}, nil, false
	}
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	for _, rt := range s.routes {
		if rt.method != method || len(rt.pattern) != len(segs) {
			continue
		}
		if params, ok := bind(rt.pattern, segs); ok {
			return rt, params, true
		}
	}
	return route{}, nil, false
}

func bind(pattern, segs []string) (map[string]string, bool) {
	params := map[string]string{}
	for i, p := range pattern {
		if name, ok := strings.CutPrefix(p, ":"); ok {
			if segs[i] == "" {
				return nil, false
			}
			params[name] = segs[i]
		} else if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}
