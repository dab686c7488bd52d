// Package edfispecs holds the Ed-Fi ODS/API 7.2 conformance specs, one file
// per error family, each following a heading of the Error Response
// Knowledge Base. "Decision:" comments record where the document
// contradicts itself and what the spec asserts instead.
package edfispecs

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("400 Bad Request", edfi.Family(edfi.DataValidation, 400), func() {

	Describe("Identifying values for the resource cannot be changed", func() {
		// Decision: the document's sample is a POST with an id in the route,
		// which is the 405 case; its heading and text describe a PUT that
		// changes a natural key, so the spec sends that PUT.
		It("rejects a PUT that changes the name of a program, which is part of its identity", Label(suite.Writes), specid.Label("edfi.data-validation.identifying-values-cannot-be-changed"), suite.StartEarly, func(ctx SpecContext) {
			program := edfi.Create(ctx, "programs", edfi.NewProgram())
			resp := edfi.PUT(ctx, program.Path(), program.Doc.With("programName", edfi.Unique("renamed")))
			Expect(resp).To(edfi.BeProblem(400, edfi.KeyChangeNotSupported).
				WithDetail("Identifying values for the Program item cannot be changed. Delete and recreate the item instead."))
		})
	})

	Describe("Resource identifiers cannot be assigned by the client", func() {
		It("rejects a POST whose body carries an id", specid.Label("edfi.data-validation.resource-identifiers-cannot-be-assigned"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors",
				edfi.Descriptor("AbsenceEventCategoryDescriptor").With("id", edfi.AbsentID()))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("The request data was constructed incorrectly.").
				WithError("Resource identifiers cannot be assigned by the client. The 'id' property should not be included in the request body."))
		})
	})

	Describe("Missing a Required Property", func() {
		It("reports a missing codeValue", specid.Label("edfi.data-validation.missing-required-property.codevalue"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors",
				edfi.Descriptor("AbsenceEventCategoryDescriptor").Without("codeValue"))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.codeValue", "CodeValue is required."))
		})

		It("reports both missing properties, codeValue and shortDescription, in one response", specid.Label("edfi.data-validation.missing-required-property.both"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors",
				edfi.Descriptor("AbsenceEventCategoryDescriptor").Without("codeValue", "shortDescription"))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.codeValue", "CodeValue is required.").
				WithValidationError("$.shortDescription", "ShortDescription is required."))
		})
	})

	Describe("String Length Validation Error", func() {
		It("reports a codeValue longer than 50 characters", specid.Label("edfi.data-validation.string-length-validation-error"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors",
				edfi.Descriptor("AbsenceEventCategoryDescriptor").With("codeValue", "Bereavement"+strings.Repeat("d", 69)))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.codeValue", "CodeValue must be at most 50 characters in length."))
		})
	})

	Describe("Non-Compliant JSON Body", func() {
		// Json.NET reports where it stopped reading: the line and the
		// position after the offending character. The texts are SHOULD-level
		// because other parsers word them differently; the paths are MUST.
		It("reports two commas after a property value", specid.Label("edfi.data-validation.non-compliant-json-body.double-comma"), func(ctx SpecContext) {
			school := fmt.Sprint(edfi.School())
			body := "{\n" +
				"  \"weekIdentifier\": \"" + edfi.Unique("week") + "\",\n" +
				"  \"schoolReference\": {\n" +
				"    \"schoolId\": " + school + ",,\n" +
				"  },\n" +
				"  \"beginDate\": \"2023-09-11\",\n" +
				"  \"endDate\": \"2023-09-11\"\n" +
				"}\n"
			position := len(`    "schoolId": `) + len(school) + 1
			message := fmt.Sprintf("Invalid property identifier character: ,. Path 'schoolReference.schoolId', line 4, position %d.", position)
			resp := edfi.POST(ctx, "academicWeeks", body)
			// Decision: the second path, '$.schoolReference.schoolId.schoolReference',
			// is an artefact of how the ODS/API maps Json.NET's error
			// paths; it is checked as SHOULD only.
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.schoolReference.schoolId", message).
				AlsoValidationError("$.schoolReference.schoolId.schoolReference", message))
		})

		It("reports a missing closing curly brace", specid.Label("edfi.data-validation.non-compliant-json-body.missing-closing-brace"), func(ctx SpecContext) {
			body := "{\n" +
				"  \"weekIdentifier\": \"" + edfi.Unique("week") + "\",\n" +
				"  \"schoolReference\": {\n" +
				"    \"schoolId\": " + fmt.Sprint(edfi.School()) + ",\n" +
				"\n" +
				"  \"beginDate\": \"2023-09-11\",\n" +
				"  \"endDate\": \"2023-09-11\"\n" +
				"}"
			// The body ends at the brace, as the document's HTTP client sent
			// it: Json.NET reports the position where the input ran out.
			resp := edfi.POST(ctx, "academicWeeks", body)
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.schoolReference", "Unexpected end when deserializing object. Path 'schoolReference', line 8, position 1."))
		})
	})

	Describe("Integer Overflow", func() {
		It("reports a communityOrganizationId too large for Int64", specid.Label("edfi.data-validation.integer-overflow"), func(ctx SpecContext) {
			body := "{\n" +
				"    \"communityOrganizationId\": 25590111111122222222222222222222222222222,\n" +
				"    \"nameOfInstitution\": \"" + edfi.Unique("community") + "\",\n" +
				"    \"shortNameOfInstitution\": \"CIS\",\n" +
				"    \"addresses\": [],\n" +
				"    \"categories\": [\n" +
				"      {\n" +
				"        \"educationOrganizationCategoryDescriptor\": \"uri://ed-fi.org/EducationOrganizationCategoryDescriptor#Other\"\n" +
				"      }\n" +
				"    ]\n" +
				"  }\n"
			resp := edfi.POST(ctx, "communityOrganizations", body)
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.communityOrganizationId",
					"Error converting value 25590111111122222222222222222222222222222 to type 'System.Int64'. Path 'communityOrganizationId', line 2, position 72."))
		})
	})

	Describe("Excessive String Length", func() {
		It("reports a rating longer than 35 characters", specid.Label("edfi.data-validation.excessive-string-length"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "accountabilityRatings", accountabilityRating().With("rating", "This has more than 35 characters in it"))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.rating", "Rating must be between 1 and 35 characters in length."))
		})
	})

	Describe("Empty Request Body", func() {
		// The document's request has a JSON Content-Type and no body at
		// all: neither Content-Length nor Transfer-Encoding, no bytes.
		It("rejects a POST with no body at all", specid.Label("edfi.data-validation.empty-request-body"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "schools", nil, edfi.ContentType("application/json; charset=utf-8"))
			Expect(resp).To(edfi.BeProblem(400, edfi.BadRequest).
				WithDetail("The request could not be processed. See 'errors' for details.").
				WithError("A non-empty request body is required."))
		})

		// Decision: the document shows a POST only. ODS/API answers a PUT
		// with no body as a validation error at "$" (its ResponseTests
		// collection, "Put Request without request body": Postman Test
		// Suite/Ed-Fi ODS-API Integration Test Suite ResponseTests.postman_collection.json
		// in Ed-Fi-Alliance-OSS/Ed-Fi-ODS), so the spec for PUT follows the product.
		It("rejects a PUT with no body at all", specid.Label("edfi.data-validation.empty-request-body.put"), func(ctx SpecContext) {
			resp := edfi.PUT(ctx, "academicWeeks/"+edfi.AbsentID(), nil, edfi.ContentType("application/json"))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$", "A non-empty request body is required."))
		})
	})

	Describe("ID Does Not Exist", func() {
		// Decision: the document's 404 sample PUTs a malformed id to the
		// misspelt route 'academicWeek', so it shows only the typo. On the
		// right route ODS/API validates the id first: 400
		// data-validation-failed with "The value 'f' is not valid." at $.id
		// ("Put Request with MalformedId" in the ResponseTests collection,
		// Postman Test Suite/Ed-Fi ODS-API Integration Test Suite ResponseTests.postman_collection.json
		// in Ed-Fi-Alliance-OSS/Ed-Fi-ODS), and so does the Data Management
		// Service; the spec follows the products.
		It("reports a PUT to an id that is not an id at all at $.id", specid.Label("edfi.data-validation.id-does-not-exist.malformed-id"), func(ctx SpecContext) {
			id := edfi.MadeUpID("not-valid-id")
			resp := edfi.PUT(ctx, "academicWeeks/"+id, edfi.NewAcademicWeek())
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.id", "The value '"+id+"' is not valid."))
		})
	})

	Describe("Transmitting in the Wrong Character Encoding", func() {
		// The body is UTF-8 with Windows line endings, declared as UTF-16:
		// read as UTF-16LE, "{\r" becomes U+0D7B, the document's 'ൻ'.
		// Decision: the document's response lacks its opening brace; the
		// spec expects a well-formed problem-details body.
		It("rejects a UTF-8 body declared as UTF-16", specid.Label("edfi.data-validation.wrong-character-encoding"), func(ctx SpecContext) {
			body := "{\r\n" + strings.TrimPrefix(string(edfi.Body(accountabilityRating())), "{")
			resp := edfi.POST(ctx, "accountabilityRatings", body, edfi.ContentType("application/json; charset=utf-16"))
			Expect(resp).To(edfi.BeProblem(400, edfi.BadRequest).
				WithDetail("The request could not be processed. See 'errors' for details.").
				WithError("Unexpected character encountered while parsing value: ൻ. Path '', line 0, position 0."))
		})
	})

	// Decision: several samples below declare charset=utf-16 while sending
	// UTF-8 and still show validation errors, and some post to the singular
	// 'accountabilityRating'. Both would produce other documented errors
	// (wrong encoding, 404), so the specs send UTF-8 to the plural route.
	Describe("Potentially Dangerous Value", func() {
		It("reports HTML in a string, alongside its length error", specid.Label("edfi.data-validation.potentially-dangerous-value"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "accountabilityRatings", accountabilityRating().With("rating", "<script>alert('hello world!')</script>"))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.rating",
					"Rating must be between 1 and 35 characters in length.",
					"Rating contains a value that could be dangerous for downstream systems using this data. Try to avoid the use of special symbols like '<', '>' or '&' without surrounding spaces."))
		})
	})

	Describe("Leading or Trailing Whitespace in Natural Key String", func() {
		It("reports a ratingTitle with leading and trailing spaces", specid.Label("edfi.data-validation.whitespace-in-natural-key"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "accountabilityRatings", accountabilityRating().With("ratingTitle", " "+edfi.Unique("title")+" "))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.ratingTitle", "RatingTitle cannot contain leading or trailing spaces."))
		})
	})

	Describe("No Item in Required Array", func() {
		It("reports a bell schedule with an empty classPeriods array", specid.Label("edfi.data-validation.no-item-in-required-array"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "bellSchedules", edfi.Doc{
				"bellScheduleName": edfi.Unique("bells"),
				"classPeriods":     []any{},
				"schoolReference":  edfi.Ref("schoolId", edfi.School()),
			})
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.classPeriods", "BellScheduleClassPeriods must have at least one item."))
		})
	})

	Describe("Missing a Required Property on an Item in a Collection", func() {
		It("points at the second score, which lacks its reporting method", specid.Label("edfi.data-validation.missing-required-property-on-collection-item"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "assessments", assessment(edfi.Namespace("Assessment/Assessment.xml")).With("scores", []any{
				map[string]any{
					"assessmentReportingMethodDescriptor": edfi.DescriptorURI("AssessmentReportingMethodDescriptor", "Percentile"),
					"maximumScore":                        "99",
					"minimumScore":                        "1",
					"resultDatatypeTypeDescriptor":        edfi.DescriptorURI("ResultDatatypeTypeDescriptor", "Integer"),
				},
				map[string]any{
					"maximumScore":                 "10",
					"minimumScore":                 "0",
					"resultDatatypeTypeDescriptor": edfi.DescriptorURI("ResultDatatypeTypeDescriptor", "Integer"),
				},
			}))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.scores[1].assessmentReportingMethodDescriptor", "AssessmentReportingMethodDescriptor is required."))
		})
	})

	Describe("Key Unification Error", func() {
		It("reports every reference whose schoolId or schoolYear disagrees", specid.Label("edfi.data-validation.key-unification-error"), func(ctx SpecContext) {
			s := edfi.Config()
			requireSchoolYear()
			edfiOrgs := s.EducationOrganizations
			suite.RequireSetting(edfiOrgs.OtherSchool != 0, "settings.educationOrganizations.otherSchool", "a second school the primary client may use")
			calendarYear, enrolmentYear := s.SchoolYear, s.SchoolYear+1
			resp := edfi.POST(ctx, "studentSchoolAssociations", edfi.Doc{
				"schoolYearTypeReference":        edfi.Ref("schoolYear", enrolmentYear),
				"calendarReference":              edfi.Ref("calendarCode", edfi.Unique("cal"), "schoolYear", calendarYear, "schoolId", edfiOrgs.OtherSchool),
				"classOfSchoolYearTypeReference": edfi.Ref("schoolYear", 2027),
				"schoolReference":                edfi.Ref("schoolId", edfiOrgs.School),
				"studentReference":               edfi.Ref("studentUniqueId", edfi.Unique("stu")),
				"entryDate":                      "2023-03-18",
				"entryGradeLevelDescriptor":      edfi.DescriptorURI("GradeLevelDescriptor", "First grade"),
			})
			// The document does not say in which order the conflicting
			// values are listed, so any order passes.
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithConflictingValues("$.schoolReference.schoolId", "schoolId", edfiOrgs.School, edfiOrgs.OtherSchool).
				WithConflictingValues("$.calendarReference.schoolId", "schoolId", edfiOrgs.School, edfiOrgs.OtherSchool).
				WithConflictingValues("$.calendarReference.schoolYear", "schoolYear", calendarYear, enrolmentYear).
				WithConflictingValues("$.schoolYearTypeReference.schoolYear", "schoolYear", calendarYear, enrolmentYear))
		})
	})

	Describe("Descriptor Does Not Exist", func() {
		It("reports a term descriptor whose code value does not exist, on PUT", Label(suite.Writes), specid.Label("edfi.data-validation.descriptor-does-not-exist.code-value"), suite.StartFirst, func(ctx SpecContext) {
			requireSchoolYear()
			student := edfi.EnrolledStudent(ctx)
			record := edfi.Create(ctx, "studentAcademicRecords",
				edfi.NewStudentAcademicRecord(student, edfi.DescriptorURI("TermDescriptor", "Fall Semester")))
			missing := edfi.DescriptorURI("TermDescriptor", "Spring Semester Missing")
			resp := edfi.PUT(ctx, record.Path(), record.Doc.With("termDescriptor", missing))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.termDescriptor", "TermDescriptor value '"+missing+"' does not exist."))
		})

		// Decision: the document's message quotes a value it did not send
		// ('uri://wrong.org/TermDescriptor/TermDescriptor#Spring Semester');
		// the spec expects the value actually sent.
		It("reports a term descriptor in a namespace that does not exist, on POST", Label(suite.Writes), specid.Label("edfi.data-validation.descriptor-does-not-exist.namespace"), suite.StartFirst, func(ctx SpecContext) {
			requireSchoolYear()
			student := edfi.EnrolledStudent(ctx)
			wrong := "uri://wrong.org/TermDescriptor#Fall Semester"
			resp := edfi.POST(ctx, "studentAcademicRecords", edfi.NewStudentAcademicRecord(student, wrong))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.termDescriptor", "TermDescriptor value '"+wrong+"' does not exist."))
		})
	})
})

func requireSchoolYear() {
	suite.RequireSetting(edfi.Config().SchoolYear != 0, "settings.schoolYear", "a school year the target knows, e.g. 2022")
}

// accountabilityRating is the knowledge base's accountability rating, with a
// run-scoped title.
func accountabilityRating() edfi.Doc {
	requireSchoolYear()
	return edfi.Doc{
		"educationOrganizationReference": edfi.Ref("educationOrganizationId", edfi.School()),
		"schoolYearTypeReference":        edfi.Ref("schoolYear", edfi.Config().SchoolYear),
		"ratingTitle":                    edfi.Unique("title"),
		"rating":                         "rating9",
	}
}

// assessment is the knowledge base's reading assessment in a namespace.
func assessment(namespace string) edfi.Doc {
	id := edfi.Unique("assess")
	return edfi.Doc{
		"assessmentIdentifier":         id,
		"namespace":                    namespace,
		"assessmentCategoryDescriptor": edfi.DescriptorURI("AssessmentCategoryDescriptor", "Benchmark test"),
		"assessmentTitle":              "3rd Grade Reading 1st Six Weeks 2021-2022",
		"academicSubjects": []any{map[string]any{
			"academicSubjectDescriptor": edfi.DescriptorURI("AcademicSubjectDescriptor", "English Language Arts"),
		}},
		"identificationCodes": []any{map[string]any{
			"assessmentIdentificationSystemDescriptor": edfi.DescriptorURI("AssessmentIdentificationSystemDescriptor", "Test Contractor"),
			"identificationCode":                       id,
		}},
		"scores": []any{map[string]any{
			"assessmentReportingMethodDescriptor": edfi.DescriptorURI("AssessmentReportingMethodDescriptor", "Percentile"),
			"maximumScore":                        "99",
			"minimumScore":                        "1",
			"resultDatatypeTypeDescriptor":        edfi.DescriptorURI("ResultDatatypeTypeDescriptor", "Integer"),
		}},
	}
}
