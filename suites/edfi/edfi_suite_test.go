// The Ed-Fi ODS/API 7.2 conformance suite:
//
//	ginkgo run ./suites/edfi                                   # embedded reference server
//	ginkgo run --label-filter=authentication ./suites/edfi -- --profile=profiles/edfi-ods-7.2.yaml
package edfi_test

import (
	"testing"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/suite"
	_ "github.com/edconform/edconform/reference/edfi"
	_ "github.com/edconform/edconform/specs/edfi"
)

func TestEdfiConformance(t *testing.T) {
	suite.Run(t, edfi.Vendor)
}
