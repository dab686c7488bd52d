package coursekeyspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	ck "github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe(usersChapter, func() {
	// Decision: documented as "403 Bad Request": the number is the contract.
	Describe("Unauthorized School", ck.Entry(ck.Users, ck.Authorization, 403), func() {
		It("refuses a user at a school the auth key may not act on, naming the school", specid.Label("coursekey.authorization.users.unauthorized-school"), func(ctx SpecContext) {
			school := ck.School("unauthorized")
			resp := ck.CreateUser(ctx, ck.NewUser(school))
			Expect(resp).To(unauthorizedSchool(403, school))
		})
	})
})

var _ = Describe(coursesChapter, func() {
	Describe("Unauthorized owner", ck.Entry(ck.Courses, ck.Authorization, 400), func() {
		It("refuses an owner who exists only at schools the auth key may not act on, naming them", Label(suite.Writes), specid.Label("coursekey.authorization.courses.unauthorized-owner"), func(ctx SpecContext) {
			owner := ck.Foreign("userEmail", ck.Config().UnauthorizedSchoolRecords.UserEmail)
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, authorized()).With("owner", owner))
			Expect(resp).To(ck.BeError(400, 10005, "Unauthorized owner: "+ck.Email).With(ck.Email, owner))
		})
	})

	// Decision: the message reads "\$\$SCHOOL_ID": one placeholder. The
	// status is 400 as documented for courses (users document 403).
	Describe("Unauthorized school", ck.Entry(ck.Courses, ck.Authorization, 400), func() {
		It("refuses a course at a school the auth key may not act on, naming the school", Label(suite.Writes), specid.Label("coursekey.authorization.courses.unauthorized-school"), func(ctx SpecContext) {
			school := ck.School("unauthorized")
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, school))
			Expect(resp).To(unauthorizedSchool(400, school))
		})
	})
})

var _ = Describe(membersChapter, func() {
	Describe("Course not authorized", ck.Entry(ck.CourseMembers, ck.Authorization, 403), func() {
		It("refuses an enrolment in a course of a school the auth key may not act on", Label(suite.Writes), specid.Label("coursekey.authorization.course-members.course-not-authorized"), func(ctx SpecContext) {
			course := foreignCourse()
			resp := ck.CreateCourseMember(ctx, ck.NewMember(course, ck.Owner(ctx)))
			Expect(resp).To(courseNotAuthorized())
		})
	})
})

var _ = Describe(attendanceChapter, func() {
	Describe("Course not authorized", ck.Entry(ck.Attendance, ck.Authorization, 403), func() {
		It("refuses a session for a course of a school the auth key may not act on", specid.Label("coursekey.authorization.attendance.course-not-authorized.create"), func(ctx SpecContext) {
			resp := ck.CreateAttendance(ctx, ck.NewSession(foreignCourse()))
			Expect(resp).To(courseNotAuthorized())
		})

		It("refuses to delete a session of a course of a school the auth key may not act on", specid.Label("coursekey.authorization.attendance.course-not-authorized.delete"), func(ctx SpecContext) {
			resp := ck.DeleteAttendance(ctx, courseReference(foreignCourse()).With("attendanceID", ck.MadeUp(ck.Unique("att"))))
			Expect(resp).To(courseNotAuthorized())
		})
	})
})

// foreignCourse is the course seeded at the school the auth key may not act on.
func foreignCourse() ck.Body {
	id := ck.Foreign("courseID", ck.Config().UnauthorizedSchoolRecords.CourseID)
	return ck.Body{"courseID": id, "schoolID": ck.School("unauthorized")}
}
