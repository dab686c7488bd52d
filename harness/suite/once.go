package suite

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// A parallel run's processes share a folder, made by process 1 at set-up,
// in which the first process to need a run-wide value claims it and leaves
// it for the others: a record the target cannot delete (a course owner) is
// then made once per run, as a serial run makes it, not once per process.

// sharedDir is the run's shared folder; empty in a serial run.
// ownSharedDir says this process made it, and so removes it at the end.
var (
	sharedDir    string
	ownSharedDir bool
)

// makeSharedDir makes the run's shared folder, on process 1 of a parallel
// run.
func makeSharedDir() error {
	dir, err := os.MkdirTemp("", "edconform-run-")
	if err != nil {
		return err
	}
	sharedDir, ownSharedDir = dir, true
	return nil
}

// removeSharedDir removes the shared folder process 1 made, once every
// process has ended.
func removeSharedDir() {
	if ownSharedDir {
		_ = os.RemoveAll(sharedDir)
	}
}

var madeOnce = struct {
	sync.Mutex
	values map[string]string
}{values: map[string]string{}}

// OncePerRun returns the run's value for key: made by create in this process
// if no other process of the run made it first, else the other's. When the
// process that claimed it fails to make it, or takes longer than the
// target's timeout, each process makes its own.
func OncePerRun(ctx context.Context, key string, create func() string) string {
	madeOnce.Lock()
	defer madeOnce.Unlock()
	if v, ok := madeOnce.values[key]; ok {
		return v
	}
	v := sharedValue(ctx, key, create)
	madeOnce.values[key] = v
	return v
}

func sharedValue(ctx context.Context, key string, create func() string) string {
	if sharedDir == "" {
		return create()
	}
	base := filepath.Join(sharedDir, url.PathEscape(key))
	claim, err := os.OpenFile(base+".claim", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err == nil {
		_ = claim.Close()
		return makeShared(base, create)
	}
	if !errors.Is(err, os.ErrExist) {
		return create()
	}
	if v, ok := awaitShared(ctx, base); ok {
		return v
	}
	return create()
}

// makeShared makes the value and leaves it for the other processes; a make
// that fails (a Ginkgo failure panics) leaves word that it failed.
func makeShared(base string, create func() string) string {
	made := false
	defer func() {
		if !made {
			_ = os.WriteFile(base+".failed", nil, 0o600)
		}
	}()
	v := create()
	// Written whole, then renamed: a reader never sees half a value.
	if err := os.WriteFile(base+".part", []byte(v), 0o600); err == nil {
		made = os.Rename(base+".part", base+".value") == nil
	}
	return v
}

// awaitShared waits for the claimant's value, at most the target's timeout
// past the claim: a make is one request or a few.
func awaitShared(ctx context.Context, base string) (string, bool) {
	wait := 30 * time.Second
	if current != nil {
		wait = current.Profile.Timeout()
	}
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(ginkgoPolling)
	defer tick.Stop()
	for {
		if raw, err := os.ReadFile(base + ".value"); err == nil {
			return string(raw), true
		}
		if _, err := os.Stat(base + ".failed"); err == nil {
			return "", false
		}
		select {
		case <-ctx.Done():
			return "", false
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			return "", false
		}
	}
}
