package coursekey

import (
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/profile"
)

func profileWith(settings map[string]any) *profile.Profile {
	return &profile.Profile{Source: "acme.yaml", Settings: settings,
		Auth: profile.Auth{Tokens: map[string]profile.Token{"primary": {Env: "EDCONFORM_TOKEN_PRIMARY", Value: "k"}}}}
}

func TestSettingsKeepDefaultsAndTakeOverrides(t *testing.T) {
	p := profileWith(map[string]any{
		"authScheme": "",
		"schools":    map[string]any{"authorized": 4711},
		"routes":     map[string]any{OpCreateUser: map[string]any{"method": "post", "path": "/v2/people"}},
	})
	if err := check(p); err != nil {
		t.Fatal(err)
	}
	s := Config()
	if s.Schools.Authorized != "4711" {
		t.Errorf("a numeric school id: got %q", s.Schools.Authorized)
	}
	if got := s.Routes[OpCreateUser]; got != (Route{"POST", "/v2/people"}) {
		t.Errorf("overridden route: %+v", got)
	}
	if got := s.Routes[OpBulkDeleteAttendance]; got != DefaultRoutes()[OpBulkDeleteAttendance] {
		t.Errorf("a route the profile did not name lost its default: %+v", got)
	}
	if s.AuthHeader != "Authorization" || s.AuthScheme != "" || authValue("k") != "k" {
		t.Errorf("auth: header %q scheme %q value %q", s.AuthHeader, s.AuthScheme, authValue("k"))
	}
}

func TestBadSettingsNameTheKey(t *testing.T) {
	authorized := map[string]any{"authorized": "1"}
	for key, settings := range map[string]map[string]any{
		"settings.routes.createUsers":           {"schools": authorized, "routes": map[string]any{"createUsers": map[string]any{"method": "POST", "path": "/u"}}},
		"settings.routes.createUser.method":     {"schools": authorized, "routes": map[string]any{OpCreateUser: map[string]any{"method": "GET", "path": "/u"}}},
		"settings.routes.deleteAttendance.path": {"schools": authorized, "routes": map[string]any{OpDeleteAttendance: map[string]any{"method": "DELETE", "path": "attendance"}}},
		"settings.schools.authorized":           {},
		"settings.schools.authorised":           {"schools": map[string]any{"authorised": "1"}},
	} {
		err := check(profileWith(settings))
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%s: got %v", key, err)
		}
	}
	p := profileWith(map[string]any{"schools": authorized})
	p.Auth.Tokens = nil
	if err := check(p); err == nil || !strings.Contains(err.Error(), "auth.tokens.primary") {
		t.Errorf("no primary token: got %v", err)
	}
}

func TestUpdatesAndDeletesNameOnlyRecordsTheSuiteOwns(t *testing.T) {
	stranger := Body{"userID": "someone-else", "schoolID": "1", "firstName": "Eve"}
	if err := mayChange(OpUpdateUser, stranger); err == nil {
		t.Error("an update of a user the suite did not create was let through")
	}
	if err := mayChange(OpUpdateUser, stranger.With("userID", MadeUp(Unique("user")))); err != nil {
		t.Errorf("a made-up userID: %v", err)
	}
	if err := mayChange(OpUpdateUser, Body{"schoolID": "1"}); err != nil {
		t.Errorf("an update naming no user changes nothing: %v", err)
	}
	remember(kindCourseID, "C-mine")
	if err := mayChange(OpUpdateCourse, Body{"courseID": "C-mine", "addCode": "someone-elses"}); err != nil {
		t.Errorf("the courseID decides, addCode is the new code: %v", err)
	}
	mine := MadeUp(Unique("att"))
	if err := mayChange(OpBulkDeleteAttendance, Body{"courseID": "C-mine", "attendanceID": []any{mine, "theirs"}}); err == nil {
		t.Error("a bulk delete naming a session the suite did not create was let through")
	}
	if err := mayChange(OpCreateUser, stranger); err != nil {
		t.Errorf("creates are not guarded: %v", err)
	}
}
