package dedup

// sketchSize is the number of MinHash values in a signature. 128 keeps
// the standard error of the Jaccard estimate near 0.04 at J = 0.5.
const sketchSize = 128

// empty marks a bin no shingle fell into, before densification.
const empty = ^uint32(0)

// mix64 is the splitmix64 finaliser: a fixed, seedless bijection with
// full avalanche, so signatures stored years ago still compare.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// wordHash is FNV-1a over the word's bytes, mixed.
func wordHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return mix64(h)
}

// shingleHashes hashes every run of k consecutive words. A text shorter
// than k words is one shingle, so that a headline-only item still has a
// signature.
func shingleHashes(words []string, k int) []uint64 {
	if len(words) == 0 {
		return nil
	}
	wh := make([]uint64, len(words))
	for i, w := range words {
		wh[i] = wordHash(w)
	}
	if len(wh) < k {
		k = len(wh)
	}
	out := make([]uint64, 0, len(wh)-k+1)
	for i := 0; i+k <= len(wh); i++ {
		h := uint64(k)
		for _, w := range wh[i : i+k] {
			h = mix64(h ^ w)
		}
		out = append(out, h)
	}
	return out
}

// oneSketch computes a one-permutation MinHash: the shingle's hash picks
// one of sketchSize bins with its top bits and competes there with its low
// 32 bits. Empty bins are then filled by optimal densification (Shrivastava
// 2017): bin i probes bins in a pseudo-random order fixed by i alone and
// copies the first non-empty one, so two texts fill it alike and the
// estimate stays unbiased. Cost is one hash per shingle instead of
// sketchSize hashes per shingle.
func oneSketch(shingles []uint64) [sketchSize]uint32 {
	var s [sketchSize]uint32
	for i := range s {
		s[i] = empty
	}
	filled := false
	for _, h := range shingles {
		bin := h >> (64 - 7) // 2^7 = sketchSize
		v := uint32(h)
		if v == empty {
			v-- // keep the marker unambiguous
		}
		if v < s[bin] {
			s[bin] = v
			filled = true
		}
	}
	if !filled {
		return s
	}
	orig := s
	for i := range s {
		if orig[i] != empty {
			continue
		}
		s[i] = orig[probe(&orig, i)]
	}
	return s
}

// probe returns the non-empty bin that empty bin i copies. The
// pseudo-random probes find one within a few tries unless nearly every bin
// is empty; past maxProbes a scan to the right bounds the work, just as
// deterministically. orig must have a non-empty bin.
func probe(orig *[sketchSize]uint32, i int) int {
	const maxProbes = 256
	for attempt := range uint64(maxProbes) {
		j := mix64(uint64(i)<<32|attempt) % sketchSize
		if orig[j] != empty {
			return int(j)
		}
	}
	for d := 1; ; d++ {
		if j := (i + d) % sketchSize; orig[j] != empty {
			return j
		}
	}
}

// bandKeys hashes each band of rows consecutive values into a key, rows
// being sketchSize/bands (values left over are in no band). The band's
// index sits in the top byte (bit 63 stays clear) so keys of different
// bands can never collide and every key fits a SQLite INTEGER.
func bandKeys(s *[sketchSize]uint32, bands int) []uint64 {
	rows := sketchSize / bands
	keys := make([]uint64, bands)
	for b := range bands {
		h := uint64(b)
		for _, v := range s[b*rows : (b+1)*rows] {
			h = mix64(h ^ uint64(v))
		}
		keys[b] = uint64(b)<<56 | h&(1<<56-1)
	}
	return keys
}

// jaccard estimates the Jaccard similarity of two sketches: the share of
// bins holding the same minimum.
func jaccard(a, b *[sketchSize]uint32) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / sketchSize
}
