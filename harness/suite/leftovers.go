package suite

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/report"
	"github.com/edconform/edconform/harness/transport"
)

// Report entries of the end-of-run check, one line per record, and of a
// Location header on another origin than the target's (see package report).
const (
	LeftEntry         = report.LeftEntry
	LeftByDesignEntry = report.LeftByDesignEntry
	LocationEntry     = report.LocationEntry
)

// CleanupPrefix starts the failure of the end-of-run check.
const CleanupPrefix = "clean-up: "

// guardOrigins keeps the client to the profile's origins and body limit.
func guardOrigins(c *transport.Client, p *profile.Profile) {
	if err := c.AllowOrigins(p.Origins()...); err != nil {
		// The profile was validated: an unusable base URL cannot get here.
		panic(err)
	}
	c.SetMaxBodyBytes(p.MaxBodyBytes())
}

// concurrentChecks bounds the reads of the end-of-run check in flight.
const concurrentChecks = 8

// readBacks reads each record back once its clean-up deleted it, in the
// background while the next specs run: read at the end, the records of a
// run were one more round of requests after the last spec.
type readBacks struct {
	ctx    context.Context
	cancel context.CancelFunc
	slots  chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	// found holds, per record read or being read, its line in the list
	// of leftovers ("" while in flight or once gone).
	found map[*fixtures.Record]string
}

func newReadBacks() *readBacks {
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), readBackKey{}, true))
	return &readBacks{ctx: ctx, cancel: cancel, slots: make(chan struct{}, concurrentChecks), found: map[*fixtures.Record]string{}}
}

// startRemoved starts reading back each record whose deletion succeeded
// and that is not read yet.
func (b *readBacks) startRemoved(records []*fixtures.Record) {
	for _, r := range records {
		if removal, failed := r.Removal(); removal != nil && !failed {
			b.start(r)
		}
	}
}

// start reads r back unless it is, or was, read already.
func (b *readBacks) start(r *fixtures.Record) {
	if r.ByDesign || r.Check == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, started := b.found[r]; started {
		return
	}
	b.found[r] = ""
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.slots <- struct{}{}
		defer func() { <-b.slots }()
		gone, answer := r.Check(readBackContext{b.ctx})
		if gone {
			return
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		b.found[r] = r.Resource + " " + r.ID + ": still on the target after its clean-up (" + answer.Request.Method + " answered " + answerOf(answer) + ")"
	}()
}

// leftovers reads back what is not read yet (a record whose clean-up
// never ran), waits for every read and lists, oldest record first, what is
// left on the target and what is left by design. An interrupted ctx ends
// the reads in flight.
func (b *readBacks) leftovers(ctx context.Context, records []*fixtures.Record) (left, byDesign []string) {
	stop := context.AfterFunc(ctx, b.cancel)
	defer stop()
	for _, r := range records {
		if _, failed := r.Removal(); !failed {
			b.start(r)
		}
	}
	b.wg.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range records {
		what := r.Resource + " " + r.ID
		switch removal, failed := r.Removal(); {
		case r.ByDesign:
			byDesign = append(byDesign, what)
		case failed:
			left = append(left, what+": its deletion failed (last response "+answerOf(removal)+")")
		case b.found[r] != "":
			left = append(left, b.found[r])
		}
	}
	return left, byDesign
}

// readBackKey marks the context of a read-back: its requests go through a
// client that records nothing, since the spec running meanwhile records
// its own.
type readBackKey struct{}

// readBackContext is the SpecContext of a read-back, which runs in no node.
type readBackContext struct{ context.Context }

func (readBackContext) SpecReport() types.SpecReport                { return types.SpecReport{} }
func (readBackContext) AttachProgressReporter(func() string) func() { return func() {} }
func (c readBackContext) WrappedContext() context.Context           { return c.Context }

// ClientFor is the client for a request made with ctx: the recording one,
// or for the reads of the end-of-run check one that records nothing.
func (s *Session) ClientFor(ctx context.Context) *transport.Client {
	if ctx.Value(readBackKey{}) != nil {
		return s.readClient
	}
	return s.Client
}

// readBackRemoved starts reading back what the clean-up of the spec that
// just ended deleted.
func readBackRemoved(ginkgo.SpecReport) {
	if current != nil {
		current.reads.startRemoved(current.Ledger.Records())
	}
}

// checkLeftovers runs once per process after its specs: every record its
// ledger tracks must be gone. A record whose deletion failed, or that the
// target still has, is listed and fails the run's clean-up; records the
// API cannot delete are listed as left by design.
func checkLeftovers(ctx ginkgo.SpecContext) {
	if current == nil {
		return
	}
	left, byDesign := current.reads.leftovers(ctx, current.Ledger.Records())
	if len(byDesign) > 0 {
		ginkgo.AddReportEntry(LeftByDesignEntry, strings.Join(byDesign, "\n"), ginkgo.ReportEntryVisibilityFailureOrVerbose)
	}
	if len(left) > 0 {
		list := transport.Redact(strings.Join(left, "\n"))
		ginkgo.AddReportEntry(LeftEntry, list, ginkgo.ReportEntryVisibilityAlways)
		ginkgo.Fail(fmt.Sprintf("%s%d records the suite created are left on the target (resource, id, last response):\n  %s",
			CleanupPrefix, len(left), strings.ReplaceAll(list, "\n", "\n  ")))
	}
}

func answerOf(ex *transport.Exchange) string {
	switch {
	case ex == nil:
		return "none"
	case ex.Err != nil:
		return "no response: " + ex.Err.Error()
	}
	return fmt.Sprintf("%d %s", ex.Status, ex.Request.URL)
}
