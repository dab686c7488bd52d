package suitetest

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// piecesIn must agree with looking for every piece on its own.
func TestPiecesInFindsWhatContainsFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	randomText := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte("abcd"[rng.IntN(4)])
		}
		return b.String()
	}
	for round := range 300 {
		sources := [][]string{{randomText(14 + rng.IntN(10))}, {randomText(12), randomText(20)}}
		texts := []string{randomText(rng.IntN(40)), randomText(rng.IntN(40))}
		if round%3 == 0 {
			v := sources[1][1]
			texts[1] += v[3:15] + "!"
		}
		got := piecesIn(texts, sources, 12)
		for group, values := range sources {
			want := false
			for _, v := range values {
				for i := 0; i+12 <= len(v); i++ {
					for _, text := range texts {
						want = want || strings.Contains(text, v[i:i+12])
					}
				}
			}
			if got[group] != want {
				t.Fatalf("round %d, group %d: piecesIn says %v, Contains says %v (sources %q, texts %q)", round, group, got[group], want, sources, texts)
			}
		}
	}
}
