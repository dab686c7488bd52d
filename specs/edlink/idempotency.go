package edlinkspecs

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edlink"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

var _ = Describe("400 IDEMPOTENCY_KEY_TOO_LONG", edlink.Family(edlink.Idempotency, 400), func() {
	// key is a key of n characters, unique to the run.
	key := func(n int) string {
		prefix := edlink.Unique("key") + "-"
		return prefix + strings.Repeat("k", n-len(prefix))
	}

	It("rejects a key of 256 characters", specid.Label("edlink.idempotency.idempotency-key-too-long.256-characters"), func(ctx SpecContext) {
		resp := edlink.POST(ctx, myAssignments(), edlink.NewAssignment(), edlink.IdempotencyKey(key(edlink.IdempotencyKeyMaxLength+1)))
		Expect(resp).To(edlink.BeError(edlink.IdempotencyKeyTooLong))
	})

	// Decision: the document only bounds the key; what a key does comes
	// from Edlink's idempotency guide, which it links to. A key of 255
	// characters is accepted, and sending it again brings back the first
	// response's assignment instead of creating a second one.
	It("accepts a key of 255 characters, and a repeat of it replays the first response", Label(suite.Writes), specid.Label("edlink.idempotency.idempotency-key-too-long.255-characters"), suite.StartEarly, func(ctx SpecContext) {
		k := key(edlink.IdempotencyKeyMaxLength)
		body := edlink.NewAssignment()
		first := edlink.POST(ctx, myAssignments(), body, edlink.IdempotencyKey(k))
		Expect(first).To(edlink.BeData())
		again := edlink.POST(ctx, myAssignments(), body, edlink.IdempotencyKey(k))
		Expect(again).To(edlink.BeReplayOf(first))
	})
})
