// Package edlink is the reference server for the Edlink API v2: an in-memory
// model of integrations, providers, rostering data, people, tokens, cursors,
// idempotency keys and class assignments, answering the Graph API
// (integration tokens) and the User API (person tokens) under /api/v2 with
// Edlink's envelopes and the 19 error codes of its "Error Responses" page.
//
// Build it with New(Config{...}) or through the reference registry as vendor
// "edlink" (defaults). Every error is HTTP 400, as the error document says;
// Config.EdlinkStatuses switches to the 401/404 of Edlink's guides and
// declares that in the profile.
//
// # Profile overlay
//
//	vendor: edlink
//	target:
//	  baseURL: <server>/api/v2          # specs append /graph/..., /my/...
//	auth:
//	  tokens:                            # {value: ...} each, random per start
//	    integration                      # active integration, Canvas (supports assignments)
//	    pausedIntegration                # paused integration: works like active
//	    disabledIntegration              # disabled integration: INVALID_INTEGRATION_STATE
//	    unsupportedProvider              # integration on a SIS without assignments: UNSUPPORTED_OPERATION
//	    teacher, ta, student             # person tokens (User API) of classId's teacher, TA, student
//	    expired                          # person token past its expiry: EXPIRED_TOKEN
//	    unshared                         # person excluded by sharing rules: UNSHARED_TOKEN
//	    invalidProvider                  # teacher of classId whose provider tokens expired: INVALID_PROVIDER_TOKEN on assignments
//	    noProviderSignIn                 # teacher of classId who never signed in with the provider: INVALID_PROVIDER_TOKEN on assignments
//	    enrichmentOnly                   # teacher of classId known only through enrichment: ENTITY_NOT_PRESENT_IN_SOURCE on assignments
//	    pausedIntegrationTeacher         # the teacher, through the paused integration
//	    disabledIntegrationTeacher       # the teacher, through the disabled integration
//	    unsupportedProviderTeacher       # teacher of unsupportedProviderClassId on the SIS
//	    unknownProvider                  # only with fault unknown-provider: UNKNOWN_PROVIDER
//	    internalError                    # only with fault internal-error: INTERNAL
//	    unknownError                     # only with fault unknown-error: UNKNOWN
//	settings:
//	  pageSizeMax: 10000                 # $first bound on rostering endpoints
//	  defaultPageSize: 100
//	  assignmentsPageSizeMax: 100        # $first bound on assignment lists (the provider's)
//	  idempotencyKeyMaxLength: 255
//	  cursorLifetimeSeconds: 3600
//	  expiredCursor: <cursor>            # issued to `integration` for /graph/people, now expired
//	  assigneeModes: [all, individuals, individual]
//	  gradingTypes: [points, percent, pass_fail, letter_grade, rubric]
//	  submissionTypes: [link, file, text, discussion]
//	  providers: {integration: canvas, unsupportedProvider: infinitecampus}
//	  districtId, schoolId, sessionId, courseId, sectionId, enrollmentId
//	  classId                            # teacher, ta, student, invalidProvider, noProviderSignIn, enrichmentOnly enrolled
//	  otherClassId                       # taught by teacher; student not enrolled
//	  enrichmentOnlyClassId              # taught by teacher, known only through enrichment
//	  foreignClassId                     # another integration's class: NOT_FOUND for `integration`
//	  unsupportedProviderClassId         # same class, as unsupportedProvider sees it
//	  teacherPersonId, taPersonId, studentPersonId
//	  enrolledPersonIds: [...]           # students of classId who may be assignees
//	  notEnrolledPersonId                # a shared student not in classId
//	  enrichmentOnlyPersonId             # enrolled in classId only through enrichment
//	  unsharedPersonId                   # enrolled in classId, not shared: NOT_FOUND on the Graph API
//	  assignmentId                       # in classId, assigned to all
//	  individualAssignmentId             # in classId, assigned to one student other than `student`
//	  statusOverrides: {INVALID_TOKEN: 401, EXPIRED_TOKEN: 401, NOT_FOUND: 404}   # only with EdlinkStatuses
package edlink
