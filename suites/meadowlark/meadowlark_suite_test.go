// The Ed-Fi Meadowlark 0.4.0 conformance suite:
//
//	ginkgo run ./suites/meadowlark                                  # embedded reference server
//	ginkgo run --label-filter='query && !writes' ./suites/meadowlark -- --profile=profiles/meadowlark-example.yaml
package meadowlark_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/meadowlark"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/meadowlark"
	_ "github.com/edconform/edconform/specs/meadowlark"
)

// These are the labels the specs carry, spelt out because `ginkgo
// labels` reads only literal Label calls in the suite's own files;
// proof.TestEverySpecIsLabelledWithVendorFamilyAndStatus keeps the list true.
var _ = Label("meadowlark", "400", "401", "403", "404", "409", "502",
	"authorization", "endpoint", "body", "query", "delete", "update", "upsert",
	"writes", "concurrency", "not-provokable")

func TestMeadowlarkConformance(t *testing.T) {
	suite.Run(t, meadowlark.Vendor)
}
