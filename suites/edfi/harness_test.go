package edfi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/suitetest"
)

const suiteTest = "TestEdfiConformance"

// These tests run the Ed-Fi suite in child processes against targets that
// are broken in ways a vendor's set-up can be, and check that the suite
// says so once, clearly, and never passes what it should not.

func targetProfile(baseURL, timeout string) string {
	return "vendor: edfi\ntarget: {baseURL: \"" + baseURL + "\", timeout: " + timeout + "}\n" +
		"auth: {tokenURL: oauth/token, clients: {primary: {id: acme}}}\n" +
		"settings: {schoolYear: 2022, missingSchoolYear: 4022, etags: true, namespacePrefixes: [uri://ed-fi.org]," +
		" educationOrganizations: {localEducationAgency: 255901, school: 255901001, otherSchool: 255901044, forbiddenSchool: 1, forbiddenEducationOrganization: 1}}\n"
}

func TestASuiteThatSaysYesToEverythingPassesNothing(t *testing.T) {
	const secret, token = "acme-client-secret-0b7c", "acme-issued-token-5d1e"
	srv := suitetest.YesServer(t, token)
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest,
		Args: []string{"--profile=" + suitetest.Profile(t, targetProfile(srv.URL, "5s"))},
		Env:  []string{"EDCONFORM_CLIENT_SECRET=" + secret}})
	if passed := run.Specs(suite.OutcomePassed); len(passed) > 0 {
		t.Errorf("%d specs passed against a server that answers 200 to everything:\n  %s", len(passed), strings.Join(passed, "\n  "))
	}
	if len(run.Specs(suite.OutcomeFailed)) == 0 {
		t.Fatalf("nothing failed: %s\n%s", run.Summary(), run.Output)
	}
	for _, spec := range run.Specs(suite.OutcomeFailed) {
		suitetest.RequireReadableFailure(t, spec, run.Failure(spec))
	}
	files := run.ReportFiles(t)
	files["output"] = run.Output
	for name, content := range files {
		for _, s := range []string{secret, token} {
			if strings.Contains(content, s) {
				t.Errorf("%s contains the secret %q", name, s)
			}
		}
	}
	for _, want := range []string{"junit.xml", "report.json", "report.html"} {
		found := false
		for name := range files {
			found = found || strings.HasSuffix(name, "under-test/"+want)
		}
		if !found {
			t.Errorf("no %s under reports/under-test/", want)
		}
	}
}

// oneClearError runs the suite and requires that it stops before any spec
// with a single failure that mentions every hint.
func oneClearError(t *testing.T, profile string, env []string, hints ...string) {
	t.Helper()
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + suitetest.Profile(t, profile)}, Env: env, Timeout: time.Minute})
	if run.ExitErr == nil {
		t.Fatalf("the suite succeeded:\n%s", run.Output)
	}
	failures := run.SuiteFailures()
	if len(failures) != 1 || len(run.Specs(suite.OutcomeFailed)) != 0 || len(run.Specs(suite.OutcomePassed)) != 0 {
		t.Fatalf("want one suite-level failure and no spec outcomes, got %s\n%s", run.Summary(), run.Output)
	}
	for _, hint := range hints {
		if !strings.Contains(failures[0].Failure.Message, hint) {
			t.Errorf("the failure does not mention %q:\n%s", hint, failures[0].Failure.Message)
		}
	}
	if strings.Contains(run.Output, "panic") {
		t.Errorf("the suite panicked:\n%s", run.Output)
	}
}

func TestAnUnreachableTargetIsOneClearError(t *testing.T) {
	oneClearError(t, targetProfile("http://127.0.0.1:1/api", "5s"), []string{"EDCONFORM_CLIENT_SECRET=x"}, "cannot reach", "target.baseURL")
}

func TestASlowTargetIsOneClearError(t *testing.T) {
	srv := suitetest.SlowServer(t, 10*time.Second)
	oneClearError(t, targetProfile(srv.URL, "500ms"), []string{"EDCONFORM_CLIENT_SECRET=x"}, "within 500ms", "target.timeout")
}

func TestATargetThatAnswersHTMLIsOneClearError(t *testing.T) {
	srv := suitetest.HTMLServer(t)
	oneClearError(t, targetProfile(srv.URL, "5s"), []string{"EDCONFORM_CLIENT_SECRET=x"}, "could not obtain a token", "auth.clients.primary")
}

func TestAMissingSecretIsOneClearError(t *testing.T) {
	srv := suitetest.YesServer(t, "t")
	oneClearError(t, targetProfile(srv.URL, "5s"), nil, "EDCONFORM_CLIENT_SECRET")
}

func TestAMalformedProfileNamesTheKeyBeforeAnySpecRuns(t *testing.T) {
	for key, profile := range map[string]string{
		"target.timeout":         "vendor: edfi\ntarget:\n  baseURL: https://x.example\n  timeout: soon\n",
		"settings.pageSizeLimit": "vendor: edfi\ntarget: {baseURL: \"https://x.example\"}\nauth: {clients: {primary: {id: a}}}\nsettings:\n  pageSizeLimit: many\n",
		"settings.schoolYaer":    "vendor: edfi\ntarget: {baseURL: \"https://x.example\"}\nauth: {clients: {primary: {id: a}}}\nsettings:\n  schoolYaer: 2022\n",
	} {
		run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"--profile=" + suitetest.Profile(t, profile)}, Timeout: time.Minute})
		if run.ExitErr == nil || !strings.Contains(run.Output, key) {
			t.Errorf("a bad %s: exit %v, output:\n%s", key, run.ExitErr, run.Output)
		}
		if len(run.Report.SpecReports) > 0 {
			t.Errorf("a bad %s: specs ran", key)
		}
	}
}

func TestCatalogue(t *testing.T) { suitetest.CheckCatalogue(t, suiteTest, edfi.Vendor) }

func TestEverySpecIsLabelledWithVendorFamilyAndStatus(t *testing.T) {
	suitetest.RequireLabels(t, suiteTest, edfi.Vendor, suiteLabels)
}
