package dedup

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"bantin"
)

func TestNonZeroNibbles(t *testing.T) {
	tests := []struct {
		x    uint64
		want int
	}{
		{0, 0},
		{1, 1},
		{0x80, 1},
		{0xff, 2},
		{0xf00f, 2},
		{0x1000000000000001, 2},
		{0x8888888888888888, 16},
		{0xffffffffffffffff, 16},
		{0x0f0f0f0f0f0f0f0f, 8},
	}
	for _, tt := range tests {
		if got := nonZeroNibbles(tt.x); got != tt.want {
			t.Errorf("nonZeroNibbles(%#x) = %d, want %d", tt.x, got, tt.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		x := rng.Uint64() & rng.Uint64() & rng.Uint64()
		want := 0
		for i := range 16 {
			if (x>>(4*i))&0xf != 0 {
				want++
			}
		}
		if got := nonZeroNibbles(x); got != want {
			t.Fatalf("nonZeroNibbles(%#x) = %d, want %d", x, got, want)
		}
	}
}

// sketchedItem is a fingerprinted text with its sketch.
type sketchedItem struct {
	sig   []byte
	bands []uint64
	sk    bantin.Sketch
}

func sketchAll(t *testing.T, f *Fingerprinter, texts [][2]string) []sketchedItem {
	t.Helper()
	var out []sketchedItem
	for _, tx := range texts {
		sig, bands := f.Fingerprint(tx[0], tx[1])
		if sig == nil {
			continue
		}
		it := sketchedItem{sig: sig, bands: bands}
		if !f.Sketch(&it.sk, sig) {
			t.Fatalf("no sketch of a signature Fingerprint wrote")
		}
		out = append(out, it)
	}
	return out
}

// TestMayMatchRulesOutOnlyMismatches holds the promise the store relies
// on (a pair MayMatch refuses is never the same story) over every pair of
// the labelled corpus and of a simulated province, and measures what the
// sketch is for: the share of chance candidates (pairs sharing a band key
// that SameStory refuses) it rules out without the fingerprints.
func TestMayMatchRulesOutOnlyMismatches(t *testing.T) {
	f := NewFingerprinter()
	var texts [][2]string
	for _, g := range loadCorpus(t) {
		for _, it := range g.Items {
			texts = append(texts, [2]string{it.Title, it.Text})
		}
	}
	sim := simInputs(t)
	if testing.Short() || len(sim) > 1200 {
		sim = sim[:min(len(sim), 1200)]
	}
	for _, in := range sim {
		texts = append(texts, [2]string{in.title, in.text})
	}
	items := sketchAll(t, f, texts)
	var same, chance, ruledOut int
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			a, b := &items[i], &items[j]
			may := f.MayMatch(&a.sk, &b.sk)
			if f.MayMatch(&b.sk, &a.sk) != may {
				t.Fatalf("MayMatch is not symmetric for items %d and %d", i, j)
			}
			if f.SameStory(a.sig, b.sig) {
				same++
				if !may {
					t.Fatalf("MayMatch rules out items %d and %d, which SameStory calls one story", i, j)
				}
				continue
			}
			if sharesBand(a.bands, b.bands) {
				chance++
				if !may {
					ruledOut++
				}
			}
		}
	}
	share := float64(ruledOut) / float64(max(chance, 1))
	t.Logf("%d items: %d same-story pairs kept; %d of %d chance candidates ruled out (%.3f)",
		len(items), same, ruledOut, chance, share)
	if same == 0 || chance < 100 {
		t.Fatalf("too few pairs to measure: %d same, %d chance candidates", same, chance)
	}
	if share < 0.95 {
		t.Errorf("the sketch rules out %.3f of chance candidates, want at least 0.95", share)
	}
}

// TestSketchBound checks the bound MayMatch stands on, value by value:
// the sketch's agreeing bytes are never fewer than the agreeing MinHash
// values, whatever the signatures.
func TestSketchBound(t *testing.T) {
	f := NewFingerprinter()
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("ủy ban nhân dân phường tổ chức hội nghị tổng kết công tác dân vận năm 2025 tại hội trường")
	text := func() string {
		var b strings.Builder
		for range 20 + rng.IntN(60) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	for range 2000 {
		sa, _ := f.Fingerprint("", text())
		sb, _ := f.Fingerprint("", text())
		checkBound(t, f, sa, sb)
	}
}

func checkBound(t *testing.T, f *Fingerprinter, sa, sb []byte) {
	t.Helper()
	a, errA := decode(sa)
	b, errB := decode(sb)
	var ka, kb bantin.Sketch
	if errA != nil || errB != nil || !f.Sketch(&ka, sa) || !f.Sketch(&kb, sb) {
		return
	}
	values, nibbles := 0, 0
	for i := range a.sketch {
		if a.sketch[i] == b.sketch[i] {
			values++
		}
		if (ka[i/2]^kb[i/2])>>(4*(i%2))&0xf == 0 {
			nibbles++
		}
	}
	if nibbles < values {
		t.Fatalf("sketches agree in %d nibbles, signatures in %d values", nibbles, values)
	}
	if c, ub := containment(a.salient, b.salient), containmentBound(sketchedSalient(&ka), sketchedSalient(&kb)); ub < c {
		t.Fatalf("containment %v, its bound from the sketches %v (sizes %d, %d)", c, ub, a.salient.size, b.salient.size)
	}
	if f.SameStory(sa, sb) && !f.MayMatch(&ka, &kb) {
		t.Fatalf("MayMatch rules out a pair SameStory calls one story")
	}
}

// TestSketchBoundManyNames covers salient sets larger than a signature
// keeps (the containment is then estimated), alike and not, under
// several settings.
func TestSketchBoundManyNames(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	names := strings.Fields("Hà Nội Phủ Lý Tân An Bình Định Nguyễn Văn Minh Trần Thị Hoa Lê Quang Đạo Kim Bảng Thanh Liêm")
	text := func(numbers int) string {
		var b strings.Builder
		b.WriteString("Ủy ban nhân dân tổ chức hội nghị tổng kết công tác dân vận năm 2025. ")
		for range numbers {
			fmt.Fprintf(&b, "Ngày %d/%d ông %s %s nhận %d suất quà. ", 1+rng.IntN(28), 1+rng.IntN(12),
				names[rng.IntN(len(names))], names[rng.IntN(len(names))], rng.IntN(40))
		}
		return b.String()
	}
	settings := []*Fingerprinter{NewFingerprinter(), NewFingerprinter(), NewFingerprinter()}
	settings[1].MinSalient, settings[1].MinContainment = 0, 0
	settings[2].MinJaccard, settings[2].AloneJaccard, settings[2].MinContainment = 0, 0.2, 0.9
	estimated, same := 0, 0
	for i := range 600 {
		f := settings[i%len(settings)]
		base := text(5 + rng.IntN(40))
		sa, _ := f.Fingerprint("", base+text(rng.IntN(10)))
		sb, _ := f.Fingerprint("", base+text(rng.IntN(10)))
		if i%4 == 0 {
			sb, _ = f.Fingerprint("", text(rng.IntN(40)))
		}
		checkBound(t, f, sa, sb)
		if a, err := decode(sa); err == nil && a.salient.size > maxSalient {
			estimated++
		}
		if f.SameStory(sa, sb) {
			same++
		}
	}
	if estimated < 100 || same < 100 {
		t.Errorf("%d pairs with estimated containment, %d the same story: the test covers too little", estimated, same)
	}
}

func TestSketchRefusesBadSignatures(t *testing.T) {
	f := NewFingerprinter()
	sig, _ := f.Fingerprint("Hội nghị", "Hội nghị tổng kết công tác dân vận năm 2025")
	var sk bantin.Sketch
	for _, bad := range [][]byte{nil, sig[:minSigLen-1], append([]byte{2}, sig[1:]...)} {
		if f.Sketch(&sk, bad) {
			t.Errorf("Sketch of a %d-byte bad signature reports one", len(bad))
		}
	}
}

// FuzzMayMatch looks for a pair of texts, sharing a base so that many are
// alike, that SameStory calls one story and MayMatch rules out.
func FuzzMayMatch(f *testing.F) {
	f.Add("Hội nghị tổng kết công tác dân vận năm 2025 tại phường Tân An", " ngày 12/3", " UBND phường")
	f.Add("", "a b c d e", "a b c d f")
	f.Fuzz(func(t *testing.T, base, a, b string) {
		fp := NewFingerprinter()
		sa, _ := fp.Fingerprint("", base+a)
		sb, _ := fp.Fingerprint("", base+b)
		checkBound(t, fp, sa, sb)
	})
}

func BenchmarkMayMatch(b *testing.B) {
	f := NewFingerprinter()
	title, text := article3K(b)
	sa, _ := f.Fingerprint(title, text)
	sb, _ := f.Fingerprint(title, text+" thêm một câu cuối bài")
	var ka, kb bantin.Sketch
	f.Sketch(&ka, sa)
	f.Sketch(&kb, sb)
	b.ReportAllocs()
	for b.Loop() {
		if !f.MayMatch(&ka, &kb) {
			b.Fatal("a near copy ruled out")
		}
	}
}
