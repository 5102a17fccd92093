package dedup

import (
	"encoding/binary"
	"math/bits"

	"bantin"
)

// Sketch implements bantin.SketchMatcher: the low byte of each of the
// signature's 128 MinHash values. Two values that are equal have equal low
// bytes, so the bytes that agree are never fewer than the values that
// agree, and a pair whose bytes agree too little cannot reach MinJaccard
// (MayMatch). Unrelated values agree in their low byte once in 256, which
// leaves nearly every chance candidate below the bar: a pair of Jaccard
// 0.2 agrees, on average, in 25.9 bytes of 128 where 38.4 are needed.
// A signature that does not decode has no sketch (SameStory refuses it).
func (f *Fingerprinter) Sketch(dst *bantin.Sketch, sig []byte) bool {
	if len(sig) < minSigLen || sig[0] != version1 {
		return false
	}
	for i := range dst {
		dst[i] = sig[headerLen+4*i]
	}
	return true
}

// MayMatch implements bantin.SketchMatcher. It is false only when the
// sketches' agreeing bytes, an upper bound of the agreeing MinHash values,
// estimate a Jaccard similarity under MinJaccard, the first thing SameStory
// asks; the comparison is SameStory's own, so that a bound met exactly
// still passes.
func (f *Fingerprinter) MayMatch(a, b *bantin.Sketch) bool {
	same := 0
	for i := 0; i < len(a); i += 8 {
		x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:])
		same += 8 - nonZeroBytes(x)
	}
	return !(float64(same)/sketchSize < f.MinJaccard)
}

// nonZeroBytes counts the bytes of x that are not zero, without a branch.
func nonZeroBytes(x uint64) int {
	const low7 = 0x7f7f7f7f7f7f7f7f
	y := (x&low7 + low7) | x // a byte's top bit is set iff the byte is not 0
	return bits.OnesCount64(y &^ low7)
}

var _ bantin.SketchMatcher = (*Fingerprinter)(nil)
