package targetproof

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	edlinkref "github.com/edconform/edconform/reference/edlink"
	"github.com/edconform/edconform/suites/edlink/prooftest"
)

// These tests run the Edlink suite in child processes against real targets
// (a profile file with target.baseURL and tokens from the environment), as
// a vendor would.

// targetProfile writes a profile for baseURL with the settings and token
// roles of a reference server's overlay, and returns it with the
// environment carrying the tokens.
func targetProfile(t *testing.T, baseURL string, overlay map[string]any) (string, []string) {
	t.Helper()
	tokens := map[string]any{}
	var env []string
	for role, tok := range overlay["auth"].(map[string]any)["tokens"].(map[string]any) {
		tokens[role] = map[string]any{}
		env = append(env, profile.TokenEnvFor(role)+"="+tok.(map[string]any)["value"].(string))
	}
	raw, err := yaml.Marshal(map[string]any{
		"vendor": "edlink", "name": "under-test",
		"target":   map[string]any{"baseURL": baseURL, "timeout": "5s"},
		"auth":     map[string]any{"tokens": tokens},
		"settings": overlay["settings"],
	})
	if err != nil {
		t.Fatal(err)
	}
	return suitetest.Profile(t, string(raw)), env
}

// serve starts a reference server built with cfg and returns its overlay.
func serve(t *testing.T, cfg edlinkref.Config) (string, map[string]any) {
	t.Helper()
	srv, err := edlinkref.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	url := suitetest.Serve(t, srv)
	overlay := srv.Profile(url)
	return overlay["target"].(map[string]any)["baseURL"].(string), overlay
}

// A server that uses Edlink's 401/404 and says so in its profile passes,
// with exactly those specs warned.
func TestDeclaredEdlinkStatusesAreWarnings(t *testing.T) {
	t.Parallel()
	baseURL, overlay := serve(t, edlinkref.Config{EdlinkStatuses: true})
	path, env := targetProfile(t, baseURL, overlay)
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
	if failed := run.Specs(suite.OutcomeFailed); len(failed) > 0 || len(run.SuiteFailures()) > 0 {
		t.Fatalf("failures against a declared-status server: %s\n%s", run.Summary(), run.Output)
	}
	want := slices.Clone(prooftest.EdlinkStatusSpecs)
	slices.Sort(want)
	if got := run.Specs(suite.OutcomeWarned); !slices.Equal(got, want) {
		t.Fatalf("the warned specs differ\nwant:\n  %s\ngot:\n  %s", strings.Join(want, "\n  "), strings.Join(got, "\n  "))
	}
}

// assignmentCount counts the assignments of the overlay's class, as the
// integration sees them.
func assignmentCount(t *testing.T, baseURL string, overlay map[string]any) int {
	t.Helper()
	classID := overlay["settings"].(map[string]any)["classId"].(string)
	token := overlay["auth"].(map[string]any)["tokens"].(map[string]any)["integration"].(map[string]any)["value"].(string)
	req, _ := http.NewRequest(http.MethodGet, baseURL+"/graph/classes/"+classID+"/assignments?$first=100", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Data []any `json:"$data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("listing assignments: HTTP %d, %v", resp.StatusCode, err)
	}
	return len(env.Data)
}

func TestTheSuiteRemovesWhatItCreates(t *testing.T) {
	t.Parallel()
	baseURL, overlay := serve(t, edlinkref.Config{})
	before := assignmentCount(t, baseURL, overlay)
	path, env := targetProfile(t, baseURL, overlay)
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
	if len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
		t.Fatalf("the suite did not pass: %s\n%s", run.Summary(), run.Output)
	}
	if after := assignmentCount(t, baseURL, overlay); after != before {
		t.Errorf("the class had %d assignments before the run and %d after", before, after)
	}
}

func TestASuiteThatSaysYesToEverythingPassesNothing(t *testing.T) {
	t.Parallel()
	_, overlay := serve(t, edlinkref.Config{})
	const token = "yes-server-token-8f3a"
	srv := suitetest.YesServer(t, token)
	path, env := targetProfile(t, srv.URL+"/api/v2", overlay)
	var secrets []string
	for _, kv := range env {
		secrets = append(secrets, kv[strings.Index(kv, "=")+1:])
	}
	suitetest.RequireNothingPasses(t, suiteTest, path, env, secrets...)
}

func TestAMalformedProfileNamesTheKeyBeforeAnySpecRuns(t *testing.T) {
	t.Parallel()
	profiles := map[string]string{}
	for key, settings := range map[string]string{
		"settings.classId":                    "{classId: class-1}",
		"settings.statusOverrides.NOT_FOUNDD": "{statusOverrides: {NOT_FOUNDD: 404}}",
		"settings.assigneeModes":              "{assigneeModes: [all]}",
		"settings.clasId":                     "{clasId: 0b4e5d1c-8f2a-4b3c-9d1e-2f3a4b5c6d7e}",
		// YAML reads an unquoted 1 as a number: once a Go type dump.
		"settings.providers.1":     "{providers: {1: canvas}}",
		"settings.statusOverrides": "{statusOverrides: [NOT_FOUND]}",
	} {
		profiles[key] = "vendor: edlink\ntarget: {baseURL: \"https://x.example/api/v2\"}\nauth: {tokens: {integration: {}}}\nsettings: " + settings + "\n"
	}
	profiles["auth.tokens.expird"] = "vendor: edlink\ntarget: {baseURL: \"https://x.example/api/v2\"}\nauth: {tokens: {integration: {}, expird: {}}}\n"
	suitetest.RequireProfileRejected(t, suiteTest, profiles)
}

// The example profile is valid and names every token role a spec uses,
// bar the accounts in broken states, which few vendors have.
func TestTheExampleProfileLoads(t *testing.T) {
	p := suitetest.LoadExampleProfile(t, edlink.Vendor, "edlink-example.yaml",
		map[string]string{profile.TokenEnvFor(edlink.GraphToken): "t"})
	for role := range edlink.TokenRoles {
		if _, ok := p.Auth.Tokens[role]; !ok && !slices.Contains([]string{"unknownProvider", "internalError", "unknownError"}, role) {
			t.Errorf("the example profile lacks auth.tokens.%s", role)
		}
	}
}

func TestEverySpecIsLabelledWithVendorFamilyAndStatus(t *testing.T) {
	t.Parallel()
	suitetest.RequireLabels(t, suiteTest, edlink.Vendor, suitetest.DeclaredLabels(t, ".."))
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	suitetest.CheckCatalogue(t, suiteTest, edlink.Vendor)
}

func TestEverySpecHasAnID(t *testing.T) {
	t.Parallel()
	suitetest.RequireIDs(t, suiteTest, edlink.Vendor)
}
