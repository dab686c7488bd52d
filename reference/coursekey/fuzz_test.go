package coursekey

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

func FuzzServer(f *testing.F) {
	suitetest.FuzzReference(f, "coursekey",
		suitetest.FuzzRequest{Method: "POST", Path: "/users", Body: `{"firstName": "Ada", "lastName": "L", "email": "a@example.edu", "schoolID": "1"}`},
		suitetest.FuzzRequest{Method: "POST", Path: "/courses", Body: `{"name": "c", "schoolID": 1, "startDate": "2021-13-01"}`},
		suitetest.FuzzRequest{Method: "PUT", Path: "/users", Body: `{"id": null}`},
		suitetest.FuzzRequest{Method: "POST", Path: "/attendance/bulk", Body: `[{"courseID": "x"}, 1]`},
		suitetest.FuzzRequest{Method: "DELETE", Path: "/attendance", Body: `{"sessionID": "s"}`},
	)
}
