package targetproof

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suitetest"
)

// These tests run the CourseKey suite in child processes against targets
// broken in ways a vendor's set-up can be, and check that the suite says so
// once, clearly, and never passes what it should not.

func targetProfile(baseURL string) string {
	return "vendor: coursekey\ntarget: {baseURL: \"" + baseURL + "/api/v1\", timeout: 5s}\n" +
		"auth: {tokens: {primary: {}}}\n" +
		"settings:\n  schools: {authorized: \"101\", secondAuthorized: \"102\", unauthorized: \"201\"," +
		" withoutIntegrationConfiguration: \"103\", multipleAttendanceSettings: \"104\", brokenEmailTemplate: \"105\"," +
		" conversion: \"106\", withoutAttendanceSettings: \"107\", invalidDurationSetting: \"108\"}\n" +
		"  unauthorizedSchoolRecords: {userEmail: registrar@other.example.edu, courseID: C-1, addCode: Other-1}\n"
}

func TestASuiteThatSaysYesToEverythingPassesNothing(t *testing.T) {
	t.Parallel()
	const key = "acme-auth-key-7f3a"
	srv := suitetest.YesServer(t, "unused")
	suitetest.RequireNothingPasses(t, suiteTest, suitetest.Profile(t, targetProfile(srv.URL)),
		[]string{"EDCONFORM_TOKEN_PRIMARY=" + key}, key)
}

// oneClearError runs the suite against a profile and requires one clear
// error before any spec.
func oneClearError(t *testing.T, profile string, env []string, hints ...string) {
	t.Helper()
	suitetest.RequireOneClearError(t, suiteTest, suitetest.Profile(t, profile), env, hints...)
}

func TestAWrongAuthKeyIsOneClearError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error": {"message": "Invalid or missing auth key.", "info": {}}}`))
	}))
	t.Cleanup(srv.Close)
	oneClearError(t, targetProfile(srv.URL), []string{"EDCONFORM_TOKEN_PRIMARY=wrong"}, "refused the primary auth key", "EDCONFORM_TOKEN_PRIMARY", "settings.authHeader")
}

func TestAWrongRouteIsOneClearError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	oneClearError(t, targetProfile(srv.URL), []string{"EDCONFORM_TOKEN_PRIMARY=k"}, "settings.routes.updateUser", "target.baseURL")
}

func TestAMalformedProfileNamesTheKeyBeforeAnySpecRuns(t *testing.T) {
	t.Parallel()
	base := "vendor: coursekey\ntarget: {baseURL: \"https://x.example\"}\nauth: {tokens: {primary: {}}}\n"
	suitetest.RequireProfileRejected(t, suiteTest, map[string]string{
		"settings.routes.createCourse.method": base + "settings: {schools: {authorized: \"1\"}, routes: {createCourse: {method: GET, path: /courses}}}\n",
		"settings.schools.authorized":         base + "settings: {timeZone: America/Chicago}\n",
		"settings.schools.authorised":         base + "settings: {schools: {authorised: \"1\"}}\n",
		"EDCONFORM_TOKEN_PRIMARY":             "vendor: coursekey\ntarget: {baseURL: \"https://x.example\"}\nsettings: {schools: {authorized: \"1\"}}\n",
	})
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	suitetest.CheckCatalogue(t, suiteTest, coursekey.Vendor)
}

func TestEverySpecIsLabelledWithVendorFamilyAndStatus(t *testing.T) {
	t.Parallel()
	suitetest.RequireLabels(t, suiteTest, coursekey.Vendor, suitetest.DeclaredLabels(t, ".."))
}

func TestEverySpecHasExactlyOneRecordType(t *testing.T) {
	t.Parallel()
	run := suitetest.Execute(t, suitetest.Options{Test: suiteTest, Args: []string{"-ginkgo.dry-run"}})
	for _, s := range run.Report.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		n := 0
		for _, l := range s.Labels() {
			for _, r := range coursekey.RecordTypes {
				if l == r {
					n++
				}
			}
		}
		if n != 1 {
			t.Errorf("%q has labels %v: want exactly one of %v", s.FullText(), s.Labels(), coursekey.RecordTypes)
		}
	}
}

// CourseKey's entries repeat across record types (Missing required
// parameter, Course not found), so an id names the record type after the
// family: coursekey.references.attendance.course-not-found.
func TestEverySpecHasAnIDNamingItsRecordType(t *testing.T) {
	t.Parallel()
	for _, s := range suitetest.RequireIDs(t, suiteTest, coursekey.Vendor) {
		id := specid.Of(s.Labels())
		parts := strings.SplitN(id, ".", 4)
		if len(parts) < 4 || !slices.Contains(s.Labels(), parts[2]) || !slices.Contains(coursekey.RecordTypes, parts[2]) {
			t.Errorf("%q: id %q does not name its record type (one of %v) after the family", s.FullText(), id, coursekey.RecordTypes)
		}
	}
}

func TestTheExampleProfileLoads(t *testing.T) {
	suitetest.LoadExampleProfile(t, coursekey.Vendor, "coursekey-example.yaml", map[string]string{"EDCONFORM_TOKEN_PRIMARY": "k"})
	if got := coursekey.Config().Schools.Conversion; got != "10004" {
		t.Errorf("settings.schools.conversion = %q", got)
	}
}
