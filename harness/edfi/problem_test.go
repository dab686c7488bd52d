package edfi_test

import (
	"net/http"
	"strings"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/specid"
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

	It("accepts any problem type and title where the document names none, but not a body without a type", func() {
		failure := `{"type":"urn:ed-fi:api:system-failure","title":"System Failure","status":500,"correlationId":"c","detail":"An unexpected problem has occurred."}`
		Expect(response(500, "application/json", failure)).To(edfi.BeProblem(500, edfi.UndocumentedType))
		m := edfi.BeProblem(500, edfi.UndocumentedType)
		ok, _ := m.Match(response(500, "application/json", `{"type":"","status":500,"correlationId":"c"}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("MUST   type"))
		ok, _ = m.Match(response(500, "text/plain", "Internal Server Error"))
		Expect(ok).To(BeFalse())
	})

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

var _ = Describe("BeProblem's text policy", func() {
	BeforeEach(func() { expect.Configure(true, nil, "Knowledge Base") })

	dangerous := func() *edfi.Problem {
		return edfi.BeProblem(400, edfi.DataValidationFailed).WithoutCorrelationID().
			WithValidationError("$.rating", "Rating is too long.", "Rating is dangerous.")
	}
	body := func(messages string) string {
		return `{"type":"urn:ed-fi:api:bad-request:data-validation-failed","title":"Data Validation Failed","status":400,"detail":"d",
		  "validationErrors":{"$.rating":` + messages + `}}`
	}

	It("takes the messages at one path in any order, but not one message twice for two", func() {
		Expect(response(400, "application/json", body(`["Rating is dangerous.","Rating is too long."]`))).To(dangerous())
		m := dangerous()
		ok, _ := m.Match(response(400, "application/json", body(`["Rating is dangerous.","Rating is dangerous."]`)))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring(`missing "Rating is too long."`))
	})

	It("fails a message that differs only in final punctuation under a strict profile, and warns under a lenient one", func() {
		m := edfi.BeProblem(400, edfi.DataValidationFailed).WithoutCorrelationID().WithValidationError("$.rating", "Rating is too long.")
		ok, _ := m.Match(response(400, "application/json", body(`["Rating is too long"]`)))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("Differences (0 MUST, 1 SHOULD)"))
		expect.Configure(false, nil, "Knowledge Base")
		Expect(response(400, "application/json", body(`["Rating is too long"]`))).To(m)
		Expect(expect.Named(CurrentSpecReport().ReportEntries, expect.WarningEntry)).To(HaveLen(1))
	})

	It("takes the conflicting values of a key unification message in any order", func() {
		m := func() *edfi.Problem {
			return edfi.BeProblem(400, edfi.DataValidationFailed).WithoutCorrelationID().
				WithConflictingValues("$.rating", "schoolYear", 2022, 2023)
		}
		const prefix = "All values supplied for 'schoolYear' must match. Review all references and align the following conflicting values: "
		Expect(response(400, "application/json", body(`["`+prefix+`'2023', '2022'"]`))).To(m())
		Expect(response(400, "application/json", body(`["`+prefix+`'2022', '2023'"]`))).To(m())
		ok, _ := m().Match(response(400, "application/json", body(`["`+prefix+`'2022', '2024'"]`)))
		Expect(ok).To(BeFalse())
	})

	It("reports a member found elsewhere by where it is, not as absent", func() {
		m := edfi.BeProblem(400, edfi.BadRequest).WithoutCorrelationID()
		ok, _ := m.Match(response(400, "application/json", `{"title":"Bad Request","status":400,"detail":"x","error":{"type":"urn:ed-fi:api:bad-request"}}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring(`found at $.error.type: "urn:ed-fi:api:bad-request", not at $.type`))
	})
})

var _ = Describe("BeProblem with a profile's expect.<spec id>", func() {
	const methodUsage = `{"type":"urn:ed-fi:api:profile:method-usage","title":"Method Not Allowed with Profile","status":405,
	  "detail":"The request construction was invalid with respect to usage of a data policy.","correlationId":"c","errors":["x"]}`
	invalidMethodUsage := func() *edfi.Problem {
		return edfi.BeProblem(400, edfi.InvalidProfileUsage).
			WithDetail("The request construction was invalid with respect to usage of a data policy.").WithSomeErrors()
	}
	BeforeEach(func() {
		expect.Configure(true, nil, "Knowledge Base")
		expect.Overrides(map[string]expect.Override{"edfitest.profile.invalid-method-usage": {Status: 405, Type: "urn:ed-fi:api:profile:method-usage"}})
		DeferCleanup(expect.Overrides, map[string]expect.Override(nil))
	})

	It("expects the product's status and type, with no title the knowledge base does not give, and says it is overridden", specid.Label("edfitest.profile.invalid-method-usage"), func() {
		Expect(response(405, "application/json", methodUsage)).To(invalidMethodUsage())
		m := invalidMethodUsage()
		ok, _ := m.Match(response(400, "application/json", strings.ReplaceAll(strings.ReplaceAll(methodUsage, "405", "400"), "profile:method-usage", "profile:invalid-profile-usage")))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("Expected: 405 urn:ed-fi:api:profile:method-usage (overridden by expect.edfitest.profile.invalid-method-usage: the document gives 400 urn:ed-fi:api:profile:invalid-profile-usage)"))
		Expect(CurrentSpecReport().ReportEntries[0].Name).To(Equal(expect.OverrideEntry))
	})

	It("holds other specs to the document", specid.Label("edfitest.profile.invalid-profile-usage"), func() {
		ok, _ := invalidMethodUsage().Match(response(405, "application/json", methodUsage))
		Expect(ok).To(BeFalse())
	})
})

var _ = Describe("BeProblem with expect.<spec id>.bodyMayBeEmpty", func() {
	unsupported := func() *edfi.Problem {
		return edfi.BeProblem(415, edfi.UnsupportedMediaType).WithDetail("The request construction was invalid.")
	}
	BeforeEach(func() {
		expect.Configure(true, nil, "Knowledge Base")
		expect.Overrides(map[string]expect.Override{
			"edfitest.media-type.no-content-type":       {Status: 201, BodyMayBeEmpty: true},
			"edfitest.media-type.no-content-type.other": {Status: 201, BodyMayBeEmpty: true},
		})
		DeferCleanup(expect.Overrides, map[string]expect.Override(nil))
	})

	It("checks only the status of a response without a body", specid.Label("edfitest.media-type.no-content-type"), func() {
		Expect(response(201, "", "")).To(unsupported())
		m := unsupported()
		ok, _ := m.Match(response(415, "", ""))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("the document gives 415 urn:ed-fi:api:unsupported-media-type; the body may be empty)"))
	})

	It("still checks a body that is there", specid.Label("edfitest.media-type.no-content-type.other"), func() {
		ok, _ := unsupported().Match(response(201, "application/json", `{"type":"urn:ed-fi:api:unsupported-media-type","status":201}`))
		Expect(ok).To(BeFalse())
	})
})

var _ = Describe("BeProblem with expect.<spec id>.validationErrors", func() {
	missing := func() *edfi.Problem {
		return edfi.BeProblem(400, edfi.DataValidationFailed).WithValidationError("$.codeValue", "CodeValue is required.")
	}
	paths := []string{"$."}
	BeforeEach(func() {
		expect.Configure(true, nil, "Knowledge Base")
		expect.Overrides(map[string]expect.Override{"edfitest.data-validation.paths": {ValidationPaths: &paths}})
		DeferCleanup(expect.Overrides, map[string]expect.Override(nil))
	})

	It("requires the product's paths with any message, instead of the documented ones", specid.Label("edfitest.data-validation.paths"), func() {
		const product = `{"type":"urn:ed-fi:api:bad-request:data-validation-failed","title":"Data Validation Failed","status":400,"detail":"x","correlationId":"c","validationErrors":{"$.":["'}' is invalid"]}}`
		Expect(response(400, "application/json", product)).To(missing())
		m := missing()
		ok, _ := m.Match(response(400, "application/json", strings.Replace(product, `"$."`, `"$.codeValue"`, 1)))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("validationErrors has $."))
	})

	It("takes the product's paths in place of the documented errors", specid.Label("edfitest.data-validation.paths-for-errors"), func() {
		expect.Overrides(map[string]expect.Override{"edfitest.data-validation.paths-for-errors": {ValidationPaths: &paths}})
		unparsable := func() *edfi.Problem {
			return edfi.BeProblem(400, edfi.BadRequest).WithError("Unexpected character encountered while parsing value: }.")
		}
		const product = `{"type":"urn:ed-fi:api:bad-request","title":"Bad Request","status":400,"detail":"x","correlationId":"c","validationErrors":{"$.":["'}' is invalid"]},"errors":[]}`
		Expect(response(400, "application/json", product)).To(unparsable())
		m := unparsable()
		ok, _ := m.Match(response(400, "application/json", strings.Replace(product, `"$."`, `"$.other"`, 1)))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("validationErrors has $."))
	})
})
