package expect_test

import (
	"net/http"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/transport"
)

func TestOverrides(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "expectation overrides")
}

// statusMatcher is the smallest vendor matcher: the status, resolved
// against the profile's overrides.
func statusMatcher(documented int, typ string) *expect.Matcher {
	m := &expect.Matcher{}
	m.Checks = func(ex *transport.Exchange) []expect.Check {
		e := expect.Resolve(documented, typ)
		return []expect.Check{expect.Status(ex, e.Status), expect.Equal(expect.Must, "type", e.Type, ex.Header.Get("X-Type"))}
	}
	return m
}

func answer(status int, typ string) *transport.Exchange {
	return &transport.Exchange{Request: transport.Request{Method: "POST", URL: "http://h/schools"}, Status: status,
		Header: http.Header{"X-Type": {typ}}}
}

var _ = Describe("expect.<spec id>", func() {
	BeforeEach(func() {
		expect.Configure(true, nil, "")
		expect.Overrides(map[string]expect.Override{
			"test.profile.invalid-method-usage": {Status: 405, Type: "urn:method-usage", Reason: "the product's ProfileMethodUsageException"},
		})
		DeferCleanup(expect.Overrides, map[string]expect.Override(nil))
	})

	It("replaces the documented status and type for the spec it names, and says so in the report", specid.Label("test.profile.invalid-method-usage"), func() {
		e := expect.Resolve(400, "urn:invalid-profile-usage")
		Expect(e.Status).To(Equal(405))
		Expect(e.Type).To(Equal("urn:method-usage"))
		Expect(e.Overridden()).To(BeTrue())
		Expect(e.Note).To(Equal(" (overridden by expect.test.profile.invalid-method-usage: the document gives 400 urn:invalid-profile-usage; the product's ProfileMethodUsageException)"))
		Expect(answer(405, "urn:method-usage")).To(statusMatcher(400, "urn:invalid-profile-usage"))
		ok, _ := statusMatcher(400, "urn:invalid-profile-usage").Match(answer(400, "urn:invalid-profile-usage"))
		Expect(ok).To(BeFalse(), "the documented answer no longer passes once the profile records the product's")
		entries := expect.Named(CurrentSpecReport().ReportEntries, expect.OverrideEntry)
		Expect(entries).To(HaveLen(1), "one entry however often the matchers resolve")
		Expect(entries[0].Name).To(Equal(expect.OverrideEntry))
		Expect(entries[0].StringRepresentation()).To(ContainSubstring("Expected: 405 urn:method-usage (overridden by expect.test.profile.invalid-method-usage"))
	})

	It("leaves every other spec as documented", specid.Label("test.profile.invalid-profile-usage"), func() {
		e := expect.Resolve(400, "urn:invalid-profile-usage")
		Expect(e.Overridden()).To(BeFalse())
		Expect(e.Status).To(Equal(400))
		Expect(e.Note).To(BeEmpty())
		Expect(CurrentSpecReport().ReportEntries).To(BeEmpty())
	})

	It("leaves a spec without an id as documented", func() {
		Expect(expect.Resolve(400, "urn:x").Overridden()).To(BeFalse())
	})
})
