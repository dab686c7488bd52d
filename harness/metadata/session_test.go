package metadata

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestOnceEachAsksEachEndpointOnce: the set-up looks descriptors up for
// every resource at once; an endpoint two resources need is asked once.
func TestOnceEachAsksEachEndpointOnce(t *testing.T) {
	asked := map[string]*atomic.Int32{"a": {}, "b": {}}
	lookup := onceEach(func(endpoint string) string {
		asked[endpoint].Add(1)
		time.Sleep(10 * time.Millisecond) // the others arrive while it is asked
		return endpoint + "#value"
	})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		for _, e := range []string{"a", "b"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got := lookup(e); got != e+"#value" {
					t.Errorf("lookup(%q) = %q", e, got)
				}
			}()
		}
	}
	wg.Wait()
	for e, n := range asked {
		if n.Load() != 1 {
			t.Errorf("%s was asked %d times", e, n.Load())
		}
	}
}
