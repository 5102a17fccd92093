package dedup

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// article3K returns about 3 KB of the real article's text.
func article3K(b *testing.B) (title, text string) {
	title, paras := realArticle(b)
	var sb strings.Builder
	for _, p := range paras {
		if sb.Len()+len(p) > 3072 && sb.Len() > 0 {
			break
		}
		sb.WriteString(p)
		sb.WriteString("\n\n")
	}
	return title, sb.String()
}

func BenchmarkFingerprint(b *testing.B) {
	f := NewFingerprinter()
	title, text := article3K(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		f.Fingerprint(title, text)
	}
}

func BenchmarkSameStory(b *testing.B) {
	f := NewFingerprinter()
	title, text := article3K(b)
	a, _ := f.Fingerprint(title, text)
	c, _ := f.Fingerprint("Thành ủy Phủ Lý: "+title, strings.ReplaceAll(text, "đ/c", "đồng chí"))
	if !f.SameStory(a, c) {
		b.Fatal("copies do not match")
	}
	b.ReportAllocs()
	for b.Loop() {
		f.SameStory(a, c)
	}
}

// bandIndex is the in-memory form of the store's band table: band key to
// the ids of the fingerprints indexed under it. Nearly every key holds one
// id, so that id sits in the map itself and only shared keys spill into
// a slice, which keeps a million fingerprints (42 million keys) in memory.
type bandIndex struct {
	one  map[uint64]int32
	more map[uint64][]int32
}

func newBandIndex(keys int) *bandIndex {
	return &bandIndex{one: make(map[uint64]int32, keys), more: make(map[uint64][]int32)}
}

func (x *bandIndex) add(keys []uint64, id int32) {
	for _, k := range keys {
		if _, ok := x.one[k]; ok {
			x.more[k] = append(x.more[k], id)
			continue
		}
		x.one[k] = id
	}
}

// candidates appends the distinct ids sharing a key with keys.
func (x *bandIndex) candidates(keys []uint64, out []int32) []int32 {
	for _, k := range keys {
		id, ok := x.one[k]
		if !ok {
			continue
		}
		out = appendNew(out, id)
		for _, id := range x.more[k] {
			out = appendNew(out, id)
		}
	}
	return out
}

func appendNew(s []int32, id int32) []int32 {
	for _, v := range s {
		if v == id {
			return s
		}
	}
	return append(s, id)
}

// randomBands returns band keys as unrelated items have them: a uniform
// hash per band, the band index in the top byte.
func randomBands(rng *rand.Rand, bands int) []uint64 {
	keys := make([]uint64, bands)
	for b := range keys {
		keys[b] = uint64(b)<<56 | rng.Uint64()&(1<<56-1)
	}
	return keys
}

// BenchmarkCandidates looks up the candidates of a new item among n
// stored fingerprints. The stored ones are unrelated to each other, as
// most of a province's items are, with a copy of the new item among them;
// the lookup costs a map probe per band, whatever n.
func BenchmarkCandidates(b *testing.B) {
	f := NewFingerprinter()
	title, text := article3K(b)
	_, newBands := f.Fingerprint(title, text)
	_, copyBands := f.Fingerprint("Thành ủy Phủ Lý: "+title, strings.ReplaceAll(text, "đ/c", "đồng chí"))
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("stored=%d", n), func(b *testing.B) {
			if n > 100_000 && testing.Short() {
				b.Skip("a million fingerprints take about 1 GB")
			}
			rng := rand.New(rand.NewPCG(uint64(n), 7))
			x := newBandIndex(n * f.Bands)
			for id := range int32(n - 1) {
				x.add(randomBands(rng, f.Bands), id)
			}
			x.add(copyBands, int32(n-1))
			var out []int32
			b.ResetTimer()
			for b.Loop() {
				out = x.candidates(newBands, out[:0])
			}
			b.StopTimer()
			if len(out) == 0 || out[len(out)-1] != int32(n-1) {
				b.Fatalf("candidates %v do not include the copy", out)
			}
		})
	}
}
