package edlink

import (
	"time"

	"github.com/google/uuid"
)

// seeder builds one source's records.
type seeder struct {
	src     *source
	created string
}

func (b *seeder) add(kind string, enrichmentOnly bool, fields map[string]any) *entity {
	id := uuid.NewString()
	fields["id"] = id
	fields["created_date"] = b.created
	fields["updated_date"] = b.created
	fields["identifiers"] = []any{}
	fields["properties"] = map[string]any{}
	return b.src.add(&entity{kind: kind, id: id, fields: fields, enrichmentOnly: enrichmentOnly})
}

func (b *seeder) person(first, last, role string, district, school *entity, enrichmentOnly bool) *entity {
	return b.add(kindPeople, enrichmentOnly, map[string]any{
		"first_name": first, "last_name": last, "display_name": first + " " + last,
		"roles": []string{role}, "district_id": district.id, "school_ids": []string{school.id},
		"email": nil, "picture_url": nil,
	})
}

// enroll adds an enrollment; one in a class or of a person known only
// through enrichment is itself known only through enrichment.
func (b *seeder) enroll(person, class *entity, role string) *entity {
	return b.add(kindEnrollments, person.enrichmentOnly || class.enrichmentOnly, map[string]any{
		"person_id": person.id, "class_id": class.id, "section_id": nil, "role": role,
		"primary": role == "teacher", "state": "active", "start_date": nil, "end_date": nil,
	})
}

// roster seeds the minimum rostering of a district: a school, session,
// course and class.
type roster struct {
	district, school, session, course, class *entity
}

func (b *seeder) roster(district, school, course, class string) roster {
	var r roster
	r.district = b.add(kindDistricts, false, map[string]any{"name": district, "locations": []any{}})
	r.school = b.add(kindSchools, false, map[string]any{
		"name": school, "district_id": r.district.id, "grade_levels": []string{"09", "10", "11", "12"},
	})
	r.session = b.add(kindSessions, false, map[string]any{
		"name": "2025-2026 School Year", "type": "school_year", "start_date": "2025-08-18",
		"end_date": "2026-06-05", "district_id": r.district.id, "school_id": r.school.id,
	})
	r.course = b.add(kindCourses, false, map[string]any{
		"name": course, "code": nil, "school_id": r.school.id, "session_id": r.session.id,
	})
	r.class = b.class(class, r, r.course, false)
	return r
}

func (b *seeder) class(name string, r roster, course *entity, enrichmentOnly bool) *entity {
	var courseID any
	if course != nil {
		courseID = course.id
	}
	return b.add(kindClasses, enrichmentOnly, map[string]any{
		"name": name, "description": nil, "state": "active", "school_id": r.school.id,
		"course_id": courseID, "session_ids": []string{r.session.id}, "subjects": []string{},
		"grade_levels": []string{}, "periods": []string{},
	})
}

func (s *Server) addProvider(name, application string, supportsAssignments bool, maxPageSize int) *provider {
	p := &provider{id: uuid.NewString(), name: name, application: application,
		supportsAssignments: supportsAssignments, maxPageSize: maxPageSize}
	s.providers[p.id] = p
	return p
}

func (s *Server) addIntegration(state string, src *source, unshared ...*entity) *integration {
	in := &integration{id: uuid.NewString(), state: state, source: src, unshared: map[string]bool{}}
	for _, p := range unshared {
		in.unshared[p.id] = true
	}
	s.integrations[in.id] = in
	return in
}

// issue creates a token and publishes it in the profile under role.
func (s *Server) issue(role string, tok *token) {
	value := randomToken(32)
	s.tokens[value] = tok
	s.profileTokens[role] = value
}

func (s *Server) issueIntegration(role string, in *integration) {
	s.issue(role, &token{kind: integrationToken, integration: in})
}

func (s *Server) issuePerson(role string, in *integration, person *entity, expires time.Time) {
	s.issue(role, &token{kind: personToken, integration: in, personID: person.id, expires: expires})
}

// seed builds the data every profile key points into.
func (s *Server) seed() {
	now := s.now()
	created := now.UTC().Format(time.RFC3339)
	canvas := s.addProvider("Canvas", "canvas", true, 100)
	sis := s.addProvider("Infinite Campus", "infinitecampus", false, 100)

	// The LMS source most roles use.
	lms := newSource(uuid.NewString(), canvas.id)
	b := &seeder{src: lms, created: created}
	r := b.roster("Springfield Unified School District", "Springfield High School", "Algebra I", "Algebra I - Period 1")
	biology := b.add(kindCourses, false, map[string]any{"name": "Biology", "code": nil, "school_id": r.school.id, "session_id": r.session.id})
	otherClass := b.class("Biology - Period 3", r, biology, false)
	homeroom := b.class("Homeroom 12B", r, nil, true)
	section := b.add(kindSections, false, map[string]any{"name": "Algebra I - Period 1 - A", "class_id": r.class.id})

	person := func(first, last, role string) *entity {
		return b.person(first, last, role, r.district, r.school, false)
	}
	teacher := person("Tina", "Alvarez", "teacher")
	coTeacher := person("Pat", "Okafor", "teacher")
	unsignedTeacher := person("Drew", "Kim", "teacher")
	ta := person("Alex", "Nguyen", "staff")
	student := person("Sam", "Carter", "student")
	expiredStudent := person("Riley", "Brooks", "student")
	otherStudent := person("Jordan", "Lee", "student")
	unsharedStudent := person("Casey", "Ramirez", "student")
	enrichedTeacher := b.person("Morgan", "Price", "teacher", r.district, r.school, true)

	teacherEnrollment := b.enroll(teacher, r.class, "teacher")
	teacherEnrollment.fields["section_id"] = section.id
	b.enroll(coTeacher, r.class, "teacher")
	b.enroll(unsignedTeacher, r.class, "teacher")
	b.enroll(ta, r.class, "ta")
	b.enroll(student, r.class, "student")
	b.enroll(expiredStudent, r.class, "student")
	b.enroll(unsharedStudent, r.class, "student")
	b.enroll(enrichedTeacher, r.class, "teacher")
	b.enroll(teacher, otherClass, "teacher")
	b.enroll(expiredStudent, otherClass, "student")
	b.enroll(otherStudent, otherClass, "student")
	b.enroll(teacher, homeroom, "teacher")

	signedIn := now.AddDate(1, 0, 0)
	for _, p := range []*entity{teacher, ta, student, expiredStudent, otherStudent, unsharedStudent} {
		lms.providerLogins[p.id] = signedIn
	}
	lms.providerLogins[coTeacher.id] = now.Add(-24 * time.Hour)
	// unsignedTeacher never signed in with the provider: no entry.

	forAll := &assignment{id: uuid.NewString(), classID: r.class.id, creatorID: teacher.id, created: now, updated: now,
		fields: map[string]any{"title": "Chapter 1 Review", "description": "Exercises 1-20.",
			"due_date": now.AddDate(0, 0, 7).UTC().Format(time.RFC3339), "grading_type": "points",
			"submission_types": []string{"text"}, "assignee_mode": "all", "assignee_ids": []string{}}}
	makeUp := &assignment{id: uuid.NewString(), classID: r.class.id, creatorID: teacher.id, created: now, updated: now,
		fields: map[string]any{"title": "Make-up Quiz", "description": "For students absent on quiz day.",
			"due_date": now.AddDate(0, 0, 3).UTC().Format(time.RFC3339), "grading_type": "percent",
			"submission_types": []string{"file"}, "assignee_mode": "individuals", "assignee_ids": []string{expiredStudent.id}}}
	lms.assignments = []*assignment{forAll, makeUp}

	// A SIS source, whose provider has no assignments.
	sisSource := newSource(uuid.NewString(), sis.id)
	sb := &seeder{src: sisSource, created: created}
	sr := sb.roster("Shelbyville School District", "Shelbyville High School", "English 9", "English 9 - Period 2")
	sisTeacher := sb.person("Quinn", "Harper", "teacher", sr.district, sr.school, false)
	sb.enroll(sisTeacher, sr.class, "teacher")
	sisSource.providerLogins[sisTeacher.id] = signedIn

	active := s.addIntegration(stateActive, lms, unsharedStudent)
	paused := s.addIntegration(statePaused, lms, unsharedStudent)
	disabled := s.addIntegration(stateDisabled, lms, unsharedStudent)
	sisIntegration := s.addIntegration(stateActive, sisSource)

	s.issueIntegration("integration", active)
	s.issueIntegration("pausedIntegration", paused)
	s.issueIntegration("disabledIntegration", disabled)
	s.issueIntegration("unsupportedProvider", sisIntegration)
	personExpiry := now.Add(s.cfg.PersonTokenLifetime)
	s.issuePerson("teacher", active, teacher, personExpiry)
	s.issuePerson("ta", active, ta, personExpiry)
	s.issuePerson("student", active, student, personExpiry)
	s.issuePerson("expired", active, expiredStudent, now.Add(-time.Hour))
	s.issuePerson("unshared", active, unsharedStudent, personExpiry)
	s.issuePerson("invalidProvider", active, coTeacher, personExpiry)
	s.issuePerson("noProviderSignIn", active, unsignedTeacher, personExpiry)
	s.issuePerson("enrichmentOnly", active, enrichedTeacher, personExpiry)
	s.issuePerson("pausedIntegrationTeacher", paused, teacher, personExpiry)
	s.issuePerson("disabledIntegrationTeacher", disabled, teacher, personExpiry)
	s.issuePerson("unsupportedProviderTeacher", sisIntegration, sisTeacher, personExpiry)
	s.seedFaults(canvas)

	expiredCursor := randomToken(24)
	s.cursors[expiredCursor] = &cursor{principal: active.id, path: "/graph/people", offset: 1, size: 1, expires: now.Add(-time.Minute)}

	s.settings = map[string]any{
		"pageSizeMax":             rosterPageSizeMax,
		"defaultPageSize":         s.cfg.DefaultPageSize,
		"assignmentsPageSizeMax":  canvas.maxPageSize,
		"idempotencyKeyMaxLength": idempotencyKeyMaxLength,
		"cursorLifetimeSeconds":   int(s.cfg.CursorLifetime / time.Second),
		"expiredCursor":           expiredCursor,
		"assigneeModes":           []any{"all", "individuals", "individual"},
		"gradingTypes":            anyList(gradingTypes),
		"submissionTypes":         anyList(submissionTypes),
		"providers":               map[string]any{"integration": canvas.application, "unsupportedProvider": sis.application},

		"districtId":                 r.district.id,
		"schoolId":                   r.school.id,
		"sessionId":                  r.session.id,
		"courseId":                   r.course.id,
		"sectionId":                  section.id,
		"enrollmentId":               teacherEnrollment.id,
		"classId":                    r.class.id,
		"otherClassId":               otherClass.id,
		"enrichmentOnlyClassId":      homeroom.id,
		"foreignClassId":             sr.class.id,
		"unsupportedProviderClassId": sr.class.id,
		"teacherPersonId":            teacher.id,
		"taPersonId":                 ta.id,
		"studentPersonId":            student.id,
		"enrolledPersonIds":          []any{student.id, expiredStudent.id},
		"notEnrolledPersonId":        otherStudent.id,
		"enrichmentOnlyPersonId":     enrichedTeacher.id,
		"unsharedPersonId":           unsharedStudent.id,
		"assignmentId":               forAll.id,
		"individualAssignmentId":     makeUp.id,
	}
	if s.cfg.EdlinkStatuses {
		overrides := map[string]any{}
		for c, st := range edlinkStatuses {
			overrides[string(c)] = st
		}
		s.settings["statusOverrides"] = overrides
	}
}

// seedFaults adds, per fault mode asked for, an active integration in the
// broken state and its token.
func (s *Server) seedFaults(healthy *provider) {
	broken := func(role, providerID string, failure error) {
		src := newSource(uuid.NewString(), providerID)
		src.failure = failure
		s.issueIntegration(role, s.addIntegration(stateActive, src))
	}
	if s.cfg.Options.Fault(FaultUnknownProvider) {
		broken("unknownProvider", uuid.NewString(), nil)
	}
	if s.cfg.Options.Fault(FaultInternalError) {
		broken("internalError", healthy.id, errStoreUnavailable)
	}
	if s.cfg.Options.Fault(FaultUnknownError) {
		broken("unknownError", healthy.id, errUnrecognisedProviderReply)
	}
}

func anyList(list []string) []any {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out
}
