// The Ed-Fi ODS/API 7.2 conformance suite:
//
//	ginkgo run ./suites/edfi                                   # embedded reference server
//	ginkgo run --label-filter=authentication ./suites/edfi -- --profile=profiles/edfi-ods-7.2.yaml
package edfi_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/edfi"
	_ "github.com/edconform/edconform/specs/edfi"
	_ "github.com/edconform/edconform/specs/edfigen"
)

// These are the labels the specs carry, spelt out because `ginkgo
// labels` reads only literal Label calls in the suite's own files;
// proof.TestEverySpecIsLabelledWithVendorFamilyAndStatus keeps the list true.
var _ = Label("edfi", "304", "400", "401", "403", "404", "405", "409", "412", "415", "429", "500",
	"authentication", "authorization", "data-validation", "profile", "not-found", "method-not-allowed",
	"conflict", "optimistic-lock", "media-type", "parameter-validation", "server",
	"writes", "not-provokable", "dms")

func TestEdfiConformance(t *testing.T) {
	suite.Run(t, edfi.Vendor)
}
