package proof

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/suite"
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

	// The write-conflict races.
	raceSpecs = slices.Concat(
		suitetest.Under("Delete Failure DELETE_FAILURE_WRITE_CONFLICT", "answers a delete racing updates of the document with success or the write conflict"),
		suitetest.Under("Update Failure UPDATE_FAILURE_WRITE_CONFLICT", "answers concurrent updates of one document with success or the write conflict"),
		suitetest.Under("Upsert Failure UPSERT_FAILURE_WRITE_CONFLICT",
			"answers concurrent upserts of an existing document with success or the write conflict",
			"answers concurrent upserts of a new document with one insert, updates or the write conflict"))

	// Only the reference server's fault modes provoke these.
	faultSpecs = slices.Concat(
		suitetest.Under("Authorization Failure Oauth server is unreachable", "answers 502 where the OAuth server cannot be reached"),
		suitetest.Under("Query Validation Query server is unreachable", "answers 502 to a query where the query server cannot be reached"))
)

const faultModes = "--faults=oauth-server-unreachable,query-server-unreachable"

// expectedFailures maps each deviation to the specs it makes fail.
var expectedFailures = map[string][]string{
	"invalid-auth-header-401":   invalidHeader,
	"delete-referenced-allowed": deleteReference,
	// Every spec of a row whose body has blockingUris.
	"blocking-uris-empty":           slices.Concat(deleteReference, updateConflict, insertConflict),
	"offset-without-limit":          offsetNoLimit,
	"schema-first-error-only":       schemaFailure,
	"ownership-ignored":             notAuthorized,
	"expired-token-accepted":        inactiveJWT,
	"suggestion-left-out":           invalidResource,
	"reference-failures-first-only": twoMissingReferences,

	"malformed-jwt-as-invalid-header": notAJWT,
	"bad-signature-403":               foreignJWT,
	"empty-body-as-object":            missingBody,
	"malformed-body-500":              malformed,
	"malformed-uuid-400":              malformedUUID,
	"constraints-unchecked":           unequalValues,
	"negative-paging-ignored":         negativePaging,
	"unknown-query-property-ignored":  unknownProperty,
	"collection-put-not-found":        putCollection,
	"body-id-ignored":                 idMismatch,
	"reference-failures-400":          slices.Concat(updateReference, twoMissingReferences, upsertReference),
	"immutable-identity-409":          immutable,
	// SHOULD differences only, failed under the strict default profile.
	"names-quoted": slices.Concat(invalidResource, unknownProperty),
}

// Each deviation of the reference server makes exactly the specs that check
// the behaviour it breaks fail; together they pin every spec.
func TestEachDeviationFailsExactlyTheSpecsThatCheckIt(t *testing.T) {
	t.Parallel()
	suitetest.ExpectDeviations(t, suiteTest, expectedFailures)

	pinned := maps.Clone(expectedFailures)
	pinned["concurrency-control-off"] = raceSpecs
	pinned["unreachable-dependency-500"] = faultSpecs
	all := suitetest.SpecsWhere(t, suiteTest, func(types.SpecReport) bool { return true })
	if unpinned := suitetest.Pinning(t, "meadowlark", pinned, nil, all); len(unpinned) > 0 {
		t.Errorf("%d specs are pinned by no behaviour-specific deviation or fault mode:\n  %s", len(unpinned), strings.Join(unpinned, "\n  "))
	}
}

// With the fault modes on, a server that answers 500 where a dependency is
// unreachable fails exactly the two 502 specs.
func TestTheUnreachableRowsFailWhenTheFaultIsAnsweredWrongly(t *testing.T) {
	t.Parallel()
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{faultModes, "--deviations=unreachable-dependency-500"}})
	if got, want := run.Specs(suite.OutcomeFailed), sorted(faultSpecs); !slices.Equal(got, want) || len(run.SuiteFailures()) > 0 {
		t.Fatalf("the failing specs differ\nwant:\n  %s\ngot:\n  %s\n%s", strings.Join(want, "\n  "), strings.Join(got, "\n  "), run.Summary())
	}
	for _, spec := range faultSpecs {
		suitetest.RequireReadableFailure(t, spec, run.Failure(spec))
	}
}

// A race spec passes only when a racer got the write conflict: against a
// server without concurrency control, where the last write wins, the race
// specs end as not observed (or failed), never passed, and nothing else
// fails; against the healthy server they pass.
func TestRacesWithoutConcurrencyControlDoNotPass(t *testing.T) {
	t.Parallel()
	race := []string{"-ginkgo.label-filter=concurrency"}
	healthy := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: race})
	if got := healthy.Specs(suite.OutcomePassed); !slices.Equal(got, sorted(raceSpecs)) {
		t.Errorf("against the healthy server the race specs did not all pass: %s\n%s", healthy.Summary(), healthy.Output)
	}
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: append(race, "--deviations=concurrency-control-off")})
	if len(run.SuiteFailures()) > 0 {
		t.Fatalf("the suite itself failed: %s\n%s", run.Summary(), run.Output)
	}
	if passed := run.Specs(suite.OutcomePassed); len(passed) > 0 {
		t.Errorf("race specs passed without any write conflict:\n  %s", strings.Join(passed, "\n  "))
	}
	notPassed := slices.Concat(run.Specs(suite.OutcomeNotObserved), run.Specs(suite.OutcomeFailed))
	slices.Sort(notPassed)
	if !slices.Equal(notPassed, sorted(raceSpecs)) {
		t.Errorf("want every race spec not observed or failed, got %s", run.Summary())
	}
	for _, spec := range run.Specs(suite.OutcomeNotObserved) {
		for _, s := range run.Report.SpecReports {
			if s.FullText() == spec && !strings.Contains(s.Failure.Message, fmt.Sprintf("in %d attempts", meadowlark.RaceAttempts)) {
				t.Errorf("%q: the not-observed reason does not give the attempts: %s", spec, s.Failure.Message)
			}
		}
	}
}

// Without the fault modes the 502 rows are not provokable; with them their
// specs run against the stages the reference server names, and pass.
func TestFaultModesProvokeTheUnreachableServerRows(t *testing.T) {
	t.Parallel()
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest,
		Args: []string{faultModes}})
	if len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomeFailed)) > 0 {
		t.Fatalf("the suite failed with the fault modes on: %s\n%s", run.Summary(), run.Output)
	}
	if np := run.Specs(suite.OutcomeNotProvokable); len(np) > 0 {
		t.Errorf("still not provokable with the fault modes on:\n  %s", strings.Join(np, "\n  "))
	}
	passed := run.Specs(suite.OutcomePassed)
	for _, spec := range faultSpecs {
		if !slices.Contains(passed, spec) {
			t.Errorf("%q did not pass with the fault modes on", spec)
		}
	}
	healthy := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"-ginkgo.label-filter=not-provokable"}})
	if got := healthy.Specs(suite.OutcomeNotProvokable); !slices.Equal(got, sorted(faultSpecs)) {
		t.Errorf("without the fault modes, not provokable: %v, want %v", got, faultSpecs)
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
