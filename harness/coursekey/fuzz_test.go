package coursekey_test

import (
	"testing"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/suitetest"
)

func FuzzErrorMatcher(f *testing.F) {
	expect.Configure(true, nil, "Error Code Dictionary")
	suitetest.FuzzMatcher(f, 403, response(403, "", "").Request,
		func() suitetest.Matcher { return unauthorizedSchool() },
		`{"error": {"code": 10005, "message": "Unauthorized school: 12345", "info": {}}}`)
}

func FuzzProfile(f *testing.F) { suitetest.FuzzProfile(f, coursekey.Vendor, "coursekey-example.yaml") }
