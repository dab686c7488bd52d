package suitetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
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

// occurring must agree with strings.Contains, for needles shorter and
// longer than its 8-byte prefix.
func TestOccurringFindsWhatContainsFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	randomText := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte("abc"[rng.IntN(3)])
		}
		return b.String()
	}
	for round := range 300 {
		needles := []string{randomText(1 + rng.IntN(6)), randomText(8), randomText(9 + rng.IntN(20)), randomText(10)}
		texts := []string{randomText(rng.IntN(60)), randomText(rng.IntN(60))}
		if round%2 == 0 {
			texts[rng.IntN(2)] += needles[2+rng.IntN(2)]
		}
		got := occurring(texts, needles)
		for i, n := range needles {
			want := strings.Contains(texts[0], n) || strings.Contains(texts[1], n)
			if got[i] != want {
				t.Fatalf("round %d: occurring says %v for %q, Contains says %v (texts %q)", round, got[i], n, want, texts)
			}
		}
	}
}

// Leaks names each form a credential shows in, and nothing in a text
// without one.
func TestLeaksNamesEveryFormShown(t *testing.T) {
	e := &EchoTarget{known: []echoCredential{{id: "client-a", value: RandomSecret()}, {value: RandomSecret()}}}
	if leaks := e.Leaks("nothing to see: " + RandomSecret()); len(leaks) > 0 {
		t.Errorf("leaks in a text without a credential: %v", leaks)
	}
	for n, c := range e.known {
		for _, f := range EchoForms(c.id, c.value) {
			want := fmt.Sprintf("credential %d as %s", n, f.Name)
			if leaks := e.Leaks("before " + f.Text + " after"); !slices.Contains(leaks, want) {
				t.Errorf("%s: Leaks says %v", want, leaks)
			}
		}
	}
}
