package suite

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/transport"
)

// fakeRecords tracks records whose reads say gone or not, and counts each
// record's reads.
type fakeRecords struct {
	ledger *fixtures.Ledger
	mu     sync.Mutex
	reads  map[string]int
	marked map[string]bool // whether the read's context was a read-back's
}

func (f *fakeRecords) track(id string, keptOnTarget bool) *fixtures.Record {
	r := &fixtures.Record{Resource: "students", ID: id, Check: func(ctx ginkgo.SpecContext) (bool, *transport.Exchange) {
		f.mu.Lock()
		f.reads[id]++
		f.marked[id] = ctx.Value(readBackKey{}) != nil
		f.mu.Unlock()
		return !keptOnTarget, &transport.Exchange{Request: transport.Request{Method: "GET", URL: "http://target/students/" + id}, Status: 200}
	}}
	f.ledger.Track(r)
	return r
}

func (f *fakeRecords) readsOf(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reads[id]
}

// TestRecordsAreReadBackOnceTheirCleanUpDeletedThem: a record deleted by
// its clean-up is read back at once, in the background, and only once;
// one whose clean-up never ran is read at the end; a failed deletion is
// not read but listed with its answer; and the end lists the same records,
// in the same order, as reading everything at the end did.
func TestRecordsAreReadBackOnceTheirCleanUpDeletedThem(t *testing.T) {
	f := &fakeRecords{ledger: fixtures.NewLedger(), reads: map[string]int{}, marked: map[string]bool{}}
	deleted := func(r *fixtures.Record, failed bool) {
		f.ledger.Removed(r, &transport.Exchange{Request: transport.Request{Method: "DELETE", URL: "http://target/students/" + r.ID}, Status: 204}, failed)
	}
	b := newReadBacks()

	kept := f.track("kept", true)
	gone := f.track("gone", false)
	deleted(kept, false)
	deleted(gone, false)
	b.startRemoved(f.ledger.Records())
	b.startRemoved(f.ledger.Records()) // the next spec's end: nothing new
	b.wg.Wait()
	if f.readsOf("kept") != 1 || f.readsOf("gone") != 1 {
		t.Fatalf("the deleted records were not each read back once before the end: %v", f.reads)
	}

	failed := f.track("failed", true)
	deleted(failed, true)
	f.track("never-deleted", true)
	f.ledger.Track(&fixtures.Record{Resource: "users", ID: "by-design", ByDesign: true})
	b.startRemoved(f.ledger.Records())
	if f.readsOf("never-deleted") != 0 {
		t.Fatal("a record whose clean-up has not run was read before the end")
	}

	left, byDesign := b.leftovers(context.Background(), f.ledger.Records())
	want := []string{
		"students kept: still on the target after its clean-up (GET answered 200 http://target/students/kept)",
		"students failed: its deletion failed (last response 204 http://target/students/failed)",
		"students never-deleted: still on the target after its clean-up (GET answered 200 http://target/students/never-deleted)",
	}
	if !slices.Equal(left, want) {
		t.Errorf("left:\n%q\nwant:\n%q", left, want)
	}
	if !slices.Equal(byDesign, []string{"users by-design"}) {
		t.Errorf("left by design: %q", byDesign)
	}
	for id, n := range map[string]int{"kept": 1, "gone": 1, "failed": 0, "never-deleted": 1} {
		if f.readsOf(id) != n {
			t.Errorf("%s read %d times, want %d", id, f.readsOf(id), n)
		}
	}
	for id, marked := range f.marked {
		if !marked {
			t.Errorf("%s was read with a context the session would record the read in", id)
		}
	}
}

// TestReadBacksGoThroughAClientThatRecordsNothing: a spec's transcript
// holds its own exchanges, not the reads running beside it.
func TestReadBacksGoThroughAClientThatRecordsNothing(t *testing.T) {
	s := &Session{Client: transport.New(0, &transport.Log{}, nil), readClient: transport.New(0, nil, nil)}
	b := newReadBacks()
	if s.ClientFor(readBackContext{b.ctx}) != s.readClient {
		t.Error("a read-back goes through the recording client")
	}
	if s.ClientFor(context.Background()) != s.Client {
		t.Error("a spec's request does not go through the recording client")
	}
}
