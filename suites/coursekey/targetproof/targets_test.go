package targetproof

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/reference"
	coursekeyref "github.com/edconform/edconform/reference/coursekey"
	"github.com/edconform/edconform/suites/coursekey/prooftest"
)

// These tests run the suite against a reference server given by a profile
// file, as a vendor's target would be: the route map and the auth scheme
// come from the profile alone, and the schools a state-dependent entry
// needs come from the profile or the spec says which key is missing.

// acmeRoutes are paths and methods unlike the defaults in every operation.
var acmeRoutes = map[string]coursekey.Route{
	coursekey.OpCreateUser:           {Method: http.MethodPost, Path: "/v2/people"},
	coursekey.OpUpdateUser:           {Method: http.MethodPatch, Path: "/v2/people"},
	coursekey.OpCreateCourse:         {Method: http.MethodPost, Path: "/v2/sections"},
	coursekey.OpUpdateCourse:         {Method: http.MethodPatch, Path: "/v2/sections"},
	coursekey.OpCreateCourseMember:   {Method: http.MethodPost, Path: "/v2/sections/enrollments"},
	coursekey.OpUpdateCourseMember:   {Method: http.MethodPatch, Path: "/v2/sections/enrollments"},
	coursekey.OpCreateAttendance:     {Method: http.MethodPost, Path: "/v2/sessions"},
	coursekey.OpBulkCreateAttendance: {Method: http.MethodPost, Path: "/v2/sessions/batch"},
	coursekey.OpDeleteAttendance:     {Method: http.MethodDelete, Path: "/v2/sessions"},
	coursekey.OpBulkDeleteAttendance: {Method: http.MethodPost, Path: "/v2/sessions/batch-delete"},
}

const acmeKeyHeader = "X-Api-Key"

// acmeServer is the reference server behind acmeRoutes, taking the auth key
// alone in X-Api-Key: it answers only there, so a spec that used a default
// path or header would fail.
func acmeServer(t *testing.T, srv *coursekeyref.Server) *httptest.Server {
	t.Helper()
	defaults := coursekey.DefaultRoutes()
	byRoute := map[coursekey.Route]coursekey.Route{}
	for op, r := range acmeRoutes {
		byRoute[r] = defaults[op]
	}
	acme := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to, ok := byRoute[coursekey.Route{Method: r.Method, Path: strings.TrimPrefix(r.URL.Path, "/acme")}]
		if !ok {
			http.NotFound(w, r)
			return
		}
		key := r.Header.Get(acmeKeyHeader)
		r.Header.Del(acmeKeyHeader)
		r.Header.Del("Authorization")
		if key != "" {
			r.Header.Set("Authorization", "Bearer "+key)
		}
		r.Method, r.URL.Path = to.Method, coursekeyref.BasePath+to.Path
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(acme.Close)
	return acme
}

// newReference builds a reference server and its profile overlay.
func newReference(t *testing.T) (*coursekeyref.Server, map[string]any) {
	t.Helper()
	srv, err := coursekeyref.New(reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return srv, srv.Profile("http://unused.invalid")
}

// fileProfile writes a profile for a target at baseURL with these settings;
// the primary auth key goes in the environment.
func fileProfile(t *testing.T, baseURL string, settings, overlay map[string]any) (string, []string) {
	t.Helper()
	doc, err := yaml.Marshal(map[string]any{
		"vendor":   "coursekey",
		"target":   map[string]any{"baseURL": baseURL, "timeout": "10s"},
		"auth":     map[string]any{"tokens": map[string]any{"primary": map[string]any{}}},
		"settings": settings,
	})
	if err != nil {
		t.Fatal(err)
	}
	key := overlay["auth"].(map[string]any)["tokens"].(map[string]any)["primary"].(map[string]any)["value"].(string)
	return suitetest.Profile(t, string(doc)), []string{"EDCONFORM_TOKEN_PRIMARY=" + key}
}

func TestAVendorWithOtherPathsAndAuthHeaderChangesOnlyTheProfile(t *testing.T) {
	t.Parallel()
	srv, overlay := newReference(t)
	acme := acmeServer(t, srv)
	settings := overlay["settings"].(map[string]any)
	routes := map[string]any{}
	for op, r := range acmeRoutes {
		routes[op] = map[string]any{"method": r.Method, "path": r.Path}
	}
	settings["routes"], settings["authHeader"], settings["authScheme"] = routes, acmeKeyHeader, ""
	path, env := fileProfile(t, acme.URL+"/acme", settings, overlay)

	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
	all := len(prooftest.AllSpecs(t, suiteTest))
	if passed := run.Specs(suite.OutcomePassed); len(passed) != all || len(run.SuiteFailures()) > 0 {
		t.Fatalf("want all %d specs to pass against the same server on other routes, got %s\n%s", all, run.Summary(), run.Output)
	}
}

func TestStateDependentEntriesAreSkippedNamingTheKeyWithoutIt(t *testing.T) {
	t.Parallel()
	srv, overlay := newReference(t)
	target := httptest.NewServer(srv)
	t.Cleanup(target.Close)
	schools := overlay["settings"].(map[string]any)["schools"].(map[string]any)
	settings := map[string]any{"schools": map[string]any{"authorized": schools["authorized"]}}
	path, env := fileProfile(t, target.URL+coursekeyref.BasePath, settings, overlay)

	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
	if failed := run.Specs(suite.OutcomeFailed); len(failed) > 0 || len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
		t.Fatalf("a profile with only settings.schools.authorized: %s\n%s", run.Summary(), run.Output)
	}
	// The entries the issue names as needing a state no client can create.
	mustNotRun := []string{"School's integration configuration has not been setup", "Template Not Found",
		"attendanceName is required for school with multiple attendance settings"}
	for _, s := range run.Report.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		outcome := suite.OutcomeOf(s)
		switch {
		case outcome == suite.OutcomeSkipped || outcome == suite.OutcomeNotProvokable:
			if !strings.Contains(s.Failure.Message, "settings.schools.") && !strings.Contains(s.Failure.Message, "settings.unauthorizedSchoolRecords.") {
				t.Errorf("%q is %s without naming the profile key: %s", s.FullText(), outcome, s.Failure.Message)
			}
		case hasLabel(s, suite.NotProvokableLabel):
			t.Errorf("%q needs a broken school the profile lacks, yet is %s", s.FullText(), outcome)
		}
		for _, entry := range mustNotRun {
			if strings.Contains(s.FullText(), entry) && outcome == suite.OutcomePassed {
				t.Errorf("%q ran without the school it needs", s.FullText())
			}
		}
		if hasLabel(s, suite.NotProvokableLabel) && outcome != suite.OutcomeNotProvokable {
			t.Errorf("%q is labelled not-provokable but was %s", s.FullText(), outcome)
		}
	}
}

func hasLabel(s types.SpecReport, label string) bool {
	for _, l := range s.Labels() {
		if l == label {
			return true
		}
	}
	return false
}

func TestAnUnreachableTargetIsOneClearError(t *testing.T) {
	t.Parallel()
	oneClearError(t, targetProfile("http://127.0.0.1:1"), []string{"EDCONFORM_TOKEN_PRIMARY=k"}, "cannot reach", "target.baseURL")
}
