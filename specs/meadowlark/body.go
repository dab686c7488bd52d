package meadowlarkspecs

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("Body Validation", func() {

	Describe("No body on POST or PUT", meadowlark.Family(meadowlark.Body, 400), func() {
		It("rejects a POST without a body", specid.Label("meadowlark.body.no-body-on-post-or-put.post"), func(ctx SpecContext) {
			resp := meadowlark.POST(ctx, "academicWeeks", nil)
			Expect(resp).To(meadowlark.BeError(400).WithText("Missing body"))
		})

		It("rejects a PUT without a body", Label(suite.Writes), specid.Label("meadowlark.body.no-body-on-post-or-put.put"), suite.StartEarly, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			week := meadowlark.Create(ctx, "academicWeeks", meadowlark.NewAcademicWeek())
			resp := meadowlark.PUT(ctx, week.Path(), nil)
			Expect(resp).To(meadowlark.BeError(400).WithText("Missing body"))
		})
	})

	Describe("Malformed body", meadowlark.Family(meadowlark.Body, 400), func() {
		// JSON.parse's own message follows the prefix; its wording belongs
		// to the JavaScript engine, so the prefix and some text after it
		// are SHOULD, and only a text in error is MUST.
		It("rejects a POST whose body is not JSON, with the parser's message", specid.Label("meadowlark.body.malformed-body.post"), func(ctx SpecContext) {
			resp := meadowlark.POST(ctx, "academicWeeks", `{"weekIdentifier": }`)
			Expect(resp).To(meadowlark.BeError(400).WithTextPrefix("Malformed body: "))
		})

		It("rejects a PUT whose body is not JSON, with the parser's message", Label(suite.Writes), specid.Label("meadowlark.body.malformed-body.put"), suite.StartEarly, func(ctx SpecContext) {
			meadowlark.RequireSchool()
			week := meadowlark.Create(ctx, "academicWeeks", meadowlark.NewAcademicWeek())
			resp := meadowlark.PUT(ctx, week.Path(), `{"id": "`+week.ID+`",`)
			Expect(resp).To(meadowlark.BeError(400).WithTextPrefix("Malformed body: "))
		})
	})

	Describe("Malformed document UUID on PUT, GET, DELETE", meadowlark.Family(meadowlark.Body, 404), func() {
		malformed := func() string { return meadowlark.MadeUpID("not-a-uuid") }

		It("answers 404 to a GET of a malformed document UUID", specid.Label("meadowlark.body.malformed-document-uuid.get"), func(ctx SpecContext) {
			resp := meadowlark.GET(ctx, "academicWeeks/"+malformed())
			Expect(resp).To(meadowlark.BeWithoutMessage(404))
		})

		It("answers 404 to a PUT of a malformed document UUID", specid.Label("meadowlark.body.malformed-document-uuid.put"), func(ctx SpecContext) {
			meadowlark.RequireSchool()
			resp := meadowlark.PUT(ctx, "academicWeeks/"+malformed(), meadowlark.NewAcademicWeek())
			Expect(resp).To(meadowlark.BeWithoutMessage(404))
		})

		It("answers 404 to a DELETE of a malformed document UUID", specid.Label("meadowlark.body.malformed-document-uuid.delete"), func(ctx SpecContext) {
			resp := meadowlark.DELETE(ctx, "academicWeeks/"+malformed())
			Expect(resp).To(meadowlark.BeWithoutMessage(404))
		})
	})

	Describe("JSON Schema validation failure", meadowlark.Family(meadowlark.Body, 400), func() {
		// Decision: "path: JSONPath" is met by $.a.b and by Meadowlark's
		// {requestBody}.a.b; a missing member may be named by its parent's
		// path with the message naming it, as Meadowlark reports it.
		It("names every failing path in one response, each with message, path and context", specid.Label("meadowlark.body.json-schema-validation-failure"), func(ctx SpecContext) {
			meadowlark.RequireSchool()
			week := meadowlark.NewAcademicWeek().
				Without("beginDate").
				With("weekIdentifier", strings.Repeat("w", 81)).
				With("totalInstructionalDays", "five").
				With("schoolReference", meadowlark.Ref("schoolId", "Grand Bend"))
			resp := meadowlark.POST(ctx, "academicWeeks", week)
			Expect(resp).To(meadowlark.BeError(400).WithValidationErrors(
				"$.beginDate", "$.weekIdentifier", "$.totalInstructionalDays", "$.schoolReference.schoolId"))
		})
	})

	Describe("Two document values must be equal but are not", meadowlark.Family(meadowlark.Body, 400), func() {
		// A school association's calendar belongs to a school: the
		// association's school and its calendar's school must be one.
		It("rejects a school association whose calendar is at another school", specid.Label("meadowlark.body.two-document-values-must-be-equal"), func(ctx SpecContext) {
			meadowlark.RequireSchool()
			association := meadowlark.Enrollment(meadowlark.Unique("stu"), meadowlark.School()).
				With("calendarReference", meadowlark.Ref("calendarCode", meadowlark.Unique("cal"), "schoolId", meadowlark.School()+1, "schoolYear", 2022))
			resp := meadowlark.POST(ctx, "studentSchoolAssociations", association)
			Expect(resp).To(meadowlark.BeError(400).WithConstraintFailure("$.schoolReference.schoolId", "$.calendarReference.schoolId"))
		})
	})
})
