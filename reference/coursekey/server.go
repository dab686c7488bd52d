package coursekey

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	mathrand "math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/edconform/edconform/reference"
)

// VendorName is the name the server is registered under.
const VendorName = "coursekey"

// BasePath is where the API is mounted; the profile's target.baseURL ends in it.
const BasePath = "/api/v1"

func init() {
	reference.Register(reference.Vendor{
		Name:       VendorName,
		Deviations: deviations,
		New:        func(o reference.Options) (reference.Server, error) { return New(o) },
	})
}

// Operation names: the keys of settings.routes in the profile.
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

// handler serves one operation for an authenticated integration; the
// Server's mutex is held, so check-then-write sequences are atomic.
type handler func(s *Server, in *integration, b body) (status int, payload any, err *apiError)

type operation struct {
	name, method, path string
	handle             handler
}

var operations = []operation{
	{OpCreateUser, http.MethodPost, "/users", (*Server).createUser},
	{OpUpdateUser, http.MethodPut, "/users", (*Server).updateUser},
	{OpCreateCourse, http.MethodPost, "/courses", (*Server).createCourse},
	{OpUpdateCourse, http.MethodPut, "/courses", (*Server).updateCourse},
	{OpCreateCourseMember, http.MethodPost, "/courses/members", (*Server).createCourseMember},
	{OpUpdateCourseMember, http.MethodPut, "/courses/members", (*Server).updateCourseMember},
	{OpCreateAttendance, http.MethodPost, "/courses/attendance", (*Server).createAttendance},
	{OpBulkCreateAttendance, http.MethodPost, "/courses/attendance/bulk", (*Server).bulkCreateAttendance},
	{OpDeleteAttendance, http.MethodDelete, "/courses/attendance", (*Server).deleteAttendance},
	{OpBulkDeleteAttendance, http.MethodDelete, "/courses/attendance/bulk", (*Server).bulkDeleteAttendance},
}

// Server is the CourseKey integration API reference server.
type Server struct {
	opts   reference.Options
	routes map[string]map[string]handler // path -> method -> handler

	mu   sync.Mutex
	st   *store
	seed seedData
	// seen is, while a request runs, the write count of the store it checks
	// uniqueness against (all of it, but under the race deviations).
	seen uint64
	// waited is whether the request running waited for racers (awaitRacers).
	waited bool
	// inFlight counts the requests waiting for racers, and lastArrival is
	// when the latest began to wait (under the race deviations).
	inFlight    int
	lastArrival time.Time
}

// New builds a server with freshly seeded schools, integrations and auth keys.
func New(opts reference.Options) (*Server, error) {
	s := &Server{opts: opts, routes: map[string]map[string]handler{}, st: newStore()}
	for _, op := range operations {
		path := BasePath + op.path
		if s.routes[path] == nil {
			s.routes[path] = map[string]handler{}
		}
		s.routes[path][op.method] = op.handle
	}
	if err := s.seedStore(); err != nil {
		return nil, err
	}
	return s, nil
}

// ServeHTTP routes, authenticates with "Authorization: Bearer <auth key>",
// decodes the JSON body and runs the operation under the store lock.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	methods, ok := s.routes[strings.TrimSuffix(r.URL.Path, "/")]
	if !ok {
		s.writeError(w, errRouteNotFound())
		return
	}
	handle, ok := methods[r.Method]
	if !ok {
		s.writeError(w, errMethodNotAllowed())
		return
	}
	in := s.authenticate(r)
	if in == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="coursekey"`)
		s.writeError(w, errUnauthenticated())
		return
	}
	b, apiErr := decodeBody(r)
	if apiErr != nil {
		s.writeError(w, apiErr)
		return
	}
	s.mu.Lock()
	s.st.writes++
	s.seen, s.waited = math.MaxUint64, false
	status, payload, apiErr := handle(s, in, b)
	s.mu.Unlock()
	if apiErr != nil {
		s.writeError(w, apiErr)
		return
	}
	writeJSON(w, status, payload)
}

// awaitRacers is called, under the store lock, by a handler about to check
// a record's uniqueness and store it. Under a race deviation it lets other
// requests run while it waits for those of its burst (hold), then checks
// against what the store held when it began to wait. Requests refused
// before that point, and every request of a healthy server, never wait.
func (s *Server) awaitRacers() {
	window, racing := s.raceWindow()
	if !racing || s.waited {
		return
	}
	s.mu.Unlock()
	seen := s.hold(window)
	s.mu.Lock()
	s.inFlight--
	s.st.writes++ // other requests wrote meanwhile: this one's writes are new
	s.seen, s.waited = seen, true
}

// hold registers a request under a race deviation and returns, with the
// store's write count when it came, once it may write: after holdAlone
// when no other request came, else once no request has come for window.
func (s *Server) hold(window time.Duration) (seen uint64) {
	s.mu.Lock()
	arrived := time.Now()
	seen = s.st.writes
	s.inFlight++
	s.lastArrival = arrived
	s.mu.Unlock()
	together := false
	for {
		s.mu.Lock()
		together = together || s.inFlight > 1
		until := arrived.Add(holdAlone)
		if together {
			until = s.lastArrival.Add(window)
		}
		s.mu.Unlock()
		wait := time.Until(until)
		if wait <= 0 {
			return seen
		}
		time.Sleep(min(wait, holdAlone))
	}
}

// raceWindow is the window of the race deviation in force, if any.
func (s *Server) raceWindow() (time.Duration, bool) {
	switch {
	case s.opts.Has(DeviationRaceUnsafe):
		return raceWindow, true
	case s.opts.Has(DeviationConcurrencyControlOff):
		return commitQuiet, true
	}
	return 0, false
}

// sees reports whether a uniqueness check takes a record stored at w into
// account: always, but under the race deviations only records stored before
// the request arrived, or by the request itself.
func (s *Server) sees(w written) bool { return w.at <= s.seen || w.at == s.st.writes }

func (s *Server) authenticate(r *http.Request) *integration {
	scheme, key, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil
	}
	return s.st.integrations[strings.TrimSpace(key)] // immutable after seeding
}

// seedData is what the profile reveals about the seeded store.
type seedData struct {
	primaryKey, secondaryKey string
	schools                  map[string]string // profile role -> school id
	foreignUserEmail         string
	foreignCourseID          string
	foreignAddCode           string
}

// Profile school roles (keys of settings.schools).
const (
	SchoolAuthorized                 = "authorized"
	SchoolSecondAuthorized           = "secondAuthorized"
	SchoolUnauthorized               = "unauthorized"
	SchoolWithoutIntegrationConfig   = "withoutIntegrationConfiguration"
	SchoolMultipleAttendanceSettings = "multipleAttendanceSettings"
	SchoolBrokenEmailTemplate        = "brokenEmailTemplate"
	SchoolConversion                 = "conversion"
	SchoolWithoutAttendanceSettings  = "withoutAttendanceSettings"
	SchoolInvalidDurationSetting     = "invalidDurationSetting"
)

// Attendance setting names the seeded schools use.
const (
	AttendanceStandard   = "Lecture"
	AttendanceLab        = "Lab"
	AttendanceConversion = "Conversion"
	defaultDuration      = 60
	welcomeTemplate      = "Welcome to CourseKey, {{firstName}}!"
)

// TimeZone is the time zone the seeded configurations are delivered with.
const TimeZone = "America/Chicago"

func (s *Server) seedStore() error {
	primary, err := randomKey()
	if err != nil {
		return err
	}
	secondary, err := randomKey()
	if err != nil {
		return err
	}
	standard := func() []*attendanceSetting {
		return []*attendanceSetting{{name: AttendanceStandard, duration: defaultDuration}}
	}
	conversionSetting := func() *attendanceSetting {
		return &attendanceSetting{name: AttendanceConversion, duration: defaultDuration, conversion: true, defaultStrategy: strategyUniform}
	}
	roles := []struct {
		role string
		sc   school
	}{
		{SchoolAuthorized, school{integrationConfigured: true, attendanceSettings: standard()}},
		{SchoolSecondAuthorized, school{integrationConfigured: true, attendanceSettings: standard()}},
		{SchoolWithoutIntegrationConfig, school{attendanceSettings: standard()}},
		{SchoolMultipleAttendanceSettings, school{integrationConfigured: true, attendanceSettings: []*attendanceSetting{
			{name: AttendanceStandard, duration: defaultDuration}, {name: AttendanceLab, duration: 90}, conversionSetting()}}},
		{SchoolBrokenEmailTemplate, school{integrationConfigured: true, attendanceSettings: standard()}},
		{SchoolConversion, school{integrationConfigured: true, attendanceSettings: []*attendanceSetting{conversionSetting()}}},
		{SchoolWithoutAttendanceSettings, school{integrationConfigured: true}},
		{SchoolInvalidDurationSetting, school{integrationConfigured: true, attendanceSettings: []*attendanceSetting{
			{name: AttendanceStandard, duration: 0}}}},
		{SchoolUnauthorized, school{integrationConfigured: true, attendanceSettings: standard()}},
	}
	first := 10000 + mathrand.IntN(80000)
	s.seed = seedData{primaryKey: primary, secondaryKey: secondary, schools: map[string]string{}}
	primaryIn := &integration{authKey: primary, sysID: "sys-" + primary[:8], schools: map[string]bool{}}
	secondaryIn := &integration{authKey: secondary, sysID: "sys-" + secondary[:8], schools: map[string]bool{}}
	for i, r := range roles {
		sc := r.sc
		sc.id = strconv.Itoa(first + i)
		if r.role != SchoolBrokenEmailTemplate {
			sc.welcomeTemplate = welcomeTemplate
		}
		s.st.schools[sc.id] = &sc
		s.seed.schools[r.role] = sc.id
		if r.role == SchoolUnauthorized {
			secondaryIn.schools[sc.id] = true
		} else {
			primaryIn.schools[sc.id] = true
		}
	}
	s.st.integrations[primary] = primaryIn
	s.st.integrations[secondary] = secondaryIn
	return s.seedForeignRecords(s.st.schools[s.seed.schools[SchoolUnauthorized]])
}

// seedForeignRecords gives the other customer's school a user and a course,
// so the primary key has records it may not touch.
func (s *Server) seedForeignRecords(sc *school) error {
	suffix, err := randomKey()
	if err != nil {
		return err
	}
	u := &user{email: "registrar-" + suffix[:8] + "@other-school.example.edu", firstName: "Riley", lastName: "Registrar",
		accounts: map[string]*account{}}
	s.st.users[emailKey(u.email)] = u
	s.st.addAccount(&account{userID: "R-" + suffix[8:14], schoolID: sc.id, issuedID: "ID-" + suffix[14:20], user: u})
	start, _ := parseISO("2030-01-07T15:00:00Z")
	end, _ := parseISO("2030-05-30T23:00:00Z")
	c := &course{schoolID: sc.id, courseID: "C-" + suffix[20:28], addCode: "Foreign-" + suffix[28:36], owner: u.email,
		start: start, end: end, setting: sc.attendanceSettings[0], duration: defaultDuration,
		members: map[string]*member{}, sessions: map[sessionKey]*session{}}
	s.st.addCourse(c)
	s.seed.foreignUserEmail, s.seed.foreignCourseID, s.seed.foreignAddCode = u.email, c.courseID, c.addCode
	return nil
}

func randomKey() (string, error) {
	buf := make([]byte, 24)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("coursekey: generate auth key: %w", err)
	}
	return hex.EncodeToString(buf), nil
}

// Profile returns the overlay that points the suite at this server.
func (s *Server) Profile(baseURL string) map[string]any {
	routes := map[string]any{}
	for _, op := range operations {
		routes[op.name] = map[string]any{"method": op.method, "path": op.path}
	}
	schools := map[string]any{}
	for role, id := range s.seed.schools {
		schools[role] = id
	}
	return map[string]any{
		"vendor": VendorName,
		"target": map[string]any{"baseURL": strings.TrimSuffix(baseURL, "/") + BasePath},
		"auth": map[string]any{
			"tokens": map[string]any{
				"primary":   map[string]any{"value": s.seed.primaryKey},
				"secondary": map[string]any{"value": s.seed.secondaryKey},
			},
		},
		"settings": map[string]any{
			"authHeader": "Authorization",
			"authScheme": "Bearer",
			"routes":     routes,
			"timeZone":   TimeZone,
			"schools":    schools,
			"attendanceNames": map[string]any{
				"standard":   AttendanceStandard,
				"conversion": AttendanceConversion,
				"multiple":   []any{AttendanceStandard, AttendanceLab, AttendanceConversion},
			},
			"unauthorizedSchoolRecords": map[string]any{
				"userEmail": s.seed.foreignUserEmail,
				"courseID":  s.seed.foreignCourseID,
				"addCode":   s.seed.foreignAddCode,
			},
		},
	}
}
