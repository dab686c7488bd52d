package coursekey

import (
	"encoding/json"
	"net/http"
	"strings"
)

// apiError is one documented error-dictionary entry, instantiated with the
// values of the request that provoked it.
type apiError struct {
	status   int
	code     int    // 0: the entry documents no code, so the envelope omits it
	template string // the message as documented, placeholders included
	args     map[string]string
	info     map[string]any
}

// Placeholders as the dictionary spells them.
const (
	phSchoolID      = "$SCHOOL_ID"
	phMissingParams = "$THE_MISSING_PARAMS"
	phEmail         = "$EMAIL"
	phTimeZone      = "${timeZone}"
	phAttendanceID  = "${info.attendanceID}"
)

func newError(status, code int, template string) *apiError {
	return &apiError{status: status, code: code, template: template}
}

func (e *apiError) Error() string { return e.message(true) }

func (e *apiError) with(placeholder, value string) *apiError {
	if e.args == nil {
		e.args = map[string]string{}
	}
	e.args[placeholder] = value
	return e
}

func (e *apiError) withInfo(info map[string]any) *apiError {
	e.info = info
	return e
}

func (e *apiError) message(expand bool) string {
	msg := e.template
	if expand {
		for ph, v := range e.args {
			msg = strings.ReplaceAll(msg, ph, v)
		}
	}
	return msg
}

// Error codes used by the dictionary.
const (
	codeNone               = 0
	codeAttendanceNotFound = 5
	codeMissingParameter   = 2019
	codeAttendanceOverlap  = 2109
	codeAttendanceOptions  = 2112
	codeCourseLookup       = 2213
	codeConversionRequired = 3101
	codeConversionInvalid  = 3103
	codeConversionData     = 3113
	codeSessionStartDate   = 10002
	codeSessionEndDate     = 10003
	codeValidation         = 10005
	codeSessionStartTime   = 10006
	codeSessionEndTime     = 10007
	codeUserIdentity       = 10008
	codeUserNotFound       = 10009
)

const bad = http.StatusBadRequest

// Shared across record types.

func errMissingParameter(names []string) *apiError {
	return newError(bad, codeMissingParameter, "Missing required parameter: "+phMissingParams).
		with(phMissingParams, strings.Join(names, ", "))
}

// Documented as "400 Internal Server Error": the number is the contract.
func errNoIntegrationConfig() *apiError {
	return newError(bad, codeMissingParameter, "School's integration configuration has not been setup.")
}

// Users answer 403 for an unauthorized school, courses 400 (both as documented).
func errUnauthorizedSchool(status int, schoolID string) *apiError {
	return newError(status, codeValidation, "Unauthorized school: "+phSchoolID).with(phSchoolID, schoolID)
}

func errMalformedBody() *apiError {
	return newError(bad, codeNone, "Request body must be a JSON object.")
}

// Users.

func errUserMissingFields(names []string) *apiError {
	return newError(bad, codeValidation, "User missing the following fields: "+phMissingParams).
		with(phMissingParams, strings.Join(names, ", "))
}

func errTemplateNotFound() *apiError {
	return newError(http.StatusInternalServerError, codeNone, "template not found.")
}

func errUserIdentityRequired() *apiError {
	return newError(bad, codeUserIdentity, "userID or email is required for updating user.")
}

func errUserNotFound() *apiError { return newError(bad, codeUserNotFound, "User not found.") }

func errUserSchoolUnique() *apiError {
	return newError(bad, codeNone, "userID_schoolID must be unique.")
}

func errEmailUnique() *apiError { return newError(bad, codeNone, "Email must be unique") }

func errInvalidEmail() *apiError {
	return newError(bad, codeNone, "Validation isEmail on email failed.")
}

// Courses.

func errAddCodeTooLong() *apiError {
	return newError(bad, codeValidation, "addCode must be less than 26 characters.")
}

func errAddCodeUnique() *apiError { return newError(bad, codeValidation, "addCode must be unique.") }

func errAddCodeCharacters() *apiError {
	return newError(bad, codeValidation,
		`addCode must contain only these characters: a-z (A-Z), 0-9, '~', '-', '_', '.', '!', '*', '\', '(', ')', or ','`)
}

func errAddCodeNumeric() *apiError {
	return newError(bad, codeValidation, "AddCode must contain at least one non-numeric character.")
}

func errAdminNotFound(email string) *apiError {
	return newError(bad, codeValidation, "Admin does not exist: "+phEmail).with(phEmail, email)
}

func errOwnerNotFound(email string) *apiError {
	return newError(bad, codeValidation, "Owner does not exist: "+phEmail).with(phEmail, email)
}

func errOwnerUnauthorized(email string) *apiError {
	return newError(bad, codeValidation, "Unauthorized owner: "+phEmail).with(phEmail, email)
}

func errConversionNotCreated() *apiError {
	return newError(bad, codeValidation,
		"Attempt to update the conversion data of a course that was not created with conversion.")
}

func errAttendanceNameRequired() *apiError {
	return newError(bad, codeValidation, "attendanceName is required for school with multiple attendance settings.")
}

func errAttendanceAlreadySetUp() *apiError {
	return newError(bad, codeValidation, "Attendance is already set up for this course.")
}

func errConversionAlreadySetUp() *apiError {
	return newError(bad, codeValidation, "Conversion Course is already set up for this course.")
}

func errAsyncTimeNull() *apiError {
	return newError(bad, codeValidation, "Cannot set property 'asyncTime' of null.")
}

func errConversionTotalMismatch() *apiError {
	return newError(bad, codeConversionInvalid,
		"Conversion Course requires totalTime has to be equal to syncTime + asyncTime.")
}

func errConversionTimesRequired() *apiError {
	return newError(bad, codeConversionRequired, "Conversion Course requires totalTime, syncTime and asyncTime.")
}

func errUniformOptions() *apiError {
	return newError(bad, codeConversionInvalid, "No options allowed in uniform strategy.")
}

// Documented as "500 Bad Request": the number is the contract.
func errInvalidConversionData(detail string) *apiError {
	return newError(http.StatusInternalServerError, codeConversionData,
		"Invalid conversion data to create-update in a course").withInfo(map[string]any{"strategy": detail})
}

func errCourseDoesNotExist() *apiError {
	return newError(bad, codeValidation, "Course does not exist.")
}

func errCourseFieldsExclusive() *apiError {
	return newError(bad, codeValidation,
		"Course may only have the fields 'start, end' OR 'startDate, endDate, startTime, endTime, timeZone.'")
}

func errCourseMissingDateFields() *apiError {
	return newError(bad, codeMissingParameter,
		"Course missing the following fields: startDate, endDate, startTime, endTime, timeZone.")
}

func errInvalidDays() *apiError { return newError(bad, codeValidation, "Invalid course days") }

func errSessionOrder() *apiError {
	return newError(bad, codeValidation, "Invalid session times: start must be before end")
}

func errInvalidTimeZone(tz string) *apiError {
	return newError(bad, codeValidation, "Invalid timezone: "+phTimeZone+". Use the IANA TZDB standard").
		with(phTimeZone, tz)
}

func errDurationMin() *apiError { return newError(bad, codeNone, "Validation min on duration failed.") }
func errDurationMax() *apiError { return newError(bad, codeNone, "Validation max on duration failed.") }
func errDurationInt() *apiError {
	return newError(bad, codeNone, "Validation isInt on duration failed.")
}

// Course members.

func errCourseNotFound(withPeriod bool) *apiError {
	if withPeriod {
		return newError(bad, codeCourseLookup, "Course not found.")
	}
	return newError(bad, codeCourseLookup, "Course not found")
}

func errCourseNotAuthorized() *apiError {
	return newError(http.StatusForbidden, codeCourseLookup, "Course not authorized")
}

func errUserDoesNotExist() *apiError { return newError(bad, codeValidation, "User does not exist.") }

func errMemberUnique() *apiError { return newError(bad, codeNone, "userID_courseID must be unique.") }

// Attendance sessions.

func errAttendanceOptionsNotSetup() *apiError {
	return newError(bad, codeAttendanceOptions, "Attendance options not setup.")
}

func errAttendanceOverlap(existing map[string]any) *apiError {
	return newError(bad, codeAttendanceOverlap, "Attendance Overlap").withInfo(existing)
}

func errAttendanceNotFound(attendanceID string) *apiError {
	return newError(bad, codeAttendanceNotFound, "AttendanceID "+phAttendanceID+" does not exist").
		with(phAttendanceID, attendanceID).withInfo(map[string]any{"attendanceID": attendanceID})
}

func errSessionUnique() *apiError {
	return newError(bad, codeNone, "mAttendanceID_courseID_sysID must be unique.")
}

// Session date and time entries carry codes of their own; time zones and
// ordering reuse the course entries.
type timeErrors struct {
	startDate, endDate, startTime, endTime func() *apiError
	// unordered lets the start fall on or after the end (a deviation only).
	unordered bool
}

var courseTimeErrors = timeErrors{
	startDate: func() *apiError { return newError(bad, codeValidation, "Invalid start date") },
	endDate:   func() *apiError { return newError(bad, codeValidation, "Invalid end date") },
	startTime: func() *apiError { return newError(bad, codeValidation, "Invalid start time") },
	endTime:   func() *apiError { return newError(bad, codeValidation, "Invalid end time") },
}

var sessionTimeErrors = timeErrors{
	startDate: func() *apiError { return newError(bad, codeSessionStartDate, "Start Date invalid") },
	endDate:   func() *apiError { return newError(bad, codeSessionEndDate, "End Date invalid") },
	startTime: func() *apiError { return newError(bad, codeSessionStartTime, "Invalid start time") },
	endTime:   func() *apiError { return newError(bad, codeSessionEndTime, "Invalid end time") },
}

// Transport-level answers the dictionary does not cover.

func errUnauthenticated() *apiError {
	return newError(http.StatusUnauthorized, codeNone, "Invalid or missing auth key.")
}

func errRouteNotFound() *apiError { return newError(http.StatusNotFound, codeNone, "Not found.") }

func errMethodNotAllowed() *apiError {
	return newError(http.StatusMethodNotAllowed, codeNone, "Method not allowed.")
}

// writeError renders the envelope, applying the envelope deviations.
func (s *Server) writeError(w http.ResponseWriter, e *apiError) {
	status := e.status
	if status == http.StatusForbidden && s.opts.Has(DeviationForbiddenAs400) {
		status = http.StatusBadRequest
	}
	body := map[string]any{"message": e.message(!s.opts.Has(DeviationPlaceholderUnexpanded))}
	if e.code != codeNone && !s.opts.Has(DeviationCodeDropped) {
		body["code"] = e.code
	}
	if !s.opts.Has(DeviationInfoDropped) {
		info := e.info
		if info == nil {
			info = map[string]any{}
		}
		body["info"] = info
	}
	writeJSON(w, status, map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
