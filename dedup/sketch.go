package dedup

import (
	"encoding/binary"
	"math/bits"
	"slices"

	"bantin"
)

// Sketch layout (bantin.Sketch, 196 bytes):
//
//	[0:128]   the low byte of each of the 128 MinHash values
//	[128]     words per shingle
//	[129]     n, salient hashes kept (at most 32)
//	[130:132] number of distinct salient tokens, as in the signature
//	[132:]    the low 16 bits of the n kept salient hashes, ascending,
//	          uint16 little-endian; zeros after them
//
// Each part bounds from above what SameStory computes from the whole
// signature: equal values have equal low bits, so the bytes that agree are
// never fewer than the MinHash values that agree, and the truncated
// salient hashes two sketches share are never fewer than the salient
// hashes the signatures share. MayMatch runs SameStory's tests on those
// bounds: a pair that fails one cannot be one story.
const (
	sketchShingle = sketchSize
	sketchKept    = sketchSize + 1
	sketchTokens  = sketchSize + 2
	sketchLow16   = sketchSize + 4
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
		dst[i] = byte(v)
	}
	dst[sketchShingle] = byte(s.shingle)
	dst[sketchKept] = byte(len(hs))
	binary.LittleEndian.PutUint16(dst[sketchTokens:], uint16(s.salient.size))
	var low [maxSalient]uint16
	for i, h := range hs {
		low[i] = uint16(h)
	}
	slices.Sort(low[:len(hs)])
	for i, h := range low[:len(hs)] {
		binary.LittleEndian.PutUint16(dst[sketchLow16+2*i:], h)
	}
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
	for i := 0; i < sketchSize; i += 8 {
		x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:])
		same += 8 - nonZeroBytes(x)
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

// salient16 is the salient part of a sketch.
type salient16 struct {
	size   int // distinct salient tokens
	hashes []byte
}

func sketchedSalient(s *bantin.Sketch) salient16 {
	n := min(int(s[sketchKept]), maxSalient)
	return salient16{size: int(binary.LittleEndian.Uint16(s[sketchTokens:])),
		hashes: s[sketchLow16 : sketchLow16+2*n]}
}

// containmentBound is containment written over truncated hashes: the
// common count it uses is at least the true one, and everything else is
// the same, so it is never below containment of the same signatures.
// (When the sketches do not hold the whole sets, the union's bottom-k
// always has k = the shorter list's length values, since the lists
// hold distinct hashes, and at most the common ones are in both.)
func containmentBound(a, b salient16) float64 {
	small := min(a.size, b.size)
	if small == 0 {
		return 0
	}
	na, nb := len(a.hashes)/2, len(b.hashes)/2
	common := countCommon16(a.hashes, b.hashes)
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

// countCommon16 counts the values two ascending lists of uint16 share,
// as multisets: truncation can make two hashes of one list equal.
func countCommon16(a, b []byte) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		x, y := binary.LittleEndian.Uint16(a), binary.LittleEndian.Uint16(b)
		switch {
		case x < y:
			a = a[2:]
		case x > y:
			b = b[2:]
		default:
			n++
			a, b = a[2:], b[2:]
		}
	}
	return n
}

// nonZeroBytes counts the bytes of x that are not zero, without a branch.
func nonZeroBytes(x uint64) int {
	const low7 = 0x7f7f7f7f7f7f7f7f
	y := (x&low7 + low7) | x // a byte's top bit is set iff the byte is not 0
	return bits.OnesCount64(y &^ low7)
}

var _ bantin.SketchMatcher = (*Fingerprinter)(nil)
