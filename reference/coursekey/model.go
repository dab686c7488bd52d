package coursekey

import (
	"sort"
	"strings"
	"time"
)

// school is a customer school as CourseKey configures it; clients cannot
// create or change schools, so the server seeds them.
type school struct {
	id string
	// integrationConfigured is false for a school whose integration
	// configuration record is missing.
	integrationConfigured bool
	attendanceSettings    []*attendanceSetting
	// welcomeTemplate is the e-mail sent to new users; empty means the
	// configured template cannot be found.
	welcomeTemplate string
}

// attendanceSetting is one named way a school takes attendance.
type attendanceSetting struct {
	name string
	// duration is the session length in minutes the setting defaults to;
	// valid settings keep it within 1..1440.
	duration int
	// conversion marks a conversion delivery method: courses using it carry
	// conversion data (totalTime, syncTime, asyncTime and a strategy).
	conversion      bool
	defaultStrategy string
}

// integration is one customer configuration: the auth key it is reached
// with, the system id attendance mappings are scoped by, and the schools the
// key may act on.
type integration struct {
	authKey string
	sysID   string
	schools map[string]bool
}

func (in *integration) authorizes(schoolID string) bool { return in.schools[schoolID] }

// written is when a record was stored: the store's write count at the time.
// Only the race-unsafe deviation reads it, to ignore records stored by
// requests that arrived at the same moment.
type written struct{ at uint64 }

// user is a person, unique by e-mail; their per-school identities are accounts.
type user struct {
	written
	email     string
	firstName string
	lastName  string
	accounts  map[string]*account // by school id
}

// account is a user's identity at one school, unique by (userID, schoolID).
type account struct {
	written
	userID   string
	schoolID string
	issuedID string
	user     *user
}

type accountKey struct{ schoolID, userID string }

const (
	strategyUniform = "uniform"
	strategyFixed   = "fixed"
)

// conversion is the conversion data of a course using a conversion setting.
// Nil pointers are values the client left null.
type conversion struct {
	strategy             string
	totalTime            *float64
	syncTime             *float64
	asyncTime            *float64
	awardedTime          *float64
	maxAwardedTimePerDay *float64
}

type course struct {
	schoolID   string
	courseID   string
	addCode    string
	owner      string   // owner's e-mail
	admins     []string // admins' e-mails
	start, end time.Time
	timeZone   string // empty when the dates came as ISO strings
	days       []string
	setting    *attendanceSetting // nil: the school had no attendance settings
	duration   int
	conversion *conversion
	members    map[string]*member // by lower-cased e-mail
	sessions   map[sessionKey]*session
}

type courseKey struct{ schoolID, courseID string }

type member struct {
	written
	email string
	admin bool
}

type sessionKey struct{ attendanceID, sysID string }

type session struct {
	written
	attendanceID string
	start, end   time.Time
	timeZone     string
}

func (s *session) overlaps(start, end time.Time) bool {
	return start.Before(s.end) && s.start.Before(end)
}

// store holds every record; the Server's mutex guards it.
type store struct {
	schools      map[string]*school
	integrations map[string]*integration // by auth key
	users        map[string]*user        // by lower-cased e-mail
	accounts     map[accountKey]*account
	courses      map[courseKey]*course
	addCodes     map[string]map[string]*course // school id -> addCode -> course
	// writes counts the requests that ran; a record is stamped with it.
	writes uint64
}

func newStore() *store {
	return &store{
		schools:      map[string]*school{},
		integrations: map[string]*integration{},
		users:        map[string]*user{},
		accounts:     map[accountKey]*account{},
		courses:      map[courseKey]*course{},
		addCodes:     map[string]map[string]*course{},
	}
}

func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// visibleUser finds the user with this e-mail when the integration may see
// them: they hold an account at one of its schools. found reports whether
// the e-mail exists at all.
func (st *store) visibleUser(in *integration, email string) (u *user, found bool) {
	u = st.users[emailKey(email)]
	if u == nil {
		return nil, false
	}
	for schoolID := range u.accounts {
		if in.authorizes(schoolID) {
			return u, true
		}
	}
	return nil, true
}

// accountAt returns the user's account at schoolID, or the account the server
// would provision there: a copy of one of their accounts at another school
// the integration may use. A provisioned account whose userID is taken at that
// school is the documented "userID_schoolID must be unique." conflict,
// unless checkTaken is false.
func (st *store) accountAt(in *integration, u *user, schoolID string, checkTaken bool) (acct *account, provisioned bool, err *apiError) {
	if a := u.accounts[schoolID]; a != nil {
		return a, false, nil
	}
	for _, from := range sortedAccounts(u) {
		if !in.authorizes(from.schoolID) {
			continue
		}
		if checkTaken && st.accounts[accountKey{schoolID, from.userID}] != nil {
			return nil, false, errUserSchoolUnique()
		}
		return &account{userID: from.userID, schoolID: schoolID, issuedID: from.issuedID, user: u}, true, nil
	}
	return nil, false, errUserDoesNotExist()
}

func sortedAccounts(u *user) []*account {
	out := make([]*account, 0, len(u.accounts))
	for _, a := range u.accounts {
		out = append(out, a)
	}
	// Deterministic choice: the lowest school id first.
	sort.Slice(out, func(i, j int) bool { return out[i].schoolID < out[j].schoolID })
	return out
}

func (st *store) stamp() written { return written{st.writes} }

func (st *store) addAccount(a *account) {
	a.written = st.stamp()
	a.user.accounts[a.schoolID] = a
	st.accounts[accountKey{a.schoolID, a.userID}] = a
}

func (st *store) addCourse(c *course) {
	st.courses[courseKey{c.schoolID, c.courseID}] = c
	st.indexAddCode(c)
}

func (st *store) indexAddCode(c *course) {
	codes := st.addCodes[c.schoolID]
	if codes == nil {
		codes = map[string]*course{}
		st.addCodes[c.schoolID] = codes
	}
	codes[c.addCode] = c
}
