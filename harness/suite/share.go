package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/profile"
)

// Process 1 of a run sets the session up (the probe, the vendor's reading
// of the target's metadata, the tokens) and records every exchange it
// took; the other processes of a parallel run set theirs up from that
// record instead of asking the target again. A parallel run thus sends the
// target what a serial one sends, and its processes start at once.

// setUpRecord is what process 1 hands the other processes.
type setUpRecord struct {
	Profile   json.RawMessage  `json:"profile"`
	Exchanges []recordedAnswer `json:"exchanges"`
	// SharedDir is the run's folder for values made once per run (see
	// OncePerRun).
	SharedDir string `json:"sharedDir"`
}

// recordedAnswer is one request of process 1's set-up and its answer.
type recordedAnswer struct {
	Key    string      `json:"key"`
	Status int         `json:"status"`
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

// firstSession is process 1's session, set up before the others start.
var firstSession *Session

// setUpFirst builds process 1's session from the shared profile, probes
// the target while recording what it answers, and returns the record for
// the other processes. In a parallel run it also fetches every OAuth
// client's token, which the specs of several processes would otherwise
// each fetch.
func setUpFirst(ctx context.Context, v *Vendor, rawProfile []byte) ([]byte, error) {
	shared, err := profile.Shared(rawProfile)
	if err != nil {
		return nil, err
	}
	s := newSession(v, shared)
	current = s
	rec := &recorder{}
	parallel := false
	if config, _ := ginkgo.GinkgoConfiguration(); config.ParallelTotal > 1 {
		parallel = true
		if err := makeSharedDir(); err != nil {
			return nil, fmt.Errorf("making the run's shared folder: %w", err)
		}
	}
	err = s.withTransport(func(next http.RoundTripper) http.RoundTripper { rec.next = next; return rec }, func() error {
		firstSetUp := func() error { return s.preflightWhilePreparing(ctx) }
		if !parallel {
			return firstSetUp()
		}
		return s.setUpFetchingAllTokens(ctx, firstSetUp)
	})
	if err != nil {
		return nil, err
	}
	firstSession = s
	return json.Marshal(setUpRecord{Profile: rawProfile, Exchanges: rec.answers(), SharedDir: sharedDir})
}

// setUpFrom sets this process's session up: process 1's own, or one set
// up by replaying process 1's record (a request the record lacks is sent).
func setUpFrom(ctx context.Context, v *Vendor, raw []byte) error {
	if firstSession != nil {
		current = firstSession
		return nil
	}
	var record setUpRecord
	if err := json.Unmarshal(raw, &record); err != nil {
		return fmt.Errorf("process 1's set-up record: %w", err)
	}
	shared, err := profile.Shared(record.Profile)
	if err != nil {
		return err
	}
	s := newSession(v, shared)
	current = s
	sharedDir = record.SharedDir
	rp := &replayer{recorded: map[string][]recordedAnswer{}}
	for _, a := range record.Exchanges {
		rp.recorded[a.Key] = append(rp.recorded[a.Key], a)
	}
	return s.withTransport(func(next http.RoundTripper) http.RoundTripper { rp.next = next; return rp }, func() error {
		return s.setUpFetchingAllTokens(ctx, func() error { return s.prepare(ctx) })
	})
}

// setUpFetchingAllTokens sets the session up while it fetches every
// client's token, so that neither waits for the other.
func (s *Session) setUpFetchingAllTokens(ctx context.Context, setUp func() error) error {
	fetched := make(chan struct{})
	go func() {
		defer close(fetched)
		s.fetchAllTokens(ctx)
	}()
	err := setUp()
	<-fetched
	return err
}

// preflightWhilePreparing runs the pre-flight and the vendor's preparation
// at once: every spec waits for the longer of the two chains of requests,
// not for both. The preparation's requests that need credentials wait for
// the pre-flight (PreflightPassed), whose error comes first.
func (s *Session) preflightWhilePreparing(ctx context.Context) error {
	s.preflightPassed, s.preflightFailed = make(chan struct{}), make(chan struct{})
	defer func() { s.preflightPassed, s.preflightFailed = nil, nil }()
	prepared := make(chan error, 1)
	go func() { prepared <- s.prepare(ctx) }()
	err := s.preflight(ctx)
	if err != nil {
		close(s.preflightFailed)
	} else {
		close(s.preflightPassed)
	}
	if prepareErr := <-prepared; err == nil {
		err = prepareErr
	}
	return err
}

// withTransport runs set-up with the session's HTTP transport wrapped; the
// specs run over the plain one.
func (s *Session) withTransport(wrap func(http.RoundTripper) http.RoundTripper, setUp func() error) error {
	hc := s.Client.HTTPClient()
	plain := hc.Transport
	hc.Transport = wrap(plain)
	defer func() { hc.Transport = plain }()
	return setUp()
}

// fetchAllTokens fetches a token for every OAuth client the profile can
// authenticate, all at once. A refused client is left for the specs that
// use it to report.
func (s *Session) fetchAllTokens(ctx context.Context) {
	var wg sync.WaitGroup
	for _, client := range s.tokenClients() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = s.Tokens.Token(ctx, client)
		}()
	}
	wg.Wait()
}

func (s *Session) tokenClients() []string {
	var out []string
	for name := range s.Profile.Auth.Clients {
		if s.Tokens.Has(name) == nil {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// answerKey identifies a request of the set-up: the same request, from the
// same credentials, gets process 1's answer.
func answerKey(r *http.Request, body []byte) string {
	return r.Method + " " + r.URL.String() + "\n" + r.Header.Get("Authorization") + "\n" + string(body)
}

func requestBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, err
}

// recorder keeps every answer of process 1's set-up.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	kept []recordedAnswer
}

func (rec *recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	body, err := requestBody(r)
	if err != nil {
		return nil, err
	}
	resp, err := rec.next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	answer, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		// A body that stalls or breaks is the target's fault to report
		// (a timeout, say), not a shorter answer to hand on.
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(answer))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.kept = append(rec.kept, recordedAnswer{Key: answerKey(r, body), Status: resp.StatusCode, Header: resp.Header.Clone(), Body: answer})
	return resp, nil
}

func (rec *recorder) answers() []recordedAnswer {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.kept
}

// replayer answers the requests process 1 recorded, each recorded answer
// once, and sends any other.
type replayer struct {
	next     http.RoundTripper
	mu       sync.Mutex
	recorded map[string][]recordedAnswer
}

func (rp *replayer) RoundTrip(r *http.Request) (*http.Response, error) {
	body, err := requestBody(r)
	if err != nil {
		return nil, err
	}
	if a, ok := rp.take(answerKey(r, body)); ok {
		return &http.Response{Status: fmt.Sprintf("%d %s", a.Status, http.StatusText(a.Status)), StatusCode: a.Status,
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: a.Header, Body: io.NopCloser(bytes.NewReader(a.Body)),
			ContentLength: int64(len(a.Body)), Request: r}, nil
	}
	return rp.next.RoundTrip(r)
}

func (rp *replayer) take(key string) (recordedAnswer, bool) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	queue := rp.recorded[key]
	if len(queue) == 0 {
		return recordedAnswer{}, false
	}
	rp.recorded[key] = queue[1:]
	return queue[0], true
}
