package dedup

import (
	"math"
	"math/bits"
	"testing"
)

// TestCorpusAlternatives measures on the labelled corpus the designs the
// package comment compares, so the figures there can be re-checked with
// go test -v -run Alternatives.
func TestCorpusAlternatives(t *testing.T) {
	groups := loadCorpus(t)
	f := NewFingerprinter()
	items := fingerprintCorpus(f, groups)

	// Jaccard alone, at the lowest threshold that keeps every copy.
	sigs := decodeAll(t, items)
	for _, th := range []float64{0.48, 0.6, 0.75} {
		c := countPairs(items, func(i, j int) bool { return jaccard(&sigs[i].sketch, &sigs[j].sketch) >= th })
		t.Logf("MinHash Jaccard >= %.2f without salient tokens: precision %.3f recall %.3f", th, c.precision(), c.recall())
	}

	// SimHash over the same normalised shingles.
	sims := make([]uint64, len(items))
	for i, it := range items {
		sims[i] = simHash(shingleHashes(normalWords(it.item.Title, it.item.Text), f.Shingle))
	}
	for _, d := range []int{3, 6, 10, 16} {
		c := countPairs(items, func(i, j int) bool { return bits.OnesCount64(sims[i]^sims[j]) <= d })
		t.Logf("SimHash-64 Hamming <= %d: precision %.3f recall %.3f", d, c.precision(), c.recall())
	}

	// Without normalisation: raw lower-cased words, no đ/c, no prefix,
	// no tone folding.
	raw := NewFingerprinter()
	rawItems := make([]labelled, len(items))
	for i, it := range items {
		words := rawWords(it.item.Title + "\n" + it.item.Text)
		sh := shingleHashes(words, raw.Shingle)
		sk := oneSketch(sh)
		s := signature{shingle: raw.Shingle, shingles: len(sh), sketch: sk, salient: sketchSalient(salientTokens(it.item.Text))}
		rawItems[i] = it
		rawItems[i].sig, rawItems[i].bands = s.encode(), bandKeys(&sk, raw.bands())
	}
	c := decidePairs(raw, rawItems)
	rawSigs := decodeAll(t, rawItems)
	var withJ, withoutJ []float64
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if items[i].group == items[j].group {
				withJ = append(withJ, jaccard(&sigs[i].sketch, &sigs[j].sketch))
				withoutJ = append(withoutJ, jaccard(&rawSigs[i].sketch, &rawSigs[j].sketch))
			}
		}
	}
	t.Logf("copies' Jaccard with normalisation %s", quantiles(withJ))
	t.Logf("copies' Jaccard without Fold/đ-c/prefix normalisation %s; precision %.3f recall %.3f",
		quantiles(withoutJ), c.precision(), c.recall())

	// One-permutation MinHash with densification against 128 independent
	// hash functions, both against the exact Jaccard of the shingle sets.
	var errOPH, errK float64
	n := 0
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if items[i].group != items[j].group && (items[i].family == "" || items[i].family != items[j].family) {
				continue
			}
			a := shingleHashes(normalWords(items[i].item.Title, items[i].item.Text), f.Shingle)
			b := shingleHashes(normalWords(items[j].item.Title, items[j].item.Text), f.Shingle)
			exact := exactJaccard(a, b)
			oa, ob := oneSketch(a), oneSketch(b)
			ka, kb := kSketch(a), kSketch(b)
			errOPH += sq(jaccard(&oa, &ob) - exact)
			errK += sq(jaccard(&ka, &kb) - exact)
			n++
		}
	}
	t.Logf("Jaccard estimate RMSE over %d similar pairs: one-permutation+densification %.3f, 128 hash functions %.3f",
		n, math.Sqrt(errOPH/float64(n)), math.Sqrt(errK/float64(n)))
}

func decodeAll(t *testing.T, items []labelled) []signature {
	t.Helper()
	sigs := make([]signature, len(items))
	for i, it := range items {
		s, err := decode(it.sig)
		if err != nil {
			t.Fatalf("%s: %v", it.group, err)
		}
		sigs[i] = s
	}
	return sigs
}

// countPairs scores a decision over all pairs, without banding.
func countPairs(items []labelled, same func(i, j int) bool) pairCounts {
	var c pairCounts
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			truth, got := items[i].group == items[j].group, same(i, j)
			switch {
			case truth && got:
				c.tp++
			case truth:
				c.fn++
			case got:
				c.fp++
			default:
				c.tn++
			}
		}
	}
	return c
}

// simHash is Charikar's 64-bit SimHash of a set of shingle hashes.
func simHash(shingles []uint64) uint64 {
	var v [64]int
	for _, h := range shingles {
		for b := range 64 {
			if h&(1<<b) != 0 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	var out uint64
	for b := range 64 {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

// rawWords splits on spaces and lower-cases ASCII only: what a naive
// fingerprint would see.
func rawWords(s string) []string {
	var out []string
	start := -1
	for i, r := range s + " " {
		if r == ' ' || r == '\n' || r == '\t' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

// kSketch is classic MinHash with sketchSize independent hash functions.
func kSketch(shingles []uint64) [sketchSize]uint32 {
	var s [sketchSize]uint32
	for i := range s {
		s[i] = empty
		seed := mix64(uint64(i) + 0x9e3779b97f4a7c15)
		for _, h := range shingles {
			if v := uint32(mix64(h ^ seed)); v < s[i] {
				s[i] = v
			}
		}
	}
	return s
}

func exactJaccard(a, b []uint64) float64 {
	sa := make(map[uint64]bool, len(a))
	for _, h := range a {
		sa[h] = true
	}
	sb := make(map[uint64]bool, len(b))
	inter := 0
	for _, h := range b {
		if !sb[h] {
			sb[h] = true
			if sa[h] {
				inter++
			}
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

func sq(x float64) float64 { return x * x }
