package coursekey

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/request"
	"github.com/edconform/edconform/harness/suite"
)

// The integration API has no way to delete users, courses or course
// members, so what the suite creates of those stays on the target: every
// identifier is run-unique (fixtures.Unique), and courses and users are
// made only where a spec needs them. Attendance sessions are deleted when
// the spec that created them ends.

// ledger holds the identities of records the suite created or made up;
// updates and deletes may only name those.
var ledger = struct {
	sync.Mutex
	ids map[string]bool
}{ids: map[string]bool{}}

func remember(kind, id string) {
	if id == "" {
		return
	}
	ledger.Lock()
	defer ledger.Unlock()
	ledger.ids[kind+":"+id] = true
}

func known(kind, id string) bool {
	ledger.Lock()
	defer ledger.Unlock()
	return ledger.ids[kind+":"+id]
}

// Identity kinds a request body can name a record by.
const (
	kindUserID       = "userID"
	kindEmail        = "email"
	kindCourseID     = "courseID"
	kindAddCode      = "addCode"
	kindAttendanceID = "attendanceID"
)

// identities lists what an operation's body names, for the ledger.
func identities(op string, b Body) map[string][]string {
	ids := map[string][]string{}
	add := func(kind, value string) {
		if value != "" {
			ids[kind] = append(ids[kind], value)
		}
	}
	text := func(key string) string {
		if v, ok := b[key]; ok && v != nil {
			return fmt.Sprint(v)
		}
		return ""
	}
	switch op {
	case OpCreateUser, OpUpdateUser:
		add(kindUserID, text("userID"))
		add(kindEmail, strings.ToLower(text("email")))
	case OpCreateCourse, OpUpdateCourse, OpCreateCourseMember, OpUpdateCourseMember:
		add(kindCourseID, text("courseID"))
		add(kindAddCode, text("addCode"))
	case OpDeleteAttendance, OpBulkDeleteAttendance:
		for _, id := range expect.Strings(b["attendanceID"]) {
			add(kindAttendanceID, id)
		}
	case OpCreateAttendance:
		add(kindAttendanceID, text("attendanceID"))
	case OpBulkCreateAttendance:
		items, _ := b["session"].([]any)
		for _, item := range items {
			switch s := item.(type) {
			case Body:
				add(kindAttendanceID, s.Str("attendanceID"))
			case map[string]any:
				add(kindAttendanceID, Body(s).Str("attendanceID"))
			}
		}
	}
	return ids
}

// mayChange refuses an update or delete naming a record the suite neither
// created nor made up. The primary identity decides: a user's userID (else
// e-mail), a course's courseID (else addCode), each attendanceID.
func mayChange(op string, b Body) error {
	var order []string
	switch op {
	case OpUpdateUser:
		order = []string{kindUserID, kindEmail}
	case OpUpdateCourse, OpUpdateCourseMember:
		order = []string{kindCourseID, kindAddCode}
	case OpDeleteAttendance, OpBulkDeleteAttendance:
		order = []string{kindAttendanceID}
	default:
		return nil
	}
	ids := identities(op, b)
	for _, kind := range order {
		for _, id := range ids[kind] {
			if !known(kind, id) {
				return fmt.Errorf("refusing to send %s naming %s %q: the suite changes and deletes only records it created or made up", op, kind, id)
			}
		}
		if len(ids[kind]) > 0 {
			return nil
		}
	}
	return nil
}

// adopt records what a successful create stored, and deletes attendance
// sessions when the spec ends.
func adopt(op string, b Body, resp *Response) {
	if !succeeded(resp) {
		return
	}
	for kind, values := range identities(op, b) {
		for _, v := range values {
			remember(kind, v)
		}
	}
	if record, id := undeletable(op, b); record != "" {
		suite.Current().Ledger.Track(&fixtures.Record{Resource: record, ID: id, ByDesign: true})
		return
	}
	if op != OpCreateAttendance && op != OpBulkCreateAttendance {
		return
	}
	course := courseReference(b)
	for _, id := range identities(op, b)[kindAttendanceID] {
		session := course.With("attendanceID", id)
		// The API reads no session back, so only a failed deletion is
		// known to leave one.
		rec := &fixtures.Record{Resource: Attendance, ID: id}
		suite.Current().Ledger.Track(rec)
		ginkgo.DeferCleanup(removeSession, session, rec)
	}
}

// undeletable names the record type and identity of what a create made
// that the API offers no way to delete; "" for anything else.
func undeletable(op string, b Body) (record, id string) {
	switch op {
	case OpCreateUser:
		return Users, firstNonEmpty(b.Str("userID"), b.Str("email"))
	case OpCreateCourse:
		return Courses, firstNonEmpty(b.Str("courseID"), b.Str("addCode"))
	case OpCreateCourseMember:
		return CourseMembers, b.Str("email") + " in " + firstNonEmpty(b.Str("courseID"), b.Str("addCode"))
	}
	return "", ""
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// alreadyDeleted: "AttendanceID ... does not exist" (code 5).
func alreadyDeleted(resp *Response) bool {
	return resp.Status == http.StatusBadRequest && errorCode(resp) == 5
}

// courseReference keeps the keys that name a session's course.
func courseReference(b Body) Body {
	ref := Body{}
	for _, k := range []string{"courseID", "addCode", "schoolID", "mappingID"} {
		if v, ok := b[k]; ok {
			ref[k] = v
		}
	}
	return ref
}

func removeSession(ctx ginkgo.SpecContext, b Body, rec *fixtures.Record) {
	resp := send(ctx, OpDeleteAttendance, b, nil)
	// The spec may have deleted it already.
	removed := alreadyDeleted(resp) || succeeded(resp)
	suite.Current().Ledger.Removed(rec, resp, !removed)
	if !removed {
		expect.Fail(resp, "a 2xx success: deleting the attendance session the spec created", expect.That(expect.Must, "HTTP status", false, "2xx", statusText(resp)))
	}
}

func errorCode(resp *Response) float64 {
	v, _ := resp.JSON()
	body, _ := v.(map[string]any)
	env, _ := body["error"].(map[string]any)
	code, _ := env["code"].(float64)
	return code
}

// Create sends a create the spec needs as a fixture, with the profile's
// fixtures.<record type> additions, and returns the body sent; a refusal
// stops the spec as a set-up error. The spec must carry the `writes` label.
func Create(ctx ginkgo.SpecContext, op string, b Body) Body {
	suite.RequireWritesLabel()
	b = request.WithFixtures(createdRecords[op], b)
	resp := Send(ctx, op, b)
	Step(resp, "the spec needs this "+op+" fixture")
	return b
}

// createdRecords is the record type each create operation makes, the
// resource a profile's fixtures.<resource> entry names.
var createdRecords = map[string]string{
	OpCreateUser: Users, OpCreateCourse: Courses, OpCreateCourseMember: CourseMembers, OpCreateAttendance: Attendance,
}

// Step checks a preparatory request of a spec succeeded (any 2xx: the
// dictionary documents no success statuses); if not, the spec fails with
// a set-up error (case, request as curl, response).
func Step(resp *Response, what string) {
	if !succeeded(resp) {
		expect.SetupError(resp, "a 2xx success: "+what, "", expect.That(expect.Must, "HTTP status", false, "2xx", statusText(resp)))
	}
}

func succeeded(resp *Response) bool {
	return resp.Err == nil && resp.Status >= 200 && resp.Status <= 299
}

func statusText(resp *Response) string {
	if resp.Err != nil {
		return "no response"
	}
	return fmt.Sprint(resp.Status)
}

// Unique is a run-scoped identifier; see fixtures.Unique.
func Unique(prefix string) string { return fixtures.Unique(prefix) }

// UniqueEmail is a run-scoped e-mail address no user has.
func UniqueEmail() string { return Unique("u") + "@example.edu" }

// MadeUp marks an identifier the spec invented as one the suite may name in
// updates and deletes (no record has it), and returns it.
func MadeUp(id string) string {
	for _, kind := range []string{kindUserID, kindEmail, kindCourseID, kindAddCode, kindAttendanceID} {
		remember(kind, strings.ToLower(id))
		remember(kind, id)
	}
	return id
}

// School is the id of the school in the named role (a settings.schools
// key); the spec is skipped, naming the key, when the profile lacks it.
func School(role string) string {
	id := schoolByRole()[role]
	suite.RequireSetting(id != "", "settings.schools."+role, schoolRoles[role])
	return id
}

// SchoolInState is School for a server-side state no client can bring
// about (a broken configuration): without the key the spec is reported
// not provokable, saying which key provokes it.
func SchoolInState(role string) string {
	id := schoolByRole()[role]
	if id == "" {
		suite.NotProvokable("the entry arises only for "+schoolRoles[role]+", a state no client can create.",
			"set settings.schools."+role+" to such a school to run it; the reference server's seeded school proves the spec.")
	}
	return id
}

var schoolRoles = map[string]string{
	"authorized":                      "a school the primary auth key may act on",
	"secondAuthorized":                "a second school the primary auth key may act on",
	"unauthorized":                    "a school the primary auth key may not act on",
	"withoutIntegrationConfiguration": "a school of the primary auth key whose integration configuration is missing",
	"multipleAttendanceSettings":      "a school with several attendance settings",
	"brokenEmailTemplate":             "a school whose welcome e-mail template is missing",
	"conversion":                      "a school whose only attendance setting is a conversion delivery method (uniform strategy)",
	"withoutAttendanceSettings":       "a school with no attendance settings",
	"invalidDurationSetting":          "a school whose attendance setting has a duration outside 1..1440",
}

func schoolByRole() map[string]string {
	s := settings.Schools
	return map[string]string{
		"authorized": s.Authorized, "secondAuthorized": s.SecondAuthorized, "unauthorized": s.Unauthorized,
		"withoutIntegrationConfiguration": s.WithoutIntegrationConfiguration,
		"multipleAttendanceSettings":      s.MultipleAttendanceSettings, "brokenEmailTemplate": s.BrokenEmailTemplate,
		"conversion": s.Conversion, "withoutAttendanceSettings": s.WithoutAttendanceSettings,
		"invalidDurationSetting": s.InvalidDurationSetting,
	}
}

// Foreign returns the records seeded at schools.unauthorized; the spec is
// skipped, naming the key, when the profile lacks the one it needs.
func Foreign(key, value string) string {
	suite.RequireSetting(value != "", "settings.unauthorizedSchoolRecords."+key,
		"a record at settings.schools.unauthorized, which the primary auth key may not touch")
	return value
}

// NewUser is a complete create-user body at schoolID, unique to the run.
func NewUser(schoolID string) Body {
	return Body{"userID": Unique("user"), "schoolID": schoolID, "issuedID": Unique("iss"),
		"firstName": "Ada", "lastName": "Lovelace", "email": UniqueEmail()}
}

// User creates a user at schoolID and returns the body it was created with.
func User(ctx ginkgo.SpecContext, schoolID string) Body {
	return Create(ctx, OpCreateUser, NewUser(schoolID))
}

// Owner is the e-mail of a user at schools.authorized who owns the courses
// specs create; one per run, parallel or not, since users cannot be deleted.
func Owner(ctx ginkgo.SpecContext) string {
	suite.RequireWritesLabel()
	return suite.OncePerRun(ctx, "coursekey.owner", func() string {
		return User(ctx, settings.Schools.Authorized).Str("email")
	})
}

// NewCourse is a complete create-course body at schoolID (local dates in the
// profile's time zone), owned by Owner.
func NewCourse(ctx ginkgo.SpecContext, schoolID string) Body {
	return Body{
		"courseID": Unique("course"), "schoolID": schoolID, "owner": Owner(ctx), "addCode": Unique("ac"),
		"startDate": "1/7/2030", "endDate": "05/31/2030", "startTime": "9:00", "endTime": "17:30:00",
		"timeZone": settings.TimeZone, "days": "Monday Wednesday Friday",
	}
}

// Course creates a course at schoolID and returns its body.
func Course(ctx ginkgo.SpecContext, schoolID string) Body {
	return Create(ctx, OpCreateCourse, NewCourse(ctx, schoolID))
}

// NewConversionCourse is a create-course body at schools.conversion with
// the conversion attendance name and consistent uniform-strategy times.
func NewConversionCourse(ctx ginkgo.SpecContext) Body {
	b := NewCourse(ctx, School("conversion")).With("totalTime", 10, "syncTime", 6, "asyncTime", 4)
	if name := settings.AttendanceNames.Conversion; name != "" {
		b["attendanceName"] = name
	}
	return b
}

// NewMember is a create-course-member body enrolling email in course.
func NewMember(course Body, email string) Body {
	return Body{"email": email, "courseID": course["courseID"], "schoolID": course["schoolID"]}
}

// NewSession is a create-attendance body for one hour (9:00 to 10:00 in the
// profile's time zone) of course on 2/4/2030, with a run-unique attendanceID.
func NewSession(course Body) Body {
	return Body{
		"courseID": course["courseID"], "schoolID": course["schoolID"], "attendanceID": Unique("att"),
		"startDate": "2/4/2030", "endDate": "2/4/2030", "startTime": "9:00", "endTime": "10:00",
		"timeZone": settings.TimeZone,
	}
}

// Session creates an attendance session (deleted when the spec ends).
func Session(ctx ginkgo.SpecContext, b Body) Body { return Create(ctx, OpCreateAttendance, b) }
