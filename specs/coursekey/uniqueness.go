package coursekeyspecs

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	ck "github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

// racers is how many creates of one record the concurrency specs release at once.
const racers = 4

// racing is the bodies of the racers, body(i) for each.
func racing(body func(i int) ck.Body) []ck.Body {
	out := make([]ck.Body, racers)
	for i := range out {
		out[i] = body(i)
	}
	return out
}

// Decision: where the dictionary says an entry "may occur if two concurrent
// requests" create the same record, the entry is provoked twice: by a
// duplicate create after the first succeeded, and by concurrent creates, of
// which exactly one may succeed and every other must answer a documented
// entry. A race spec passes only when a refused create was in flight
// together with the successful one; otherwise it ends as not observed.

var _ = Describe(usersChapter, func() {

	// Decision: the quoted message is broken (`message: Email must be
	// unique"`); the text is "Email must be unique", without a period.
	emailTaken := func() *ck.Error { return ck.BeError(400, ck.NoCode, "Email must be unique") }
	accountTaken := func() *ck.Error { return ck.BeError(400, ck.NoCode, "userID_schoolID must be unique.") }

	Describe("Email must be unique", ck.Entry(ck.Users, ck.Uniqueness, 400), func() {
		It("refuses a second user with the e-mail of another", Label(suite.Writes), specid.Label("coursekey.uniqueness.users.email-must-be-unique.second-user"), suite.StartSoon, func(ctx SpecContext) {
			first := ck.User(ctx, authorized())
			resp := ck.CreateUser(ctx, ck.NewUser(authorized()).With("email", first["email"]))
			Expect(resp).To(emailTaken())
		})

		It("lets one of concurrent creates of users sharing an e-mail succeed", Label(suite.Writes, suite.Concurrency), specid.Label("coursekey.uniqueness.users.email-must-be-unique.concurrent-creates"), func(ctx SpecContext) {
			ck.ExpectRace(ctx, ck.OpCreateUser, func() []ck.Body {
				email := ck.UniqueEmail()
				return racing(func(int) ck.Body { return ck.NewUser(authorized()).With("email", email) })
			}, emailTaken())
		})
	})

	// Decision: the meaning repeats the e-mail entry's sentence about
	// concurrent creates "with the same email". The entry's own key is
	// (userID, schoolID): concurrent creates sharing it (other e-mails)
	// must answer this entry; concurrent creates of the very same user
	// (same userID and e-mail) may answer either documented entry.
	Describe("userID_schoolID must be unique", ck.Entry(ck.Users, ck.Uniqueness, 400), func() {
		It("refuses a second user with the userID of another at the same school", Label(suite.Writes), specid.Label("coursekey.uniqueness.users.userid-schoolid-must-be-unique.second-user"), suite.StartSoon, func(ctx SpecContext) {
			first := ck.User(ctx, authorized())
			resp := ck.CreateUser(ctx, ck.NewUser(authorized()).With("userID", first["userID"]))
			Expect(resp).To(accountTaken())
		})

		It("lets one of concurrent creates of users sharing a userID succeed", Label(suite.Writes, suite.Concurrency), specid.Label("coursekey.uniqueness.users.userid-schoolid-must-be-unique.concurrent-creates"), func(ctx SpecContext) {
			ck.ExpectRace(ctx, ck.OpCreateUser, func() []ck.Body {
				userID := ck.Unique("user")
				return racing(func(int) ck.Body { return ck.NewUser(authorized()).With("userID", userID) })
			}, accountTaken())
		})

		It("lets one of concurrent creates of the same user succeed", Label(suite.Writes, suite.Concurrency), specid.Label("coursekey.uniqueness.users.userid-schoolid-must-be-unique.concurrent-same-user"), func(ctx SpecContext) {
			ck.ExpectRace(ctx, ck.OpCreateUser, func() []ck.Body {
				user := ck.NewUser(authorized())
				return racing(func(int) ck.Body { return user })
			}, accountTaken(), emailTaken())
		})
	})
})

var _ = Describe(coursesChapter, func() {

	Describe("addCode must be unique", ck.Entry(ck.Courses, ck.Uniqueness, 400), func() {
		It("refuses a second course with the addCode of another at the same school", Label(suite.Writes), specid.Label("coursekey.uniqueness.courses.addcode-must-be-unique"), suite.StartSoon, func(ctx SpecContext) {
			first := ck.Course(ctx, authorized())
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, authorized()).With("addCode", first["addCode"]))
			Expect(resp).To(ck.BeError(400, 10005, "addCode must be unique."))
		})
	})

	// Decision: "the integration is trying to create a course and its
	// settings; however, the settings for the course already exist": a
	// create repeated for a courseID the school already has.
	Describe("Attendance is already set up for this course", ck.Entry(ck.Courses, ck.Uniqueness, 400), func() {
		It("refuses to create a course again", Label(suite.Writes), specid.Label("coursekey.uniqueness.courses.attendance-already-set-up"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			resp := ck.CreateCourse(ctx, course)
			Expect(resp).To(ck.BeError(400, 10005, "Attendance is already set up for this course."))
		})
	})

	Describe("Conversion Course is already set up for this course", ck.Entry(ck.Courses, ck.Uniqueness, 400), func() {
		It("refuses to create a conversion course again", Label(suite.Writes), specid.Label("coursekey.uniqueness.courses.conversion-course-already-set-up"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Create(ctx, ck.OpCreateCourse, ck.NewConversionCourse(ctx))
			resp := ck.CreateCourse(ctx, course)
			Expect(resp).To(ck.BeError(400, 10005, "Conversion Course is already set up for this course."))
		})
	})

	// Decision: title "userID_courseID", message "userID_schoolID"; the
	// meaning (an owner or admin without an account at the course's school)
	// is an account conflict and agrees with the message. The spec gives the
	// owner's userID to another user at the course's school, so the account
	// the server makes for the owner there collides.
	Describe("userID_courseID must be unique", ck.Entry(ck.Courses, ck.Uniqueness, 400), func() {
		It("refuses an owner whose userID another user has at the course's school", Label(suite.Writes), specid.Label("coursekey.uniqueness.courses.userid-courseid-must-be-unique"), suite.StartEarly, func(ctx SpecContext) {
			second := ck.School("secondAuthorized")
			owner := ck.User(ctx, authorized())
			ck.Create(ctx, ck.OpCreateUser, ck.NewUser(second).With("userID", owner["userID"]))
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, second).With("owner", owner["email"]))
			Expect(resp).To(ck.BeError(400, ck.NoCode, "userID_schoolID must be unique."))
		})
	})
})

var _ = Describe(membersChapter, func() {

	// Decision: title "userID_courseID", response body "userID_schoolID";
	// the meaning (an enrolment for this e-mail and course exists) agrees
	// with the title. Either text is accepted: a server answering the body
	// as documented conforms, and so does one answering the title's key.
	enrolled := func() *ck.Error {
		return ck.BeError(400, ck.NoCode, "userID_schoolID must be unique.").OrMessage("userID_courseID must be unique.")
	}

	Describe("userID_courseID must be unique", ck.Entry(ck.CourseMembers, ck.Uniqueness, 400), func() {
		It("refuses to enrol a user in a course twice", Label(suite.Writes), specid.Label("coursekey.uniqueness.course-members.userid-courseid-must-be-unique.enrol-twice"), suite.StartFirst, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			member := ck.Create(ctx, ck.OpCreateCourseMember, ck.NewMember(course, ck.User(ctx, authorized()).Str("email")))
			resp := ck.CreateCourseMember(ctx, member)
			Expect(resp).To(enrolled())
		})

		It("lets one of concurrent enrolments of a user in a course succeed", Label(suite.Writes, suite.Concurrency), specid.Label("coursekey.uniqueness.course-members.userid-courseid-must-be-unique.concurrent-enrolments"), suite.StartEarly, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			ck.ExpectRace(ctx, ck.OpCreateCourseMember, func() []ck.Body {
				member := ck.NewMember(course, ck.User(ctx, authorized()).Str("email"))
				return racing(func(int) ck.Body { return member })
			}, enrolled())
		})
	})
})

var _ = Describe(attendanceChapter, func() {

	sessionTaken := func() *ck.Error { return ck.BeError(400, ck.NoCode, "mAttendanceID_courseID_sysID must be unique.") }

	// Decision: info carries "a full detail of the attendance that is
	// overlapping" (a comment inside the documented body); its attendanceID
	// must be the existing session's.
	Describe("Attendance Overlap", ck.Entry(ck.Attendance, ck.Uniqueness, 400), func() {
		It("refuses a session overlapping another of the course, naming it in info", Label(suite.Writes), specid.Label("coursekey.uniqueness.attendance.attendance-overlap"), suite.StartFirst, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			first := ck.Session(ctx, ck.NewSession(course))
			resp := ck.CreateAttendance(ctx, ck.NewSession(course).With("startTime", "9:30", "endTime", "10:30"))
			Expect(resp).To(ck.BeError(400, 2109, "Attendance Overlap").WithInfo("attendanceID", first["attendanceID"]))
		})
	})

	// Decision: the meaning speaks of "a user with the same email", a slip
	// copied from the user entries; the key is the attendanceID within the
	// course for the integration. The specs give the duplicates other,
	// non-overlapping hours so that only this rule applies.
	Describe("mAttendanceID_courseID_sysID must be unique", ck.Entry(ck.Attendance, ck.Uniqueness, 400), func() {
		It("refuses a second session with the attendanceID of another in the course", Label(suite.Writes), specid.Label("coursekey.uniqueness.attendance.mattendanceid-courseid-sysid-must-be-unique.second-session"), suite.StartFirst, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			first := ck.Session(ctx, ck.NewSession(course))
			resp := ck.CreateAttendance(ctx, ck.NewSession(course).With("attendanceID", first["attendanceID"], "startTime", "11:00", "endTime", "12:00"))
			Expect(resp).To(sessionTaken())
		})

		It("lets one of concurrent creates of sessions sharing an attendanceID succeed", Label(suite.Writes, suite.Concurrency), specid.Label("coursekey.uniqueness.attendance.mattendanceid-courseid-sysid-must-be-unique.concurrent-creates"), suite.StartEarly, func(ctx SpecContext) {
			// A new course per attempt: an earlier winner would overlap.
			ck.ExpectRace(ctx, ck.OpCreateAttendance, func() []ck.Body {
				course := ck.Course(ctx, authorized())
				id := ck.Unique("att")
				return racing(func(i int) ck.Body {
					hour := 8 + 2*i
					return ck.NewSession(course).With("attendanceID", id, "startTime", clock(hour), "endTime", clock(hour+1))
				})
			}, sessionTaken())
		})

		// Decision: a session sent again unchanged both repeats its
		// attendanceID and overlaps itself; uniqueness is checked first.
		It("answers a session sent again unchanged with this entry, not Attendance Overlap", Label(suite.Writes), specid.Label("coursekey.uniqueness.attendance.mattendanceid-courseid-sysid-must-be-unique.sent-again"), suite.StartFirst, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			session := ck.Session(ctx, ck.NewSession(course))
			resp := ck.CreateAttendance(ctx, session)
			Expect(resp).To(sessionTaken())
		})
	})
})

func clock(hour int) string { return fmt.Sprintf("%d:00", hour) }
