package edlink_test

import (
	"testing"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/suitetest"
)

func FuzzErrorMatcher(f *testing.F) {
	expect.Configure(true, nil, "Error Responses")
	suitetest.FuzzMatcher(f, 400, response(400, "", "").Request,
		func() suitetest.Matcher { return edlink.BeError(edlink.InvalidPageSize) }, invalidPageSize)
}

func FuzzProfile(f *testing.F) { suitetest.FuzzProfile(f, edlink.Vendor, "edlink-example.yaml") }
