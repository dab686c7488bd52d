package suite

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sharedValue is what each process of a parallel run calls: the first to
// claim the key makes the value and the others read it.
func TestAValueMadeOncePerRunIsMadeByOneProcess(t *testing.T) {
	sharedDir = t.TempDir()
	defer func() { sharedDir = "" }()
	var made atomic.Int32
	makeOwner := func() string {
		made.Add(1)
		time.Sleep(20 * time.Millisecond) // the others ask while it is made
		return "owner@example.edu"
	}
	var wg sync.WaitGroup
	got := make4(&wg, func() string { return sharedValue(context.Background(), "owner", makeOwner) })
	wg.Wait()
	for i, v := range got {
		if v != "owner@example.edu" {
			t.Errorf("process %d got %q", i+1, v)
		}
	}
	if made.Load() != 1 {
		t.Errorf("made %d times by 4 processes, not once", made.Load())
	}
}

func TestWhenTheClaimantFailsEachProcessMakesItsOwn(t *testing.T) {
	sharedDir = t.TempDir()
	defer func() { sharedDir = "" }()
	func() {
		defer func() { _ = recover() }() // a Ginkgo failure panics
		sharedValue(context.Background(), "owner", func() string { panic("the create was refused") })
	}()
	done := make(chan string, 1)
	go func() { done <- sharedValue(context.Background(), "owner", func() string { return "own" }) }()
	select {
	case v := <-done:
		if v != "own" {
			t.Errorf("after the claimant failed another process got %q, not its own value", v)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("another process waits for a claimant that failed")
	}
}

func TestASerialRunMakesTheValueInProcess(t *testing.T) {
	if v := sharedValue(context.Background(), "owner", func() string { return "here" }); v != "here" {
		t.Errorf("got %q", v)
	}
}

func make4(wg *sync.WaitGroup, call func() string) []string {
	got := make([]string, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = call()
		}()
	}
	return got
}
