package coursekeyspecs

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	ck "github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe(usersChapter, func() {
	Describe("User Not Found", ck.Entry(ck.Users, ck.References, 400), func() {
		It("refuses to update a userID no user has at the school", specid.Label("coursekey.references.users.user-not-found"), func(ctx SpecContext) {
			resp := ck.UpdateUser(ctx, ck.Body{"userID": ck.MadeUp(ck.Unique("user")), "schoolID": authorized(), "firstName": "Ada"})
			Expect(resp).To(ck.BeError(400, 10009, "User not found."))
		})
	})
})

var _ = Describe(coursesChapter, func() {
	Describe("Admin does not exist", ck.Entry(ck.Courses, ck.References, 400), func() {
		It("refuses an admin e-mail no user has, naming it", Label(suite.Writes), specid.Label("coursekey.references.courses.admin-does-not-exist"), func(ctx SpecContext) {
			admin := ck.MadeUp(ck.UniqueEmail())
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, authorized()).With("admin", []string{admin}))
			Expect(resp).To(ck.BeError(400, 10005, "Admin does not exist: "+ck.Email).With(ck.Email, admin))
		})
	})

	Describe("Course does not exist", ck.Entry(ck.Courses, ck.References, 400), func() {
		It("refuses to update a courseID the school does not have", specid.Label("coursekey.references.courses.course-does-not-exist"), func(ctx SpecContext) {
			resp := ck.UpdateCourse(ctx, ck.Body{"courseID": ck.MadeUp(ck.Unique("course")), "schoolID": authorized(), "days": "Tuesday"})
			Expect(resp).To(ck.BeError(400, 10005, "Course does not exist."))
		})
	})

	// Decision: "Owner does not exist" and "Unauthorized owner" share one
	// meaning. An e-mail no user has is this entry; a user the auth key may
	// not see is "Unauthorized owner".
	Describe("Owner does not exist", ck.Entry(ck.Courses, ck.References, 400), func() {
		It("refuses an owner e-mail no user has, naming it", Label(suite.Writes), specid.Label("coursekey.references.courses.owner-does-not-exist"), func(ctx SpecContext) {
			owner := ck.MadeUp(ck.UniqueEmail())
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, authorized()).With("owner", owner))
			Expect(resp).To(ck.BeError(400, 10005, "Owner does not exist: "+ck.Email).With(ck.Email, owner))
		})
	})
})

var _ = Describe(membersChapter, func() {

	// Decision: "Course does not exist." (10005) and "Course not found."
	// (2213) both cover an unknown course; the former's meaning cites an
	// addCode case mismatch, so an addCode matching only when ignoring case
	// is this entry.
	Describe("Course does not exist", ck.Entry(ck.CourseMembers, ck.References, 400), func() {
		It("refuses an addCode that matches a course only when ignoring case", Label(suite.Writes), specid.Label("coursekey.references.course-members.course-does-not-exist"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			resp := ck.CreateCourseMember(ctx, ck.Body{"email": ck.Owner(ctx), "schoolID": authorized(),
				"addCode": ck.MadeUp(strings.ToUpper(course.Str("addCode")))})
			Expect(resp).To(ck.BeError(400, 10005, "Course does not exist."))
		})
	})

	// Members document "Course not found." with a period, attendance
	// without; each is asserted as documented for its record type.
	Describe("Course not found", ck.Entry(ck.CourseMembers, ck.References, 400), func() {
		It("refuses an enrolment in a courseID no course has", Label(suite.Writes), specid.Label("coursekey.references.course-members.course-not-found"), func(ctx SpecContext) {
			resp := ck.CreateCourseMember(ctx, ck.Body{"email": ck.Owner(ctx), "schoolID": authorized(),
				"courseID": ck.MadeUp(ck.Unique("course"))})
			Expect(resp).To(ck.BeError(400, 2213, "Course not found."))
		})
	})

	Describe("User does not exist", ck.Entry(ck.CourseMembers, ck.References, 400), func() {
		It("refuses to enrol an e-mail no user has", Label(suite.Writes), specid.Label("coursekey.references.course-members.user-does-not-exist"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			resp := ck.CreateCourseMember(ctx, ck.NewMember(course, ck.MadeUp(ck.UniqueEmail())))
			Expect(resp).To(ck.BeError(400, 10005, "User does not exist."))
		})
	})
})

var _ = Describe(attendanceChapter, func() {

	// Decision: info is documented as {}, so nothing is required of it,
	// although the message's placeholder reads ${info.attendanceID}; the
	// message must name the attendanceID sent.
	Describe("Attendance does not exist", ck.Entry(ck.Attendance, ck.References, 400), func() {
		It("refuses to delete an attendanceID the course has no session for, naming it", Label(suite.Writes), specid.Label("coursekey.references.attendance.attendance-does-not-exist"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			id := ck.MadeUp(ck.Unique("att"))
			resp := ck.DeleteAttendance(ctx, courseReference(course).With("attendanceID", id))
			Expect(resp).To(ck.BeError(400, 5, "AttendanceID "+ck.AttendanceID+" does not exist").
				With(ck.AttendanceID, id))
		})
	})

	Describe("Course not found", ck.Entry(ck.Attendance, ck.References, 400), func() {
		It("refuses a session for a courseID no course has", specid.Label("coursekey.references.attendance.course-not-found"), func(ctx SpecContext) {
			course := ck.Body{"courseID": ck.MadeUp(ck.Unique("course")), "schoolID": authorized()}
			resp := ck.CreateAttendance(ctx, ck.NewSession(course))
			Expect(resp).To(ck.BeError(400, 2213, "Course not found"))
		})
	})
})
