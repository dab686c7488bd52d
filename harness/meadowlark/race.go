package meadowlark

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/request"
	"github.com/edconform/edconform/harness/suite"
)

// Request is one of the requests Concurrently sends.
type Request struct {
	Method string
	Path   string // under the namespace, e.g. academicWeeks/{id}
	Body   any
	Opts   []Option
}

// Concurrently sends every request at the same moment, as the primary
// client unless its options say otherwise, and returns the responses in
// order. What the POSTs created becomes the suite's own, as with Send.
func Concurrently(ctx ginkgo.SpecContext, requests ...Request) []*Response {
	responses := make([]*Response, len(requests))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, r := range requests {
		wg.Add(1)
		go func() {
			defer ginkgo.GinkgoRecover()
			defer wg.Done()
			<-start
			responses[i] = request.Send(ctx, r.Method, URL(r.Path), r.Body, request.Spec{Client: "primary"}, r.Opts)
		}()
	}
	close(start)
	wg.Wait()
	for i, resp := range responses {
		if resp == nil {
			ginkgo.Fail(fmt.Sprintf("concurrent request %d was not sent", i+1))
		}
		request.AdoptCreated(resp, "host")
	}
	return responses
}

// Race is the matcher for the responses of Concurrently: every one must be
// one of the documented outcomes, and at least one a success.
type Race struct {
	outcomes   []*Error
	first      []*Error // the first response's outcomes, when they differ
	success    []int
	exactlyOne bool
	message    string
	// documented are the outcomes the race is run to see; observed is set
	// when a response matched one of them.
	documented []*Error
	observed   bool
}

// RaceAttempts is how many races a race spec runs, each on fresh
// documents, before it ends as not observed.
const RaceAttempts = 5

// UntilObserved runs attempt, which sets up a race, runs it and asserts
// its responses, until an attempt reports that a racer got the documented
// response (what). A wrong response fails the spec at once; when no attempt
// saw the documented response the spec ends as not observed, never passed.
func UntilObserved(what string, attempt func() (observed bool)) {
	for range RaceAttempts {
		if attempt() {
			return
		}
	}
	suite.NotObserved(RaceAttempts, what)
}

// Observing names the documented responses the race is run to see (the
// write conflict); Observed reports whether the last match saw one.
func (r *Race) Observing(documented ...*Error) *Race { r.documented = documented; return r }

// Observed reports whether a response matched one of the outcomes named by
// Observing.
func (r *Race) Observed() bool { return r.observed }

// ExpectWriteKept reads the raced document at path back and requires its
// member to hold the value one of the successful writes sent: a success
// whose write the document does not show at all is a lost write. With
// deleted set the document must be gone instead.
func ExpectWriteKept(ctx ginkgo.SpecContext, path, member string, writes []Request, responses []*Response, deleted bool) {
	read := GET(ctx, path)
	if deleted {
		if read.Err != nil || read.Status != http.StatusNotFound {
			expect.Fail(read, "404 Not Found: the delete succeeded, so the document must be gone", expect.Status(read, http.StatusNotFound))
		}
		return
	}
	if read.Err != nil || read.Status != http.StatusOK {
		expect.Fail(read, "200 OK: the raced document is still there", expect.Status(read, http.StatusOK))
	}
	var body map[string]any
	_ = json.Unmarshal(read.Body, &body)
	got := canonical(body[member])
	var kept []string
	for i, w := range writes {
		doc, isDoc := w.Body.(Doc)
		if resp := responses[i]; isDoc && resp.Err == nil && resp.Status/100 == 2 {
			kept = append(kept, canonical(doc[member]))
		}
	}
	if !slices.Contains(kept, got) {
		expect.Fail(read, "the raced document holds a successful write",
			expect.That(expect.Must, member+" of the raced document", false, "one of "+strings.Join(kept, ", ")+" (the writes answered with success)", got))
	}
}

// EachIsOneOf expects every response to match one of outcomes (each a
// BeError, BeWithoutMessage or Succeed matcher).
func EachIsOneOf(outcomes ...*Error) *Race { return &Race{outcomes: outcomes} }

// ButFirstIsOneOf expects the first response to match one of these
// outcomes instead, for a race of one request against others of another
// kind (a delete against updates).
func (r *Race) ButFirstIsOneOf(outcomes ...*Error) *Race { r.first = outcomes; return r }

// WithASuccess also expects at least one response with one of these
// statuses: concurrent writes of one document cannot all lose.
func (r *Race) WithASuccess(statuses ...int) *Race { r.success = statuses; return r }

// WithExactlyOne also expects exactly one response with this status: of
// concurrent inserts of one identity, one creates the document.
func (r *Race) WithExactlyOne(status int) *Race {
	r.success, r.exactlyOne = []int{status}, true
	return r
}

// Match implements types.GomegaMatcher over []*Response.
func (r *Race) Match(actual any) (bool, error) {
	responses, ok := actual.([]*Response)
	if !ok || len(responses) == 0 {
		return false, fmt.Errorf("expected the responses of Concurrently, got %T", actual)
	}
	r.message, r.observed = "", false
	var statuses []string
	successes := 0
	for i, resp := range responses {
		statuses = append(statuses, fmt.Sprintf("#%d: %s", i+1, statusOf(resp)))
		for _, s := range r.success {
			if resp.Err == nil && resp.Status == s {
				successes++
			}
		}
		outcomes := r.outcomesOf(i)
		if mismatch(resp, r.documented) == "" && len(r.documented) > 0 {
			r.observed = true
		}
		if failure := mismatch(resp, outcomes); failure != "" && r.message == "" {
			r.message = fmt.Sprintf("Of %d concurrent requests, #%d answered none of the documented outcomes (%s):\n%s",
				len(responses), i+1, expectation(outcomes), failure)
		}
	}
	if want := "at least one"; len(r.success) > 0 && (successes == 0 || (r.exactlyOne && successes != 1)) {
		if r.exactlyOne {
			want = "exactly one"
		}
		check := expect.That(expect.Must, fmt.Sprintf("responses with status %v among the concurrent requests", r.success), false, want,
			fmt.Sprintf("%d (%s)", successes, strings.Join(statuses, ", ")))
		r.message = expect.Message(responses[0], Vendor.Title+" "+Vendor.Source, r.expectation(), []expect.Check{check}) + r.message
	}
	return r.message == "", nil
}

func (r *Race) outcomesOf(i int) []*Error {
	if i == 0 && len(r.first) > 0 {
		return r.first
	}
	return r.outcomes
}

// mismatch is "" when resp matches one of outcomes, else the first
// outcome's failure message.
func mismatch(resp *Response, outcomes []*Error) string {
	first := ""
	for _, o := range outcomes {
		if passed, _ := o.Match(resp); passed {
			return ""
		}
		if first == "" {
			first = o.FailureMessage(resp)
		}
	}
	return first
}

func expectation(outcomes []*Error) string {
	names := make([]string, len(outcomes))
	for i, o := range outcomes {
		names[i] = o.expectation
	}
	return strings.Join(names, " or ")
}

func (r *Race) expectation() string {
	if len(r.first) > 0 {
		return "first: " + expectation(r.first) + "; others: " + expectation(r.outcomes)
	}
	return "each: " + expectation(r.outcomes)
}

func statusOf(resp *Response) string {
	if resp.Err != nil {
		return "no response"
	}
	return fmt.Sprintf("%d %s", resp.Status, http.StatusText(resp.Status))
}

// FailureMessage explains which response differed and how.
func (r *Race) FailureMessage(any) string { return r.message }

// NegatedFailureMessage implements types.GomegaMatcher.
func (r *Race) NegatedFailureMessage(any) string { return "expected not: " + r.expectation() }

// CreatedPath is the path under the namespace of the document the one
// 201 Created among responses names in its Location, as GET takes it.
func CreatedPath(responses ...*Response) string {
	for _, resp := range responses {
		if resp.Err == nil && resp.Status == http.StatusCreated {
			segments := strings.Split(strings.TrimRight(resp.Header.Get("Location"), "/"), "/")
			if len(segments) >= 2 {
				return strings.Join(segments[len(segments)-2:], "/")
			}
			expect.Fail(resp, "201 Created with a Location header", expect.That(expect.Must, "Location header", false, "present", "absent"))
		}
	}
	ginkgo.Fail("no concurrent upsert created the document")
	return ""
}
