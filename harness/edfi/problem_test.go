package edfi_test

import (
	"net/http"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/transport"
)

func TestProblemMatcher(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Ed-Fi problem-details matcher")
}

func response(status int, contentType, body string) *transport.Exchange {
	return &transport.Exchange{
		Request: transport.Request{Method: "POST", URL: "http://127.0.0.1:1/data/v3/ed-fi/absenceEventCategoryDescriptors", Body: []byte(`{}`)},
		Status:  status, Header: http.Header{"Content-Type": {contentType}}, Body: []byte(body),
	}
}

const twoMissing = `{
  "detail": "Data validation failed. See 'validationErrors' for details.",
  "type": "urn:ed-fi:api:bad-request:data-validation-failed",
  "title": "Data Validation Failed",
  "status": 400,
  "correlationId": "486c1ae7-5bd4-4f12-83cd-804b8e6f57d8",
  "validationErrors": {"$.codeValue": ["CodeValue is required."], "$.shortDescription": ["ShortDescription is required."]}
}`

func twoMissingMatcher() *edfi.Problem {
	return edfi.BeProblem(400, edfi.DataValidationFailed).
		WithDetail("Data validation failed. See 'validationErrors' for details.").
		WithValidationError("$.codeValue", "CodeValue is required.").
		WithValidationError("$.shortDescription", "ShortDescription is required.")
}

var _ = Describe("BeProblem", func() {
	BeforeEach(func() { expect.Configure(true, nil, "Knowledge Base") })

	It("accepts the document's own response", func() {
		Expect(response(400, "application/json; charset=utf-8", twoMissing)).To(twoMissingMatcher())
	})

	It("reports every differing field in one message, with levels, the case and the request", func() {
		body := `{"detail":"Bad things.","type":"urn:ed-fi:api:bad-request:data-validation-fail","title":"Data Validation Failed",
		  "status":500,"validationErrors":{"$.codeValue":["CodeValue is required."]}}`
		m := twoMissingMatcher()
		ok, err := m.Match(response(400, "application/json", body))
		Expect(err).NotTo(HaveOccurred())
		Expect(ok).To(BeFalse())
		msg := m.FailureMessage(nil)
		for _, part := range []string{
			"Documented case: Knowledge Base › BeProblem › reports every differing field",
			"Differences (4 MUST, 1 SHOULD)",
			"MUST   type", "MUST   status (body) equals the HTTP status", "MUST   correlationId",
			"MUST   validationErrors has $.shortDescription", "SHOULD detail",
			"curl -sS -i -X POST 'http://127.0.0.1:1/data/v3/ed-fi/absenceEventCategoryDescriptors'",
			"Response:", "HTTP 400 Bad Request",
		} {
			Expect(msg).To(ContainSubstring(part))
		}
	})

	It("fails on the status code alone when everything else is right", func() {
		ok, _ := twoMissingMatcher().Match(response(422, "application/json", twoMissing))
		Expect(ok).To(BeFalse())
	})

	It("requires a JSON content type and a JSON body", func() {
		m := twoMissingMatcher()
		ok, _ := m.Match(response(400, "text/html", "<html>oops</html>"))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(And(ContainSubstring("Content-Type header"), ContainSubstring("not JSON")))
	})

	It("checks the body against the problem-details schema", func() {
		m := edfi.BeProblem(400, edfi.BadRequest).WithoutCorrelationID()
		ok, _ := m.Match(response(400, "application/json", `{"type":"urn:ed-fi:api:bad-request","title":"Bad Request","status":400,"detail":"x","errors":"not an array"}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("schema"))
	})

	It("fails a missing transport response with the reason", func() {
		ex := response(0, "", "")
		ex.Err = http.ErrHandlerTimeout
		m := twoMissingMatcher()
		ok, _ := m.Match(ex)
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("no response"))
	})

	When("the profile is lenient", func() {
		BeforeEach(func() {
			expect.Configure(false, map[string][]string{"CodeValue is required.": {"The CodeValue field is required."}}, "KB")
		})

		It("passes SHOULD differences with a warning entry", func() {
			body := `{"detail":"Validation failed.","type":"urn:ed-fi:api:bad-request:data-validation-failed","title":"Data Validation Failed",
			  "status":400,"correlationId":"c","validationErrors":{"$.codeValue":["The CodeValue field is required."],"$.shortDescription":["ShortDescription is required."]}}`
			Expect(response(400, "application/json", body)).To(twoMissingMatcher())
			entries := expect.Named(CurrentSpecReport().ReportEntries, expect.WarningEntry)
			Expect(entries).To(HaveLen(1))
			Expect(entries[0].Name).To(Equal(expect.WarningEntry))
			Expect(entries[0].StringRepresentation()).To(ContainSubstring("SHOULD detail"))
			Expect(entries[0].StringRepresentation()).NotTo(ContainSubstring("validationErrors[$.codeValue]"), "the profile's alternative text is accepted")
			recorded := expect.Named(CurrentSpecReport().ReportEntries, expect.DifferencesEntry)
			Expect(recorded).To(HaveLen(1), "the differences are recorded for the reports, field by field")
			d, err := expect.DifferencesOf(recorded[0].StringRepresentation())
			Expect(err).NotTo(HaveOccurred())
			Expect(d.Differences).To(ConsistOf(HaveField("Field", "detail")))
			Expect(d.Differences[0].Level).To(Equal(expect.Should))
			Expect(d.Request).To(HavePrefix("curl "))
		})

		It("still fails MUST differences", func() {
			ok, _ := twoMissingMatcher().Match(response(400, "application/json", `{"detail":"x","type":"urn:other","title":"t","status":400,"correlationId":"c"}`))
			Expect(ok).To(BeFalse())
		})
	})
})
