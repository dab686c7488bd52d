// Package coursekey is the CourseKey integration API vocabulary the specs
// are written in: the profile settings (route map, auth scheme, the schools
// that provoke state-dependent entries), requests built from the route map,
// the error-envelope matcher, and fixtures.
//
// CourseKey publishes no endpoint reference, so every path and the auth
// header come from the profile; the defaults are the ones the reference
// server implements (reference/coursekey/README.md).
package coursekey

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Kinds of entry, the suite's error families.
const (
	Validation    = "validation"
	Uniqueness    = "uniqueness"
	References    = "references"
	Authorization = "authorization"
	Configuration = "configuration"
	Server        = "server"
)

// Record types, the dictionary's chapters; every spec carries exactly one.
const (
	Users         = "users"
	Courses       = "courses"
	CourseMembers = "course-members"
	Attendance    = "attendance"
)

// RecordTypes lists the record-type labels.
var RecordTypes = []string{Users, Courses, CourseMembers, Attendance}

// Vendor is the CourseKey suite.
var Vendor = suite.Register(&suite.Vendor{
	Name:        "coursekey",
	Title:       "CourseKey",
	Source:      "API Integrations: Error Code Dictionary",
	Families:    []string{Validation, Uniqueness, References, Authorization, Configuration, Server},
	ExtraLabels: RecordTypes,
	Check:       check,
	Preflight:   preflight,
	// In expect.<spec id>, type is error.code in decimal.
	ExpectType: func(typ string) error {
		if code, err := strconv.Atoi(typ); err != nil || code <= 0 {
			return fmt.Errorf("%q is not an error code: give error.code as a number in quotes, e.g. \"2213\"", typ)
		}
		return nil
	},
})

// Entry labels one dictionary entry: its record type, its kind, the
// documented status and any common extras (writes, concurrency, ...).
func Entry(record, family string, status int, extra ...string) ginkgo.Labels {
	if !isRecordType(record) {
		panic(fmt.Sprintf("coursekey: %q is not a record type (%v)", record, RecordTypes))
	}
	return Vendor.Family(family, status, append([]string{record}, extra...)...)
}

func isRecordType(label string) bool {
	for _, r := range RecordTypes {
		if r == label {
			return true
		}
	}
	return false
}

// Operations: the keys of settings.routes.
const (
	OpCreateUser           = "createUser"
	OpUpdateUser           = "updateUser"
	OpCreateCourse         = "createCourse"
	OpUpdateCourse         = "updateCourse"
	OpCreateCourseMember   = "createCourseMember"
	OpUpdateCourseMember   = "updateCourseMember"
	OpCreateAttendance     = "createAttendance"
	OpBulkCreateAttendance = "bulkCreateAttendance"
	OpDeleteAttendance     = "deleteAttendance"
	OpBulkDeleteAttendance = "bulkDeleteAttendance"
)

// Route is how one operation is reached: a method and a path appended to
// target.baseURL.
type Route struct {
	Method string `yaml:"method"`
	Path   string `yaml:"path"`
}

// DefaultRoutes are the suite's assumptions, which the reference server
// implements; a profile overrides any of them.
func DefaultRoutes() map[string]Route {
	return map[string]Route{
		OpCreateUser:           {http.MethodPost, "/users"},
		OpUpdateUser:           {http.MethodPut, "/users"},
		OpCreateCourse:         {http.MethodPost, "/courses"},
		OpUpdateCourse:         {http.MethodPut, "/courses"},
		OpCreateCourseMember:   {http.MethodPost, "/courses/members"},
		OpUpdateCourseMember:   {http.MethodPut, "/courses/members"},
		OpCreateAttendance:     {http.MethodPost, "/courses/attendance"},
		OpBulkCreateAttendance: {http.MethodPost, "/courses/attendance/bulk"},
		OpDeleteAttendance:     {http.MethodDelete, "/courses/attendance"},
		OpBulkDeleteAttendance: {http.MethodDelete, "/courses/attendance/bulk"},
	}
}

// Settings are the profile's `settings` for CourseKey targets.
type Settings struct {
	// AuthHeader and AuthScheme say how the auth key is sent: by default
	// "Authorization: Bearer <key>"; an empty scheme sends the key alone.
	AuthHeader string `yaml:"authHeader"`
	AuthScheme string `yaml:"authScheme"`
	// Routes maps each operation to its method and path.
	Routes map[string]Route `yaml:"routes"`
	// TimeZone is the IANA zone the customer configuration was delivered with.
	TimeZone string `yaml:"timeZone"`
	// Schools are school ids by the state the specs need them in.
	Schools Schools `yaml:"schools"`
	// AttendanceNames are the attendance settings the schools use.
	AttendanceNames AttendanceNames `yaml:"attendanceNames"`
	// UnauthorizedSchoolRecords exist at schools.unauthorized.
	UnauthorizedSchoolRecords ForeignRecords `yaml:"unauthorizedSchoolRecords"`
}

// Schools names, by role, the school ids the specs use. Only Authorized is
// required; specs needing another role skip, naming the key, without it.
type Schools struct {
	// Authorized: the primary key's school, with an integration
	// configuration and one (non-conversion) attendance setting.
	Authorized string `yaml:"authorized"`
	// SecondAuthorized: another school of the primary key.
	SecondAuthorized string `yaml:"secondAuthorized"`
	// Unauthorized: a school the primary key may not act on.
	Unauthorized string `yaml:"unauthorized"`
	// WithoutIntegrationConfiguration: a school of the primary key whose
	// integration configuration record is missing.
	WithoutIntegrationConfiguration string `yaml:"withoutIntegrationConfiguration"`
	// MultipleAttendanceSettings: a school with several attendance settings.
	MultipleAttendanceSettings string `yaml:"multipleAttendanceSettings"`
	// BrokenEmailTemplate: a school whose welcome e-mail template is missing.
	BrokenEmailTemplate string `yaml:"brokenEmailTemplate"`
	// Conversion: a school whose only attendance setting is a conversion
	// delivery method with the uniform strategy.
	Conversion string `yaml:"conversion"`
	// WithoutAttendanceSettings: a school with no attendance settings.
	WithoutAttendanceSettings string `yaml:"withoutAttendanceSettings"`
	// InvalidDurationSetting: a school whose attendance setting has a
	// duration outside 1..1440.
	InvalidDurationSetting string `yaml:"invalidDurationSetting"`
}

// AttendanceNames are attendance setting names.
type AttendanceNames struct {
	Standard   string   `yaml:"standard"`
	Conversion string   `yaml:"conversion"`
	Multiple   []string `yaml:"multiple"`
}

// ForeignRecords are records at schools.unauthorized, which the primary
// key may not touch.
type ForeignRecords struct {
	UserEmail string `yaml:"userEmail"`
	CourseID  string `yaml:"courseID"`
	AddCode   string `yaml:"addCode"`
}

var settings Settings

// Config is the running profile's CourseKey settings.
func Config() *Settings { return &settings }

var validMethods = map[string]bool{http.MethodPost: true, http.MethodPut: true, http.MethodPatch: true, http.MethodDelete: true}

func check(p *profile.Profile) error {
	s := Settings{AuthHeader: "Authorization", AuthScheme: "Bearer", Routes: DefaultRoutes(), TimeZone: "America/Chicago"}
	if err := p.DecodeSettings(&s); err != nil {
		return err
	}
	fail := func(key, reason string) error { return &profile.Error{Source: p.Source, Key: key, Reason: reason} }
	known := DefaultRoutes()
	for _, op := range slices.Sorted(maps.Keys(s.Routes)) {
		r := s.Routes[op]
		key := "settings.routes." + op
		switch {
		case known[op] == (Route{}):
			return fail(key, "unknown operation (known: "+strings.Join(slices.Sorted(maps.Keys(known)), ", ")+")")
		case !validMethods[strings.ToUpper(r.Method)]:
			return fail(key+".method", fmt.Sprintf("%q is not POST, PUT, PATCH or DELETE", r.Method))
		case !strings.HasPrefix(r.Path, "/"):
			return fail(key+".path", fmt.Sprintf("%q must start with / (it is appended to target.baseURL)", r.Path))
		}
		r.Method = strings.ToUpper(r.Method)
		s.Routes[op] = r
	}
	if s.AuthHeader == "" {
		return fail("settings.authHeader", "is empty: name the header the auth key is sent in")
	}
	if s.Schools.Authorized == "" {
		return fail("settings.schools.authorized", "the CourseKey suite needs the id of a school the primary auth key may act on")
	}
	if _, ok := p.Auth.Tokens["primary"]; !ok {
		return fail("auth.tokens.primary", "the CourseKey suite needs the integration's auth key: add auth.tokens.primary and set "+profile.TokenEnvFor("primary"))
	}
	if err := p.CheckFixtures("coursekey", RecordTypes); err != nil {
		return err
	}
	settings = s
	return nil
}

// preflight sends one harmless update (an empty body, which names no user)
// before any spec runs: a wrong auth key, header or route is one clear
// error, and so is an answer that is not one of the dictionary's 400
// envelopes (userID or email is required for updating user), which no
// CourseKey API gives otherwise.
func preflight(ctx context.Context, s *suite.Session) error {
	key, err := s.Tokens.Static("primary")
	if err != nil {
		return err
	}
	r := settings.Routes[OpUpdateUser]
	ex := s.Client.Do(ctx, transport.Request{Method: r.Method, URL: routeURL(s.Profile, r), Body: []byte(`{}`),
		Header: http.Header{"Content-Type": {"application/json"}, settings.AuthHeader: {authValue(key)}}, TouchesCollection: true})
	s.Log.Reset()
	switch {
	case ex.Err != nil:
		return ex.Err
	case ex.Status == http.StatusUnauthorized || ex.Status == http.StatusForbidden:
		return fmt.Errorf("the target refused the primary auth key (HTTP %d to %s %s): check auth.tokens.primary (its value comes from %s), settings.authHeader and settings.authScheme",
			ex.Status, r.Method, ex.Request.URL, s.Profile.Auth.Tokens["primary"].Env)
	case ex.Status == http.StatusNotFound || ex.Status == http.StatusMethodNotAllowed:
		return fmt.Errorf("the target does not serve %s %s (HTTP %d): check target.baseURL and settings.routes.%s",
			r.Method, ex.Request.URL, ex.Status, OpUpdateUser)
	}
	return s.Identify(ex, suite.Identity{
		Sent: "with the primary auth key and the body {}", Case: `"userID or Email is required for updating user" (400 10008)`,
		Statuses: s.Statuses("coursekey.validation.users.userid-or-email-required-for-update", http.StatusBadRequest),
		Schema:   Schema,
		Keys:     []string{"target.baseURL (the API root)", "settings.routes." + OpUpdateUser},
		// The dictionary's {"error": {...}}, whatever else differs.
		Recognise: func(ex *transport.Exchange) bool {
			v, _ := ex.JSON()
			body, _ := v.(map[string]any)
			_, ok := body["error"].(map[string]any)
			return ok
		},
	})
}

func routeURL(p *profile.Profile, r Route) string {
	return strings.TrimRight(p.Target.BaseURL, "/") + r.Path
}

func authValue(key string) string {
	if settings.AuthScheme == "" {
		return key
	}
	return settings.AuthScheme + " " + key
}
