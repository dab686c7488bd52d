package meadowlark_test

import (
	"testing"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/suitetest"
)

func FuzzErrorMatcher(f *testing.F) {
	expect.Configure(true, nil, "Error Messages")
	suitetest.FuzzMatcher(f, 409, response(409, "", "").Request,
		func() suitetest.Matcher { return deleteReference() },
		`{"error":{"message":"`+deleteMessage+`","blockingUris":["/v3.3b/ed-fi/studentSchoolAssociations/0e1d9c7a-2b4f-4c3e-9a8d-5f6e7d8c9b0a"]}}`)
}

func FuzzProfile(f *testing.F) {
	suitetest.FuzzProfile(f, meadowlark.Vendor, "meadowlark-example.yaml")
}
