package edfi_test

import (
	"testing"

	"github.com/edconform/edconform/harness/expect"
)

// BenchmarkBeProblem measures one problem-details check, schema included,
// which every Ed-Fi spec runs once.
func BenchmarkBeProblem(b *testing.B) {
	expect.Configure(true, nil, "")
	resp := response(400, "application/json; charset=utf-8", twoMissing)
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := twoMissingMatcher().Match(resp); !ok || err != nil {
			b.Fatal("the document's own response must match")
		}
	}
}
