package coursekey

import (
	"testing"
	"time"
)

func TestRacedNeedsARefusedCreateInFlightWithTheSuccessfulOne(t *testing.T) {
	at := func(ms int) time.Time { return time.Unix(0, 0).Add(time.Duration(ms) * time.Millisecond) }
	created, refused := &Response{Status: 201}, &Response{Status: 400}
	cases := []struct {
		name      string
		responses []*Response
		spans     []span
		want      bool
	}{
		{"overlapping", []*Response{created, refused}, []span{{at(0), at(10)}, {at(1), at(12)}}, true},
		{"refused after the success came back", []*Response{created, refused, refused},
			[]span{{at(0), at(10)}, {at(11), at(20)}, {at(21), at(30)}}, false},
		{"refused before the success was sent", []*Response{refused, created}, []span{{at(0), at(5)}, {at(6), at(9)}}, false},
		{"no success", []*Response{refused, refused}, []span{{at(0), at(10)}, {at(1), at(12)}}, false},
		{"only successes", []*Response{created, created}, []span{{at(0), at(10)}, {at(1), at(12)}}, false},
	}
	for _, c := range cases {
		if got := raced(c.responses, c.spans); got != c.want {
			t.Errorf("%s: raced = %v, want %v", c.name, got, c.want)
		}
	}
}
