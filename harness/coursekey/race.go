package coursekey

import (
	"fmt"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
)

// Concurrently sends op once per body, all released at the same moment, and
// returns the responses in body order. What the creates stored becomes the
// suite's own, as with Send.
func Concurrently(ctx ginkgo.SpecContext, op string, bodies ...Body) []*Response {
	responses := make([]*Response, len(bodies))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, b := range bodies {
		wg.Add(1)
		go func() {
			defer ginkgo.GinkgoRecover()
			defer wg.Done()
			<-start
			responses[i] = send(ctx, op, b, nil)
		}()
	}
	close(start)
	wg.Wait()
	for i, b := range bodies {
		if responses[i] == nil {
			ginkgo.Fail(fmt.Sprintf("concurrent request %d of %s was not sent", i+1, op))
		}
		adopt(op, b, responses[i])
	}
	return responses
}

// Race is the matcher for concurrent creates of the same record: exactly
// one succeeds and every other answers one of the documented entries.
type Race struct {
	losers  []*Error
	message string
}

// OneSucceedsRestAre expects exactly one 2xx among the responses and, for
// each of the others, one of the loser entries.
func OneSucceedsRestAre(losers ...*Error) *Race { return &Race{losers: losers} }

// Match implements types.GomegaMatcher over []*Response.
func (r *Race) Match(actual any) (bool, error) {
	responses, ok := actual.([]*Response)
	if !ok || len(responses) == 0 || len(r.losers) == 0 {
		return false, fmt.Errorf("expected the responses of Concurrently and at least one loser entry, got %T", actual)
	}
	var winners int
	var outcomes []string
	r.message = ""
	for i, resp := range responses {
		if succeeded(resp) {
			winners++
			outcomes = append(outcomes, fmt.Sprintf("#%d: %d (created)", i+1, resp.Status))
			continue
		}
		outcomes = append(outcomes, fmt.Sprintf("#%d: %s", i+1, statusText(resp)))
		if failure := r.loserFailure(resp); failure != "" && r.message == "" {
			r.message = fmt.Sprintf("Of %d concurrent creates, #%d answered none of the documented entries:\n%s",
				len(responses), i+1, failure)
		}
	}
	if winners != 1 {
		check := expect.That(expect.Must, "successful creates among the concurrent ones", false, "exactly 1",
			fmt.Sprintf("%d (%s)", winners, strings.Join(outcomes, ", ")))
		r.message = expect.Message(responses[len(responses)-1], Vendor.Title+" "+Vendor.Source, r.expectation(), []expect.Check{check}) +
			r.message
	}
	return r.message == "", nil
}

// loserFailure is "" when resp answers one of the loser entries, else the
// first entry's failure message.
func (r *Race) loserFailure(resp *Response) string {
	first := ""
	for _, loser := range r.losers {
		if passed, _ := loser.Match(resp); passed {
			return ""
		}
		if first == "" {
			first = loser.FailureMessage(resp)
		}
	}
	return first
}

func (r *Race) expectation() string {
	entries := make([]string, len(r.losers))
	for i, l := range r.losers {
		entries[i] = l.expectation()
	}
	return "one create succeeds, every other answers " + strings.Join(entries, " or ")
}

// FailureMessage explains which response differed and how.
func (r *Race) FailureMessage(any) string { return r.message }

// NegatedFailureMessage implements types.GomegaMatcher.
func (r *Race) NegatedFailureMessage(any) string { return "expected not: " + r.expectation() }
