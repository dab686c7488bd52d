package prooftest

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suitetest"
)

// The specs, by documented case.
var (
	under = suitetest.Under

	missingHeader  = under("401 Unauthorized Missing Authorization header", "rejects a request without an Authorization header")
	basicScheme    = under("401 Unauthorized Unsupported Authorization header scheme", "rejects Basic credentials")
	blankToken     = under("401 Unauthorized Missing or blank token in the Authorization header", "rejects the bearer scheme with no token")
	unknownToken   = under("401 Unauthorized Expired or invalid token in the Authorization header", "rejects a token the server never issued")
	expiredToken   = under("401 Unauthorized Expired or invalid token in the Authorization header", "rejects a token that has expired")
	dataPolicy     = under("403 Forbidden Data Policy Failure Due to Incorrect Usage", "rejects a profile content type not assigned to the caller")
	namespace      = under("403 Forbidden Invalid Namespace Prefix", "rejects an assessment whose namespace matches none of the caller's prefixes")
	noRelationship = under("403 Forbidden Student / Parent / Staff Relationship Does Not Exist", "denies reading a student the caller has no school association with")
	missingStaff   = under("403 Forbidden Missing Student or Staff", "denies a staff section association for a staff member that does not exist")
	forbiddenOrgs  = under("403 Forbidden Not Authorized for a School or Education Organization",
		"denies a class period for a school outside the caller's education organizations",
		"denies a student education organization association outside the caller's education organizations")
	actionDenied  = under("403 Forbidden The Requested Action Is Not Permitted", "denies updating a descriptor to a client whose claim set only reads descriptors")
	missingClaim  = under("403 Forbidden Missing Claim", "denies a descriptor update to a client whose claim set has no claim on descriptors")
	dependentItem = under("409 Conflict Dependent Item Exists", "refuses to delete a student that an attendance event references")
	unresolved    = under("409 Conflict Unresolved Reference",
		"refuses a calendar for a school year that does not exist",
		"refuses a chart of accounts whose fund dimension does not exist",
		"refuses a student school association for a student that does not exist")
	nonUnique     = under("409 Conflict Identifying Values Are Not Unique", "refuses a PUT that gives a class period the name of another")
	keyChange     = under("400 Bad Request Identifying values for the resource cannot be changed", "rejects a PUT that changes the name of a program, which is part of its identity")
	clientID      = under("400 Bad Request Resource identifiers cannot be assigned by the client", "rejects a POST whose body carries an id")
	missingOne    = under("400 Bad Request Missing a Required Property", "reports a missing codeValue")
	missingBoth   = under("400 Bad Request Missing a Required Property", "reports both missing properties, codeValue and shortDescription, in one response")
	tooLong       = under("400 Bad Request String Length Validation Error", "reports a codeValue longer than 50 characters")
	twoCommas     = under("400 Bad Request Non-Compliant JSON Body", "reports two commas after a property value")
	missingBrace  = under("400 Bad Request Non-Compliant JSON Body", "reports a missing closing curly brace")
	overflow      = under("400 Bad Request Integer Overflow", "reports a communityOrganizationId too large for Int64")
	lengthRange   = under("400 Bad Request Excessive String Length", "reports a rating longer than 35 characters")
	emptyBody     = under("400 Bad Request Empty Request Body", "rejects a POST with no body at all")
	emptyPutBody  = under("400 Bad Request Empty Request Body", "rejects a PUT with no body at all")
	wrongEncoding = under("400 Bad Request Transmitting in the Wrong Character Encoding", "rejects a UTF-8 body declared as UTF-16")
	dangerous     = under("400 Bad Request Potentially Dangerous Value", "reports HTML in a string, alongside its length error")
	keyWhitespace = under("400 Bad Request Leading or Trailing Whitespace in Natural Key String", "reports a ratingTitle with leading and trailing spaces")
	emptyArray    = under("400 Bad Request No Item in Required Array", "reports a bell schedule with an empty classPeriods array")
	itemRequired  = under("400 Bad Request Missing a Required Property on an Item in a Collection", "points at the second score, which lacks its reporting method")
	unification   = under("400 Bad Request Key Unification Error", "reports every reference whose schoolId or schoolYear disagrees")
	descriptors   = under("400 Bad Request Descriptor Does Not Exist",
		"reports a term descriptor whose code value does not exist, on PUT",
		"reports a term descriptor in a namespace that does not exist, on POST")
	mediaTypes = under("415 Unsupported Media Type", "refuses a body sent without a Content-Type", "refuses a body sent as text/plain")
	postToItem = under("405 Method Not Allowed POST Request with an ID in the URL", "refuses a POST to an item")
	collection = under("405 Method Not Allowed DELETE or PUT Request without an ID in the URL",
		"refuses a PUT to the whole collection", "refuses a DELETE of the whole collection")
	patch          = under("405 Method Not Allowed PATCH Requests", "refuses PATCH")
	typo           = under("404 Not Found Resource Name Typo", "answers not found for the singular 'academicWeek'")
	absentID       = under("404 Not Found ID Does Not Exist", "answers not found for a PUT to an id that does not exist")
	malformedID    = under("400 Bad Request ID Does Not Exist", "reports a PUT to an id that is not an id at all at $.id")
	staleIfMatch   = under("412 Precondition Failed", "refuses a PUT whose If-Match names a version another client has replaced")
	limitAbove     = under("400 Bad Request Invalid Limit Count", "rejects a limit one above the page-size limit")
	negativeLimit  = under("400 Bad Request Invalid Limit Count", "rejects a negative limit")
	readableOnPut  = under("400 Bad Request Invalid Profile Usage", "rejects a readable profile content type on PUT")
	writableOnPost = under("400 Bad Request Invalid Method Usage", "rejects the writable content type of a read-only profile on POST")
	InternalError  = under("500 Internal Server Error", "is a catch-all with no documented cause")

	// The cases only the Data Management Service documents; the default
	// profile leaves them out (productproof proves them).
	bodyIDMismatch = under("Data Management Service", "rejects a PUT whose body id differs from the id in its route")
	rateLimit      = under("Data Management Service rate limit", "refuses requests past the deployment's rate limit")

	// What ODS/API answers beyond the knowledge base, as its own tests expect.
	idFilter      = under("ODS/API as shipped 400 Bad Request", "reports an id query filter that is not an id at $.id")
	emptyString   = under("ODS/API as shipped 400 Bad Request", "says an empty required string should not be left empty")
	correlationID = under("ODS/API as shipped 400 Bad Request",
		"echoes a correlation-id header in the problem's correlationId", "echoes a correlationId query value in the problem's correlationId")
	head        = under("ODS/API as shipped 405 Method Not Allowed", "refuses HEAD")
	notModified = under("ODS/API as shipped 304 Not Modified", "answers a GET whose If-None-Match names the current version with 304")
	// bodiless are the specs whose responses carry no body to bend.
	bodiless = slices.Concat(head, notModified)

	// RequiredMessageSpecs are the specs whose documented messages say
	// that a required property is missing.
	RequiredMessageSpecs = slices.Concat(missingOne, missingBoth, itemRequired)
)

// ofAProduct reports whether a spec is of a case only one product
// documents, which the default profile does not select.
func ofAProduct(s types.SpecReport) bool {
	return slices.ContainsFunc(edfi.Products, func(p string) bool { return slices.Contains(s.Labels(), p) })
}

// EnvelopeWide are the deviations that break every response, or every
// response of a family, at once: they pin no single behaviour.
var EnvelopeWide = []string{"type-urn-misspelled", "status-mismatch", "content-type-text", "no-correlation-id"}

// Deviations are the specs each named deviation of the reference server
// fails, in three groups that proof, accessproof and validationproof run
// apart.
type Deviations struct {
	// Validation break the checks of a request's body, query and headers
	// (400 and 415 answers) or the problem types of those answers.
	Validation map[string][]string
	// Access break authentication and authorization.
	Access map[string][]string
	// Others break the envelope of every answer, conflicts, methods, routes
	// and preconditions.
	Others map[string][]string
}

// All is every deviation of every group.
func (d Deviations) All() map[string][]string {
	all := maps.Clone(d.Others)
	maps.Copy(all, d.Access)
	maps.Copy(all, d.Validation)
	return all
}

// Pinned is every deviation and fault mode with the specs it fails, for
// suitetest.Pinning: the deviations, the plain-text answer to the database
// fault and the deviations of the cases only DMS documents (productproof
// runs those).
func (d Deviations) Pinned() map[string][]string {
	pinned := d.All()
	pinned["server-failure-plain-text"] = InternalError
	pinned["body-id-unchecked"] = bodyIDMismatch
	pinned["rate-limit-unenforced"] = rateLimit
	return pinned
}

// ExpectedDeviations lists the specs of the suite run by test and sorts
// them by the deviation that fails them.
func ExpectedDeviations(t *testing.T, test string) Deviations {
	t.Helper()
	runnable := suitetest.SpecsWhere(t, test, func(s types.SpecReport) bool { return suitetest.Runnable(s) && !ofAProduct(s) })
	except := func(all []string, drop ...string) []string {
		return slices.DeleteFunc(slices.Clone(all), func(s string) bool {
			for _, d := range drop {
				if strings.Contains(s, d) {
					return true
				}
			}
			return false
		})
	}
	withBody := except(runnable, bodiless...)
	// Every spec whose documented type is data-validation-failed or one of
	// its children; the empty-body and encoding cases are plain bad-request.
	dataValidationTypes := except(suitetest.SpecsWhere(t, test, func(s types.SpecReport) bool {
		return slices.Contains(s.Labels(), "data-validation") && !ofAProduct(s)
	}), slices.Concat(emptyBody, correlationID, []string{"Wrong Character Encoding"})...)

	return Deviations{
		Validation: map[string][]string{
			"type-urn-misspelled": dataValidationTypes,
			// The specs that expect more than one validationErrors path.
			"first-validation-error-only": slices.Concat(unification, missingBoth, twoCommas),
			"limit-unchecked":             limitAbove,
			// A SHOULD-level text: it fails only because the default profile is strict.
			"required-message-reworded": RequiredMessageSpecs,
			"key-change-type-generic":   keyChange,
			"client-ids-accepted":       clientID,
			"max-length-unchecked":      tooLong,
			// The dangerous-value case reports the length error too.
			"length-range-unchecked":        slices.Concat(lengthRange, dangerous),
			"dangerous-text-accepted":       dangerous,
			"key-whitespace-accepted":       keyWhitespace,
			"min-items-unchecked":           emptyArray,
			"key-unification-unchecked":     unification,
			"descriptors-unchecked":         descriptors,
			"json-errors-unpathed":          slices.Concat(twoCommas, missingBrace, overflow),
			"empty-body-as-object":          slices.Concat(emptyBody, emptyPutBody),
			"empty-put-body-as-bad-request": emptyPutBody,
			"route-id-unvalidated":          malformedID,
			"id-filter-ignored":             idFilter,
			// A SHOULD-level text, like required-message-reworded.
			"empty-string-as-missing":    emptyString,
			"charset-ignored":            wrongEncoding,
			"media-type-unchecked":       mediaTypes,
			"malformed-id-bad-request":   malformedID,
			"negative-limit-ignored":     negativeLimit,
			"readable-profile-writes":    readableOnPut,
			"read-only-profile-writable": writableOnPost,
		},
		Others: map[string][]string{
			// Every spec checks that the body's status equals the HTTP status,
			// and that error bodies are JSON.
			"status-mismatch":   withBody,
			"content-type-text": withBody,
			// The data-policy case is documented without a correlationId.
			"no-correlation-id":           except(withBody, "Data Policy Failure Due to Incorrect Usage"),
			"patch-not-found":             patch,
			"dependent-check-disabled":    dependentItem,
			"if-match-ignored":            staleIfMatch,
			"reference-violation-500":     unresolved,
			"unique-violation-500":        nonUnique,
			"correlation-id-replaced":     correlationID,
			"head-as-get":                 head,
			"if-none-match-ignored":       notModified,
			"post-to-item-accepted":       postToItem,
			"collection-writes-not-found": collection,
			"singular-routes-accepted":    typo,
			"put-creates-absent-id":       absentID,
		},
		Access: map[string][]string{
			"expired-token-accepted":   expiredToken,
			"missing-header-anonymous": missingHeader,
			// The Basic credentials become an invalid bearer token: another text.
			"scheme-unchecked":               basicScheme,
			"blank-token-as-invalid":         blankToken,
			"unknown-token-accepted":         unknownToken,
			"unassigned-profile-accepted":    dataPolicy,
			"namespace-unchecked":            namespace,
			"people-relationships-unchecked": slices.Concat(noRelationship, missingStaff),
			// The association case also names a student the caller cannot
			// reach, so only the school case passes the check it lost.
			"edorg-claims-unchecked":     forbiddenOrgs[:1],
			"relationship-hint-left-out": slices.Concat(noRelationship, missingStaff, forbiddenOrgs[1:]),
			"action-claims-unchecked":    actionDenied,
			"missing-claim-as-action":    missingClaim,
		},
	}
}
