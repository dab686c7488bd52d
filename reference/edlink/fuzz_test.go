package edlink

import (
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

func FuzzServer(f *testing.F) {
	suitetest.FuzzReference(f, "edlink",
		suitetest.FuzzRequest{Method: "GET", Path: "/graph/people?$first=0"},
		suitetest.FuzzRequest{Method: "GET", Path: "/graph/classes?$cursor=abc&$filter=x"},
		suitetest.FuzzRequest{Method: "POST", Path: "/my/classes/x/assignments?$idempotency=k", Body: `{"title": "t", "assignee_mode": "all", "state": "open"}`},
		suitetest.FuzzRequest{Method: "PATCH", Path: "/my/classes/x/assignments/y", Body: `{"title": 1}`},
		suitetest.FuzzRequest{Method: "DELETE", Path: "/my/classes/x/assignments/y"},
	)
}
