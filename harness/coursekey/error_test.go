package coursekey_test

import (
	"net/http"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/transport"
)

func TestErrorMatcher(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "CourseKey error-envelope matcher")
}

func response(status int, contentType, body string) *transport.Exchange {
	return &transport.Exchange{
		Request: transport.Request{Method: "POST", URL: "http://127.0.0.1:1/api/v1/users", Body: []byte(`{"schoolID":"12345"}`)},
		Status:  status, Header: http.Header{"Content-Type": {contentType}}, Body: []byte(body),
	}
}

func unauthorizedSchool() *coursekey.Error {
	return coursekey.BeError(403, 10005, "Unauthorized school: "+coursekey.SchoolID).With(coursekey.SchoolID, "12345")
}

var _ = Describe("BeError", func() {
	BeforeEach(func() { expect.Configure(true, nil, "Error Code Dictionary") })

	It("accepts the dictionary's own response with the placeholder filled in", func() {
		Expect(response(403, "application/json; charset=utf-8",
			`{"error": {"code": 10005, "message": "Unauthorized school: 12345", "info": {}}}`)).To(unauthorizedSchool())
	})

	It("leaves code unchecked for entries documented without one", func() {
		Expect(response(400, "application/json", `{"error": {"message": "Email must be unique", "info": {}}}`)).
			To(coursekey.BeError(400, coursekey.NoCode, "Email must be unique"))
	})

	It("reports every differing field in one message, with levels, the case and the request", func() {
		m := unauthorizedSchool()
		ok, err := m.Match(response(400, "application/json", `{"error": {"message": "Unauthorized school: $SCHOOL_ID", "info": {}}}`))
		Expect(err).NotTo(HaveOccurred())
		Expect(ok).To(BeFalse())
		msg := m.FailureMessage(nil)
		for _, part := range []string{
			"Documented case: Error Code Dictionary › BeError › reports every differing field",
			`Expected: 403 code 10005 "Unauthorized school: 12345"`,
			"Differences (3 MUST, 1 SHOULD)",
			"MUST   HTTP status", "MUST   error.code", "MUST   error.message carries the $SCHOOL_ID the request sent",
			"SHOULD error.message",
			"curl -sS -i -X POST 'http://127.0.0.1:1/api/v1/users'", "Response:",
		} {
			Expect(msg).To(ContainSubstring(part))
		}
	})

	It("checks the body against the envelope schema", func() {
		m := coursekey.BeError(400, coursekey.NoCode, "User not found.")
		ok, _ := m.Match(response(400, "application/json", `{"error": {"message": "User not found.", "code": "10009"}}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(And(ContainSubstring("coursekey-error schema"), ContainSubstring("info"), ContainSubstring("code")))
	})

	It("requires a JSON content type and a JSON body", func() {
		m := unauthorizedSchool()
		ok, _ := m.Match(response(403, "text/html", "<html>Forbidden</html>"))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(And(ContainSubstring("Content-Type header"), ContainSubstring("not JSON")))
	})

	It("requires the documented info ids", func() {
		m := coursekey.BeError(400, 5, "AttendanceID "+coursekey.AttendanceID+" does not exist").
			With(coursekey.AttendanceID, "A-7").WithInfo("attendanceID", "A-7")
		ok, _ := m.Match(response(400, "application/json", `{"error": {"code": 5, "message": "AttendanceID A-7 does not exist", "info": {"attendanceID": "A-8"}}}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("MUST   error.info.attendanceID"))
	})

	It("does not take a longer id, or a word the value is part of, for the value sent", func() {
		for _, message := range []string{"Unauthorized school: 123456", "Unauthorized school: 012345", "Unauthorized school: $12345", "Unauthorized school: 12345.7"} {
			m := unauthorizedSchool()
			ok, _ := m.Match(response(403, "application/json", `{"error": {"code": 10005, "message": "`+message+`", "info": {}}}`))
			Expect(ok).To(BeFalse(), message)
			Expect(m.FailureMessage(nil)).To(ContainSubstring("MUST   error.message carries the $SCHOOL_ID the request sent"), message)
		}
		Expect(response(400, "application/json", `{"error": {"code": 10005, "message": "Invalid timezone: Mars/Base. Use the IANA TZDB standard", "info": {}}}`)).
			To(coursekey.BeError(400, 10005, "Invalid timezone: "+coursekey.TimeZone+". Use the IANA TZDB standard").With(coursekey.TimeZone, "Mars/Base"))
	})

	It("accepts either wording the dictionary gives one entry, and shows both when neither is sent", func() {
		enrolled := func() *coursekey.Error {
			return coursekey.BeError(400, coursekey.NoCode, "userID_schoolID must be unique.").OrMessage("userID_courseID must be unique.")
		}
		for _, message := range []string{"userID_schoolID must be unique.", "userID_courseID must be unique."} {
			Expect(response(400, "application/json", `{"error": {"message": "`+message+`", "info": {}}}`)).To(enrolled())
		}
		m := enrolled()
		ok, _ := m.Match(response(400, "application/json", `{"error": {"message": "Already enrolled.", "info": {}}}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring(`"userID_schoolID must be unique." or "userID_courseID must be unique."`))
	})

	It("refuses a placeholder naming a word its message lacks while the spec tree is built", func() {
		Expect(func() { coursekey.BeError(400, 5, "User not found.").With(coursekey.Email, "x") }).To(Panic())
	})

	When("the profile is lenient and lists an alternative text", func() {
		BeforeEach(func() {
			expect.Configure(false, map[string][]string{"Unauthorized school: $SCHOOL_ID": {"School $SCHOOL_ID is not authorized."}}, "KB")
		})

		It("accepts the alternative with the value sent, keyed by the documented template", func() {
			Expect(response(403, "application/json", `{"error": {"code": 10005, "message": "School 12345 is not authorized.", "info": {}}}`)).
				To(unauthorizedSchool())
			Expect(CurrentSpecReport().ReportEntries).To(BeEmpty())
		})

		It("still fails a message that lacks the value sent", func() {
			ok, _ := unauthorizedSchool().Match(response(403, "application/json", `{"error": {"code": 10005, "message": "School $SCHOOL_ID is not authorized.", "info": {}}}`))
			Expect(ok).To(BeFalse())
		})
	})
})

var _ = Describe("OneSucceedsRestAre", func() {
	BeforeEach(func() { expect.Configure(true, nil, "Error Code Dictionary") })

	taken := `{"error": {"message": "Email must be unique", "info": {}}}`
	created := `{"user": {}}`

	It("accepts one success and the documented entry for every other", func() {
		Expect([]*coursekey.Response{response(400, "application/json", taken), response(201, "application/json", created),
			response(400, "application/json", taken)}).To(coursekey.OneSucceedsRestAre(coursekey.BeError(400, coursekey.NoCode, "Email must be unique")))
	})

	It("accepts any of several documented entries", func() {
		Expect([]*coursekey.Response{response(201, "application/json", created),
			response(400, "application/json", `{"error": {"message": "userID_schoolID must be unique.", "info": {}}}`),
			response(400, "application/json", taken)}).To(coursekey.OneSucceedsRestAre(
			coursekey.BeError(400, coursekey.NoCode, "userID_schoolID must be unique."),
			coursekey.BeError(400, coursekey.NoCode, "Email must be unique")))
	})

	It("fails when two creates succeed, listing every outcome", func() {
		m := coursekey.OneSucceedsRestAre(coursekey.BeError(400, coursekey.NoCode, "Email must be unique"))
		ok, err := m.Match([]*coursekey.Response{response(201, "application/json", created), response(201, "application/json", created),
			response(400, "application/json", taken)})
		Expect(err).NotTo(HaveOccurred())
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(And(ContainSubstring("exactly 1"), ContainSubstring("#1: 201 (created), #2: 201 (created), #3: 400"),
			ContainSubstring("Documented case:"), ContainSubstring("curl ")))
	})

	It("fails when a loser answers something undocumented, showing that response", func() {
		m := coursekey.OneSucceedsRestAre(coursekey.BeError(400, coursekey.NoCode, "Email must be unique"))
		ok, _ := m.Match([]*coursekey.Response{response(201, "application/json", created),
			response(500, "application/json", `{"error": {"message": "duplicate key value violates unique constraint", "info": {}}}`)})
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(And(ContainSubstring("#2 answered none of the documented entries"),
			ContainSubstring("duplicate key value"), ContainSubstring("MUST   HTTP status")))
	})
})

var _ = Describe("BeError's text policy and overrides", func() {
	BeforeEach(func() { expect.Configure(true, nil, "Error Code Dictionary") })

	It("fails a message that differs from the dictionary only in case or a final period", func() {
		for _, message := range []string{"unauthorized school: 12345", "Unauthorized school: 12345."} {
			m := unauthorizedSchool()
			ok, _ := m.Match(response(403, "application/json", `{"error": {"code": 10005, "message": "`+message+`", "info": {}}}`))
			Expect(ok).To(BeFalse(), message)
			Expect(m.FailureMessage(nil)).To(ContainSubstring("Differences (0 MUST, 1 SHOULD)"))
		}
	})

	It("reports a code found at the top level by where it is", func() {
		m := unauthorizedSchool()
		ok, _ := m.Match(response(403, "application/json", `{"code": 10005, "error": {"message": "Unauthorized school: 12345", "info": {}}}`))
		Expect(ok).To(BeFalse())
		Expect(m.FailureMessage(nil)).To(ContainSubstring("found at $.code: 10005, not at $.error.code"))
	})

	When("the profile records the product's answer", func() {
		BeforeEach(func() {
			expect.Overrides(map[string]expect.Override{"coursekeytest.authorization.users.unauthorized-school": {Status: 400, Type: "2213"}})
			DeferCleanup(expect.Overrides, map[string]expect.Override(nil))
		})

		It("expects its status and code, and says it is overridden", specid.Label("coursekeytest.authorization.users.unauthorized-school"), func() {
			const product = `{"error": {"code": 2213, "message": "Unauthorized school: 12345", "info": {}}}`
			Expect(response(400, "application/json", product)).To(unauthorizedSchool())
			m := unauthorizedSchool()
			ok, _ := m.Match(response(403, "application/json", `{"error": {"code": 10005, "message": "Unauthorized school: 12345", "info": {}}}`))
			Expect(ok).To(BeFalse())
			Expect(m.FailureMessage(nil)).To(ContainSubstring(`Expected: 400 code 2213 "Unauthorized school: 12345" (overridden by expect.coursekeytest.authorization.users.unauthorized-school: the document gives 403 10005)`))
		})
	})
})
