package dedup

import (
	"encoding/binary"
	"math/bits"
	"slices"

	"bantin"
)

// Sketch layout (bantin.Sketch, 100 bytes):
//
//	[0:64]    the low 4 bits of each of the 128 MinHash values, value
//	          2i in the low half of byte i, 2i+1 in the high half
//	[64]      words per shingle
//	[65]      n, salient hashes kept (at most 32)
//	[66:68]   number of distinct salient tokens, as in the signature
//	[68:]     the low 8 bits of the n kept salient hashes, ascending;
//	          zeros after them
//
// Each part bounds from above what SameStory computes from the whole
// signature: equal values have equal low bits, so the nibbles that agree
// are never fewer than the MinHash values that agree, and the truncated
// salient hashes two sketches share are never fewer than the salient
// hashes the signatures share. MayMatch runs SameStory's tests on those
// bounds: a pair that fails one cannot be one story. (A sketch of 8-bit
// values and 16-bit hashes, twice the size, ruled out all 22,473 chance
// candidates of TestMayMatchRulesOutOnlyMismatches where this one leaves
// 8, and spared the store 14 more comparisons of 48,888 in
// TestSketchesChangeNoMatch; its 30 MB at the store's window of 150,000
// stories took a national first pass past 256 MB.)
const (
	sketchNibbles = sketchSize / 2
	sketchShingle = sketchNibbles
	sketchKept    = sketchNibbles + 1
	sketchTokens  = sketchNibbles + 2
	sketchLow8    = sketchNibbles + 4
)

// Sketch implements bantin.SketchMatcher. A signature that does not
// decode has no sketch (SameStory refuses it anyway).
func (f *Fingerprinter) Sketch(dst *bantin.Sketch, sig []byte) bool {
	var s signature
	var buf [maxSalient]uint32
	hs, err := decodeInto(&s, &buf, sig)
	if err != nil {
		return false
	}
	*dst = bantin.Sketch{}
	for i, v := range s.sketch {
		dst[i/2] |= byte(v&0xf) << (4 * (i % 2))
	}
	dst[sketchShingle] = byte(s.shingle)
	dst[sketchKept] = byte(len(hs))
	binary.LittleEndian.PutUint16(dst[sketchTokens:], uint16(s.salient.size))
	low := dst[sketchLow8 : sketchLow8+len(hs)]
	for i, h := range hs {
		low[i] = byte(h)
	}
	slices.Sort(low)
	return true
}

// MayMatch implements bantin.SketchMatcher: SameStory's tests, in its
// order and with its comparisons, on upper bounds of its figures (see
// the sketch layout), so that a bound met exactly still passes.
func (f *Fingerprinter) MayMatch(a, b *bantin.Sketch) bool {
	if a[sketchShingle] != b[sketchShingle] {
		return false
	}
	same := 0
	for i := 0; i < sketchNibbles; i += 8 {
		x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:])
		same += 16 - nonZeroNibbles(x)
	}
	j := float64(same) / sketchSize
	if j < f.MinJaccard {
		return false
	}
	sa, sb := sketchedSalient(a), sketchedSalient(b)
	if min(sa.size, sb.size) < f.MinSalient {
		return j >= f.AloneJaccard
	}
	return containmentBound(sa, sb) >= f.MinContainment
}

// salient8 is the salient part of a sketch.
type salient8 struct {
	size   int    // distinct salient tokens
	hashes []byte // the kept hashes' low bytes, ascending
}

func sketchedSalient(s *bantin.Sketch) salient8 {
	n := min(int(s[sketchKept]), maxSalient)
	return salient8{size: int(binary.LittleEndian.Uint16(s[sketchTokens:])),
		hashes: s[sketchLow8 : sketchLow8+n]}
}

// containmentBound is containment written over truncated hashes: the
// common count it uses is at least the true one, and everything else is
// the same, so it is never below containment of the same signatures.
// (When the sketches do not hold the whole sets, the union's bottom-k
// always has k = the shorter list's length values, since the lists
// hold distinct hashes, and at most the common ones are in both.)
func containmentBound(a, b salient8) float64 {
	small := min(a.size, b.size)
	if small == 0 {
		return 0
	}
	na, nb := len(a.hashes), len(b.hashes)
	common := countCommonBytes(a.hashes, b.hashes)
	if a.size == na && b.size == nb {
		return float64(common) / float64(small)
	}
	k := min(na, nb)
	if k == 0 {
		return 0
	}
	j := float64(min(common, k)) / float64(k)
	inter := j * float64(a.size+b.size) / (1 + j)
	return min(1, inter/float64(small))
}

// countCommonBytes is countCommon of two ascending lists of at most
// maxSalient bytes, by counting them: a merge steps one list at a time,
// each step waiting for the last. (Of lists out of order, which only a
// damaged sketch holds, it counts no fewer than a merge: MayMatch stays
// an upper bound.)
func countCommonBytes(a, b []byte) int {
	var count [256]uint8
	for _, v := range a {
		count[v]++
	}
	n := 0
	for _, v := range b {
		c := count[v]
		has := b2i(c != 0)
		n += has
		count[v] = c - uint8(has)
	}
	return n
}

// b2i is 1 for true; the compiler makes it a flag, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nonZeroNibbles counts the 4-bit halves of x's bytes that are not zero.
func nonZeroNibbles(x uint64) int {
	const low = 0x1111111111111111
	return bits.OnesCount64((x | x>>1 | x>>2 | x>>3) & low)
}

var _ bantin.SketchMatcher = (*Fingerprinter)(nil)
