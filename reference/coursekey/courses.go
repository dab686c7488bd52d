package coursekey

import (
	"crypto/rand"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"
)

const maxDuration = 1440 // minutes in a day

// createCourse creates a course and its attendance settings in one step.
// Check order: required parameters, school, addCode format, dates, days,
// attendance setting, duration, conversion data, owner, admins, uniqueness.
func (s *Server) createCourse(in *integration, b body) (int, any, *apiError) {
	required := []string{"courseID", "schoolID", "owner"}
	if s.off(DeviationCourseOwnerOptional) {
		required = required[:2]
	}
	if missing := b.missing(required...); missing != nil {
		return 0, nil, errMissingParameter(missing)
	}
	sc, apiErr := s.authorizedSchool(in, b.str("schoolID"), http.StatusBadRequest)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	c := &course{schoolID: sc.id, courseID: b.str("courseID"), members: map[string]*member{}, sessions: map[sessionKey]*session{}}
	if b.given("addCode") {
		if apiErr := s.validateAddCode(b.str("addCode")); apiErr != nil {
			return 0, nil, apiErr
		}
		c.addCode = b.str("addCode")
	}
	iv, apiErr := s.courseInterval(b, true)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	c.start, c.end, c.timeZone = iv.start, iv.end, iv.timeZone
	if c.days, apiErr = s.readDays(b, nil); apiErr != nil {
		return 0, nil, apiErr
	}
	if c.setting, apiErr = s.selectSetting(sc, b); apiErr != nil {
		return 0, nil, apiErr
	}
	if c.duration, apiErr = s.courseDuration(b, c.setting); apiErr != nil {
		return 0, nil, apiErr
	}
	// Conversion data only means something for a conversion delivery method.
	if c.setting != nil && c.setting.conversion {
		if c.conversion, apiErr = s.readConversion(b, &conversion{strategy: c.setting.defaultStrategy}); apiErr != nil {
			return 0, nil, apiErr
		}
	}
	staff, apiErr := s.resolveStaff(in, sc, b)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	if other := s.st.addCodes[sc.id][c.addCode]; c.addCode != "" && other != nil && other.courseID != c.courseID &&
		!s.off(DeviationAddCodeUniqueUnchecked) {
		return 0, nil, errAddCodeUnique()
	}
	status := http.StatusCreated
	if s.st.courses[courseKey{sc.id, c.courseID}] != nil {
		// The course row is upserted; creating its settings again collides.
		switch {
		case s.off(DeviationCourseCreateUpserts):
			status = http.StatusOK
		case c.conversion != nil:
			return 0, nil, errConversionAlreadySetUp()
		default:
			return 0, nil, errAttendanceAlreadySetUp()
		}
	}
	if c.addCode == "" {
		c.addCode = s.freeAddCode(sc.id)
	}
	staff.apply(s.st, c)
	s.st.addCourse(c)
	return status, courseView(c), nil
}

// updateCourse changes the fields given on the course found by courseID or,
// without one, by addCode in schoolID. With a courseID, addCode is a new code.
func (s *Server) updateCourse(in *integration, b body) (int, any, *apiError) {
	missing := b.missing("schoolID")
	if !b.anyGiven("courseID", "addCode") {
		missing = append(missing, "courseID")
	}
	if missing != nil {
		return 0, nil, errMissingParameter(missing)
	}
	sc, apiErr := s.authorizedSchool(in, b.str("schoolID"), http.StatusBadRequest)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	c := s.st.addCodes[sc.id][b.str("addCode")]
	if b.given("courseID") {
		c = s.st.courses[courseKey{sc.id, b.str("courseID")}]
	}
	if c == nil {
		if s.off(DeviationUnmatchedUpdateSucceeds) {
			return http.StatusOK, map[string]any{"course": map[string]any{}}, nil
		}
		return 0, nil, errCourseDoesNotExist()
	}
	next := *c // validated copy; c changes only when every check passed
	if b.given("courseID") && b.given("addCode") && b.str("addCode") != c.addCode {
		if apiErr := s.validateAddCode(b.str("addCode")); apiErr != nil {
			return 0, nil, apiErr
		}
		next.addCode = b.str("addCode")
	}
	iv, apiErr := s.courseInterval(b, false)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	if iv != nil {
		next.start, next.end, next.timeZone = iv.start, iv.end, iv.timeZone
	}
	if next.days, apiErr = s.readDays(b, c.days); apiErr != nil {
		return 0, nil, apiErr
	}
	if b.given("attendanceName") {
		if next.setting, apiErr = s.selectSetting(sc, b); apiErr != nil {
			return 0, nil, apiErr
		}
	}
	if b.given("duration") || next.setting != c.setting {
		if next.duration, apiErr = s.courseDuration(b, next.setting); apiErr != nil {
			return 0, nil, apiErr
		}
	}
	if next.conversion, apiErr = s.updatedConversion(b, c, next.setting); apiErr != nil {
		return 0, nil, apiErr
	}
	staff, apiErr := s.resolveStaff(in, sc, b)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	if other := s.st.addCodes[sc.id][next.addCode]; other != nil && other != c && !s.off(DeviationAddCodeUniqueUnchecked) {
		return 0, nil, errAddCodeUnique()
	}
	delete(s.st.addCodes[sc.id], c.addCode)
	*c = next
	staff.apply(s.st, c)
	s.st.indexAddCode(c)
	return http.StatusOK, courseView(c), nil
}

// courseInterval reads either start/end ISO strings or the five local fields,
// never both. Without required, a body with neither keeps the dates (nil).
func (s *Server) courseInterval(b body, required bool) (*interval, *apiError) {
	iso, local := b.anyGiven("start", "end"), b.anyGiven(localIntervalFields...)
	errs := courseTimeErrors
	if s.off(DeviationCourseTimesAsSessionErrors) {
		errs = sessionTimeErrors
	}
	errs.unordered = s.off(DeviationCourseOrderUnchecked)
	var iv interval
	var apiErr *apiError
	switch {
	case iso && local && !s.off(DeviationCourseISOFieldsWin):
		return nil, errCourseFieldsExclusive()
	case b.given("start") && b.given("end"):
		iv, apiErr = parseISOInterval(b, errs)
	case !iso && !local && !required:
		return nil, nil
	case !iso && !local && s.off(DeviationCourseDatesOptional):
		return &interval{}, nil
	case b.missing(localIntervalFields...) != nil:
		// start/end incomplete: the fallback fields are looked for and absent.
		return nil, errCourseMissingDateFields()
	default:
		iv, apiErr = parseLocalInterval(b, errs, !s.opts.Has(DeviationTimezoneUnchecked))
	}
	if apiErr != nil {
		return nil, apiErr
	}
	return &iv, nil
}

// readDays validates days when the body carries it, else keeps current.
func (s *Server) readDays(b body, current []string) ([]string, *apiError) {
	if v, present := b["days"]; present && v != nil {
		if s.off(DeviationDaysUnchecked) {
			return strings.Fields(b.str("days")), nil
		}
		return parseDays(v)
	}
	return current, nil
}

// selectSetting picks the attendance setting a course uses: the school's only
// one, or the one attendanceName names when the school has several.
func (s *Server) selectSetting(sc *school, b body) (*attendanceSetting, *apiError) {
	switch len(sc.attendanceSettings) {
	case 0:
		return nil, nil
	case 1:
		return sc.attendanceSettings[0], nil
	}
	for _, setting := range sc.attendanceSettings {
		if b.given("attendanceName") && setting.name == b.str("attendanceName") {
			return setting, nil
		}
	}
	if s.off(DeviationAttendanceNameDefaulted) {
		return sc.attendanceSettings[0], nil
	}
	return nil, errAttendanceNameRequired()
}

// courseDuration is the request's duration or the setting's default, which
// must be a whole number of minutes within a day.
func (s *Server) courseDuration(b body, setting *attendanceSetting) (int, *apiError) {
	var minutes float64
	switch {
	case b.given("duration"):
		f, ok := b.number("duration")
		if !ok || f != math.Trunc(f) {
			return 0, errDurationInt()
		}
		minutes = f
	case setting == nil:
		return 0, nil
	default:
		minutes = float64(setting.duration)
	}
	if minutes < 1 && !s.off(DeviationDurationMinUnchecked) {
		return 0, errDurationMin()
	}
	if minutes > maxDuration {
		return 0, errDurationMax()
	}
	return int(minutes), nil
}

var (
	conversionTimes   = []string{"totalTime", "syncTime", "asyncTime"}
	conversionOptions = []string{"awardedTime", "maxAwardedTimePerDay"}
	conversionNumbers = append(append([]string{}, conversionTimes...), conversionOptions...)
)

func (c *conversion) field(name string) **float64 {
	switch name {
	case "totalTime":
		return &c.totalTime
	case "syncTime":
		return &c.syncTime
	case "asyncTime":
		return &c.asyncTime
	case "awardedTime":
		return &c.awardedTime
	default:
		return &c.maxAwardedTimePerDay
	}
}

// readConversion lays the body's conversion fields over base and validates
// the result against its strategy.
func (s *Server) readConversion(b body, base *conversion) (*conversion, *apiError) {
	if b.isNull("asyncTime") {
		if !s.off(DeviationAsyncNullAsMissing) {
			return nil, errAsyncTimeNull()
		}
		delete(b, "asyncTime")
	}
	c := *base
	if _, present := b["strategy"]; present {
		c.strategy = b.str("strategy")
	}
	optionGiven := false
	for _, name := range conversionNumbers {
		if _, present := b[name]; !present {
			continue
		}
		f, ok := b.number(name)
		*c.field(name) = nil
		if ok {
			*c.field(name) = &f
		}
		if b[name] != nil && isOption(name) {
			optionGiven = true
		}
	}
	if c.strategy != strategyUniform && c.strategy != strategyFixed && s.off(DeviationStrategyDefaulted) {
		c.strategy = base.strategy
	}
	switch c.strategy {
	case strategyUniform:
		if (c.totalTime == nil || c.syncTime == nil || c.asyncTime == nil) && !s.off(DeviationConversionTimesOptional) {
			return nil, errConversionTimesRequired()
		}
		if (optionGiven || c.awardedTime != nil || c.maxAwardedTimePerDay != nil) && !s.off(DeviationUniformOptionsIgnored) {
			return nil, errUniformOptions()
		}
	case strategyFixed:
		if c.totalTime == nil {
			return nil, errConversionTimesRequired()
		}
		if c.awardedTime == nil && c.maxAwardedTimePerDay == nil {
			return nil, errInvalidConversionData("the fixed strategy requires a numeric awardedTime or maxAwardedTimePerDay")
		}
	default:
		return nil, errInvalidConversionData(fmt.Sprintf("strategy must be %q or %q, got %q", strategyUniform, strategyFixed, c.strategy))
	}
	if c.totalTime != nil && c.syncTime != nil && c.asyncTime != nil && *c.totalTime != *c.syncTime+*c.asyncTime &&
		!s.off(DeviationConversionTotalUnchecked) {
		return nil, errConversionTotalMismatch()
	}
	return &c, nil
}

func isOption(name string) bool { return name == conversionOptions[0] || name == conversionOptions[1] }

// updatedConversion is the course's conversion data after an update that
// leaves it on setting.
func (s *Server) updatedConversion(b body, c *course, setting *attendanceSetting) (*conversion, *apiError) {
	if setting == nil || !setting.conversion {
		for _, name := range append([]string{"strategy"}, conversionNumbers...) {
			if b.given(name) && !s.off(DeviationConversionDataIgnored) {
				return nil, errConversionNotCreated()
			}
		}
		return nil, nil
	}
	base := c.conversion
	if base == nil {
		base = &conversion{strategy: setting.defaultStrategy}
	}
	return s.readConversion(b, base)
}

// staffing is the owner and admins a course request names, with the
// accounts the server provisions for them at the course's school.
type staffing struct {
	owner       string
	ownerGiven  bool
	admins      []string
	adminsGiven bool
	provision   []*account
}

func (s *Server) resolveStaff(in *integration, sc *school, b body) (*staffing, *apiError) {
	st := &staffing{}
	pending := map[string]*account{} // userID -> account provisioned by this request
	place := func(u *user) *apiError {
		acct, provisioned, apiErr := s.st.accountAt(in, u, sc.id, !s.off(DeviationProvisioningConflictIgnored))
		if apiErr != nil || !provisioned {
			return apiErr
		}
		if prior := pending[acct.userID]; prior != nil {
			if prior.user != u && !s.off(DeviationProvisioningConflictIgnored) {
				return errUserSchoolUnique()
			}
			return nil
		}
		pending[acct.userID] = acct
		st.provision = append(st.provision, acct)
		return nil
	}
	if b.given("owner") {
		email := b.str("owner")
		u, exists := s.st.visibleUser(in, email)
		switch {
		case !exists && s.off(DeviationOwnerUnchecked):
			st.owner, st.ownerGiven = email, true
		case !exists, u == nil && s.off(DeviationForeignOwnerAsMissing):
			return nil, errOwnerNotFound(email)
		case u == nil:
			return nil, errOwnerUnauthorized(email)
		default:
			if apiErr := place(u); apiErr != nil {
				return nil, apiErr
			}
			st.owner, st.ownerGiven = u.email, true
		}
	}
	if _, present := b["admin"]; present {
		st.adminsGiven = true
		st.admins = []string{}
		for _, email := range b.strings("admin") {
			u, _ := s.st.visibleUser(in, email)
			if u == nil && s.off(DeviationAdminUnchecked) {
				continue
			}
			if u == nil {
				return nil, errAdminNotFound(email)
			}
			if apiErr := place(u); apiErr != nil {
				return nil, apiErr
			}
			st.admins = append(st.admins, u.email)
		}
	}
	return st, nil
}

func (st *staffing) apply(s *store, c *course) {
	for _, a := range st.provision {
		s.addAccount(a)
	}
	if st.ownerGiven {
		c.owner = st.owner
	}
	if st.adminsGiven {
		c.admins = st.admins
	}
}

const (
	addCodeLetters = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	addCodeChars   = addCodeLetters + "23456789"
)

// freeAddCode generates an addCode not used in the school; it starts with a
// letter so it is never all digits.
func (s *Server) freeAddCode(schoolID string) string {
	for {
		buf := make([]byte, 8)
		_, _ = rand.Read(buf)
		code := []byte{addCodeLetters[int(buf[0])%len(addCodeLetters)]}
		for _, v := range buf[1:] {
			code = append(code, addCodeChars[int(v)%len(addCodeChars)])
		}
		if s.st.addCodes[schoolID][string(code)] == nil {
			return string(code)
		}
	}
}

func courseView(c *course) map[string]any {
	view := map[string]any{
		"courseID": c.courseID, "schoolID": c.schoolID, "addCode": c.addCode,
		"owner": c.owner, "admin": nonNil(c.admins), "days": nonNil(c.days),
		"start": c.start.UTC().Format(time.RFC3339), "end": c.end.UTC().Format(time.RFC3339),
	}
	if c.timeZone != "" {
		view["timeZone"] = c.timeZone
	}
	if c.setting != nil {
		view["attendanceName"] = c.setting.name
		view["duration"] = c.duration
	}
	if conv := c.conversion; conv != nil {
		view["strategy"] = conv.strategy
		for _, name := range conversionNumbers {
			if v := *conv.field(name); v != nil {
				view[name] = *v
			}
		}
	}
	return map[string]any{"course": view}
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

func (s *Server) validateAddCode(code string) *apiError {
	rules := strictAddCode
	if s.off(DeviationAddCode26Allowed) {
		rules.maxLength++
	}
	rules.anyCharacter = s.off(DeviationAddCodeCharactersUnchecked)
	rules.numericAllowed = s.off(DeviationAddCodeNumericAllowed)
	return rules.check(code)
}
