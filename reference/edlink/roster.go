package edlink

// visibleJSON renders the entities the caller's integration may see.
func (c *call) visibleJSON(list []*entity) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if c.p.integration.visible(e) {
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
	if e == nil || !c.p.integration.visible(e) {
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
	if c.p.source.enrollment(class.id, c.p.person.id) == nil {
		return reply{}, notFoundID()
	}
	return reply{data: class.fields}, nil
}
