// Package coursekey is an in-memory reference server for the CourseKey
// integration API, built from the "API Integrations: Error Code Dictionary"
// (users, courses, course members, course attendance sessions). It registers
// itself with package reference as vendor "coursekey".
//
// CourseKey publishes no API reference, so the routes, the auth scheme and
// the success bodies are this server's own; only field names and error
// entries come from the dictionary. Specs must read routes from the profile.
//
// # Auth
//
// Every request carries "Authorization: Bearer <auth key>". A key belongs to
// one integration configuration, which may act on a set of schools. A missing
// or unknown key answers 401 {"error": {"message": "Invalid or missing auth
// key.", "info": {}}}.
//
// # Routes
//
// Mounted under BasePath (/api/v1); all take a JSON object body.
//
//	createUser            POST   /users
//	updateUser            PUT    /users
//	createCourse          POST   /courses
//	updateCourse          PUT    /courses
//	createCourseMember    POST   /courses/members
//	updateCourseMember    PUT    /courses/members
//	createAttendance      POST   /courses/attendance
//	bulkCreateAttendance  POST   /courses/attendance/bulk
//	deleteAttendance      DELETE /courses/attendance
//	bulkDeleteAttendance  DELETE /courses/attendance/bulk
//
// # Profile overlay
//
//	vendor: coursekey
//	target.baseURL: <server>/api/v1
//	auth.tokens.primary.value     key for every seeded school but "unauthorized"
//	auth.tokens.secondary.value   another customer's key, for the "unauthorized" school only
//	settings.authHeader, settings.authScheme   "Authorization", "Bearer"
//	settings.routes.<operation>   {method, path}
//	settings.timeZone             the configurations' time zone
//	settings.schools.<role>       school ids: authorized, secondAuthorized, unauthorized,
//	                              withoutIntegrationConfiguration, multipleAttendanceSettings,
//	                              brokenEmailTemplate, conversion, withoutAttendanceSettings,
//	                              invalidDurationSetting
//	settings.attendanceNames      standard, conversion, multiple (the names of the
//	                              multipleAttendanceSettings school)
//	settings.unauthorizedSchoolRecords   userEmail, courseID, addCode seeded at the
//	                              unauthorized school
//
// README.md describes the model and the check order of each operation;
// DECISIONS.md records where the dictionary contradicts itself and what the
// server answers.
package coursekey
