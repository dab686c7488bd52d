package meadowlark

import (
	"net/http"

	"github.com/edconform/edconform/reference"
)

// The document's messages.
const (
	msgMissingBody         = "Missing body"
	msgMalformedBody       = "Malformed body: "
	msgNonNegative         = "Must be set to a numeric value >= 0"
	msgLimitWithOffset     = "Limit must be provided when using offset"
	msgInvalidRequest      = "The request is invalid."
	msgDeleteReferenced    = "The resource cannot be deleted because it is a dependency of other documents"
	msgWriteConflict       = "Write conflict due to concurrent access to this or related resources"
	msgIDMismatch          = "The identity of the resource does not match the identity in the updated document."
	msgReferenceValidation = "Reference validation failed"
	msgImmutableIdentity   = "The identity fields of the document cannot be modified"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(reference.JSON(v))
}

// writeEmpty answers the rows the document shows with no message.
func writeEmpty(w http.ResponseWriter, status int) { w.WriteHeader(status) }

// writeError answers {"error": error}, where error is a string, a list or
// an object, as each row shows.
func writeError(w http.ResponseWriter, status int, error any) {
	writeJSON(w, status, map[string]any{"error": error})
}

// writeMessage answers {"error": {"message": message, ...extra}}.
func writeMessage(w http.ResponseWriter, status int, message string, extra map[string]any) {
	body := map[string]any{"message": message}
	for k, v := range extra {
		body[k] = v
	}
	writeError(w, status, body)
}
