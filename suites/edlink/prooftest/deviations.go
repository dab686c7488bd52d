// Package prooftest holds what the Edlink proof packages share: the specs
// by what they check and what each named deviation of the reference server
// fails, with and without the fault modes.
package prooftest

import (
	"maps"
	"slices"

	"github.com/edconform/edconform/harness/suitetest"
)

// The specs, by what they check.
var (
	missingAuthorization = suitetest.Under("400 INVALID_TOKEN",
		"rejects a Graph API request without an Authorization header",
		"rejects a User API request without an Authorization header")
	unissuedToken  = suitetest.Under("400 INVALID_TOKEN", "rejects a bearer token the server never issued")
	wrongTokenKind = suitetest.Under("400 INVALID_TOKEN",
		"rejects a person token on the Graph API",
		"rejects an integration token on the User API")
	invalidToken  = slices.Concat(missingAuthorization, unissuedToken, wrongTokenKind)
	expiredToken  = suitetest.Under("400 EXPIRED_TOKEN", "rejects a person token past its expiry")
	unsharedToken = suitetest.Under("400 UNSHARED_TOKEN", "rejects the token of a person the integration's sharing rules exclude")

	disabledIntegration = suitetest.Under("400 INVALID_INTEGRATION_STATE",
		"rejects a Graph API request with the token of a disabled integration",
		"rejects a User API request with a person token of a disabled integration")
	pausedIntegration = suitetest.Under("400 INVALID_INTEGRATION_STATE",
		"serves a Graph API request with the token of a paused integration",
		"serves a User API request with a person token of a paused integration")
	taAuthors    = suitetest.Under("400 NO_PERMISSION", "lets a ta of the class create an assignment")
	noPermission = suitetest.Under("400 NO_PERMISSION",
		"refuses a student creating an assignment in their class",
		"refuses a student updating an assignment they can see",
		"refuses a student deleting an assignment they can see")

	invalidUUID = suitetest.Under("400 INVALID_UUID",
		"rejects a Graph API entity id that is not a UUID",
		"rejects a parent id missing its last group of digits",
		"rejects an id with a digit that is not hexadecimal",
		"rejects a User API class id that is not a UUID",
		"rejects an assignment id that is not a UUID")
	withoutField = func(field string) []string {
		return suitetest.Under("400 MISSING_REQUIRED_FIELD", "reports a new assignment without "+field)
	}
	graphWithoutTitle    = suitetest.Under("400 MISSING_REQUIRED_FIELD", "reports a Graph API assignment without a title")
	clearedTitle         = suitetest.Under("400 MISSING_REQUIRED_FIELD", "reports an update that clears the title")
	missingRequiredField = slices.Concat(withoutField("title"), withoutField("description"), withoutField("due_date"),
		withoutField("grading_type"), suitetest.Under("400 MISSING_REQUIRED_FIELD", "reports a new assignment without any of its required fields"),
		graphWithoutTitle, clearedTitle)
	invalidSubmissionType = suitetest.Under("400 INVALID_SUBMISSION_TYPE",
		"rejects one unknown submission type among valid ones",
		"rejects submission types that are all unknown")
	assigneesOmitted = suitetest.Under("400 INVALID_ASSIGNEES",
		"rejects individual assignment without assignee_ids",
		"rejects individual assignment with an empty assignee_ids",
		"rejects the document's assignee_mode individual without assignee_ids")
	malformedAssignee   = suitetest.Under("400 INVALID_ASSIGNEES", "rejects an assignee id that is not a valid Edlink ID")
	unresolvedAssignees = suitetest.Under("400 INVALID_ASSIGNEES",
		"rejects an assignee id that names nobody",
		"rejects an assignee id that is not a person's but a school's",
		"rejects an assignee who is not enrolled in the class",
		"rejects assignees of whom one is not enrolled in the class")
	invalidAssignees  = slices.Concat(assigneesOmitted, malformedAssignee, unresolvedAssignees)
	enrolledAssignees = suitetest.Under("400 INVALID_ASSIGNEES", "accepts assignees who are all enrolled in the class")

	expiredCursor  = suitetest.Under("400 INVALID_CURSOR", "rejects a cursor that has expired")
	unissuedCursor = suitetest.Under("400 INVALID_CURSOR", "rejects a cursor the server never issued")
	invalidCursor  = slices.Concat(unissuedCursor, expiredCursor)
	issuedCursor   = suitetest.Under("400 INVALID_CURSOR", "accepts the cursor of a page's $next link")
	rosteringMax   = suitetest.Under("400 INVALID_PAGE_SIZE",
		"rejects a page size above 10000 on a rostering endpoint",
		"rejects a page size above 10000 on the User API's rostering endpoint")
	zeroPageSize         = suitetest.Under("400 INVALID_PAGE_SIZE", "rejects a page size of 0 on a rostering endpoint")
	assignmentPageSize   = suitetest.Under("400 INVALID_PAGE_SIZE", "rejects a page size above the provider's bound on an assignment list")
	invalidPageSize      = slices.Concat(zeroPageSize, assignmentPageSize, rosteringMax)
	rosteringMaxAccepted = suitetest.Under("400 INVALID_PAGE_SIZE", "accepts a page size of 10000 on a rostering endpoint")

	keyTooLong = suitetest.Under("400 IDEMPOTENCY_KEY_TOO_LONG", "rejects a key of 256 characters")
	keyReplay  = suitetest.Under("400 IDEMPOTENCY_KEY_TOO_LONG", "accepts a key of 255 characters, and a repeat of it replays the first response")

	unknownRoute        = suitetest.Under("400 NOT_FOUND", "answers a path that is no endpoint")
	unknownParent       = suitetest.Under("400 NOT_FOUND", "answers the enrollments of a class that does not exist")
	foreignClass        = suitetest.Under("400 NOT_FOUND", "answers a class of another integration")
	unsharedPerson      = suitetest.Under("400 NOT_FOUND", "answers a person the integration's sharing rules exclude")
	unenrolledClass     = suitetest.Under("400 NOT_FOUND", "answers a class the person is not enrolled in")
	misplacedAssignment = suitetest.Under("400 NOT_FOUND", "answers an assignment addressed under another class")
	unassignedStudent   = suitetest.Under("400 NOT_FOUND", "answers a student asking for an assignment not assigned to them")
	unknownID           = slices.Concat(suitetest.Under("400 NOT_FOUND",
		"answers a well-formed person id that names nobody",
		"answers an assignment id that names nothing",
		"answers an update of an assignment that does not exist"),
		unknownParent, foreignClass, unsharedPerson, unenrolledClass, misplacedAssignment, unassignedStudent)
	notFound = append(slices.Clone(unknownRoute), unknownID...)

	neverSignedIn         = suitetest.Under("400 INVALID_PROVIDER_TOKEN", "rejects assignments for a person who never signed in with their provider account")
	providerTokensExpired = suitetest.Under("400 INVALID_PROVIDER_TOKEN", "rejects assignments for a person whose provider tokens have expired")
	invalidProviderToken  = slices.Concat(neverSignedIn, providerTokensExpired)
	unsupportedOperation  = suitetest.Under("400 UNSUPPORTED_OPERATION",
		"refuses Graph API assignments on a provider without them",
		"refuses User API assignments on a provider without them")
	enrichmentOnlyPerson = suitetest.Under("400 ENTITY_NOT_PRESENT_IN_SOURCE", "refuses assignments to a user present only through data enrichment")
	enrichmentOnlyClass  = suitetest.Under("400 ENTITY_NOT_PRESENT_IN_SOURCE",
		"refuses User API assignments of a class present only through data enrichment",
		"refuses Graph API assignments of a class present only through data enrichment")
	entityNotPresent = slices.Concat(enrichmentOnlyPerson, enrichmentOnlyClass)

	// Only the reference server's fault modes provoke these.
	unknownProvider = suitetest.Under("400 UNKNOWN_PROVIDER", "answers a request of an integration whose provider Edlink cannot find")
	unknown         = suitetest.Under("400 UNKNOWN", "answers a request the server could not fulfil for an unclassified reason")
	internal        = suitetest.Under("400 INTERNAL", "answers a request the server could not fulfil because of an internal failure")
	FaultSpecs      = slices.Concat(unknownProvider, unknown, internal)

	// errorSpecs expect an error envelope; successSpecs a success envelope.
	errorSpecs = slices.Concat(invalidToken, expiredToken, unsharedToken, disabledIntegration, noPermission,
		invalidUUID, missingRequiredField, invalidSubmissionType, invalidAssignees, invalidCursor, invalidPageSize,
		keyTooLong, notFound, invalidProviderToken, unsupportedOperation, entityNotPresent)
	successSpecs = slices.Concat(pausedIntegration, taAuthors, enrolledAssignees, issuedCursor, rosteringMaxAccepted, keyReplay)
)

// EdlinkStatusSpecs are the specs of the cases Edlink's own servers answer
// with 401 or 404, which a profile may declare.
var EdlinkStatusSpecs = slices.Concat(invalidToken, expiredToken, notFound)

// Deviations are the specs each deviation of the reference server fails,
// and only those, in two groups that proof and validationproof run apart.
type Deviations struct {
	// Others break envelopes, tokens and integration states, what a caller
	// may see or do, idempotent replays, routes and providers.
	Others map[string][]string
	// Validation each drop one check of what a request sends: a required
	// field, a value, an id, an assignee, a cursor, a page size or an
	// idempotency key.
	Validation map[string][]string
}

// Expected is what each deviation fails.
var Expected = Deviations{
	Others: map[string][]string{
		// Every error envelope is checked for $errors and documented codes.
		"errors-renamed":   errorSpecs,
		"codes-lowercased": errorSpecs,
		// Every envelope, error or success, is checked for $request.
		"request-id-missing":   slices.Concat(errorSpecs, successSpecs),
		"unknown-id-empty-200": unknownID,
		"idempotency-ignored":  keyReplay,
		// 401/404 without the profile declaring them.
		"undeclared-edlink-statuses": EdlinkStatusSpecs,

		"anonymous-not-found":         missingAuthorization,
		"unknown-token-expired":       unissuedToken,
		"token-kind-unchecked":        wrongTokenKind,
		"expired-token-invalid":       expiredToken,
		"unshared-token-served":       unsharedToken,
		"disabled-integration-served": disabledIntegration,
		"paused-integration-refused":  pausedIntegration,
		"student-writes-allowed":      noPermission,
		"ta-not-author":               taAuthors,

		"unknown-route-plain-404":       unknownRoute,
		"unknown-parent-empty-list":     unknownParent,
		"foreign-entities-visible":      foreignClass,
		"unshared-people-visible":       unsharedPerson,
		"my-class-enrollment-unchecked": unenrolledClass,
		"assignment-class-unchecked":    misplacedAssignment,
		"students-see-all-assignments":  unassignedStudent,

		"provider-sign-in-unchecked":      neverSignedIn,
		"provider-token-expiry-unchecked": providerTokensExpired,
		"provider-capability-unchecked":   unsupportedOperation,
		"enrichment-only-person-served":   enrichmentOnlyPerson,
		"enrichment-only-class-served":    enrichmentOnlyClass,
	},
	Validation: map[string][]string{
		"page-size-unchecked":              rosteringMax,
		"expired-cursor-accepted":          expiredCursor,
		"invalid-uuid-not-found":           invalidUUID,
		"idempotency-key-length-unchecked": keyTooLong,
		"title-not-required":               slices.Concat(withoutField("title"), graphWithoutTitle, clearedTitle),
		"description-not-required":         withoutField("description"),
		"due-date-not-required":            withoutField("due_date"),
		"grading-type-not-required":        withoutField("grading_type"),
		"patch-null-ignored":               clearedTitle,
		"missing-fields-named":             missingRequiredField,
		"submission-types-unchecked":       invalidSubmissionType,
		"assignee-ids-optional":            assigneesOmitted,
		"assignee-id-invalid-uuid":         malformedAssignee,
		"assignees-unresolved":             unresolvedAssignees,
		"individuals-mode-unknown":         enrolledAssignees,

		"unknown-cursor-restarts":        unissuedCursor,
		"cursor-bound-to-query":          issuedCursor,
		"page-size-zero-default":         zeroPageSize,
		"page-size-max-exclusive":        rosteringMaxAccepted,
		"assignment-page-size-rostering": assignmentPageSize,
	},
}

// All is every deviation of both groups.
func (d Deviations) All() map[string][]string {
	all := maps.Clone(d.Others)
	maps.Copy(all, d.Validation)
	return all
}

// EnvelopeWide are the deviations that break every envelope, or a status
// table across families, rather than one behaviour.
var EnvelopeWide = []string{"errors-renamed", "codes-lowercased", "request-id-missing", "undeclared-edlink-statuses"}

// FaultDeviations maps deviations to the specs they fail with every
// fault mode on; the server-fault deviations break only their fault's answer.
var FaultDeviations = map[string][]string{
	"codes-lowercased":              slices.Concat(errorSpecs, FaultSpecs),
	"unknown-provider-not-found":    unknownProvider,
	"store-failure-unknown":         internal,
	"unclassified-failure-internal": unknown,
}
