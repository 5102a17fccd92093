package dedup

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// countCommonBytes, which counts, against the merge it replaced in
// MayMatch (prevCountCommon).

func TestCountCommonBytesSameAsMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 2026))
	for i := range 20000 {
		// Few distinct values make duplicates and common values likely.
		spread := 1 + rng.IntN(300)
		a, b := randomList(rng, spread), randomList(rng, spread)
		if got, want := countCommonBytes(a, b), prevCountCommon(a, b); got != want {
			t.Fatalf("case %d: countCommonBytes(%v, %v) = %d, the merge %d", i, a, b, got, want)
		}
	}
}

// randomList returns up to maxSalient ascending bytes below spread.
func randomList(rng *rand.Rand, spread int) []byte {
	l := make([]byte, rng.IntN(maxSalient+1))
	for i := range l {
		l[i] = byte(rng.IntN(min(spread, 256)))
	}
	slices.Sort(l)
	return l
}

// FuzzCountCommonBytes feeds countCommonBytes lists as a damaged sketch
// may hold them: out of order, it must count no fewer than the merge.
func FuzzCountCommonBytes(f *testing.F) {
	f.Add([]byte{1, 2, 2, 9}, []byte{2, 2, 3, 9, 9})
	f.Add([]byte{9, 1, 5}, []byte{1, 5, 9})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		a, b = a[:min(len(a), maxSalient)], b[:min(len(b), maxSalient)]
		if got, merge := countCommonBytes(a, b), prevCountCommon(a, b); got < merge {
			t.Fatalf("countCommonBytes(%v, %v) = %d, the merge %d", a, b, got, merge)
		}
		a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
		if got, want := countCommonBytes(a, b), prevCountCommon(a, b); got != want {
			t.Fatalf("countCommonBytes(%v, %v) = %d, the merge %d", a, b, got, want)
		}
	})
}
