package meadowlark

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

func FuzzServer(f *testing.F) {
	suitetest.FuzzReference(f, "meadowlark",
		suitetest.FuzzRequest{Method: "GET", Path: "/ed-fi/students?limit=5"},
		suitetest.FuzzRequest{Method: "POST", Path: "/ed-fi/academicWeeks", Body: `{"weekIdentifier": "w1", "schoolReference": {"schoolId": 123}, "beginDate": "2021-09-01", "endDate": "2021-09-07", "totalInstructionalDays": 5}`},
		suitetest.FuzzRequest{Method: "PUT", Path: "/ed-fi/students/abc", Body: `{"studentUniqueId": "s1", "birthDate": "x"}`},
		suitetest.FuzzRequest{Method: "DELETE", Path: "/ed-fi/students/0e1d9c7a-2b4f-4c3e-9a8d-5f6e7d8c9b0a"},
		suitetest.FuzzRequest{Method: "POST", Path: "/ed-fi/students", Body: `{"a": [1, {"b": null}]`},
	)
}
