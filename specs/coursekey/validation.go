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

	// Decision: the documented body reads "User missing the following
	// fields:\$THE_MISSING_PARAMS" (no space) under a title speaking of the
	// account; the text is the "User missing the following fields" one, and
	// the body exactly as documented is accepted too.
	Describe("Account missing the following fields", ck.Entry(ck.Users, ck.Validation, 400), func() {
		It("refuses a user without an issuedID, naming the field", specid.Label("coursekey.validation.users.account-missing-fields"), func(ctx SpecContext) {
			resp := ck.CreateUser(ctx, ck.NewUser(authorized()).Without("issuedID"))
			Expect(resp).To(userMissingFields("issuedID").OrMessage("User missing the following fields:" + ck.MissingParams))
		})
	})

	// Decision: the entry names no fields; userID (the integration's key for
	// the user) is the one it covers, the others have entries of their own.
	Describe("Missing required parameter", ck.Entry(ck.Users, ck.Validation, 400), func() {
		It("refuses a user without a userID, naming the parameter", specid.Label("coursekey.validation.users.missing-required-parameter"), func(ctx SpecContext) {
			resp := ck.CreateUser(ctx, ck.NewUser(authorized()).Without("userID"))
			Expect(resp).To(missingParameter("userID"))
		})
	})

	Describe("User missing the following fields", ck.Entry(ck.Users, ck.Validation, 400), func() {
		It("refuses a user without a lastName, naming the field", specid.Label("coursekey.validation.users.user-missing-fields"), func(ctx SpecContext) {
			resp := ck.CreateUser(ctx, ck.NewUser(authorized()).Without("lastName"))
			Expect(resp).To(userMissingFields("lastName"))
		})
	})

	Describe("userID or Email is required for updating user", ck.Entry(ck.Users, ck.Validation, 400), func() {
		It("refuses an update that names neither a userID nor an e-mail", specid.Label("coursekey.validation.users.userid-or-email-required-for-update"), func(ctx SpecContext) {
			resp := ck.UpdateUser(ctx, ck.Body{"schoolID": authorized(), "firstName": "Ada"})
			Expect(resp).To(ck.BeError(400, 10008, "userID or email is required for updating user."))
		})
	})

	Describe("Validation isEmail on email failed", ck.Entry(ck.Users, ck.Validation, 400), func() {
		It("refuses a user whose e-mail has no @", specid.Label("coursekey.validation.users.validation-isemail-on-email-failed"), func(ctx SpecContext) {
			resp := ck.CreateUser(ctx, ck.NewUser(authorized()).With("email", "ada.lovelace.example.edu"))
			Expect(resp).To(ck.BeError(400, ck.NoCode, "Validation isEmail on email failed."))
		})
	})
})

var _ = Describe(coursesChapter, func() {

	// createCourse sends a course body at the authorized school with the
	// given fields changed, the way every entry below is provoked.
	createCourse := func(ctx SpecContext, name string, value any, more ...any) *ck.Response {
		return ck.CreateCourse(ctx, ck.NewCourse(ctx, authorized()).With(name, value, more...))
	}

	// refusedField declares the spec of an entry (400, code 10005) that one
	// field of an otherwise valid course provokes.
	refusedField := func(id, entry, it, field string, value any, message string) {
		Describe(entry, ck.Entry(ck.Courses, ck.Validation, 400), func() {
			It(it, Label(suite.Writes), specid.Label(id), func(ctx SpecContext) {
				Expect(createCourse(ctx, field, value)).To(ck.BeError(400, 10005, message))
			})
		})
	}

	// Decision: "must be less than 26 characters" (message) against "cannot
	// have more than 26" (meaning): the message wins, 26 is refused.
	refusedField("coursekey.validation.courses.addcode-less-than-26-characters",
		"addCode must be less than 26 characters", "refuses an addCode of 26 characters",
		"addCode", strings.Repeat("A", 26), "addCode must be less than 26 characters.")

	// Decision: the table of contents ends the list with ";", heading and
	// message with ","; the message wins. The spec uses "#", outside both.
	refusedField("coursekey.validation.courses.addcode-allowed-characters",
		`addCode must contain only these characters: a-z (A-Z), 0-9, "~", "-", "_", ".", "!", "*", "\", "(", ")", or ","`,
		"refuses an addCode with a #", "addCode", "BIO#101",
		`addCode must contain only these characters: a-z (A-Z), 0-9, '~', '-', '_', '.', '!', '*', '\', '(', ')', or ','`)

	refusedField("coursekey.validation.courses.addcode-non-numeric-character",
		"addCode must contain at least one non-numeric character", "refuses an addCode of digits only",
		"addCode", "20300107", "AddCode must contain at least one non-numeric character.")

	refusedField("coursekey.validation.courses.invalid-course-days",
		"Invalid course days", "refuses days separated by commas",
		"days", "Monday,Wednesday,Friday", "Invalid course days")

	refusedField("coursekey.validation.courses.invalid-end-date",
		"Invalid end date", "refuses an endDate that is not M/D/YYYY",
		"endDate", "2030-05-31", "Invalid end date")

	refusedField("coursekey.validation.courses.invalid-end-time",
		"Invalid end time", "refuses an endTime that is not H:mm or H:mm:ss",
		"endTime", "5:30 PM", "Invalid end time")

	refusedField("coursekey.validation.courses.invalid-session-times",
		"Invalid session times: start must be before end", "refuses a course that starts after it ends",
		"startDate", "6/1/2030", "Invalid session times: start must be before end")

	refusedField("coursekey.validation.courses.invalid-start-date",
		"Invalid start date", "refuses a startDate with month 13",
		"startDate", "13/7/2030", "Invalid start date")

	refusedField("coursekey.validation.courses.invalid-start-time",
		"Invalid start time", "refuses a startTime with hour 25",
		"startTime", "25:00", "Invalid start time")

	Describe("Attempt to update the conversion data of a course that was not created with conversion", ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses conversion times on a course using a non-conversion attendance setting", Label(suite.Writes), specid.Label("coursekey.validation.courses.conversion-update-without-conversion"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			resp := ck.UpdateCourse(ctx, courseReference(course).With("totalTime", 10, "syncTime", 6, "asyncTime", 4))
			Expect(resp).To(ck.BeError(400, 10005, "Attempt to update the conversion data of a course that was not created with conversion."))
		})
	})

	// Decision: the text is a JavaScript TypeError, normally a 500; the
	// dictionary documents 400 and the number is the contract. Raised for
	// an explicit null only; an absent asyncTime is the 3101 entry.
	Describe("Cannot set property 'asyncTime' of null", ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses a conversion course whose asyncTime is null", Label(suite.Writes), specid.Label("coursekey.validation.courses.cannot-set-asynctime-of-null"), func(ctx SpecContext) {
			resp := ck.CreateCourse(ctx, ck.NewConversionCourse(ctx).With("asyncTime", nil))
			Expect(resp).To(ck.BeError(400, 10005, "Cannot set property 'asyncTime' of null."))
		})
	})

	Describe("Conversion Course requires totalTime has to be equal to syncTime + asyncTime", ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses a conversion course whose totalTime is not syncTime + asyncTime", Label(suite.Writes), specid.Label("coursekey.validation.courses.conversion-totaltime-is-not-sum"), func(ctx SpecContext) {
			resp := ck.CreateCourse(ctx, ck.NewConversionCourse(ctx).With("totalTime", 12))
			Expect(resp).To(ck.BeError(400, 3103, "Conversion Course requires totalTime has to be equal to syncTime + asyncTime."))
		})
	})

	Describe("Conversion: Requires totalTime, syncTime, asyncTime", ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses a uniform-strategy conversion course without a syncTime", Label(suite.Writes), specid.Label("coursekey.validation.courses.conversion-requires-totaltime-synctime-asynctime"), func(ctx SpecContext) {
			resp := ck.CreateCourse(ctx, ck.NewConversionCourse(ctx).Without("syncTime"))
			Expect(resp).To(ck.BeError(400, 3101, "Conversion Course requires totalTime, syncTime and asyncTime."))
		})
	})

	Describe(`Course may only have the fields "start, end" OR "startDate, endDate, startTime, endTime, timeZone"`, ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses a course with both ISO start/end and local date fields", Label(suite.Writes), specid.Label("coursekey.validation.courses.start-end-or-local-date-fields"), func(ctx SpecContext) {
			resp := createCourse(ctx, "start", "2030-01-07T15:00:00Z", "end", "2030-05-31T23:30:00Z")
			Expect(resp).To(ck.BeError(400, 10005, "Course may only have the fields 'start, end' OR 'startDate, endDate, startTime, endTime, timeZone.'"))
		})
	})

	// The message is fixed text listing all five fields, not a placeholder.
	Describe("Course missing the following fields: startDate, endDate, startTime, endTime, timeZone", ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses a course with neither start/end nor the local date fields", Label(suite.Writes), specid.Label("coursekey.validation.courses.course-missing-date-fields"), func(ctx SpecContext) {
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, authorized()).Without("startDate", "endDate", "startTime", "endTime", "timeZone"))
			Expect(resp).To(ck.BeError(400, 2019, "Course missing the following fields: startDate, endDate, startTime, endTime, timeZone."))
		})
	})

	// Decision: documented as "500 Bad Request": the number is the contract.
	// info.strategy is free text ("More information detail about the error
	// here"), so only its presence is asserted.
	Describe("Invalid conversion data to create-update in a course", ck.Entry(ck.Courses, ck.Validation, 500), func() {
		It("refuses a conversion course whose strategy is neither uniform nor fixed", Label(suite.Writes), specid.Label("coursekey.validation.courses.invalid-conversion-data"), func(ctx SpecContext) {
			resp := ck.CreateCourse(ctx, ck.NewConversionCourse(ctx).With("strategy", "weekly"))
			Expect(resp).To(ck.BeError(500, 3113, "Invalid conversion data to create-update in a course").WithInfoText("strategy"))
		})
	})

	// Decision: the entry blames the school's configuration yet gives the
	// duration parameter's range, 1 to 1440; a request's own duration of 0
	// is the case any target can be asked (configuration.go: the school's).
	Describe("Validation min on duration failed", ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses a course whose duration is 0", Label(suite.Writes), specid.Label("coursekey.validation.courses.validation-min-on-duration-failed"), func(ctx SpecContext) {
			Expect(createCourse(ctx, "duration", 0)).To(ck.BeError(400, ck.NoCode, "Validation min on duration failed."))
		})
	})

	Describe("Invalid time zone", ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses a time zone outside the IANA database, naming it", Label(suite.Writes), specid.Label("coursekey.validation.courses.invalid-time-zone"), func(ctx SpecContext) {
			const zone = "America/Atlantis"
			resp := createCourse(ctx, "timeZone", zone)
			Expect(resp).To(ck.BeError(400, 10005, "Invalid timezone: "+ck.TimeZone+". Use the IANA TZDB standard").With(ck.TimeZone, zone))
		})
	})

	// Decision: the entry names no parameters; courseID, schoolID and owner
	// are required on create.
	Describe("Missing required parameter", ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses a course without an owner, naming the parameter", Label(suite.Writes), specid.Label("coursekey.validation.courses.missing-required-parameter"), func(ctx SpecContext) {
			resp := ck.CreateCourse(ctx, ck.NewCourse(ctx, authorized()).Without("owner"))
			Expect(resp).To(missingParameter("owner"))
		})
	})

	// Decision: this entry and "Invalid conversion data" (3113) both speak
	// of options under the uniform strategy; a uniform course with an
	// awardedTime is this one.
	Describe("No options allowed in uniform strategy", ck.Entry(ck.Courses, ck.Validation, 400), func() {
		It("refuses an awardedTime on a uniform-strategy conversion course", Label(suite.Writes), specid.Label("coursekey.validation.courses.no-options-allowed-in-uniform-strategy"), func(ctx SpecContext) {
			resp := ck.CreateCourse(ctx, ck.NewConversionCourse(ctx).With("strategy", "uniform", "awardedTime", 2))
			Expect(resp).To(ck.BeError(400, 3103, "No options allowed in uniform strategy."))
		})
	})
})

var _ = Describe(membersChapter, func() {
	// Decision: the entry names no parameters; the user (email or userID)
	// and the course (courseID or addCode) are required.
	Describe("Missing required parameter", ck.Entry(ck.CourseMembers, ck.Validation, 400), func() {
		It("refuses an enrolment without the user's e-mail, naming the parameter", Label(suite.Writes), specid.Label("coursekey.validation.course-members.missing-required-parameter"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			resp := ck.CreateCourseMember(ctx, courseReference(course))
			Expect(resp).To(missingParameter("email"))
		})
	})
})

var _ = Describe(attendanceChapter, func() {

	// refusedField declares the spec of an entry that one field of an
	// otherwise valid session of a new course provokes.
	refusedField := func(id, entry, it, field string, value any, code int, message string) {
		Describe(entry, ck.Entry(ck.Attendance, ck.Validation, 400), func() {
			It(it, Label(suite.Writes), specid.Label(id), suite.StartSoon, func(ctx SpecContext) {
				course := ck.Course(ctx, authorized())
				resp := ck.CreateAttendance(ctx, ck.NewSession(course).With(field, value))
				Expect(resp).To(ck.BeError(400, code, message))
			})
		})
	}

	// Decision: title "End Date Invalid", message "End Date invalid": the message.
	refusedField("coursekey.validation.attendance.end-date-invalid",
		"End Date Invalid", "refuses a session whose endDate is not M/D/YYYY",
		"endDate", "2030-02-04", 10003, "End Date invalid")

	refusedField("coursekey.validation.attendance.invalid-end-time",
		"Invalid end time", "refuses a session whose endTime is not H:mm or H:mm:ss",
		"endTime", "10.00", 10007, "Invalid end time")

	refusedField("coursekey.validation.attendance.invalid-start-time",
		"Invalid start time", "refuses a session whose startTime is not H:mm or H:mm:ss",
		"startTime", "9h00", 10006, "Invalid start time")

	refusedField("coursekey.validation.attendance.start-date-invalid",
		"Start Date invalid", "refuses a session whose startDate is not M/D/YYYY",
		"startDate", "Feb 4, 2030", 10002, "Start Date invalid")

	Describe("Missing Required Parameter", ck.Entry(ck.Attendance, ck.Validation, 400), func() {
		It("refuses a session without a timeZone, naming the parameter", Label(suite.Writes), specid.Label("coursekey.validation.attendance.missing-required-parameter.timezone"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			resp := ck.CreateAttendance(ctx, ck.NewSession(course).Without("timeZone"))
			Expect(resp).To(missingParameter("timeZone"))
		})

		It("refuses a bulk create without a session array, naming the parameter", Label(suite.Writes), specid.Label("coursekey.validation.attendance.missing-required-parameter.bulk-create-session"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			resp := ck.BulkCreateAttendance(ctx, courseReference(course))
			Expect(resp).To(missingParameter("session"))
		})

		It("refuses a delete without an attendanceID, naming the parameter", Label(suite.Writes), specid.Label("coursekey.validation.attendance.missing-required-parameter.delete-attendanceid"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			resp := ck.DeleteAttendance(ctx, courseReference(course))
			Expect(resp).To(missingParameter("attendanceID"))
		})

		It("refuses a bulk delete without attendanceIDs, naming the parameter", Label(suite.Writes), specid.Label("coursekey.validation.attendance.missing-required-parameter.bulk-delete-attendanceids"), suite.StartSoon, func(ctx SpecContext) {
			course := ck.Course(ctx, authorized())
			resp := ck.BulkDeleteAttendance(ctx, courseReference(course))
			Expect(resp).To(missingParameter("attendanceID"))
		})
	})
})
