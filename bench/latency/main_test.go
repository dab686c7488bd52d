package main

import (
	"slices"
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

func TestRequestsOnlyInCountsRepeatsAndIgnoresMadeUpIDs(t *testing.T) {
	q := func(method, path string) suitetest.ProxiedRequest {
		return suitetest.ProxiedRequest{Method: method, Path: path}
	}
	parallel := []suitetest.ProxiedRequest{
		q("POST", "/api/v1/users"), q("POST", "/api/v1/users"),
		q("GET", "/api/v2/my/classes/9bde6297-1d35-468c/assignments/f1873c00-3265"),
		q("GET", "/data/v3/ed-fi/students/8b10e650a72f37790578b03c7f1ba502"),
		q("POST", "/oauth/token"),
	}
	serial := []suitetest.ProxiedRequest{
		q("POST", "/api/v1/users"),
		q("GET", "/api/v2/my/classes/0cce0d1c-df4f-4996/assignments/ab49725a-ed72"),
		q("GET", "/data/v3/ed-fi/students/48be57f4e9cbf2493ef58ac4d501fb16"),
		q("DELETE", "/data/v3/ed-fi/students/48be57f4e9cbf2493ef58ac4d501fb16"),
	}
	if got, want := requestsOnlyIn(parallel, serial), []string{"POST /api/v1/users", "POST /oauth/token"}; !slices.Equal(got, want) {
		t.Errorf("parallel only: %q, want %q", got, want)
	}
	if got, want := requestsOnlyIn(serial, parallel), []string{"DELETE /data/v3/ed-fi/students/{id}"}; !slices.Equal(got, want) {
		t.Errorf("serial only: %q, want %q", got, want)
	}
}
