package meadowlark_test

import (
	"fmt"
	"net/http"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/transport"
)

func TestErrorMatcher(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Meadowlark error matcher")
}

func response(status int, contentType, body string) *transport.Exchange {
	return &transport.Exchange{
		Request: transport.Request{Method: "DELETE", URL: "http://127.0.0.1:1/local/v3.3b/ed-fi/students/3f1b"},
		Status:  status, Header: http.Header{"Content-Type": {contentType}}, Body: []byte(body),
	}
}

var blocking = &meadowlark.Item{Resource: "studentSchoolAssociations", ID: "0e1d9c7a-2b4f-4c3e-9a8d-5f6e7d8c9b0a"}

const deleteMessage = "The resource cannot be deleted because it is a dependency of other documents"

func deleteReference() *meadowlark.Error {
	return meadowlark.BeError(409).WithMessage(deleteMessage).WithBlockingURIs(blocking)
}

var _ = Describe("BeError", func() {
	BeforeEach(func() { expect.Configure(true, nil, "Error Messages") })

	It("accepts the documented delete failure naming the blocking document", func() {
		body := `{"error":{"message":"` + deleteMessage + `","blockingUris":["/v3.3b/ed-fi/studentSchoolAssociations/0e1d9c7a-2b4f-4c3e-9a8d-5f6e7d8c9b0a"]}}`
		Expect(response(409, "application/json; charset=utf-8", body)).To(deleteReference())
	})

	It("reports every differing field in one message, with levels, the case and the request", func() {
		body := `{"error":{"message":"Conflict.","blockingUris":["/v3.3b/ed-fi/students/other","/v3.3b/ed-fi/schools/x"]}}`
		m := deleteReference()
		ok, err := m.Match(response(400, "application/json", body))
		Expect(err).NotTo(HaveOccurred())
		Expect(ok).To(BeFalse())
		msg := m.FailureMessage(nil)
		for _, part := range []string{
			"Documented case: Error Messages › BeError › reports every differing field",
			"Differences (2 MUST, 2 SHOULD)",
			"MUST   HTTP status", "MUST   blockingUris names studentSchoolAssociations",
			"SHOULD error.message", "SHOULD blockingUris names no other documents",
			"curl -sS -i -X DELETE 'http://127.0.0.1:1/local/v3.3b/ed-fi/students/3f1b'", "Response:",
		} {
			Expect(msg).To(ContainSubstring(part))
		}
	})

	It("requires a JSON body valid against the envelope schema", func() {
		m := meadowlark.BeError(400).WithText("Missing body")
		ok, _ := m.Match(response(400, "application/json", `{"message":"Missing body"}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("schema"))
		ok, _ = m.Match(response(400, "text/html", "<html>oops</html>"))
		Expect(ok).To(BeFalse())
	})

	It("names every missing validation path and every incomplete entry", func() {
		body := `{"error":[{"message":"required","path":"$.beginDate","context":{}},{"message":"too long","path":"$.weekIdentifier"}]}`
		m := meadowlark.BeError(400).WithValidationErrors("$.beginDate", "$.weekIdentifier", "$.totalInstructionalDays")
		ok, _ := m.Match(response(400, "application/json", body))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(And(
			ContainSubstring("MUST   a validation error at $.totalInstructionalDays"),
			ContainSubstring("body against the meadowlark-error schema")))
	})

	It("accepts Meadowlark's own paths: {requestBody} dot notation, a missing member named under its parent", func() {
		body := `{"error":[
			{"message":"{requestBody} must have required property 'beginDate'","path":"{requestBody}","context":{"errorType":"required"}},
			{"message":"property 'weekIdentifier' must NOT have more than 80 characters","path":"{requestBody}.weekIdentifier","context":{"errorType":"maxLength"}},
			{"message":"'gradeLevelDescriptor' property type must be string","path":"{requestBody}.gradeLevels.0.gradeLevelDescriptor","context":{"errorType":"type"}}]}`
		m := meadowlark.BeError(400).WithValidationErrors("$.beginDate", "$.weekIdentifier", "$.gradeLevels[0].gradeLevelDescriptor")
		Expect(response(400, "application/json", body)).To(m)
	})

	It("does not count an entry at the parent whose message names another member", func() {
		body := `{"error":[{"message":"{requestBody} must have required property 'endDate'","path":"{requestBody}","context":{"errorType":"required"}}]}`
		m := meadowlark.BeError(400).WithValidationErrors("$.beginDate")
		ok, _ := m.Match(response(400, "application/json", body))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(And(
			ContainSubstring("MUST   a validation error at $.beginDate"),
			ContainSubstring("SHOULD no validation errors about other members")))
	})

	It("identifies missing documents by resource name and identity, whatever the number type", func() {
		m := meadowlark.BeError(409).WithMessage("Reference validation failed").
			WithFailures(meadowlark.Failure{ResourceName: "School", Identity: meadowlark.Ref("schoolId", int64(887000123))})
		good := `{"error":{"message":"Reference validation failed","failures":[{"resourceName":"School","identity":{"schoolId":887000123}}]}}`
		Expect(response(409, "application/json", good)).To(m)
		wrong := `{"error":{"message":"Reference validation failed","failures":[{"resourceName":"School","identity":{"schoolId":1}}]}}`
		ok, _ := m.Match(response(409, "application/json", wrong))
		Expect(ok).To(BeFalse())
	})

	It("accepts the suggestion in the document's wording only; Meadowlark's quoted one is a SHOULD difference unless the profile lists it", func() {
		m := func() *meadowlark.Error {
			return meadowlark.BeError(404).WithSuggestion("academicWeek", "academicWeeks")
		}
		const quoted = `{"error":"Invalid resource 'academicWeek'. The most similar resource is 'academicWeeks'."}`
		Expect(response(404, "application/json", `{"error":"Invalid resource academicWeek. The most similar resource is academicWeeks"}`)).To(m())
		strict := m()
		ok, _ := strict.Match(response(404, "application/json", quoted))
		Expect(ok).To(BeFalse(), "quoting and a final period differ from the document")
		Expect(strict.FailureMessage(nil)).To(ContainSubstring("Differences (0 MUST, 1 SHOULD)"))

		expect.Configure(true, map[string][]string{
			"Invalid resource {}. The most similar resource is {}": {"Invalid resource '{}'. The most similar resource is '{}'."},
		}, "Error Messages")
		Expect(response(404, "application/json", quoted)).To(m())
		wrong := m()
		ok, _ = wrong.Match(response(404, "application/json", `{"error":"Invalid resource 'academicWeek'. The most similar resource is 'academicSubjectDescriptors'."}`))
		Expect(ok).To(BeFalse())
		Expect(wrong.FailureMessage(nil)).To(ContainSubstring("MUST   error names the most similar resource, academicWeeks"))
	})

	It("accepts the unknown query property in the document's wording only; Meadowlark's quoted one is a SHOULD difference", func() {
		m := func() *meadowlark.Error {
			return meadowlark.BeError(400).WithText("The request is invalid.").WithUnknownProperty("AcademicWeek", "weekIdentifer")
		}
		const invalid = `{"error":"The request is invalid.","modelState":[%q]}`
		Expect(response(400, "application/json", fmt.Sprintf(invalid, "AcademicWeek does not include property weekIdentifer"))).To(m())
		quoted := m()
		ok, _ := quoted.Match(response(400, "application/json", fmt.Sprintf(invalid, "AcademicWeek does not include property 'weekIdentifer'")))
		Expect(ok).To(BeFalse())
		Expect(quoted.FailureMessage(nil)).To(ContainSubstring("Differences (0 MUST, 1 SHOULD)"))
		wrong := m()
		ok, _ = wrong.Match(response(400, "application/json", fmt.Sprintf(invalid, "AcademicWeek does not include property limit")))
		Expect(ok).To(BeFalse())
		Expect(wrong.FailureMessage(nil)).To(ContainSubstring("MUST   modelState names the property weekIdentifer"))
	})

	It("checks a parser's text after the documented prefix at SHOULD level only; a text is MUST", func() {
		m := func() *meadowlark.Error { return meadowlark.BeError(400).WithTextPrefix("Malformed body: ") }
		Expect(response(400, "application/json", `{"error":"Malformed body: Unexpected token } in JSON at position 2"}`)).To(m())
		other := m()
		ok, _ := other.Match(response(400, "application/json", `{"error":"Body is not JSON"}`))
		Expect(ok).To(BeFalse())
		Expect(other.FailureMessage(nil)).To(ContainSubstring("Differences (0 MUST, 1 SHOULD)"))
		notText := m()
		ok, _ = notText.Match(response(400, "application/json", `{"error":{"message":"Malformed body: x"}}`))
		Expect(ok).To(BeFalse())
		Expect(notText.FailureMessage(nil)).To(ContainSubstring("MUST   error"))
	})

	It("says where the documented text is when error holds another", func() {
		m := meadowlark.BeError(400).WithText("Limit must be provided when using offset")
		ok, _ := m.Match(response(400, "application/json", `{"error":"The request is invalid.","modelState":["Limit must be provided when using offset"]}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("the documented text is at $.modelState[0]"))
	})

	It("reports a message found at another place than documented by where it is", func() {
		m := meadowlark.BeError(409).WithMessage(deleteMessage)
		ok, _ := m.Match(response(409, "application/json", `{"message":"`+deleteMessage+`"}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring(`found at $.message: "` + deleteMessage + `", not at $.error.message`))
	})

	It("accepts an empty body where the document shows none, and checks only the status", func() {
		Expect(response(401, "", "")).To(meadowlark.BeWithoutMessage(401))
		ok, _ := meadowlark.BeWithoutMessage(401).Match(response(200, "application/json", `{}`))
		Expect(ok).To(BeFalse())
	})
})

var _ = Describe("EachIsOneOf", func() {
	BeforeEach(func() { expect.Configure(true, nil, "Error Messages") })
	conflict := func() *meadowlark.Error {
		return meadowlark.BeError(409).WithMessage("Write conflict due to concurrent access to this or related resources")
	}
	const conflictBody = `{"error":{"message":"Write conflict due to concurrent access to this or related resources"}}`

	It("accepts successes and documented conflicts", func() {
		responses := []*meadowlark.Response{response(204, "", ""), response(409, "application/json", conflictBody)}
		Expect(responses).To(meadowlark.EachIsOneOf(meadowlark.Succeed(204), conflict()).WithASuccess(204))
	})

	It("refuses any other outcome, and all losers", func() {
		m := meadowlark.EachIsOneOf(meadowlark.Succeed(204), conflict()).WithASuccess(204)
		ok, _ := m.Match([]*meadowlark.Response{response(204, "", ""), response(500, "", "")})
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("#2 answered none of the documented outcomes"))
		ok, _ = m.Match([]*meadowlark.Response{response(409, "application/json", conflictBody)})
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("at least one"))
	})

	It("holds the first response to its own outcomes, and requires a success among all", func() {
		deleteConflict := `{"error":{"message":"Write conflict due to concurrent access to this or related resources"}}`
		race := func() *meadowlark.Race {
			return meadowlark.EachIsOneOf(meadowlark.Succeed(204), conflict(), meadowlark.BeWithoutMessage(404)).
				ButFirstIsOneOf(meadowlark.Succeed(204), meadowlark.BeError(404).WithMessage("Write conflict due to concurrent access to this or related resources")).
				WithASuccess(204)
		}
		Expect([]*meadowlark.Response{response(204, "", ""), response(404, "", "")}).To(race())
		Expect([]*meadowlark.Response{response(404, "application/json", deleteConflict), response(204, "", "")}).To(race())
		m := race()
		ok, _ := m.Match([]*meadowlark.Response{response(409, "application/json", conflictBody), response(204, "", "")})
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("#1 answered none of the documented outcomes"))
		ok, _ = m.Match([]*meadowlark.Response{response(404, "application/json", deleteConflict), response(404, "", "")})
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("at least one"))
	})

	It("observes the documented conflict only when a racer got it, right", func() {
		m := meadowlark.EachIsOneOf(meadowlark.Succeed(204), conflict()).WithASuccess(204).Observing(conflict())
		Expect([]*meadowlark.Response{response(204, "", ""), response(409, "application/json", conflictBody)}).To(m)
		Expect(m.Observed()).To(BeTrue())
		Expect([]*meadowlark.Response{response(204, "", ""), response(204, "", "")}).To(m)
		Expect(m.Observed()).To(BeFalse())
		ok, _ := m.Match([]*meadowlark.Response{response(204, "", ""), response(409, "application/json", `{"error":"conflict"}`)})
		Expect(ok).To(BeFalse())
		Expect(m.Observed()).To(BeFalse())
	})

	It("finds the document the one insert created", func() {
		created := response(201, "", "")
		created.Header.Set("Location", "/local/v3.3b/ed-fi/academicWeeks/0f1e2d3c-0000-4000-8000-000000000001")
		Expect(meadowlark.CreatedPath(response(200, "", ""), created)).To(Equal("academicWeeks/0f1e2d3c-0000-4000-8000-000000000001"))
	})

	It("requires exactly one insert among concurrent inserts", func() {
		m := meadowlark.EachIsOneOf(meadowlark.Succeed(201), meadowlark.Succeed(200)).WithExactlyOne(201)
		ok, _ := m.Match([]*meadowlark.Response{response(201, "", ""), response(201, "", "")})
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("exactly one"))
	})
})
