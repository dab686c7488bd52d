package edfi_test

import (
	"testing"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/suitetest"
)

func FuzzProblemMatcher(f *testing.F) {
	expect.Configure(true, nil, "Knowledge Base")
	suitetest.FuzzMatcher(f, 400, response(400, "", "").Request,
		func() suitetest.Matcher { return twoMissingMatcher() }, twoMissing)
}

func FuzzProfile(f *testing.F) { suitetest.FuzzProfile(f, edfi.Vendor, "edfi-ods-7.2.yaml") }
