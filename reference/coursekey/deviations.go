package coursekey

import (
	"time"

	"github.com/edconform/edconform/reference"
)

// Deviations: each breaks one documented behaviour. The first ones break
// every envelope at once; the rest each break one rule of the model, the
// way a real server's defect would.
const (
	DeviationCodeDropped           = "code-dropped"
	DeviationPlaceholderUnexpanded = "placeholder-unexpanded"
	DeviationInfoDropped           = "info-dropped"

	DeviationForbiddenAs400        = "forbidden-as-400"
	DeviationOverlapAccepted       = "overlap-accepted"
	DeviationTimezoneUnchecked     = "timezone-unchecked"
	DeviationEmailUnchecked        = "email-unchecked"
	DeviationRaceUnsafe            = "race-unsafe"
	DeviationConcurrencyControlOff = "concurrency-control-off"

	// Authorization and configuration.
	DeviationSchoolAuthorizationUnchecked = "school-authorization-unchecked"
	DeviationForeignOwnerAsMissing        = "foreign-owner-as-missing"
	DeviationCourseAuthorizationUnchecked = "course-authorization-unchecked"
	DeviationIntegrationConfigUnchecked   = "integration-config-unchecked"
	DeviationAttendanceNameDefaulted      = "attendance-name-defaulted"
	DeviationDurationMinUnchecked         = "duration-min-unchecked"
	DeviationAttendanceOptionsUnchecked   = "attendance-options-unchecked"
	DeviationWelcomeEmailSkipped          = "welcome-email-skipped"

	// References.
	DeviationUnmatchedUpdateSucceeds   = "unmatched-update-succeeds"
	DeviationAdminUnchecked            = "admin-unchecked"
	DeviationOwnerUnchecked            = "owner-unchecked"
	DeviationAddCodeLookupIgnoresCase  = "addcode-lookup-ignores-case"
	DeviationCourseNotFoundAs404       = "course-not-found-as-404"
	DeviationUnknownMemberInvited      = "unknown-member-invited"
	DeviationUnknownAttendanceDeleteOK = "unknown-attendance-delete-ok"

	// Uniqueness.
	DeviationEmailUniqueUnchecked        = "email-unique-unchecked"
	DeviationAccountUniqueUnchecked      = "account-unique-unchecked"
	DeviationAddCodeUniqueUnchecked      = "addcode-unique-unchecked"
	DeviationCourseCreateUpserts         = "course-create-upserts"
	DeviationProvisioningConflictIgnored = "provisioning-conflict-ignored"
	DeviationMemberUniqueUnchecked       = "member-unique-unchecked"
	DeviationSessionUniqueUnchecked      = "session-unique-unchecked"

	// Validation.
	DeviationIssuedIDOptional           = "issuedid-optional"
	DeviationUserIDGenerated            = "userid-generated"
	DeviationLastNameOptional           = "lastname-optional"
	DeviationUpdateIdentityUnchecked    = "update-identity-unchecked"
	DeviationDaysUnchecked              = "days-unchecked"
	DeviationCourseTimesAsSessionErrors = "course-times-as-session-errors"
	DeviationCourseOrderUnchecked       = "course-order-unchecked"
	DeviationAddCode26Allowed           = "addcode-26-allowed"
	DeviationAddCodeNumericAllowed      = "addcode-numeric-allowed"
	DeviationAddCodeCharactersUnchecked = "addcode-characters-unchecked"
	DeviationConversionDataIgnored      = "conversion-data-ignored"
	DeviationAsyncNullAsMissing         = "async-null-as-missing"
	DeviationConversionTotalUnchecked   = "conversion-total-unchecked"
	DeviationConversionTimesOptional    = "conversion-times-optional"
	DeviationCourseISOFieldsWin         = "course-iso-fields-win"
	DeviationCourseDatesOptional        = "course-dates-optional"
	DeviationStrategyDefaulted          = "strategy-defaulted"
	DeviationCourseOwnerOptional        = "course-owner-optional"
	DeviationUniformOptionsIgnored      = "uniform-options-ignored"
	DeviationMemberIdentityUnchecked    = "member-identity-unchecked"
	DeviationSessionTimesAsCourseErrors = "session-times-as-course-errors"
	DeviationSessionTimeZoneDefaulted   = "session-timezone-defaulted"
	DeviationEmptyBulkCreateOK          = "empty-bulk-create-ok"
	DeviationEmptyDeleteOK              = "empty-delete-ok"
)

// Under the race deviations a request about to check a record's
// uniqueness waits, so that concurrent creates overlap; one refused before
// that never waits. A request that meets no other waits only holdAlone,
// long enough for the second of a burst to arrive; once another request
// waits too it waits until the burst has been quiet for the deviation's
// window. Sequential creates so pay holdAlone, not the window.
const holdAlone = 5 * time.Millisecond

// raceWindow is how long, under DeviationRaceUnsafe, requests that are in
// flight together work from what the store held when they arrived.
const raceWindow = 30 * time.Millisecond

// commitQuiet is how long, under DeviationConcurrencyControlOff, the server
// waits for no new request to arrive before it commits what the requests in
// flight together have.
const commitQuiet = 15 * time.Millisecond

var deviations = []reference.Switch{
	{Name: DeviationCodeDropped, Description: `error envelopes omit "code" even where the dictionary documents one`},
	{Name: DeviationPlaceholderUnexpanded, Description: "messages keep the literal placeholders ($SCHOOL_ID, $THE_MISSING_PARAMS, $EMAIL, ${timeZone}, ${info.attendanceID})"},
	{Name: DeviationInfoDropped, Description: `error envelopes omit the "info" object`},
	{Name: DeviationForbiddenAs400, Description: "entries documented as 403 are answered with status 400"},
	{Name: DeviationOverlapAccepted, Description: "overlapping attendance sessions are stored instead of answering \"Attendance Overlap\""},
	{Name: DeviationTimezoneUnchecked, Description: "timeZone is not validated; an unknown zone is read as UTC"},
	{Name: DeviationEmailUnchecked, Description: "user e-mail addresses are not validated (no \"Validation isEmail on email failed.\")"},
	{Name: DeviationRaceUnsafe, Description: "uniqueness is checked against the records stored before the request arrived, so of concurrent duplicate creates every one succeeds"},
	{Name: DeviationConcurrencyControlOff, Description: "requests are not serialized: each checks uniqueness against what was committed when it arrived, and the requests in flight together commit once none has arrived for 15 ms, the last write winning"},

	{Name: DeviationSchoolAuthorizationUnchecked, Description: "users and courses are written at any seeded school, also one the auth key may not act on"},
	{Name: DeviationForeignOwnerAsMissing, Description: "an owner the auth key may not see is answered with \"Owner does not exist\" instead of \"Unauthorized owner\""},
	{Name: DeviationCourseAuthorizationUnchecked, Description: "the course lookup of members and attendance ignores which schools the auth key may act on"},
	{Name: DeviationIntegrationConfigUnchecked, Description: "a school without an integration configuration is used as if it had one"},
	{Name: DeviationAttendanceNameDefaulted, Description: "a course at a school with several attendance settings and no attendanceName gets the first setting"},
	{Name: DeviationDurationMinUnchecked, Description: "durations below 1 minute are accepted, from the request or the school's setting"},
	{Name: DeviationAttendanceOptionsUnchecked, Description: "sessions are stored for courses without attendance options"},
	{Name: DeviationWelcomeEmailSkipped, Description: "a user is created without a welcome e-mail when the school's template is missing"},

	{Name: DeviationUnmatchedUpdateSucceeds, Description: "a user or course update that matches no record answers 200, changing nothing"},
	{Name: DeviationAdminUnchecked, Description: "admin e-mails no visible user has are dropped instead of refused"},
	{Name: DeviationOwnerUnchecked, Description: "an owner e-mail no user has is stored as given instead of refused"},
	{Name: DeviationAddCodeLookupIgnoresCase, Description: "members find courses by addCode ignoring case"},
	{Name: DeviationCourseNotFoundAs404, Description: "\"Course not found\" is answered with status 404"},
	{Name: DeviationUnknownMemberInvited, Description: "an e-mail no user has is enrolled as an invited member"},
	{Name: DeviationUnknownAttendanceDeleteOK, Description: "deleting an attendanceID the course has no session for answers 200, deleting nothing"},

	{Name: DeviationEmailUniqueUnchecked, Description: "a user may be created with the e-mail of another (the later one replaces it)"},
	{Name: DeviationAccountUniqueUnchecked, Description: "a user may be created with the userID of another at the same school"},
	{Name: DeviationAddCodeUniqueUnchecked, Description: "a course may take the addCode of another at the same school"},
	{Name: DeviationCourseCreateUpserts, Description: "creating a courseID the school has updates that course"},
	{Name: DeviationProvisioningConflictIgnored, Description: "an owner's or admin's account is provisioned even when their userID is taken at the course's school"},
	{Name: DeviationMemberUniqueUnchecked, Description: "enrolling an enrolled user again answers 201"},
	{Name: DeviationSessionUniqueUnchecked, Description: "an attendanceID already in the course is not refused (the session is then checked for overlap only)"},

	{Name: DeviationIssuedIDOptional, Description: "users are created without an issuedID"},
	{Name: DeviationUserIDGenerated, Description: "a user without a userID gets a generated one"},
	{Name: DeviationLastNameOptional, Description: "users are created without a lastName"},
	{Name: DeviationUpdateIdentityUnchecked, Description: "a user update naming neither userID nor email is looked up anyway (and answers \"User not found.\")"},
	{Name: DeviationDaysUnchecked, Description: "course days are stored as sent, not validated"},
	{Name: DeviationCourseTimesAsSessionErrors, Description: "course dates and times are validated with the attendance entries (\"Start Date invalid\", codes 10002, 10003, 10006, 10007)"},
	{Name: DeviationCourseOrderUnchecked, Description: "a course may end before it starts"},
	{Name: DeviationAddCode26Allowed, Description: "addCodes of 26 characters are accepted"},
	{Name: DeviationAddCodeNumericAllowed, Description: "addCodes of digits only are accepted"},
	{Name: DeviationAddCodeCharactersUnchecked, Description: "addCode characters are not checked"},
	{Name: DeviationConversionDataIgnored, Description: "conversion fields on a course without a conversion setting are ignored"},
	{Name: DeviationAsyncNullAsMissing, Description: "asyncTime null is read as absent (answering the 3101 entry)"},
	{Name: DeviationConversionTotalUnchecked, Description: "totalTime need not equal syncTime + asyncTime"},
	{Name: DeviationConversionTimesOptional, Description: "the uniform strategy accepts missing conversion times"},
	{Name: DeviationCourseISOFieldsWin, Description: "a course with both start/end and the local date fields uses start/end"},
	{Name: DeviationCourseDatesOptional, Description: "a course without dates is created"},
	{Name: DeviationStrategyDefaulted, Description: "an unknown conversion strategy is read as the setting's default"},
	{Name: DeviationCourseOwnerOptional, Description: "a course is created without an owner"},
	{Name: DeviationUniformOptionsIgnored, Description: "awardedTime and maxAwardedTimePerDay are ignored under the uniform strategy"},
	{Name: DeviationMemberIdentityUnchecked, Description: "an enrolment naming no user is looked up anyway (and answers \"User does not exist.\")"},
	{Name: DeviationSessionTimesAsCourseErrors, Description: "session dates and times are validated with the course entries (\"Invalid start date\", code 10005)"},
	{Name: DeviationSessionTimeZoneDefaulted, Description: "a session without a timeZone is read in the integration's time zone"},
	{Name: DeviationEmptyBulkCreateOK, Description: "a bulk create without sessions answers 201 with none"},
	{Name: DeviationEmptyDeleteOK, Description: "a delete or bulk delete without attendanceIDs answers 200 with none deleted"},
}

// off reports whether a deviation breaks the rule it names.
func (s *Server) off(deviation string) bool { return s.opts.Has(deviation) }
