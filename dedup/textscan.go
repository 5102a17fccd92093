package dedup

import (
	"math"
	"unicode/utf8"

	"bantin/vntext"

	"golang.org/x/text/unicode/norm"
)

// An item's text is most of what Fingerprint reads. Folding it into a
// buffer, looking for abbreviations in the copy, splitting and hashing the
// copy's words and tokenizing the text again for salient tokens took four
// passes over it, each decoding every rune. scanText makes one: it reads
// each rune of the text as written once, with what folding makes of it
// and what the tokenizer would make of it, hashes the folded words as it
// goes and notes where the words are for spanSalient. It takes the text
// that vntext.AppendFold folds rune by rune (ASCII, the Latin letters of
// Vietnamese written precomposed, the usual spaces and punctuation):
// nearly all feed text. On anything else it gives up, and Fingerprint
// folds a copy and tokenizes the text as before (normalize, addWords,
// scanSalient).

// foldFact is what folding and the tokenizer make of one rune.
type foldFact struct {
	lower [3]byte // the folded rune in UTF-8
	n     uint8   // bytes in lower; 0 when scanText cannot take the rune
	flags uint16
}

// fact is a foldFact in one word, as the tables hold it: lower in the
// low three bytes, n in the fourth, flags above. A rune scanText cannot
// take has fact 0.
type fact uint64

func (f foldFact) packed() fact {
	return fact(f.lower[0]) | fact(f.lower[1])<<8 | fact(f.lower[2])<<16 | fact(f.n)<<24 | fact(f.flags)<<32
}

func (f fact) flags() uint16 { return uint16(f >> 32) }

// hash continues FNV-1a hash h over the folded rune's bytes.
func (f fact) hash(h uint64) uint64 {
	h = (h ^ uint64(uint8(f))) * fnvPrime
	if n := uint8(f >> 24); n > 1 {
		h = (h ^ uint64(uint8(f>>8))) * fnvPrime
		if n > 2 {
			h = (h ^ uint64(uint8(f>>16))) * fnvPrime
		}
	}
	return h
}

const (
	// What folding makes of the rune.
	fWord  uint16 = 1 << iota // the folded rune belongs to a word (vntext.IsWordRune)
	fSpace                    // folds to a space, and a run of them to one
	fTrail                    // a space or final punctuation, which Fold trims at the end
	fOU                       // folds to o or u, the first vowel of a new-style oa, oe, uy
	fPair                     // may be the toned second vowel of one
	fD                        // folds to đ, which starts every abbreviation
	// What the tokenizer makes of it (class).
	fUpper   // an upper-case letter
	fLower   // a lower-case letter
	fDigit   // a digit
	fSentEnd // punctuation after which capitals are grammar's
	fBreak   // neither a space nor a no-break space: a run of names stops
)

// The runes scanText takes lie in vntext's tables: ASCII and two-byte
// runes up to U+024F, Latin Extended Additional, general punctuation.
const (
	factLatinHi              = 0x250
	factPunctLo, factPunctHi = 0x2000, 0x20d0
)

// facts holds the fact of every rune of one or two bytes in UTF-8, then
// of U+1E00-U+20FF (Latin Extended Additional, Greek Extended, general
// punctuation).
var facts = func() (t [0x800 + facts3Len]fact) {
	for r := range rune(0x800) {
		t[r] = factOf(r).packed()
	}
	for r := rune(facts3Lo); r < facts3Lo+facts3Len; r++ {
		t[0x800+r-facts3Lo] = factOf(r).packed()
	}
	return t
}()

const facts3Lo, facts3Len = 0x1e00, 0x300

// factOf asks vntext.Fold what it makes of r between letters, at the
// end of a text and after o or u. It answers only for runes that Fold
// maps one by one whatever surrounds them, as vntext's one-pass fold
// does: NFC starters that never compose with the rune before them, in
// the Latin blocks (whose case mapping keeps NFC) or punctuation, and
// not dropped (a soft hyphen, a control). None of them is a combining
// mark, so a word is letters and digits.
func factOf(r rune) foldFact {
	inTables := r < factLatinHi || extLo <= r && r < extHi || factPunctLo <= r && r < factPunctHi
	s := string(r)
	p := norm.NFC.PropertiesString(s)
	c := slowClass(r)
	if !inTables || !utf8.ValidRune(r) || c&mark != 0 ||
		p.CCC() != 0 || !p.BoundaryBefore() || !norm.NFC.IsNormalString(s) {
		return foldFact{}
	}
	f := foldFact{flags: classFlags(c)}
	mid := vntext.Fold("a" + s + "a")
	if mid == "a a" {
		f.lower, f.n = [3]byte{' '}, 1
		f.flags |= fSpace | fTrail
		return f
	}
	l, n := utf8.DecodeRuneInString(mid[1:])
	if len(mid) != 2+n || mid[0] != 'a' || mid[1+n] != 'a' || n > len(f.lower) || l == utf8.RuneError {
		return foldFact{} // dropped, or more than one rune
	}
	f.n = uint8(copy(f.lower[:], mid[1:1+n]))
	if vntext.Fold("a"+s) == "a" {
		f.flags |= fTrail
	}
	if !vntext.IsWordRune(l) {
		return f
	}
	f.flags |= fWord
	switch l {
	case 'o', 'u':
		f.flags |= fOU
	case 'đ':
		f.flags |= fD
	}
	if ls := string(l); vntext.Fold("o"+s+" x") != "o"+ls+" x" || vntext.Fold("u"+s+" x") != "u"+ls+" x" {
		f.flags |= fPair
	}
	return f
}

// classFlags are the tokenizer's class bits as fact flags.
func classFlags(c class) uint16 {
	var f uint16
	for _, b := range [...]struct {
		is   bool
		flag uint16
	}{
		{c&wordStart == wordStart, fUpper}, {c&lowerCase != 0, fLower}, {c&digit != 0, fDigit},
		{c&sentEnd != 0, fSentEnd}, {c&blank == 0, fBreak},
	} {
		if b.is {
			f |= b.flag
		}
	}
	return f
}

// factAt returns the fact of the rune at s[i] and its size; a rune
// scanText cannot take (or a byte that starts no valid rune) has fact 0.
func factAt(s string, i int) (fact, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return facts[c], 1
	}
	return factAtMulti(s, i)
}

// factAtMulti is factAt of a rune of more than one byte.
func factAtMulti(s string, i int) (fact, int) {
	switch c := s[i]; {
	case c < 0xe0:
		if c >= 0xc2 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
			return facts[rune(c&0x1f)<<6|rune(s[i+1]&0x3f)], 2
		}
	case c <= 0xe2 && i+2 < len(s):
		// U+1E00-U+20FF: E1 B8 80 to E2 83 BF.
		c1, c2 := s[i+1], s[i+2]
		r := rune(c&0x0f)<<12 | rune(c1&0x3f)<<6 | rune(c2&0x3f)
		if c1&0xc0 == 0x80 && c2&0xc0 == 0x80 && uint32(r-facts3Lo) < facts3Len {
			return facts[0x800+r-facts3Lo], 3
		}
	}
	return 0, 1
}

// trimmedEnd returns where the text Fold keeps ends: before the spaces
// and final punctuation it trims. A rune scanText cannot take stops the
// search, and scanText will give up on it.
func trimmedEnd(s string) int {
	for len(s) > 0 {
		_, n := utf8.DecodeLastRuneInString(s)
		if f, size := factAt(s, len(s)-n); size != n || f.flags()&fTrail == 0 {
			break
		}
		s = s[:len(s)-n]
	}
	return len(s)
}

// wordSpan is a word of the text that may start a salient token: its
// first letter is a capital, or it starts with a digit. The tokenizer
// treats the other words alike, and spanSalient needs only to know of
// the last one before a span (afterLower).
type wordSpan struct {
	start, end int32
	first      uint16 // flags of its first rune
	rest       uint16 // flags of the others, or-ed
	gap        uint16 // afterLower, and the flags of the runes since the word before, or-ed
}

// afterLower in a span's gap says the word before it starts with a
// lower-case letter, which sets the tokenizer's state whatever came
// before that word.
const afterLower uint16 = 1 << 15

// scanText puts in sc.words the hashes addWords makes of the normalised
// text (folded, a space after it, abbreviations written out) and in
// sc.spans its words, or reports false when the text holds a rune it
// cannot take. It runs for every rune of every item: a word is read by a
// loop of its own, with few variables, and most words end without a call.
func (sc *scratch) scanText(text string) bool {
	if len(text) > math.MaxInt32 {
		return false
	}
	s := text[:trimmedEnd(text)]
	ws, spans := sc.words[:0], sc.spans[:0]
	var gap uint16 // flags of the runes since the last word
	skip := -1     // the start of the "c" of an abbreviation written out
	for i := 0; i < len(s); {
		c := s[i]
		f, size := facts[c], 1
		if c >= utf8.RuneSelf {
			f, size = factAtMulti(s, i)
		}
		if f.flags()&fWord == 0 {
			if f == 0 {
				return false
			}
			gap |= f.flags()
			i += size
			continue
		}
		start, first := i, f.flags()
		h, last, rest, pair := f.hash(fnvOffset), first, uint16(0), false
		for i += size; i < len(s); i += size {
			c := s[i]
			f, size = facts[c], 1
			if c >= utf8.RuneSelf {
				f, size = factAtMulti(s, i)
			}
			if f.flags()&fWord == 0 {
				break
			}
			h = f.hash(h)
			pair = last&fOU != 0 && f.flags()&fPair != 0
			last = f.flags()
			rest |= last
		}
		if first&(fUpper|fDigit) != 0 {
			spans = append(spans, wordSpan{})
			sp := &spans[len(spans)-1] // set field by field: a struct copy stalled the loop
			sp.start, sp.end, sp.first, sp.rest, sp.gap = int32(start), int32(i), first, rest, gap
			gap = 0
		} else {
			gap = afterLower
		}
		if pair || last&fD != 0 || abbrevSlots[uint8(h)] != 0 || start == skip {
			ws, skip = sc.endWord(ws, s, start, i, h, last, pair, skip)
		} else {
			ws = append(ws, mix64(h))
		}
		if i < len(s) { // the rune that ended the word, read already
			if f == 0 {
				return false
			}
			gap |= f.flags()
			i += size
		}
	}
	sc.words, sc.spans = ws, spans
	return true
}

// endWord appends the hashes of the word s[start:end], whose folded
// bytes hash to h (FNV-1a) unless it ends with a new-style pair that Fold
// rewrites, and returns skip, or where the "c" of an abbreviation
// starting with its final đ starts: that "c" is no word of its own.
func (sc *scratch) endWord(ws []uint64, s string, start, end int, h uint64, last uint16, pair bool, skip int) ([]uint64, int) {
	if start == skip {
		return ws, skip
	}
	word := s[start:end]
	if pair {
		// Fold rewrites a pair that ends a word; it does the same to the
		// word alone.
		sc.name = vntext.AppendFold(sc.name[:0], word)
		h = fnv(sc.name)
	}
	if last&fD != 0 {
		if c, ok := abbreviationC(s, end); ok {
			// "đ/c" is "đồng chí": the word takes "ồng", and "chí"
			// stands for the "c".
			return append(ws, mix64(fnvAppend(h, "ồng")), chíHash), c
		}
	}
	if slot := abbrevSlots[uint8(h)]; slot != 0 {
		if a := &abbrevList[slot-1]; foldsTo(word, a.short) {
			return append(ws, a.long...), skip
		}
	}
	return append(ws, mix64(h)), skip
}

// foldsTo reports whether word, which scanText took, folds to short, an
// abbreviation, by its runes' folded bytes: no new-style pair folds to
// any abbreviation.
func foldsTo(word, short string) bool {
	j := 0
	for i := 0; i < len(word); {
		f, size := factAt(word, i)
		n := int(uint8(f >> 24))
		if j+n > len(short) || short[j] != byte(f) || n > 1 && short[j+1] != byte(f>>8) || n > 2 && short[j+2] != byte(f>>16) {
			return false
		}
		i, j = i+size, j+n
	}
	return j == len(short)
}

// chíHash is the hash of the word that ends "đồng chí".
var chíHash = wordHash("chí")

// fnvAppend continues FNV-1a hash h over the bytes of s.
func fnvAppend(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// abbreviationC reports whether one of abbreviations, as the folded text
// would hold it, starts with the đ before s[i], and returns where its "c"
// is. Folded, a run of spaces is one space, "C" is "c", and the end of s,
// after which Fold trims and normalize adds a space, is a space.
func abbreviationC(s string, i int) (int, bool) {
	if i >= len(s) || s[i] != '/' && s[i] != '.' {
		return 0, false
	}
	slash := s[i] == '/'
	c := i + 1
	spaced := false
	for slash && c < len(s) {
		f, size := factAt(s, c)
		if f.flags()&fSpace == 0 {
			break
		}
		c += size
		spaced = true
	}
	if c >= len(s) || s[c] != 'c' && s[c] != 'C' {
		return 0, false
	}
	if c+1 == len(s) {
		return c, true
	}
	if f, _ := factAt(s, c+1); f.flags()&fSpace != 0 {
		return c, true
	}
	// Only "đ/c" may end with a comma or a colon.
	return c, slash && !spaced && (s[c+1] == ',' || s[c+1] == ':')
}

// spanSalient calls emit with each salient token of text, as scanSalient
// does, from the words scanText found in it: the tokenizer's state moves
// from word to word, and only a number that ends inside a word sends
// the tokenizer over the rest of it.
func (sc *scratch) spanSalient(text string, emit func(tok []byte)) {
	k := salientSink{sc: sc, text: text, run: sc.run[:0]}
	sentStart, joined := true, false
	numEnd := 0 // where the last number ended: words before it are in it
	for _, w := range sc.spans {
		start, end := int(w.start), int(w.end)
		switch {
		case end <= numEnd:
			continue
		case start < numEnd:
			sentStart, joined = k.tokens(text[:end], numEnd, sentStart, joined, emit)
			continue
		}
		if w.gap&afterLower != 0 {
			sentStart, joined = false, false
		}
		if w.gap&fSentEnd != 0 {
			sentStart = true
		}
		if w.gap&fBreak != 0 {
			joined = false
		}
		switch {
		case w.first&fDigit != 0:
			numEnd = numberEnd(text, start)
			k.take(token{start: start, end: numEnd, number: true, sentStart: sentStart, joined: joined}, emit)
			sentStart, joined = false, true
			if numEnd < end {
				sentStart, joined = k.tokens(text[:end], numEnd, sentStart, joined, emit)
			}
		case w.first&fUpper != 0:
			capital := w.rest&fLower != 0
			if capital {
				k.take(token{start: start, end: end, capital: true, sentStart: sentStart, joined: joined}, emit)
			}
			sentStart, joined = false, capital
		}
	}
	k.flush(emit)
	sc.run = k.run
}

// appendFoldWord appends vntext.Fold(word) for a word of letters and
// digits: the folded bytes of its runes when scanText could take them all
// and no new-style pair ends the word, else what vntext makes of it.
func appendFoldWord(b []byte, word string) []byte {
	start := len(b)
	var last uint16
	pair := false
	for i := 0; i < len(word); {
		f, size := factAt(word, i)
		if f == 0 || f.flags()&fWord == 0 {
			return vntext.AppendFold(b[:start], word)
		}
		pair = last&fOU != 0 && f.flags()&fPair != 0
		last = f.flags()
		b = append(b, byte(f), byte(f>>8), byte(f>>16))
		b = b[:len(b)-3+int(uint8(f>>24))]
		i += size
	}
	if pair {
		return vntext.AppendFold(b[:start], word)
	}
	return b
}
