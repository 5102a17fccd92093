package dedup

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	"bantin"
	"bantin/sim"
)

// simItems returns the items of a simulated province as the first pass
// hands them to Fingerprint: the cleaned title and the plain text, its
// paragraphs (lead first) one blank line apart.
func simItems(tb testing.TB) [][2]string {
	tb.Helper()
	p, err := sim.Start(sim.Options{Cities: 4, WardsPerCity: 6, ItemsPerFeed: 40, Hosts: 1,
		CrossPosts: 0.3, Families: 2, Seed: 6, Start: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		tb.Fatalf("start simulated province: %v", err)
	}
	defer p.Close()
	var items [][2]string
	for _, s := range p.Truth().Stories {
		for _, c := range s.Copies {
			items = append(items, [2]string{c.Title, strings.Join(append([]string{c.Lead}, c.Body...), "\n\n")})
		}
	}
	return items
}

// BenchmarkFingerprintSim fingerprints the items of a first pass, one
// item per op, with the code before scanText (prev) and now (scan).
// cpu-ns/op is the process's CPU time, garbage collection included,
// which other processes on the machine disturb less than ns/op.
func BenchmarkFingerprintSim(b *testing.B) {
	benchmarkFingerprints(b, simItems(b))
}

// BenchmarkFingerprintArticle is BenchmarkFingerprint's 3 KB article,
// before and now.
func BenchmarkFingerprintArticle(b *testing.B) {
	title, text := article3K(b)
	benchmarkFingerprints(b, [][2]string{{title, text}})
}

func benchmarkFingerprints(b *testing.B, items [][2]string) {
	size := 0
	for _, it := range items {
		size += len(it[0]) + len(it[1])
	}
	f := NewFingerprinter()
	for _, impl := range []struct {
		name        string
		fingerprint func(title, text string) ([]byte, []uint64)
	}{
		{"prev", func(title, text string) ([]byte, []uint64) { return prevFingerprint(f, title, text) }},
		{"scan", f.Fingerprint},
	} {
		b.Run(impl.name, func(b *testing.B) {
			b.SetBytes(int64(size / len(items)))
			b.ReportAllocs()
			cpu := processCPU()
			i := 0
			for b.Loop() {
				impl.fingerprint(items[i][0], items[i][1])
				if i++; i == len(items) {
					i = 0
				}
			}
			if cpu >= 0 {
				b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

// simCandidates returns the sketches of the simulated items and the
// pairs of them that share a band key: what the store asks MayMatch.
func simCandidates(tb testing.TB, f *Fingerprinter) ([]bantin.Sketch, [][2]int) {
	tb.Helper()
	items := simItems(tb)
	sketches := make([]bantin.Sketch, len(items))
	byBand := make(map[uint64][]int)
	for i, it := range items {
		sig, bands := f.Fingerprint(it[0], it[1])
		if !f.Sketch(&sketches[i], sig) {
			tb.Fatalf("item %d has no sketch", i)
		}
		for _, k := range bands {
			byBand[k] = append(byBand[k], i)
		}
	}
	seen := make(map[[2]int]bool)
	var pairs [][2]int
	for _, ids := range byBand {
		for x, i := range ids {
			for _, j := range ids[x+1:] {
				if p := [2]int{i, j}; i != j && !seen[p] {
					seen[p] = true
					pairs = append(pairs, p)
				}
			}
		}
	}
	slices.SortFunc(pairs, func(a, b [2]int) int { return cmp.Or(a[0]-b[0], a[1]-b[1]) })
	return sketches, pairs
}

// BenchmarkMayMatchSim runs MayMatch over the candidate pairs of the
// simulated items, one pair per op, before (prev) and now.
func BenchmarkMayMatchSim(b *testing.B) {
	f := NewFingerprinter()
	sketches, pairs := simCandidates(b, f)
	for _, impl := range []struct {
		name     string
		mayMatch func(a, b *bantin.Sketch) bool
	}{{"prev", f.prevMayMatch}, {"now", f.MayMatch}} {
		b.Run(impl.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				p := pairs[i]
				impl.mayMatch(&sketches[p[0]], &sketches[p[1]])
				if i++; i == len(pairs) {
					i = 0
				}
			}
		})
	}
}
