package suitetest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// HugeBodySize is what HugeBodyServer declares and sends: ten times the
// default target.maxBodyBytes.
const HugeBodySize = 10 << 20

// HugeBodyServer answers every request with a 10 MB JSON body, as a wrong
// target (a whole export, a log dump) might.
func HugeBodyServer(t *testing.T) *httptest.Server {
	t.Helper()
	chunk := bytes.Repeat([]byte(" "), 64<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(HugeBodySize+2))
		_, _ = w.Write([]byte("{"))
		for sent := 0; sent < HugeBodySize; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		_, _ = w.Write([]byte("}"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// RequireHugeBodiesCutQuickly runs the suite with a profile aimed at
// HugeBodyServer: the run must end quickly, having read no body whole, and
// say how large the body was against target.maxBodyBytes.
func RequireHugeBodiesCutQuickly(t *testing.T, test, profilePath string, env []string) {
	t.Helper()
	start := time.Now()
	run := Execute(t, Options{Test: test, Args: []string{"--profile=" + profilePath}, Env: env, Timeout: time.Minute})
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("the run took %s against a server of 10 MB bodies", elapsed)
	}
	if want := "body of 10485762 bytes exceeds target.maxBodyBytes (1048576)"; !strings.Contains(run.Output, want) {
		t.Errorf("the output does not say %q:\n%s", want, transport.Truncate(run.Output, 3000))
	}
	if run.ExitCode() == 0 {
		t.Errorf("the run passed against a server of 10 MB bodies: %s", run.Summary())
	}
	for _, spec := range run.Specs(suite.OutcomeFailed) {
		// The cut body is one difference, its size: no JSON or schema
		// errors about a body never read whole.
		if msg := run.Failure(spec); strings.Contains(msg, "MUST   body") && strings.Count(msg, "MUST   body") != 1 {
			t.Errorf("the cut body is not one difference in %q:\n%s", spec, transport.Truncate(msg, 2000))
		}
	}
	t.Logf("exit %d, %d bytes of output in %s: %s", run.ExitCode(), len(run.Output), time.Since(start).Round(time.Millisecond), run.Summary())
}
