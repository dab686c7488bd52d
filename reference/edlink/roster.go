package edlink

import "errors"

// visible is the integration's sharing rule, as unshared-people-visible
// lifts it.
func (c *call) visible(e *entity) bool {
	return c.p.integration.visible(e) || c.s.deviates(DeviationUnsharedPeopleVisible)
}

// visibleJSON renders the entities the caller's integration may see.
func (c *call) visibleJSON(list []*entity) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if c.visible(e) {
			out = append(out, e.fields)
		}
	}
	return out
}

// lookup finds a visible entity of kind by the path parameter name.
func (c *call) lookup(kind, name string) (*entity, error) {
	id, err := c.id(name)
	if err != nil {
		return nil, err
	}
	e := c.p.source.find(kind, id)
	if e == nil && c.s.deviates(DeviationForeignEntitiesVisible) {
		e = c.s.findInAnySource(kind, id)
	}
	if e == nil || !c.visible(e) {
		return nil, notFoundID()
	}
	return e, nil
}

func graphList(kind string) func(*call) (reply, error) {
	return func(c *call) (reply, error) {
		return c.page(c.visibleJSON(c.p.source.kinds[kind]), rosterPageSizeMax, true)
	}
}

func graphGet(kind string) func(*call) (reply, error) {
	return func(c *call) (reply, error) {
		e, err := c.lookup(kind, "id")
		if err != nil {
			return reply{}, err
		}
		return reply{data: e.fields}, nil
	}
}

func graphRelated(rel relation) func(*call) (reply, error) {
	return func(c *call) (reply, error) {
		parent, err := c.lookup(rel.parent, "id")
		var api *apiError
		if errors.As(err, &api) && api.unknownID && c.s.deviates(DeviationUnknownParentEmptyList) {
			return c.page([]map[string]any{}, rosterPageSizeMax, true)
		}
		if err != nil {
			return reply{}, err
		}
		return c.page(c.visibleJSON(rel.members(c.p.source, parent.id)), rosterPageSizeMax, true)
	}
}

var personClasses = throughEnrollments("person_id", "class_id", kindClasses)

func myProfile(c *call) (reply, error) { return reply{data: c.p.person.fields}, nil }

func myClasses(c *call) (reply, error) {
	return c.page(c.visibleJSON(personClasses(c.p.source, c.p.person.id)), rosterPageSizeMax, true)
}

func myClass(c *call) (reply, error) {
	class, err := c.lookup(kindClasses, "class")
	if err != nil {
		return reply{}, err
	}
	if c.p.source.enrollment(class.id, c.p.person.id) == nil && !c.s.deviates(DeviationMyClassEnrollmentUnchecked) {
		return reply{}, notFoundID()
	}
	return reply{data: class.fields}, nil
}

// findInAnySource looks an id up in every source the server holds, as a
// store keyed by id alone would (foreign-entities-visible).
func (s *Server) findInAnySource(kind, id string) *entity {
	for _, in := range s.integrations {
		if e := in.source.find(kind, id); e != nil {
			return e
		}
	}
	return nil
}
