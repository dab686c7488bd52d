package coursekeyspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	ck "github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

// Entries that arise only from a school's configuration take the school from
// the profile (settings.schools.<role>); a broken configuration no client
// can bring about is labelled not-provokable and reported so without one.

var _ = Describe(usersChapter, func() {
	Describe("School's integration configuration has not been setup", ck.Entry(ck.Users, ck.Configuration, 400, suite.NotProvokableLabel), func() {
		It("refuses a user at a school without an integration configuration", specid.Label("coursekey.configuration.users.integration-configuration-not-setup"), func(ctx SpecContext) {
			school := ck.SchoolInState("withoutIntegrationConfiguration")
			resp := ck.CreateUser(ctx, ck.NewUser(school))
			Expect(resp).To(noIntegrationConfiguration())
		})
	})
})

var _ = Describe(coursesChapter, func() {

	// Decision: the meaning asks for "one of the available attendance
	// names"; an absent attendanceName is the plainest case of that.
	Describe("attendanceName is required for school with multiple attendance settings", ck.Entry(ck.Courses, ck.Configuration, 400), func() {
		It("refuses a course without an attendanceName at a school with several attendance settings", Label(suite.Writes), specid.Label("coursekey.configuration.courses.attendancename-is-required"), func(ctx SpecContext) {
			school := ck.School("multipleAttendanceSettings")
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, school).Without("attendanceName"))
			Expect(resp).To(ck.BeError(400, 10005, "attendanceName is required for school with multiple attendance settings."))
		})
	})

	Describe("School's integration configuration has not been setup", ck.Entry(ck.Courses, ck.Configuration, 400, suite.NotProvokableLabel), func() {
		It("refuses a course at a school without an integration configuration", Label(suite.Writes), specid.Label("coursekey.configuration.courses.integration-configuration-not-setup"), func(ctx SpecContext) {
			school := ck.SchoolInState("withoutIntegrationConfiguration")
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, school))
			Expect(resp).To(noIntegrationConfiguration())
		})
	})

	// Decision: "an error in the school's configuration": provoked by a
	// school whose attendance setting has duration 0, with no duration in
	// the request.
	Describe("Validation min on duration failed", ck.Entry(ck.Courses, ck.Configuration, 400, suite.NotProvokableLabel), func() {
		It("refuses a course at a school whose attendance setting has a duration below 1", Label(suite.Writes), specid.Label("coursekey.configuration.courses.validation-min-on-duration-failed"), func(ctx SpecContext) {
			school := ck.SchoolInState("invalidDurationSetting")
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, school).Without("duration"))
			Expect(resp).To(ck.BeError(400, ck.NoCode, "Validation min on duration failed."))
		})
	})
})

// Decision: for members and attendance the entry applies when "the
// mappingID parameter is set in the request": mappingID names a school
// whose integration configuration is missing.
var _ = Describe(membersChapter, func() {
	Describe("School's integration configuration has not been setup", ck.Entry(ck.CourseMembers, ck.Configuration, 400, suite.NotProvokableLabel), func() {
		It("refuses an enrolment whose mappingID names a school without an integration configuration", Label(suite.Writes), specid.Label("coursekey.configuration.course-members.integration-configuration-not-setup"), suite.StartSoon, func(ctx SpecContext) {
			mapping := ck.SchoolInState("withoutIntegrationConfiguration")
			course := ck.Course(ctx, authorized())
			resp := ck.CreateCourseMember(ctx, ck.NewMember(course, ck.Owner(ctx)).With("mappingID", mapping))
			Expect(resp).To(noIntegrationConfiguration())
		})
	})
})

var _ = Describe(attendanceChapter, func() {
	Describe("Attendance options not setup", ck.Entry(ck.Attendance, ck.Configuration, 400, suite.NotProvokableLabel), func() {
		It("refuses a session for a course whose school has no attendance settings", Label(suite.Writes), specid.Label("coursekey.configuration.attendance.attendance-options-not-setup"), suite.StartSoon, func(ctx SpecContext) {
			school := ck.SchoolInState("withoutAttendanceSettings")
			course := ck.Course(ctx, school)
			resp := ck.CreateAttendance(ctx, ck.NewSession(course))
			Expect(resp).To(ck.BeError(400, 2112, "Attendance options not setup."))
		})
	})

	Describe("School's integration configuration has not been setup", ck.Entry(ck.Attendance, ck.Configuration, 400, suite.NotProvokableLabel), func() {
		It("refuses a session whose mappingID names a school without an integration configuration", Label(suite.Writes), specid.Label("coursekey.configuration.attendance.integration-configuration-not-setup"), suite.StartSoon, func(ctx SpecContext) {
			mapping := ck.SchoolInState("withoutIntegrationConfiguration")
			course := ck.Course(ctx, authorized())
			resp := ck.CreateAttendance(ctx, ck.NewSession(course).With("mappingID", mapping))
			Expect(resp).To(noIntegrationConfiguration())
		})
	})
})
