package coursekey

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/suite"
)

// RaceAttempts is how many times ExpectRace releases its racers before the
// spec ends as not observed.
const RaceAttempts = 3

// ExpectRace releases the creates bodies returns, all at the same moment,
// and expects exactly one to succeed and every other to answer one of the
// loser entries. A wrong attempt fails the spec at once: an undocumented
// answer, a 5xx, or several successes (the key allows one record, so the
// other writes were lost or broke the key). A right attempt counts
// only when a refused create was in flight together with the successful
// one; answered one after the other they show only what the sequential
// specs check, so bodies is called again for fresh records. After
// RaceAttempts such attempts the spec ends as not observed.
func ExpectRace(ctx ginkgo.SpecContext, op string, bodies func() []Body, losers ...*Error) {
	for range RaceAttempts {
		responses, spans := release(ctx, op, bodies())
		gomega.ExpectWithOffset(1, responses).To(OneSucceedsRestAre(losers...))
		if raced(responses, spans) {
			return
		}
	}
	suite.NotObserved(RaceAttempts, "a refused create in flight together with the successful one")
}

// span is when a racer's request left and its response came back.
type span struct{ sent, done time.Time }

// release sends op once per body, all released at the same moment, and
// returns the responses in body order with their spans. What the creates
// stored becomes the suite's own, as with Send.
func release(ctx ginkgo.SpecContext, op string, bodies []Body) ([]*Response, []span) {
	responses := make([]*Response, len(bodies))
	spans := make([]span, len(bodies))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, b := range bodies {
		wg.Add(1)
		go func() {
			defer ginkgo.GinkgoRecover()
			defer wg.Done()
			<-start
			responses[i] = send(ctx, op, b, nil)
			// The round trip alone: building and vetting the request is not in flight.
			done := time.Now()
			spans[i] = span{sent: done.Add(-responses[i].Duration), done: done}
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
	return responses, spans
}

// raced reports whether a refused racer's request was in flight while the
// successful one's was.
func raced(responses []*Response, spans []span) bool {
	winner := -1
	for i, resp := range responses {
		if succeeded(resp) {
			winner = i
		}
	}
	if winner < 0 {
		return false
	}
	w := spans[winner]
	for i, s := range spans {
		if i != winner && !succeeded(responses[i]) && s.sent.Before(w.done) && w.sent.Before(s.done) {
			return true
		}
	}
	return false
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

// Match implements types.GomegaMatcher over the []*Response of a race.
func (r *Race) Match(actual any) (bool, error) {
	responses, ok := actual.([]*Response)
	if !ok || len(responses) == 0 || len(r.losers) == 0 {
		return false, fmt.Errorf("expected the responses of concurrent creates and at least one loser entry, got %T", actual)
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
