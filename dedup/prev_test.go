package dedup

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"strings"
	"unicode/utf8"

	"bantin"
	"bantin/vntext"
)

// The implementation before scanText, kept for the differential tests
// and for the benchmark that measured the change (BenchmarkFingerprintSim):
// it folds the whole item into a buffer, writes its abbreviations out in
// a copy, hashes the copy's words and tokenizes the text again for
// salient tokens. The functions it shares with Fingerprint did not
// change; those that did are copied here with the prefix prev. Do not
// "fix" it: a change to the signatures needs a new version
// (TestSignatureStable), and this file and the tests comparing with it go
// with the old one.

func prevFingerprint(f *Fingerprinter, title, text string) (sig []byte, bands []uint64) {
	sc := f.getScratch()
	defer f.putScratch(sc)
	k := f.shingle()
	sh := prevNewShingler(k)
	prevAddWords(&sh, sc.prevNormalize(title, text))
	n := sh.finish()
	if n == 0 {
		return nil, nil
	}
	s := signature{shingle: k, shingles: n, sketch: sh.sketch.densify()}
	body := text
	if strings.TrimSpace(text) == "" {
		body = title
	}
	s.salient = sketchHashes(sc.prevSalientHashes(body))
	return s.encode(), bandKeys(&s.sketch, f.bands())
}

func (sc *scratch) prevNormalize(title, text string) []byte {
	sc.fold = vntext.AppendFold(sc.fold[:0], title)
	label := prevTitleLabelEnd(sc.fold)
	sc.fold = append(sc.fold, ' ')
	mid := len(sc.fold)
	sc.fold = append(vntext.AppendFold(sc.fold, text), ' ')
	t, b := sc.fold[label:mid], sc.fold[mid:]
	if !hasAbbreviation(t) && !hasAbbreviation(b) {
		return t[:len(t)+len(b)]
	}
	sc.norm = appendExpanded(appendExpanded(sc.norm[:0], t), b)
	return sc.norm
}

func prevTitleLabelEnd(t []byte) int {
	if !bytes.ContainsAny(t, labelEnds) {
		return 0
	}
	return titleLabelEnd(t)
}

func (sc *scratch) prevSalientHashes(text string) []uint32 {
	hs := sc.salient[:0]
	sc.prevScanSalient(text, func(tok []byte) {
		hs = append(hs, uint32(wordHash(tok)))
	})
	sc.salient = hs
	return hs
}

func (sc *scratch) prevScanSalient(text string, emit func(tok []byte)) {
	tz := tokenizer{text: text, sentStart: true}
	run := sc.run[:0]
	for {
		t, ok := tz.next()
		if ok && len(run) > 0 && t.capital && t.joined {
			run = append(run, t)
			continue
		}
		if len(run) > 0 {
			if name := sc.prevNameRun(text, run); name != nil {
				emit(name)
			}
			run = run[:0]
		}
		if !ok {
			break
		}
		switch {
		case t.number:
			if n, ok := appendNumber(sc.name[:0], text[t.start:t.end]); ok {
				sc.name = n
				emit(n)
			}
		case t.capital:
			run = append(run, t)
		}
	}
	sc.run = run
}

func (sc *scratch) prevNameRun(text string, run []token) []byte {
	if run[0].sentStart {
		run = run[1:]
	}
	b := sc.name[:0]
	for len(run) > 0 {
		b = vntext.AppendFold(b[:0], text[run[0].start:run[0].end])
		if !leadWords[string(b)] {
			break
		}
		run = run[1:]
	}
	if len(run) == 0 {
		sc.name = b
		return nil
	}
	specific := !genericWords[string(b)]
	for _, t := range run[1:] {
		b = append(b, ' ')
		start := len(b)
		b = vntext.AppendFold(b, text[t.start:t.end])
		specific = specific || !genericWords[string(b[start:])]
	}
	sc.name = b
	if !specific {
		return nil
	}
	return b
}

func prevAddWords(sh *prevShingler, s []byte) {
	var batch [256]uint64
	n := 0
	for i := 0; i < len(s); {
		end, h := hashWord(s, i)
		if end == i { // a separator
			if s[i] < utf8.RuneSelf {
				i++
			} else {
				_, size := decodeRune(s, i)
				i += size
			}
			continue
		}
		if n+maxLong > len(batch) {
			sh.addAll(batch[:n])
			n = 0
		}
		if slot := abbrevSlots[uint8(h)]; slot != 0 && string(s[i:end]) == abbrevList[slot-1].short {
			n += copy(batch[n:], abbrevList[slot-1].long)
		} else {
			batch[n] = mix64(h)
			n++
		}
		i = end
	}
	sh.addAll(batch[:n])
}

type prevShingler struct {
	k      int
	words  int                // words seen
	open   [maxShingle]uint64 // the shingle starting at word i, at i%maxShingle
	first  [maxShingle]uint64 // the first words, for a text shorter than k
	sketch prevMinSketch
}

func prevNewShingler(k int) prevShingler {
	s := prevShingler{k: k}
	s.sketch.clear()
	return s
}

func (s *prevShingler) push(w uint64) (h uint64, ok bool) {
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

func (s *prevShingler) addAll(ws []uint64) {
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

func (s *prevShingler) short() uint64 {
	h := uint64(s.words)
	for _, w := range s.first[:s.words] {
		h = mix64(h ^ w)
	}
	return h
}

func (s *prevShingler) add(w uint64) {
	if h, ok := s.push(w); ok {
		s.sketch.add(h)
	}
}

func (s *prevShingler) finish() int {
	switch {
	case s.words == 0:
		return 0
	case s.words < s.k:
		s.sketch.add(s.short())
		return 1
	}
	return s.words - s.k + 1
}

type prevMinSketch struct {
	bins   [sketchSize]uint32
	filled bool
}

func (m *prevMinSketch) clear() {
	for i := range m.bins {
		m.bins[i] = empty
	}
	m.filled = false
}

func (m *prevMinSketch) add(h uint64) {
	bin := h >> (64 - 7) // 2^7 = sketchSize
	v := uint32(h)
	if v == empty {
		v-- // keep the marker unambiguous
	}
	if v < m.bins[bin] {
		m.bins[bin] = v
		m.filled = true
	}
}

func (m *prevMinSketch) densify() [sketchSize]uint32 {
	s := m.bins
	if !m.filled {
		return s
	}
	for i := range s {
		if m.bins[i] != empty {
			continue
		}
		s[i] = m.bins[prevProbe(&m.bins, i)]
	}
	return s
}

func prevProbe(orig *[sketchSize]uint32, i int) int {
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

// prevMayMatch is MayMatch with the merge of countCommon, which
// countCommonBytes replaced.
func (f *Fingerprinter) prevMayMatch(a, b *bantin.Sketch) bool {
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
	return prevContainmentBound(sa, sb) >= f.MinContainment
}

func prevContainmentBound(a, b salient8) float64 {
	small := min(a.size, b.size)
	if small == 0 {
		return 0
	}
	na, nb := len(a.hashes), len(b.hashes)
	common := prevCountCommon(a.hashes, b.hashes)
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

func prevCountCommon[T cmp.Ordered](a, b []T) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			n++
			a, b = a[1:], b[1:]
		}
	}
	return n
}
