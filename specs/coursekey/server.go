package coursekeyspecs

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	ck "github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe(usersChapter, func() {
	// The welcome e-mail is sent on create; a school whose template is
	// missing makes the whole create fail.
	Describe("Template Not Found", ck.Entry(ck.Users, ck.Server, 500, suite.NotProvokableLabel), func() {
		It("fails a user create at a school whose welcome e-mail template is missing", specid.Label("coursekey.server.users.template-not-found"), func(ctx SpecContext) {
			school := ck.SchoolInState("brokenEmailTemplate")
			resp := ck.CreateUser(ctx, ck.NewUser(school))
			Expect(resp).To(ck.BeError(500, ck.NoCode, "template not found."))
		})
	})
})
