// The CourseKey integration API conformance suite:
//
//	ginkgo run ./suites/coursekey                               # embedded reference server
//	ginkgo run --label-filter='users && !writes' ./suites/coursekey -- --profile=profiles/coursekey-staging.yaml
package coursekey_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/coursekey"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/coursekey"
	_ "github.com/edconform/edconform/specs/coursekey"
)

// These are the labels the specs carry, spelt out because `ginkgo
// labels` reads only literal Label calls in the suite's own files;
// proof.TestEverySpecIsLabelledWithVendorFamilyAndStatus keeps the list true.
var _ = Label("coursekey", "400", "403", "500",
	"validation", "uniqueness", "references", "authorization", "configuration", "server",
	"users", "courses", "course-members", "attendance",
	"writes", "concurrency", "not-provokable")

func TestCoursekeyConformance(t *testing.T) {
	suite.Run(t, coursekey.Vendor)
}
