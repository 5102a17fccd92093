package dedup

// sketchSize is the number of MinHash values in a signature. 128 keeps
// the standard error of the Jaccard estimate near 0.04 at J = 0.5.
const sketchSize = 128

// empty marks a bin no shingle fell into, before densification.
const empty = ^uint32(0)

// FNV-1a's offset basis and prime, 64-bit.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

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
func wordHash[S ~string | ~[]byte](w S) uint64 {
	return mix64(fnv(w))
}

// fnv is FNV-1a over the bytes of w.
func fnv[S ~string | ~[]byte](w S) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= fnvPrime
	}
	return h
}

// shingler turns a stream of word hashes into the one-permutation MinHash
// of its k-word shingles, without keeping the shingles. A shingle's hash
// is k, then each of its words mixed in turn; every word is mixed at once
// into the k shingles it belongs to, which are independent of each other
// (the processor overlaps them), and a shingle goes into its bin when its
// last word arrives. A text shorter than k words is one shingle, so that
// a headline-only item still has a signature.
type shingler struct {
	k      int
	words  int                // words seen
	open   [maxShingle]uint64 // the shingle starting at word i, at i%maxShingle
	first  [maxShingle]uint64 // the first words, for a text shorter than k
	sketch minSketch
}

func newShingler(k int) shingler {
	s := shingler{k: k}
	s.sketch.clear()
	return s
}

// push adds the next word's hash and returns the hash of the shingle it
// completes, if any.
func (s *shingler) push(w uint64) (h uint64, ok bool) {
	n := s.words
	s.words++
	if n < maxShingle {
		s.first[n] = w
	}
	s.open[n%maxShingle] = uint64(s.k)
	for i := max(0, n-s.k+1); i <= n; i++ {
		s.open[i%maxShingle] = mix64(s.open[i%maxShingle] ^ w)
	}
	if n+1 < s.k {
		return 0, false
	}
	return s.open[(n+1-s.k)%maxShingle], true
}

// addAll adds words as add does. Three-word shingles, the default, are
// made with the two open shingles in registers: the processor then mixes
// a word into the three shingles it belongs to at once.
func (s *shingler) addAll(ws []uint64) {
	for len(ws) > 0 && (s.k != 3 || s.words < 2) {
		s.add(ws[0])
		ws = ws[1:]
	}
	if len(ws) == 0 {
		return
	}
	n := s.words
	two, one := s.open[(n-2)%maxShingle], s.open[(n-1)%maxShingle]
	for _, w := range ws {
		s.sketch.add(mix64(two ^ w))
		two, one = mix64(one^w), mix64(3^w)
	}
	n += len(ws)
	s.words = n
	s.open[(n-2)%maxShingle], s.open[(n-1)%maxShingle] = two, one
}

// short hashes a text of fewer than k words as one shingle of them all.
func (s *shingler) short() uint64 {
	h := uint64(s.words)
	for _, w := range s.first[:s.words] {
		h = mix64(h ^ w)
	}
	return h
}

// add pushes a word and puts the shingle it completes into the sketch.
func (s *shingler) add(w uint64) {
	if h, ok := s.push(w); ok {
		s.sketch.add(h)
	}
}

// finish puts the one shingle of a text shorter than k words into the
// sketch and returns the number of shingles.
func (s *shingler) finish() int {
	switch {
	case s.words == 0:
		return 0
	case s.words < s.k:
		s.sketch.add(s.short())
		return 1
	}
	return s.words - s.k + 1
}

// minSketch is a one-permutation MinHash: a shingle's hash picks one of
// sketchSize bins with its top bits and competes there with its low 32
// bits. Empty bins are then filled by optimal densification (Shrivastava
// 2017): bin i probes bins in a pseudo-random order fixed by i alone and
// copies the first non-empty one, so two texts fill it alike and the
// estimate stays unbiased. Cost is one hash per shingle instead of
// sketchSize hashes per shingle.
type minSketch struct {
	bins   [sketchSize]uint32
	filled bool
}

func (m *minSketch) clear() {
	for i := range m.bins {
		m.bins[i] = empty
	}
	m.filled = false
}

// add keeps the smaller of h's value and its bin's, without a branch
// the processor would mispredict: whether a value is a new minimum is
// a coin toss.
func (m *minSketch) add(h uint64) {
	bin := h >> (64 - 7)         // 2^7 = sketchSize
	v := min(uint32(h), empty-1) // keep the marker unambiguous
	m.bins[bin] = min(m.bins[bin], v)
	m.filled = true
}

// densify returns the bins with the empty ones filled.
func (m *minSketch) densify() [sketchSize]uint32 {
	s := m.bins
	if !m.filled {
		return s
	}
	for i := range s {
		if m.bins[i] != empty {
			continue
		}
		s[i] = m.bins[probe(&m.bins, i)]
	}
	return s
}

// probe returns the non-empty bin that empty bin i copies. The
// pseudo-random probes find one within a few tries unless nearly every bin
// is empty; past maxProbes a scan to the right bounds the work, just as
// deterministically. orig must have a non-empty bin.
func probe(orig *[sketchSize]uint32, i int) int {
	for _, j := range firstProbes[i] {
		if orig[j] != empty {
			return int(j)
		}
	}
	const maxProbes = 256
	for attempt := uint64(len(firstProbes[i])); attempt < maxProbes; attempt++ {
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

// firstProbes are the first bins probe tries for each bin, computed
// once: nearly always one of them is filled.
var firstProbes = func() (t [sketchSize][4]uint8) {
	for i := range t {
		for attempt := range t[i] {
			t[i][attempt] = uint8(mix64(uint64(i)<<32|uint64(attempt)) % sketchSize)
		}
	}
	return t
}()

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
