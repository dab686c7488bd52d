package targetproof

import (
	"testing"
	"time"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suitetest"
)

// These tests run the Ed-Fi suite against targets broken in ways a
// vendor's set-up can be, and check that the suite says so once, clearly,
// and never passes what it should not.

func targetProfile(t *testing.T, baseURL, timeout string) string {
	return suitetest.Profile(t, "vendor: edfi\ntarget: {baseURL: \""+baseURL+"\", timeout: "+timeout+"}\n"+
		"auth: {tokenURL: oauth/token, clients: {primary: {id: acme}}}\n"+
		"settings: {schoolYear: 2022, missingSchoolYear: 4022, etags: true, namespacePrefixes: [uri://ed-fi.org],"+
		" courseOffering: {localCourseCode: ALG-1, sessionName: Fall},"+
		" educationOrganizations: {localEducationAgency: 255901, school: 255901001, otherSchool: 255901044, forbiddenSchool: 1, forbiddenEducationOrganization: 1}}\n")
}

func TestASuiteThatSaysYesToEverythingPassesNothing(t *testing.T) {
	t.Parallel()
	const secret, token = "acme-client-secret-0b7c", "acme-issued-token-5d1e"
	srv := suitetest.YesServer(t, token)
	suitetest.RequireNothingPasses(t, suiteTest, targetProfile(t, srv.URL, "5s"),
		[]string{"EDCONFORM_CLIENT_SECRET=" + secret}, secret, token)
}

func TestAnUnreachableTargetIsOneClearError(t *testing.T) {
	t.Parallel()
	suitetest.RequireOneClearError(t, suiteTest, targetProfile(t, "http://127.0.0.1:1/api", "5s"),
		[]string{"EDCONFORM_CLIENT_SECRET=x"}, "cannot reach", "target.baseURL")
}

func TestASlowTargetIsOneClearError(t *testing.T) {
	t.Parallel()
	// Long enough past the 500ms timeout that an answer in time is a
	// failure of the timeout, not of the server.
	srv := suitetest.SlowServer(t, 2*time.Second)
	suitetest.RequireOneClearError(t, suiteTest, targetProfile(t, srv.URL, "500ms"),
		[]string{"EDCONFORM_CLIENT_SECRET=x"}, "within 500ms", "target.timeout")
}

func TestATargetThatAnswersHTMLIsOneClearError(t *testing.T) {
	t.Parallel()
	srv := suitetest.HTMLServer(t)
	suitetest.RequireOneClearError(t, suiteTest, targetProfile(t, srv.URL, "5s"),
		[]string{"EDCONFORM_CLIENT_SECRET=x"}, "does not answer as Ed-Fi ODS/API 7.2", "Service Unavailable", "target.baseURL", "settings.dataPath")
}

func TestAMissingSecretIsOneClearError(t *testing.T) {
	t.Parallel()
	srv := suitetest.YesServer(t, "t")
	suitetest.RequireOneClearError(t, suiteTest, targetProfile(t, srv.URL, "5s"), nil, "EDCONFORM_CLIENT_SECRET")
}

func TestAMalformedProfileNamesTheKeyBeforeAnySpecRuns(t *testing.T) {
	t.Parallel()
	target := "vendor: edfi\ntarget: {baseURL: \"https://x.example\"}\nauth: {clients: {primary: {id: a}}}\n"
	suitetest.RequireProfileRejected(t, suiteTest, map[string]string{
		"target.timeout":              "vendor: edfi\ntarget:\n  baseURL: https://x.example\n  timeout: soon\n",
		"settings.pageSizeLimit":      target + "settings:\n  pageSizeLimit: many\n",
		"settings.schoolYaer":         target + "settings:\n  schoolYaer: 2022\n",
		"settings.product":            target + "settings:\n  product: acme\n",
		"settings.rateLimit.requests": target + "settings:\n  rateLimit: {requests: 0}\n",
	})
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	suitetest.CheckCatalogue(t, suiteTest, edfi.Vendor)
}

func TestEverySpecHasAnID(t *testing.T) {
	t.Parallel()
	suitetest.RequireIDs(t, suiteTest, edfi.Vendor)
}

func TestEverySpecIsLabelledWithVendorFamilyAndStatus(t *testing.T) {
	t.Parallel()
	suitetest.RequireLabels(t, suiteTest, edfi.Vendor, suitetest.DeclaredLabels(t, ".."))
}
