package edlink_test

import (
	"net/http"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/transport"
)

func TestEnvelopeMatchers(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Edlink envelope matchers")
}

func response(status int, contentType, body string) *transport.Exchange {
	return &transport.Exchange{
		Request: transport.Request{Method: "GET", URL: "http://127.0.0.1:1/api/v2/graph/people?$first=0"},
		Status:  status, Header: http.Header{"Content-Type": {contentType}}, Body: []byte(body),
	}
}

const invalidPageSize = `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$errors": [{"code": "INVALID_PAGE_SIZE",
  "message": "For rostering endpoints, the requested page size must be between 1 and 10000. For other endpoints, the maximum page size varies based on the current provider. Omit the $first parameter to use the default page size. Please review our guide on pagination."}]}`

// failure runs the matcher, requires it to fail and returns its message.
func failure(m interface {
	Match(any) (bool, error)
	FailureMessage(any) string
}, ex *transport.Exchange) string {
	ok, err := m.Match(ex)
	Expect(err).NotTo(HaveOccurred())
	Expect(ok).To(BeFalse())
	return m.FailureMessage(nil)
}

var _ = Describe("BeError", func() {
	BeforeEach(func() {
		expect.Configure(true, nil, "Error Responses")
		edlink.Config().StatusOverrides = nil
	})

	It("accepts the document's own response", func() {
		Expect(response(400, "application/json; charset=utf-8", invalidPageSize)).To(edlink.BeError(edlink.InvalidPageSize))
	})

	It("reports every differing field in one message, with levels, the case and the request", func() {
		body := `{"$request": "42", "$errors": [{"code": "invalid_page_size", "message": "Bad page size."}, {"code": "INVALID_CURSOR", "message": "x"}]}`
		msg := failure(edlink.BeError(edlink.InvalidPageSize), response(422, "application/json", body))
		for _, part := range []string{
			"Documented case: Error Responses › BeError › reports every differing field",
			"Differences (5 MUST, 1 SHOULD)",
			"MUST   HTTP status", "MUST   body against the edlink-error schema", "MUST   $request",
			`$errors[0].code = "invalid_page_size"`, "MUST   $errors holds code INVALID_PAGE_SIZE",
			"SHOULD $errors holds no other code",
			"curl -sS -i -X GET 'http://127.0.0.1:1/api/v2/graph/people?$first=0'", "Response:", "HTTP 422",
		} {
			Expect(msg).To(ContainSubstring(part))
		}
	})

	It("checks the message text of the expected code", func() {
		body := `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$errors": [{"code": "INVALID_PAGE_SIZE", "message": "Bad page size."}]}`
		msg := failure(edlink.BeError(edlink.InvalidPageSize), response(400, "application/json", body))
		Expect(msg).To(ContainSubstring("Differences (0 MUST, 1 SHOULD)"))
		Expect(msg).To(ContainSubstring(`SHOULD $errors[0].message`))
	})

	It("fails a renamed error list and a missing request id", func() {
		body := `{"$error": [{"code": "INVALID_PAGE_SIZE", "message": "x"}]}`
		msg := failure(edlink.BeError(edlink.InvalidPageSize), response(400, "application/json", body))
		Expect(msg).To(And(ContainSubstring("MUST   $errors\n"), ContainSubstring("MUST   $request"),
			ContainSubstring("want: INVALID_PAGE_SIZE\n           got:  (none)")))
	})

	It("fails an empty error list", func() {
		body := `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$errors": []}`
		msg := failure(edlink.BeError(edlink.InvalidPageSize), response(400, "application/json", body))
		Expect(msg).To(And(ContainSubstring("schema"), ContainSubstring("a non-empty array")))
	})

	It("fails a success envelope where an error is documented", func() {
		body := `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$data": {}}`
		msg := failure(edlink.BeError(edlink.NotFoundCode), response(200, "application/json", body))
		Expect(msg).To(And(ContainSubstring("HTTP status"), ContainSubstring("$errors holds code NOT_FOUND")))
	})

	It("requires a JSON content type and a JSON body", func() {
		msg := failure(edlink.BeError(edlink.Unknown), response(400, "text/html", "<html>oops</html>"))
		Expect(msg).To(And(ContainSubstring("Content-Type header"), ContainSubstring("not JSON")))
	})

	It("fails a missing transport response with the reason", func() {
		ex := response(0, "", "")
		ex.Err = http.ErrHandlerTimeout
		Expect(failure(edlink.BeError(edlink.Unknown), ex)).To(ContainSubstring("no response"))
	})

	When("the profile declares Edlink's other status for a code", func() {
		BeforeEach(func() { edlink.Config().StatusOverrides = map[string]int{"NOT_FOUND": 404} })

		notFound := `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$errors": [{"code": "NOT_FOUND", "message": "The requested resource could not be found."}]}`

		It("passes that status with a warning, even under a strict profile", func() {
			Expect(response(404, "application/json", notFound)).To(edlink.BeError(edlink.NotFoundCode))
			entries := expect.Named(CurrentSpecReport().ReportEntries, expect.WarningEntry)
			Expect(entries).To(HaveLen(1))
			Expect(entries[0].Name).To(Equal(expect.WarningEntry))
			Expect(entries[0].StringRepresentation()).To(ContainSubstring("settings.statusOverrides.NOT_FOUND"))
		})

		It("still fails any other status", func() {
			Expect(failure(edlink.BeError(edlink.NotFoundCode), response(410, "application/json", notFound))).To(ContainSubstring("HTTP status"))
		})

		It("applies only to the codes it names", func() {
			Expect(failure(edlink.BeError(edlink.InvalidPageSize), response(404, "application/json", invalidPageSize))).To(ContainSubstring("HTTP status"))
		})
	})

	When("the profile is lenient", func() {
		BeforeEach(func() {
			expect.Configure(false, map[string][]string{edlink.NotFoundCode.Message: {"Not found."}}, "Error Responses")
		})

		It("accepts the profile's alternative text and warns about other SHOULD differences", func() {
			body := `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$errors": [{"code": "NOT_FOUND", "message": "Not found."}, {"code": "UNKNOWN", "message": "x"}]}`
			Expect(response(400, "application/json", body)).To(edlink.BeError(edlink.NotFoundCode))
			entries := expect.Named(CurrentSpecReport().ReportEntries, expect.WarningEntry)
			Expect(entries).To(HaveLen(1))
			Expect(entries[0].StringRepresentation()).To(ContainSubstring("SHOULD $errors holds no other code"))
			Expect(entries[0].StringRepresentation()).NotTo(ContainSubstring("$errors[0].message"))
		})
	})
})

var _ = Describe("BeData", func() {
	BeforeEach(func() { expect.Configure(true, nil, "Error Responses") })

	const created = `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$data": {"id": "0f8e1c52-7a9b-4c3d-8e2f-1a2b3c4d5e6f"}}`

	It("accepts a success envelope", func() {
		Expect(response(200, "application/json", created)).To(edlink.BeData())
	})

	It("lists every difference of a broken success envelope", func() {
		msg := failure(edlink.BeData(), response(200, "application/json", `{"$errors": []}`))
		Expect(msg).To(And(ContainSubstring("Differences (3 MUST, 0 SHOULD)"), ContainSubstring("MUST   $request"),
			ContainSubstring("MUST   $data"), ContainSubstring("MUST   $errors")))
	})

	It("accepts a replay of the same record and fails a second record", func() {
		first := response(200, "application/json", created)
		Expect(response(200, "application/json", created)).To(edlink.BeReplayOf(first))
		other := `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$data": {"id": "11111111-2222-4333-8444-555555555555"}}`
		Expect(failure(edlink.BeReplayOf(first), response(200, "application/json", other))).To(ContainSubstring("MUST   $data.id"))
	})
})

var _ = Describe("BeError's text policy and overrides", func() {
	BeforeEach(func() {
		expect.Configure(true, nil, "Error Responses")
		edlink.Config().StatusOverrides = nil
	})

	It("fails a message that differs from the document only in its final period", func() {
		body := `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$errors": [{"code": "NOT_FOUND", "message": "The requested resource could not be found"}]}`
		Expect(failure(edlink.BeError(edlink.NotFoundCode), response(400, "application/json", body))).To(ContainSubstring("Differences (0 MUST, 1 SHOULD)"))
	})

	It("reports $errors found inside another member by where it is", func() {
		body := `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$data": {"$errors": [{"code": "NOT_FOUND", "message": "x"}]}}`
		Expect(failure(edlink.BeError(edlink.NotFoundCode), response(400, "application/json", body))).To(ContainSubstring("found at $.$data.$errors"))
	})

	When("the profile records the product's answer", func() {
		BeforeEach(func() {
			expect.Overrides(map[string]expect.Override{"edlinktest.not-found.unknown-id": {Status: 404, Type: "INVALID_UUID"}})
			DeferCleanup(expect.Overrides, map[string]expect.Override(nil))
		})

		It("expects its status, code and that code's message, and says it is overridden", specid.Label("edlinktest.not-found.unknown-id"), func() {
			body := `{"$request": "c0a8e6f2-3b1d-4e5f-9a7b-2d4c6e8f0a1b", "$errors": [{"code": "INVALID_UUID", "message": "` + edlink.InvalidUUID.Message + `"}]}`
			Expect(response(404, "application/json", body)).To(edlink.BeError(edlink.NotFoundCode))
			Expect(failure(edlink.BeError(edlink.NotFoundCode), response(400, "application/json", body))).
				To(ContainSubstring("Expected: 404 INVALID_UUID (overridden by expect.edlinktest.not-found.unknown-id: the document gives 400 NOT_FOUND)"))
		})
	})
})
