package edfispecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/specid"
)

var _ = Describe("405 Method Not Allowed", edfi.Family(edfi.MethodNotAllowed, 405), func() {

	methodNotAllowed := func(message string) *edfi.Problem {
		return edfi.BeProblem(405, edfi.MethodNotAllowedType).
			WithDetail("The request construction was invalid.").
			WithError(message)
	}

	record := func() edfi.Doc {
		requireSchoolYear()
		student := &edfi.Item{Doc: edfi.NewStudent()}
		return edfi.NewStudentAcademicRecord(student, edfi.DescriptorURI("TermDescriptor", "Fall Semester"))
	}

	Describe("POST Request with an ID in the URL", func() {
		It("refuses a POST to an item", specid.Label("edfi.method-not-allowed.post-with-id-in-url"), func(ctx SpecContext) {
			resp := edfi.POST(ctx, "studentAcademicRecords/"+edfi.AbsentID(), record())
			Expect(resp).To(methodNotAllowed(`Resource items can only be updated using PUT. To "upsert" an item in the data collection using POST, remove the "id" from the route.`))
		})
	})

	Describe("DELETE or PUT Request without an ID in the URL", func() {
		It("refuses a PUT to the whole collection", specid.Label("edfi.method-not-allowed.delete-or-put-without-id.put"), func(ctx SpecContext) {
			resp := edfi.PUT(ctx, "studentAcademicRecords", record().With("id", edfi.AbsentID()), edfi.OnCollection())
			Expect(resp).To(methodNotAllowed(`Resource collections cannot be replaced. To "upsert" an item in the collection, use POST. To update a specific item, use PUT and include the "id" in the route.`))
		})

		It("refuses a DELETE of the whole collection", specid.Label("edfi.method-not-allowed.delete-or-put-without-id.delete"), func(ctx SpecContext) {
			resp := edfi.DELETE(ctx, "studentAcademicRecords", edfi.OnCollection())
			Expect(resp).To(methodNotAllowed(`Resource collections cannot be deleted. To delete a specific item, use DELETE and include the "id" in the route.`))
		})
	})

	Describe("PATCH Requests", func() {
		It("refuses PATCH", specid.Label("edfi.method-not-allowed.patch-requests"), func(ctx SpecContext) {
			resp := edfi.PATCH(ctx, "students/"+edfi.AbsentID(), edfi.NewStudent())
			Expect(resp).To(methodNotAllowed("The endpoint of the request does not support the 'PATCH' method."))
		})
	})
})
