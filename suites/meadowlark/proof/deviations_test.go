package proof

import (
	"slices"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
)

// The specs, by what they check.
var (
	invalidHeader = suitetest.Under("Authorization Failure Invalid Authorization header",
		"rejects a request without an Authorization header",
		"rejects an Authorization header with the Basic scheme")
	inactiveJWT   = suitetest.Under("Authorization Failure Provided JWT is inactive", "rejects a JWT that has expired")
	notAuthorized = suitetest.Under("Authorization Failure Not authorized for the given document",
		"refuses another vendor a GET of the document",
		"refuses another vendor a PUT of the document",
		"refuses another vendor a DELETE of the document")
	invalidResource = suitetest.Under("Endpoint Validation Resource endpoint is invalid",
		"names academicWeeks as the most similar resource to academicWeek on GET",
		"names students as the most similar resource to stdents on POST")
	unknownProperty = suitetest.Under("Query Validation Query includes property not on resource", "rejects a query on weekIdentifer, which academic weeks do not have")
	schemaFailure   = suitetest.Under("Body Validation JSON Schema validation failure", "names every failing path in one response, each with message, path and context")
	offsetNoLimit   = suitetest.Under("Query Validation Limit required with offset", "rejects an offset without a limit")
	deleteReference = suitetest.Under("Delete Failure DELETE_FAILURE_REFERENCE", "refuses to delete a student two associations reference, naming both")
	updateConflict  = suitetest.Under("Update Failure UPDATE_FAILURE_CONFLICT", "refuses to rename a class period to the name of another, naming the other")
	insertConflict  = suitetest.Under("Upsert Failure INSERT_FAILURE_CONFLICT", "refuses a local education agency with the id of an existing school, naming the school")
	// The only reference failure with two missing documents.
	twoMissingReferences = suitetest.Under("Upsert Failure UPDATE_FAILURE_REFERENCE / INSERT_FAILURE_REFERENCE",
		"refuses to insert a school association whose student and school do not exist, naming both")

	// Only the reference server's fault modes provoke these.
	faultSpecs = slices.Concat(
		suitetest.Under("Authorization Failure Oauth server is unreachable", "answers 502 where the OAuth server cannot be reached"),
		suitetest.Under("Query Validation Query server is unreachable", "answers 502 to a query where the query server cannot be reached"))
)

// Each deviation of the reference server makes exactly the specs that check
// the behaviour it breaks fail.
func TestEachDeviationFailsExactlyTheSpecsThatCheckIt(t *testing.T) {
	suitetest.ExpectDeviations(t, suiteTest, map[string][]string{
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
		// SHOULD differences only, failed under the strict default profile.
		"names-quoted": slices.Concat(invalidResource, unknownProperty),
	})
}

// Without the fault modes the 502 rows are not provokable; with them their
// specs run against the stages the reference server names, and pass.
func TestFaultModesProvokeTheUnreachableServerRows(t *testing.T) {
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest,
		Args: []string{"--faults=oauth-server-unreachable,query-server-unreachable"}})
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
