package coursekey

import (
	"net/http"
	"sort"
	"strings"
)

// courseRefMissing names the course reference when neither courseID nor
// addCode is given.
func courseRefMissing(b body) []string {
	if b.anyGiven("courseID", "addCode") {
		return nil
	}
	return []string{"courseID"}
}

// resolveCourse finds the course a member or attendance request names by
// courseID or, without one, by addCode (case-sensitive), in any school.
// mappingID names the school whose integration configuration maps the
// request; schoolID narrows the search. caseMismatch, when not nil, answers an
// addCode that only matches ignoring case.
func (s *Server) resolveCourse(in *integration, b body, notFound, caseMismatch *apiError) (*course, *apiError) {
	var schoolIDs []string
	if b.given("mappingID") {
		sc := s.st.schools[b.str("mappingID")]
		if sc == nil || !sc.integrationConfigured && !s.off(DeviationIntegrationConfigUnchecked) {
			return nil, errNoIntegrationConfig()
		}
		schoolIDs = []string{sc.id}
	} else {
		for id := range s.st.schools {
			schoolIDs = append(schoolIDs, id)
		}
		sort.Strings(schoolIDs)
	}
	var matches []*course
	foldMatch := false
	for _, id := range schoolIDs {
		if b.given("schoolID") && b.str("schoolID") != id {
			continue
		}
		if b.given("courseID") {
			if c := s.st.courses[courseKey{id, b.str("courseID")}]; c != nil {
				matches = append(matches, c)
			}
			continue
		}
		code := b.str("addCode")
		if c := s.st.addCodes[id][code]; c != nil {
			matches = append(matches, c)
			continue
		}
		for other, c := range s.st.addCodes[id] {
			if !strings.EqualFold(other, code) {
				continue
			}
			foldMatch = true
			if caseMismatch != nil && s.off(DeviationAddCodeLookupIgnoresCase) {
				matches = append(matches, c)
			}
		}
	}
	if len(matches) == 0 {
		if foldMatch && caseMismatch != nil {
			return nil, caseMismatch
		}
		if s.off(DeviationCourseNotFoundAs404) {
			notFound.status = http.StatusNotFound
		}
		return nil, notFound
	}
	var authorized []*course
	for _, c := range matches {
		if in.authorizes(c.schoolID) || s.off(DeviationCourseAuthorizationUnchecked) {
			authorized = append(authorized, c)
		}
	}
	switch len(authorized) {
	case 0:
		return nil, errCourseNotAuthorized()
	case 1:
		return authorized[0], nil
	}
	// The same reference exists at several of the integration's schools.
	return nil, errMissingParameter([]string{"schoolID"})
}

// memberUser finds the user to enrol by e-mail or by userID at the course's school.
func (s *Server) memberUser(in *integration, b body, c *course) *user {
	if b.given("email") {
		u, _ := s.st.visibleUser(in, b.str("email"))
		return u
	}
	if acct := s.st.accounts[accountKey{c.schoolID, b.str("userID")}]; acct != nil {
		return acct.user
	}
	return nil
}

func (s *Server) createCourseMember(in *integration, b body) (int, any, *apiError) {
	return s.enrol(in, b, false)
}

// updateCourseMember is an upsert: it enrols the user if needed and sets admin.
func (s *Server) updateCourseMember(in *integration, b body) (int, any, *apiError) {
	return s.enrol(in, b, true)
}

func (s *Server) enrol(in *integration, b body, upsert bool) (int, any, *apiError) {
	var missing []string
	if !b.anyGiven("email", "userID") && !s.off(DeviationMemberIdentityUnchecked) {
		missing = append(missing, "email")
	}
	if missing = append(missing, courseRefMissing(b)...); missing != nil {
		return 0, nil, errMissingParameter(missing)
	}
	c, apiErr := s.resolveCourse(in, b, errCourseNotFound(true), errCourseDoesNotExist())
	if apiErr != nil {
		return 0, nil, apiErr
	}
	var email string
	switch u := s.memberUser(in, b, c); {
	case u != nil:
		email = u.email
	case b.given("email") && s.off(DeviationUnknownMemberInvited):
		email = b.str("email")
	default:
		return 0, nil, errUserDoesNotExist()
	}
	s.awaitRacers()
	m := c.members[emailKey(email)]
	status := http.StatusOK
	switch {
	case m != nil && !upsert && s.sees(m.written) && !s.off(DeviationMemberUniqueUnchecked):
		return 0, nil, errMemberUnique()
	case m == nil || !s.sees(m.written) || !upsert:
		m = &member{written: s.st.stamp(), email: email}
		c.members[emailKey(email)] = m
		status = http.StatusCreated
	}
	if admin, ok := b["admin"].(bool); ok {
		m.admin = admin
	}
	return status, map[string]any{"member": map[string]any{
		"email": m.email, "admin": m.admin, "courseID": c.courseID, "addCode": c.addCode, "schoolID": c.schoolID,
	}}, nil
}
