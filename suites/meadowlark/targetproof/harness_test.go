package targetproof

import (
	"fmt"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/reference"
	meadowlarkref "github.com/edconform/edconform/reference/meadowlark"
)

// These tests run the Meadowlark suite against targets given by a profile
// file, as a vendor would, and check that it cleans up after itself, says
// what is wrong with a profile before any spec runs, and never passes what
// it should not.

// targetProfile writes a profile for a target at baseURL (the server's
// root) with the reference server's clients, secrets in the environment.
func targetProfile(t *testing.T, baseURL string, overlay map[string]any) (string, []string) {
	t.Helper()
	auth := overlay["auth"].(map[string]any)
	clients := auth["clients"].(map[string]any)
	var env []string
	var ids []string
	for _, name := range []string{"primary", "secondVendor", "host"} {
		c := clients[name].(map[string]any)
		ids = append(ids, fmt.Sprintf("%s: {id: %q}", name, c["id"]))
		env = append(env, secretEnv(name)+"="+c["secret"].(string))
	}
	expired := auth["tokens"].(map[string]any)["expired"].(map[string]any)["value"].(string)
	env = append(env, "EDCONFORM_TOKEN_EXPIRED="+expired)
	yaml := "vendor: meadowlark\n" +
		"target: {baseURL: \"" + baseURL + "/local/v3.3b\", timeout: 5s}\n" +
		"auth:\n  tokenURL: \"" + baseURL + "/local/oauth/token\"\n  clients: {" + strings.Join(ids, ", ") + "}\n  tokens: {expired: {}}\n" +
		"settings: {schoolId: 255901001}\n"
	return suitetest.Profile(t, yaml), env
}

func secretEnv(client string) string {
	if client == "primary" {
		return "EDCONFORM_CLIENT_SECRET"
	}
	return "EDCONFORM_CLIENT_SECRET_" + strings.ToUpper(strings.ReplaceAll(client, "V", "_V"))
}

// serve starts a reference server the test can inspect.
func serve(t *testing.T) (*meadowlarkref.Server, string) {
	t.Helper()
	srv, err := meadowlarkref.New(meadowlarkref.Config{}, reference.Options{})
	if err != nil {
		t.Fatal(err)
	}
	url := suitetest.Serve(t, srv)
	return srv, url
}

func documentCount(srv *meadowlarkref.Server) int {
	n := 0
	for _, r := range srv.Store().Model().Resources() {
		n += len(srv.Store().List(r))
	}
	return n
}

func TestTheSuitePassesAgainstATargetAndRemovesWhatItCreates(t *testing.T) {
	t.Parallel()
	srv, url := serve(t)
	before := documentCount(srv)
	path, env := targetProfile(t, url, srv.Profile(url))
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + path}, Env: env})
	if len(run.Specs(suite.OutcomeFailed)) > 0 || len(run.SuiteFailures()) > 0 || len(run.Specs(suite.OutcomePassed)) == 0 {
		t.Fatalf("the suite did not pass: %s\n%s", run.Summary(), run.Output)
	}
	if after := documentCount(srv); after != before {
		t.Errorf("the target held %d documents before the run and %d after", before, after)
	}
}

func TestASuiteThatSaysYesToEverythingPassesNothing(t *testing.T) {
	t.Parallel()
	srv, url := serve(t)
	const token = "yes-server-token-4c1d"
	yes := suitetest.YesServer(t, token)
	path, env := targetProfile(t, yes.URL, srv.Profile(url))
	secrets := []string{token}
	for _, kv := range env {
		secrets = append(secrets, kv[strings.Index(kv, "=")+1:])
	}
	suitetest.RequireNothingPasses(t, suiteTest, path, env, secrets...)
}

func TestAnUnreachableTargetIsOneClearError(t *testing.T) {
	t.Parallel()
	srv, url := serve(t)
	path, env := targetProfile(t, "http://127.0.0.1:1", srv.Profile(url))
	suitetest.RequireOneClearError(t, suiteTest, path, env, "cannot reach", "target.baseURL")
}

func TestAMalformedProfileNamesTheKeyBeforeAnySpecRuns(t *testing.T) {
	t.Parallel()
	suitetest.RequireProfileRejected(t, suiteTest, map[string]string{
		"settings.schoolId":    "vendor: meadowlark\ntarget: {baseURL: \"https://x.example/local/v3.3b\"}\nauth: {clients: {primary: {id: a}}}\nsettings:\n  schoolId: grand-bend\n",
		"settings.scholId":     "vendor: meadowlark\ntarget: {baseURL: \"https://x.example/local/v3.3b\"}\nauth: {clients: {primary: {id: a}}}\nsettings:\n  scholId: 1\n",
		"auth.clients.primary": "vendor: meadowlark\ntarget: {baseURL: \"https://x.example/local/v3.3b\"}\n",
	})
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	suitetest.CheckCatalogue(t, suiteTest, meadowlark.Vendor)
}

func TestEverySpecHasAnID(t *testing.T) {
	t.Parallel()
	suitetest.RequireIDs(t, suiteTest, meadowlark.Vendor)
}

func TestEverySpecIsLabelledWithVendorFamilyAndStatus(t *testing.T) {
	t.Parallel()
	suitetest.RequireLabels(t, suiteTest, meadowlark.Vendor, suitetest.DeclaredLabels(t, ".."))
}
