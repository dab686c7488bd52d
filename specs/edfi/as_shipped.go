package edfispecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

// What ODS/API answers beyond the knowledge base's samples, as its own
// integration tests expect (specs/edfi/PRODUCTS.md, rows S4-S8; the
// ResponseTests collection: Postman Test Suite/Ed-Fi ODS-API Integration
// Test Suite ResponseTests.postman_collection.json in Ed-Fi-Alliance-OSS/Ed-Fi-ODS).
var _ = Describe("ODS/API as shipped", func() {

	Describe("400 Bad Request", edfi.Family(edfi.DataValidation, 400), func() {
		It("reports an id query filter that is not an id at $.id", specid.Label("edfi.data-validation.invalid-id-filter"), func(ctx SpecContext) {
			resp := edfi.GET(ctx, "students?offset=0&limit=25&id=invalid")
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.id", "The value 'invalid' is not valid for Id."))
		})

		// Decision: the product's test sends a student with an empty
		// lastSurname; the spec sends a descriptor with an empty codeValue,
		// the same rule for a required string, so that a target accepting it
		// creates nothing the primary client cannot delete.
		It("says an empty required string should not be left empty", specid.Label("edfi.data-validation.empty-required-string"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "absenceEventCategoryDescriptors", edfi.Descriptor("AbsenceEventCategoryDescriptor").With("codeValue", ""))
			Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
				WithDetail("Data validation failed. See 'validationErrors' for details.").
				WithValidationError("$.codeValue", "CodeValue is required and should not be left empty."))
		})

		unparsable := func(id string) *edfi.Problem {
			return edfi.BeProblem(400, edfi.BadRequest).WithCorrelationID(id).
				WithError("Unexpected character encountered while parsing value: }. Path '', line 0, position 0.")
		}
		It("echoes a correlation-id header in the problem's correlationId", specid.Label("edfi.data-validation.correlation-id.header"), func(ctx SpecContext) {
			id := edfi.Unique("correlation")
			resp := edfi.POST(ctx, "studentSchoolAssociations", "}", edfi.Header("correlation-id", id))
			Expect(resp).To(unparsable(id))
		})

		It("echoes a correlationId query value in the problem's correlationId", specid.Label("edfi.data-validation.correlation-id.query"), func(ctx SpecContext) {
			id := edfi.Unique("correlation")
			resp := edfi.POST(ctx, "studentSchoolAssociations?correlationId="+id, "}")
			Expect(resp).To(unparsable(id))
		})
	})

	Describe("405 Method Not Allowed", edfi.Family(edfi.MethodNotAllowed, 405), func() {
		It("refuses HEAD", specid.Label("edfi.method-not-allowed.head-requests"), func(ctx SpecContext) {
			resp := edfi.Send(ctx, "HEAD", edfi.URL("academicWeeks"), nil)
			Expect(resp).To(edfi.BeStatus(405))
		})
	})

	Describe("304 Not Modified", edfi.Family(edfi.OptimisticLock, 304), func() {
		It("answers a GET whose If-None-Match names the current version with 304", Label(suite.Writes), specid.Label("edfi.optimistic-lock.not-modified"), suite.StartFirst, func(ctx SpecContext) {
			etags := edfi.Config().ETags
			suite.RequireSetting(etags != nil && *etags, "settings.etags", "true when the target has the ETag feature enabled")
			week := edfi.Create(ctx, "academicWeeks", edfi.NewAcademicWeek())
			resp := edfi.GET(ctx, week.Path(), edfi.Header("If-None-Match", `"`+edfi.ReadETag(ctx, week)+`"`))
			Expect(resp).To(edfi.BeStatus(304))
		})
	})
})
