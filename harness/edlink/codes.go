package edlink

// Code is an error code of the "Error Responses" document and its
// description, which the specs expect as the message (Markdown links and
// code spans reduced to their text).
type Code struct{ Name, Message string }

// The codes of the "Error Responses" document, every one documented as HTTP 400.
var (
	Unknown                  = Code{"UNKNOWN", "The server encountered an unexpected condition which prevented it from fulfilling the request."}
	Internal                 = Code{"INTERNAL", "The server encountered an unexpected condition which prevented it from fulfilling the request."}
	UnknownProvider          = Code{"UNKNOWN_PROVIDER", "Edlink could not find the proper provider for the authenticated person or integration."}
	InvalidToken             = Code{"INVALID_TOKEN", "You must supply a valid access token to access this endpoint. Make sure that you're using the correct type of access token for the endpoint you're trying to access."}
	ExpiredToken             = Code{"EXPIRED_TOKEN", "The token you provided, while it was valid at some point, is now expired."}
	UnsharedToken            = Code{"UNSHARED_TOKEN", "The person that this token is associated with is no longer shared with the integration. You should adjust your sharing rules to allow this person to access the integration."}
	InvalidProviderToken     = Code{"INVALID_PROVIDER_TOKEN", "The person that the token belongs to has not signed in to Edlink with their provider account, or their provider tokens have expired, in which case they should sign out and back in again."}
	InvalidIntegrationState  = Code{"INVALID_INTEGRATION_STATE", "The integration associated with the provided access token is not in the correct state to perform the requested action. You must set the integration to active or paused."}
	InvalidUUID              = Code{"INVALID_UUID", "You have provided a UUID in an invalid format. UUIDs must be in the UUID v4 format xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, where each x is a hexadecimal digit. All Edlink IDs are valid v4 UUIDs."}
	UnsupportedOperation     = Code{"UNSUPPORTED_OPERATION", "The current provider does not support the requested operation."}
	NotFoundCode             = Code{"NOT_FOUND", "The requested resource could not be found."}
	NoPermission             = Code{"NO_PERMISSION", "The person that the token belongs to does not have permission to perform the requested action."}
	IdempotencyKeyTooLong    = Code{"IDEMPOTENCY_KEY_TOO_LONG", "The supplied $idempotency key may not be longer than 255 characters. Please review our guide on idempotency."}
	InvalidCursor            = Code{"INVALID_CURSOR", "The supplied cursor is invalid. Please review our guide on pagination."}
	InvalidPageSize          = Code{"INVALID_PAGE_SIZE", "For rostering endpoints, the requested page size must be between 1 and 10000. For other endpoints, the maximum page size varies based on the current provider. Omit the $first parameter to use the default page size. Please review our guide on pagination."}
	EntityNotPresentInSource = Code{"ENTITY_NOT_PRESENT_IN_SOURCE", "The current user or class is not present in the source system. This typically occurs when the user or class is only present in the source through data enrichment. For instance, a user who is only present in the SIS, but does not have a matching profile in the LMS."}
	InvalidSubmissionType    = Code{"INVALID_SUBMISSION_TYPE", "One or more submission_types are invalid."}
	MissingRequiredField     = Code{"MISSING_REQUIRED_FIELD", "One or more required fields are missing."}
	InvalidAssignees         = Code{"INVALID_ASSIGNEES", "One or more assignee_ids must be provided when the assignee_mode is individual. Each ID should be that of a Person. The assignee_ids must be valid Edlink IDs, and they must all be enrolled in the associated class."}
)

// Codes are the documented codes, in the document's order.
var Codes = []Code{Unknown, Internal, UnknownProvider, InvalidToken, ExpiredToken, UnsharedToken,
	InvalidProviderToken, InvalidIntegrationState, InvalidUUID, UnsupportedOperation, NotFoundCode,
	NoPermission, IdempotencyKeyTooLong, InvalidCursor, InvalidPageSize, EntityNotPresentInSource,
	InvalidSubmissionType, MissingRequiredField, InvalidAssignees}

var codeByName = func() map[string]Code {
	m := make(map[string]Code, len(Codes))
	for _, c := range Codes {
		m[c.Name] = c
	}
	return m
}()
