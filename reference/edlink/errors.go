package edlink

import (
	"errors"
	"strings"
)

// code is one of the error codes of Edlink's "Error Responses" document.
type code string

const (
	codeUnknown                  code = "UNKNOWN"
	codeInternal                 code = "INTERNAL"
	codeUnknownProvider          code = "UNKNOWN_PROVIDER"
	codeInvalidToken             code = "INVALID_TOKEN"
	codeExpiredToken             code = "EXPIRED_TOKEN"
	codeUnsharedToken            code = "UNSHARED_TOKEN"
	codeInvalidProviderToken     code = "INVALID_PROVIDER_TOKEN"
	codeInvalidIntegrationState  code = "INVALID_INTEGRATION_STATE"
	codeInvalidUUID              code = "INVALID_UUID"
	codeUnsupportedOperation     code = "UNSUPPORTED_OPERATION"
	codeNotFound                 code = "NOT_FOUND"
	codeNoPermission             code = "NO_PERMISSION"
	codeIdempotencyKeyTooLong    code = "IDEMPOTENCY_KEY_TOO_LONG"
	codeInvalidCursor            code = "INVALID_CURSOR"
	codeInvalidPageSize          code = "INVALID_PAGE_SIZE"
	codeEntityNotPresentInSource code = "ENTITY_NOT_PRESENT_IN_SOURCE"
	codeInvalidSubmissionType    code = "INVALID_SUBMISSION_TYPE"
	codeMissingRequiredField     code = "MISSING_REQUIRED_FIELD"
	codeInvalidAssignees         code = "INVALID_ASSIGNEES"
)

// messages are the document's descriptions, with Markdown links and code
// spans reduced to plain text.
var messages = map[code]string{
	codeUnknown:                  "The server encountered an unexpected condition which prevented it from fulfilling the request.",
	codeInternal:                 "The server encountered an unexpected condition which prevented it from fulfilling the request.",
	codeUnknownProvider:          "Edlink could not find the proper provider for the authenticated person or integration.",
	codeInvalidToken:             "You must supply a valid access token to access this endpoint. Make sure that you're using the correct type of access token for the endpoint you're trying to access.",
	codeExpiredToken:             "The token you provided, while it was valid at some point, is now expired.",
	codeUnsharedToken:            "The person that this token is associated with is no longer shared with the integration. You should adjust your sharing rules to allow this person to access the integration.",
	codeInvalidProviderToken:     "The person that the token belongs to has not signed in to Edlink with their provider account, or their provider tokens have expired, in which case they should sign out and back in again.",
	codeInvalidIntegrationState:  "The integration associated with the provided access token is not in the correct state to perform the requested action. You must set the integration to active or paused.",
	codeInvalidUUID:              "You have provided a UUID in an invalid format. UUIDs must be in the UUID v4 format xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, where each x is a hexadecimal digit. All Edlink IDs are valid v4 UUIDs.",
	codeUnsupportedOperation:     "The current provider does not support the requested operation.",
	codeNotFound:                 "The requested resource could not be found.",
	codeNoPermission:             "The person that the token belongs to does not have permission to perform the requested action.",
	codeIdempotencyKeyTooLong:    "The supplied $idempotency key may not be longer than 255 characters. Please review our guide on idempotency.",
	codeInvalidCursor:            "The supplied cursor is invalid. Please review our guide on pagination.",
	codeInvalidPageSize:          "For rostering endpoints, the requested page size must be between 1 and 10000. For other endpoints, the maximum page size varies based on the current provider. Omit the $first parameter to use the default page size. Please review our guide on pagination.",
	codeEntityNotPresentInSource: "The current user or class is not present in the source system. This typically occurs when the user or class is only present in the source through data enrichment. For instance, a user who is only present in the SIS, but does not have a matching profile in the LMS.",
	codeInvalidSubmissionType:    "One or more submission_types are invalid.",
	codeMissingRequiredField:     "One or more required fields are missing.",
	codeInvalidAssignees:         "One or more assignee_ids must be provided when the assignee_mode is individual. Each ID should be that of a Person. The assignee_ids must be valid Edlink IDs, and they must all be enrolled in the associated class.",
}

// edlinkStatuses are the statuses Edlink's guides give for some codes, where
// the error document says 400 for every code.
var edlinkStatuses = map[code]int{
	codeInvalidToken: 401,
	codeExpiredToken: 401,
	codeNotFound:     404,
}

// apiError is a refusal carrying one or more documented codes.
type apiError struct {
	codes []code
	// unknownID marks a NOT_FOUND for a well-formed id naming nothing the
	// caller can see (as opposed to an unknown route).
	unknownID bool
	// missing names the required fields a MISSING_REQUIRED_FIELD is about.
	missing []string
}

func (e *apiError) Error() string {
	parts := make([]string, len(e.codes))
	for i, c := range e.codes {
		parts[i] = string(c)
	}
	return strings.Join(parts, ", ")
}

func fail(codes ...code) *apiError { return &apiError{codes: codes} }

func notFoundID() *apiError { return &apiError{codes: []code{codeNotFound}, unknownID: true} }

// errStoreUnavailable is a failure of the data store behind a source; it
// surfaces as INTERNAL. Any other unexpected error surfaces as UNKNOWN.
var errStoreUnavailable = errors.New("source data store unavailable")

// errUnrecognisedProviderReply is an unexpected provider answer the server
// has no classification for.
var errUnrecognisedProviderReply = errors.New("provider returned an unrecognised reply")

// classify turns any error a handler returns into a refusal. The failure
// deviations bend it: a store failure read as unclassified, or anything
// unclassified as internal.
func (s *Server) classify(err error) *apiError {
	var api *apiError
	switch {
	case errors.As(err, &api):
		return api
	case errors.Is(err, errStoreUnavailable) && !s.deviates(DeviationStoreFailureUnknown):
		return fail(codeInternal)
	case s.deviates(DeviationUnclassifiedInternal):
		return fail(codeInternal)
	default:
		return fail(codeUnknown)
	}
}
