package coursekey

import (
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"
)

// sessionFieldsMissing lists the session's missing time fields: start and
// end when either is given, else the five local fields.
func (s *Server) sessionFieldsMissing(b body) []string {
	if b.anyGiven("start", "end") {
		return b.missing("start", "end")
	}
	missing := b.missing(localIntervalFields...)
	if s.off(DeviationSessionTimeZoneDefaulted) {
		missing = slices.DeleteFunc(missing, func(f string) bool { return f == "timeZone" })
		if len(missing) == 0 {
			missing = nil
		}
	}
	return missing
}

func (s *Server) sessionInterval(b body) (interval, *apiError) {
	errs := sessionTimeErrors
	if s.off(DeviationSessionTimesAsCourseErrors) {
		errs = courseTimeErrors
	}
	if b.anyGiven("start", "end") {
		return parseISOInterval(b, errs)
	}
	if !b.given("timeZone") && s.off(DeviationSessionTimeZoneDefaulted) {
		b = maps.Clone(b)
		b["timeZone"] = TimeZone
	}
	return parseLocalInterval(b, errs, !s.opts.Has(DeviationTimezoneUnchecked))
}

// sessionCourse checks the required parameters (the course reference, then
// extra) and resolves the course; creating sessions also needs the course's
// attendance options.
func (s *Server) sessionCourse(in *integration, b body, extra []string, creating bool) (*course, *apiError) {
	if missing := append(courseRefMissing(b), extra...); missing != nil {
		return nil, errMissingParameter(missing)
	}
	c, apiErr := s.resolveCourse(in, b, errCourseNotFound(false), nil)
	if apiErr != nil {
		return nil, apiErr
	}
	if creating && c.setting == nil && !s.off(DeviationAttendanceOptionsUnchecked) {
		return nil, errAttendanceOptionsNotSetup()
	}
	return c, nil
}

// newSession validates one session for course c; batch holds the sessions
// of the same request accepted so far.
func (s *Server) newSession(in *integration, c *course, b body, batch map[sessionKey]*session) (*session, *apiError) {
	if missing := s.sessionFieldsMissing(b); missing != nil {
		return nil, errMissingParameter(missing)
	}
	iv, apiErr := s.sessionInterval(b)
	if apiErr != nil {
		return nil, apiErr
	}
	s.awaitRacers()
	ses := &session{written: s.st.stamp(), attendanceID: b.str("attendanceID"), start: iv.start, end: iv.end, timeZone: iv.timeZone}
	if ses.attendanceID == "" {
		ses.attendanceID = uuid.NewString()
	}
	key := sessionKey{ses.attendanceID, in.sysID}
	if other := c.sessions[key]; other != nil && s.sees(other.written) && !s.off(DeviationSessionUniqueUnchecked) || batch[key] != nil {
		return nil, errSessionUnique()
	}
	if s.opts.Has(DeviationOverlapAccepted) {
		return ses, nil
	}
	for _, existing := range []map[sessionKey]*session{c.sessions, batch} {
		for _, other := range existing {
			if s.sees(other.written) && other.overlaps(ses.start, ses.end) {
				return nil, errAttendanceOverlap(sessionView(c, other))
			}
		}
	}
	return ses, nil
}

func (s *Server) createAttendance(in *integration, b body) (int, any, *apiError) {
	c, apiErr := s.sessionCourse(in, b, s.sessionFieldsMissing(b), true)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	views, apiErr := s.storeSessions(in, c, []body{b})
	if apiErr != nil {
		return 0, nil, apiErr
	}
	return http.StatusCreated, map[string]any{"attendance": views[0]}, nil
}

// bulkCreateAttendance stores every session of the session[] array or none.
func (s *Server) bulkCreateAttendance(in *integration, b body) (int, any, *apiError) {
	items, _ := b["session"].([]any)
	var extra []string
	if len(items) == 0 && !s.off(DeviationEmptyBulkCreateOK) {
		extra = []string{"session"}
	}
	c, apiErr := s.sessionCourse(in, b, extra, true)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	sessions := make([]body, len(items))
	for i, item := range items {
		sessions[i], _ = item.(map[string]any) // a non-object session has no fields
	}
	views, apiErr := s.storeSessions(in, c, sessions)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	return http.StatusCreated, map[string]any{"attendance": views}, nil
}

// storeSessions validates every session, each also against the earlier ones,
// and stores them all only when all pass.
func (s *Server) storeSessions(in *integration, c *course, items []body) ([]any, *apiError) {
	batch := map[sessionKey]*session{}
	order := make([]*session, 0, len(items))
	for _, item := range items {
		ses, apiErr := s.newSession(in, c, item, batch)
		if apiErr != nil {
			return nil, apiErr
		}
		batch[sessionKey{ses.attendanceID, in.sysID}] = ses
		order = append(order, ses)
	}
	views := make([]any, 0, len(order))
	for _, ses := range order {
		c.sessions[sessionKey{ses.attendanceID, in.sysID}] = ses
		views = append(views, sessionView(c, ses))
	}
	return views, nil
}

func (s *Server) deleteAttendance(in *integration, b body) (int, any, *apiError) {
	var ids []string
	if id := b.str("attendanceID"); id != "" {
		ids = []string{id}
	}
	return s.removeSessions(in, b, ids)
}

// bulkDeleteAttendance deletes every attendanceID listed or, if one is
// unknown, none.
func (s *Server) bulkDeleteAttendance(in *integration, b body) (int, any, *apiError) {
	return s.removeSessions(in, b, b.strings("attendanceID"))
}

func (s *Server) removeSessions(in *integration, b body, ids []string) (int, any, *apiError) {
	var extra []string
	if len(ids) == 0 && !s.off(DeviationEmptyDeleteOK) {
		extra = []string{"attendanceID"}
	}
	c, apiErr := s.sessionCourse(in, b, extra, false)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	for _, id := range ids {
		if c.sessions[sessionKey{id, in.sysID}] == nil && !s.off(DeviationUnknownAttendanceDeleteOK) {
			return 0, nil, errAttendanceNotFound(id)
		}
	}
	deleted := make([]any, 0, len(ids))
	for _, id := range ids {
		if c.sessions[sessionKey{id, in.sysID}] == nil {
			continue
		}
		delete(c.sessions, sessionKey{id, in.sysID})
		deleted = append(deleted, id)
	}
	return http.StatusOK, map[string]any{"deleted": deleted}, nil
}

// sessionView is the full detail of a session, also the "Attendance
// Overlap" info.
func sessionView(c *course, ses *session) map[string]any {
	view := map[string]any{
		"attendanceID": ses.attendanceID, "courseID": c.courseID, "addCode": c.addCode, "schoolID": c.schoolID,
		"start": ses.start.UTC().Format(time.RFC3339), "end": ses.end.UTC().Format(time.RFC3339),
	}
	if ses.timeZone != "" {
		view["timeZone"] = ses.timeZone
	}
	return view
}
