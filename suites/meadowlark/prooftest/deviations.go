// Package prooftest holds what the Meadowlark proof packages share: the
// specs by what they check and what each named deviation of the reference
// server fails.
package prooftest

import (
	"maps"
	"slices"

	"github.com/edconform/edconform/harness/suitetest"
)

// The specs, by what they check.
var (
	invalidHeader = suitetest.Under("Authorization Failure Invalid Authorization header",
		"rejects a request without an Authorization header",
		"rejects an Authorization header with the Basic scheme")
	notAJWT       = suitetest.Under("Authorization Failure Provided JWT is not well-formed", "rejects a bearer token that is not a JWT")
	foreignJWT    = suitetest.Under("Authorization Failure Provided JWT is not well-formed", "rejects a JWT signed with a key the server does not have")
	inactiveJWT   = suitetest.Under("Authorization Failure Provided JWT is inactive", "rejects a JWT that has expired")
	notAuthorized = suitetest.Under("Authorization Failure Not authorized for the given document",
		"refuses another vendor a GET of the document",
		"refuses another vendor a PUT of the document",
		"refuses another vendor a DELETE of the document")
	missingBody = suitetest.Under("Body Validation No body on POST or PUT", "rejects a POST without a body", "rejects a PUT without a body")
	malformed   = suitetest.Under("Body Validation Malformed body",
		"rejects a POST whose body is not JSON, with the parser's message",
		"rejects a PUT whose body is not JSON, with the parser's message")
	malformedUUID = suitetest.Under("Body Validation Malformed document UUID on PUT, GET, DELETE",
		"answers 404 to a GET of a malformed document UUID",
		"answers 404 to a PUT of a malformed document UUID",
		"answers 404 to a DELETE of a malformed document UUID")
	invalidResource = suitetest.Under("Endpoint Validation Resource endpoint is invalid",
		"names academicWeeks as the most similar resource to academicWeek on GET",
		"names students as the most similar resource to stdents on POST")
	schemaFailure   = suitetest.Under("Body Validation JSON Schema validation failure", "names every failing path in one response, each with message, path and context")
	unequalValues   = suitetest.Under("Body Validation Two document values must be equal but are not", "rejects a school association whose calendar is at another school")
	negativePaging  = suitetest.Under("Query Validation Limit and offset must be non-negative", "rejects a negative limit", "rejects a negative offset")
	offsetNoLimit   = suitetest.Under("Query Validation Limit required with offset", "rejects an offset without a limit")
	unknownProperty = suitetest.Under("Query Validation Query includes property not on resource", "rejects a query on weekIdentifer, which academic weeks do not have")
	deleteReference = suitetest.Under("Delete Failure DELETE_FAILURE_REFERENCE", "refuses to delete a student two associations reference, naming both")
	putCollection   = suitetest.Under("Update Failure Id not in URL", "rejects a PUT to the collection")
	idMismatch      = suitetest.Under("Update Failure Id field in document does not match id in URL", "rejects a PUT whose body carries another document's id")
	updateReference = suitetest.Under("Update Failure UPDATE_FAILURE_REFERENCE", "refuses a local education agency update naming an education service center that does not exist")
	immutable       = suitetest.Under("Update Failure UPDATE_FAILURE_IMMUTABLE_IDENTITY", "refuses to change the weekIdentifier of an academic week, which is part of its identity")
	updateConflict  = suitetest.Under("Update Failure UPDATE_FAILURE_CONFLICT", "refuses to rename a class period to the name of another, naming the other")
	insertConflict  = suitetest.Under("Upsert Failure INSERT_FAILURE_CONFLICT", "refuses a local education agency with the id of an existing school, naming the school")
	// The only reference failure with two missing documents.
	twoMissingReferences = suitetest.Under("Upsert Failure UPDATE_FAILURE_REFERENCE / INSERT_FAILURE_REFERENCE",
		"refuses to insert a school association whose student and school do not exist, naming both")
	upsertReference = suitetest.Under("Upsert Failure UPDATE_FAILURE_REFERENCE / INSERT_FAILURE_REFERENCE",
		"refuses to update by POST a local education agency naming an education service center that does not exist")

	// RaceSpecs are the write-conflict races.
	RaceSpecs = slices.Concat(
		suitetest.Under("Delete Failure DELETE_FAILURE_WRITE_CONFLICT", "answers a delete racing updates of the document with success or the write conflict"),
		suitetest.Under("Update Failure UPDATE_FAILURE_WRITE_CONFLICT", "answers concurrent updates of one document with success or the write conflict"),
		suitetest.Under("Upsert Failure UPSERT_FAILURE_WRITE_CONFLICT",
			"answers concurrent upserts of an existing document with success or the write conflict",
			"answers concurrent upserts of a new document with one insert, updates or the write conflict"))

	// FaultSpecs are the specs only the reference server's fault modes
	// provoke.
	FaultSpecs = slices.Concat(
		suitetest.Under("Authorization Failure Oauth server is unreachable", "answers 502 where the OAuth server cannot be reached"),
		suitetest.Under("Query Validation Query server is unreachable", "answers 502 to a query where the query server cannot be reached"))
)

// FaultModes turns on every fault mode of the reference server.
const FaultModes = "--faults=oauth-server-unreachable,query-server-unreachable"

// Deviations are the specs each deviation of the reference server fails,
// in two groups that proof and validationproof run apart.
type Deviations struct {
	// Others break authorization and the delete, update and upsert
	// failures.
	Others map[string][]string
	// Validation break the checks of a request's body, query and endpoint,
	// or the wording of their answers.
	Validation map[string][]string
}

// Expected is what each deviation fails.
var Expected = Deviations{
	Others: map[string][]string{
		"invalid-auth-header-401":   invalidHeader,
		"delete-referenced-allowed": deleteReference,
		// Every spec of a row whose body has blockingUris.
		"blocking-uris-empty":             slices.Concat(deleteReference, updateConflict, insertConflict),
		"ownership-ignored":               notAuthorized,
		"expired-token-accepted":          inactiveJWT,
		"reference-failures-first-only":   twoMissingReferences,
		"malformed-jwt-as-invalid-header": notAJWT,
		"bad-signature-403":               foreignJWT,
		"reference-failures-400":          slices.Concat(updateReference, twoMissingReferences, upsertReference),
		"immutable-identity-409":          immutable,
	},
	Validation: map[string][]string{
		"offset-without-limit":           offsetNoLimit,
		"schema-first-error-only":        schemaFailure,
		"suggestion-left-out":            invalidResource,
		"empty-body-as-object":           missingBody,
		"malformed-body-500":             malformed,
		"malformed-uuid-400":             malformedUUID,
		"constraints-unchecked":          unequalValues,
		"negative-paging-ignored":        negativePaging,
		"unknown-query-property-ignored": unknownProperty,
		"collection-put-not-found":       putCollection,
		"body-id-ignored":                idMismatch,
		// SHOULD differences only, failed under the strict default profile.
		"names-quoted": QuotedNameSpecs,
	},
}

// QuotedNameSpecs are the specs whose messages name a resource or property
// that Meadowlark 0.4.0 quotes.
var QuotedNameSpecs = slices.Concat(invalidResource, unknownProperty)

// Pinned is every deviation and fault mode with the specs it fails, for
// suitetest.Pinning.
func (d Deviations) Pinned() map[string][]string {
	pinned := maps.Clone(d.Others)
	maps.Copy(pinned, d.Validation)
	pinned["concurrency-control-off"] = RaceSpecs
	pinned["unreachable-dependency-500"] = FaultSpecs
	return pinned
}
