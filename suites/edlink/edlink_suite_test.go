// The Edlink API v2 conformance suite:
//
//	ginkgo run ./suites/edlink                                  # embedded reference server
//	ginkgo run --label-filter=pagination ./suites/edlink -- --profile=profiles/edlink-example.yaml
package edlink_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/edlink"
	_ "github.com/edconform/edconform/specs/edlink"
)

// These are the labels the specs carry, spelt out because `ginkgo
// labels` reads only literal Label calls in the suite's own files;
// proof.TestEverySpecIsLabelledWithVendorFamilyAndStatus keeps the list true.
var _ = Label("edlink", "400",
	"authentication", "authorization", "validation", "pagination", "idempotency", "not-found", "provider", "server",
	"writes", "not-provokable")

func TestEdlinkConformance(t *testing.T) {
	suite.Run(t, edlink.Vendor)
}
