package meadowlark

import (
	"sync"
	"time"
)

// transactions times write transactions. A write of a document no other
// write touches commits at once. A write that meets another of the same
// document waits, after reading it, until a window has passed since the
// other ended, or for a window while the other is in flight: the writes of
// a burst so read one version and all but the first to commit conflict.
type transactions struct {
	window time.Duration

	mu   sync.Mutex
	docs map[string]*documentWrites // by edfimodel.Resource.IdentityKey
}

type documentWrites struct {
	inFlight int
	ended    time.Time // when the latest write of the document ended
}

// pruneAbove is how many documents the table holds before it forgets those
// no write has touched for a window.
const pruneAbove = 1024

func newTransactions(window time.Duration) *transactions {
	return &transactions{window: window, docs: map[string]*documentWrites{}}
}

// begin starts a write of the document named by key, once it has read the
// version it commits against, and returns when it may commit; the caller
// calls end once it has committed or given up.
func (t *transactions) begin(key string) (end func()) {
	t.mu.Lock()
	now := time.Now()
	d := t.docs[key]
	if d == nil {
		t.prune(now)
		d = &documentWrites{}
		t.docs[key] = d
	}
	wait := t.window - now.Sub(d.ended) // commits of one document lie a window apart
	if d.inFlight > 0 {
		wait = t.window
	}
	d.inFlight++
	t.mu.Unlock()
	if wait > 0 {
		time.Sleep(wait)
	}
	return func() {
		t.mu.Lock()
		d.inFlight--
		d.ended = time.Now()
		t.mu.Unlock()
	}
}

// prune forgets the documents no write has touched for a window, once the
// table is large; under t.mu.
func (t *transactions) prune(now time.Time) {
	if len(t.docs) < pruneAbove {
		return
	}
	for key, d := range t.docs {
		if d.inFlight == 0 && now.Sub(d.ended) >= t.window {
			delete(t.docs, key)
		}
	}
}
