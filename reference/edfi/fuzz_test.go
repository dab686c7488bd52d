package edfi

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

func FuzzServer(f *testing.F) {
	suitetest.FuzzReference(f, "edfi",
		suitetest.FuzzRequest{Method: "GET", Path: DataPath + "/students?limit=25&offset=0"},
		suitetest.FuzzRequest{Method: "POST", Path: DataPath + "/academicWeeks", Body: `{"weekIdentifier": "w1", "schoolReference": {"schoolId": 255901001}, "beginDate": "2021-09-01", "endDate": "2021-09-07", "totalInstructionalDays": 5}`},
		suitetest.FuzzRequest{Method: "PUT", Path: DataPath + "/students/0123", Body: `{"id": "0123", "studentUniqueId": 1, "birthDate": "2010-13-01"}`},
		suitetest.FuzzRequest{Method: "PATCH", Path: DataPath + "/students", Body: `[{"a": }`},
		suitetest.FuzzRequest{Method: "DELETE", Path: DataPath + "/schools/../students/x"},
		suitetest.FuzzRequest{Method: "GET", Path: "/metadata/data/v3/resources/swagger.json"},
	)
}
