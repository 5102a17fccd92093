package fetch

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Vietnamese written with combining tone marks (legacy "Unicode tổ hợp"
// input, and every Windows-1258 feed) is the one case where NFC has work
// to do on our feeds, and norm does that work a character at a time
// through its reorder buffer. The composer here takes the common case,
// a vowel and one or two of the marks Vietnamese uses, from a table, and
// hands norm every other piece of text.
//
// Why handing pieces to norm keeps the result that of norm.NFC.Bytes:
// text splits into chunks, each starting at a character that is NFC by
// itself and composes with nothing before it (ASCII, the nfcInert
// ranges, otherStarter), and NFC of the whole is NFC of each chunk put together; and
// NFC(x y) is NFC(NFC(x) y), so a chunk can be composed one mark at a
// time while each step gives one character. FuzzNFCMatchesNorm checks
// both against norm.

// composeNorm and composeVerbatim are the two entries of the composition
// table that are not a character: the pair is not in the table (ask
// norm), or NFC leaves the pair as it is.
const (
	composeNorm     = 0
	composeVerbatim = 1
)

// vietnameseMarks are the combining marks the table composes: the five
// tones (grave, acute, tilde, hook above, dot below, which are also the
// five combining marks of Windows-1258), then circumflex, breve and horn.
// In decomposed text a tone may follow the marks from dot below on:
// "ậ" is a, dot below, circumflex; "ế" is e, circumflex, acute.
var vietnameseMarks = [...]rune{0x0300, 0x0301, 0x0303, 0x0309, 0x0323, 0x0302, 0x0306, 0x031B}

const firstInnerMark = 4 // index in vietnameseMarks of dot below

// vietnameseVowels are the letters the table composes marks onto. It
// also takes the letters a vowel and one inner mark make (ạ, ô, ư, ...),
// so a vowel with two marks is two look-ups. A mark on anything else (a
// consonant, a digit, a vowel with a tone already) is norm's.
const vietnameseVowels = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"

// composeTable is NFC of a base and a mark, read from norm when the
// package is loaded. slot numbers the bases; slot 0 is no base.
type composeTable struct {
	markSlot [0x24]int8                     // mark - U+0300 → index in vietnameseMarks, or -1
	lowSlot  [0x250]uint16                  // base below U+0250 → slot
	extSlot  [0x100]uint16                  // base in U+1E00..U+1EFF → slot
	pairs    [][len(vietnameseMarks)]uint16 // slot, mark index → NFC, composeNorm or composeVerbatim
}

// vnCompose is immutable once built.
var vnCompose = buildComposeTable()

func buildComposeTable() *composeTable {
	t := &composeTable{pairs: make([][len(vietnameseMarks)]uint16, 1)}
	for i := range t.markSlot {
		t.markSlot[i] = -1
	}
	for i, m := range vietnameseMarks {
		t.markSlot[m-0x300] = int8(i)
	}
	vowels := []rune(vietnameseVowels)
	var inner []rune
	for _, row := range t.add(vowels) {
		for _, c := range row[firstInnerMark:] {
			if c > composeVerbatim {
				inner = append(inner, rune(c))
			}
		}
	}
	t.add(inner)
	return t
}

// add gives each base not in the table yet a slot, and returns the
// rows of all.
func (t *composeTable) add(bases []rune) [][len(vietnameseMarks)]uint16 {
	rows := nfcPairs(bases)
	for i, row := range rows {
		if slot := t.slotPtr(bases[i]); slot != nil && *slot == 0 {
			*slot = uint16(len(t.pairs))
			t.pairs = append(t.pairs, row)
		}
	}
	return rows
}

// nfcPairs is norm's NFC of each base with each of vietnameseMarks, as
// table entries: one character of the Basic Multilingual Plane,
// composeVerbatim, or composeNorm for anything else (a pair whose marks
// NFC reorders, say). The pairs go to norm in one text, a space after
// each, which keeps each pair's NFC its own and spares norm's set-up
// per pair.
func nfcPairs(bases []rune) [][len(vietnameseMarks)]uint16 {
	var text []byte
	for _, b := range bases {
		for _, m := range vietnameseMarks {
			text = utf8.AppendRune(utf8.AppendRune(text, b), m)
			text = append(text, ' ')
		}
	}
	rows := make([][len(vietnameseMarks)]uint16, len(bases))
	nfc := norm.NFC.Bytes(text)
	for i, b := range bases {
		for j, m := range vietnameseMarks {
			end := bytes.IndexByte(nfc, ' ')
			if end < 0 {
				return rows // cannot be; composeNorm is right anyway
			}
			got := nfc[:end]
			nfc = nfc[end+1:]
			var buf [8]byte
			r, n := utf8.DecodeRune(got)
			switch {
			case bytes.Equal(got, utf8.AppendRune(utf8.AppendRune(buf[:0], b), m)):
				rows[i][j] = composeVerbatim
			case n == len(got) && r > composeVerbatim && r <= 0xFFFF:
				rows[i][j] = uint16(r)
			}
		}
	}
	return rows
}

func (t *composeTable) slotPtr(r rune) *uint16 {
	switch {
	case 0 <= r && r < rune(len(t.lowSlot)):
		return &t.lowSlot[r]
	case 0x1E00 <= r && r < 0x1F00:
		return &t.extSlot[r-0x1E00]
	}
	return nil
}

// compose is NFC of base and mark: a character, composeVerbatim or
// composeNorm.
func (t *composeTable) compose(base, mark rune) rune {
	var slot uint16
	switch {
	case 0 <= base && base < rune(len(t.lowSlot)):
		slot = t.lowSlot[base]
	case 0x1E00 <= base && base < 0x1F00:
		slot = t.extSlot[base-0x1E00]
	}
	m := mark - 0x300
	if slot == 0 || m < 0 || m >= rune(len(t.markSlot)) || t.markSlot[m] < 0 {
		return composeNorm
	}
	return rune(t.pairs[slot][t.markSlot[m]])
}

// composeNFC returns norm.NFC.Bytes(b), composing Vietnamese vowels and
// their marks by table. b is meant to be valid UTF-8 that is not plainly
// NFC; anything else is norm's alone.
func composeNFC(b []byte) []byte {
	var out []byte
	done := 0    // b[:done] is in out, and b[done] starts a chunk
	start := -1  // the last character that starts a chunk, -1 for none yet
	byTable := 0 // chunks the table composed
	foreign := 0 // characters and chunks norm was asked about
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i = asciiEnd(b, i)
			start = i - 1
			continue
		}
		if b[i] == 0xCC && start >= 0 {
			// The common chunk of decomposed Vietnamese, a letter and its
			// marks, composed without appendComposed's look at each.
			if end, r, ok := composeMarks(b, start, i); ok {
				if out == nil {
					out = make([]byte, 0, len(b))
				}
				out = utf8.AppendRune(append(out, b[done:start]...), r)
				byTable++
				done, start, i = end, -1, end
				continue
			}
		}
		r, n := decodeRune(b[i:])
		if n == 1 {
			return norm.NFC.Bytes(b)
		}
		if inertRune(r) {
			start, i = i, i+n
			continue
		}
		if otherStarter(r, b[i:i+n]) {
			start, i = i, i+n
			foreign++
		} else {
			end, ok := chunkEnd(b, i+n)
			if !ok {
				return norm.NFC.Bytes(b)
			}
			if out == nil {
				out = make([]byte, 0, len(b))
			}
			var composed bool
			if start < 0 { // marks at the start of the text
				out, composed = norm.NFC.Append(out, b[:end]...), false
			} else {
				out, composed = appendComposed(append(out, b[done:start]...), b[start:end])
			}
			if composed {
				byTable++
			} else {
				foreign++
			}
			done, start, i = end, -1, end
		}
		// Text that is not Vietnamese (kana, Cyrillic) is norm's
		// anyway, and norm is quicker over it in one piece.
		if foreign > 32 && foreign > byTable {
			if done == 0 {
				return norm.NFC.Bytes(b) // b itself when it is NFC
			}
			return norm.NFC.Append(out, b[done:]...)
		}
	}
	return append(out, b[done:]...)
}

// composeMarks is appendComposed of the chunk at b[start], when it is the
// character there and the marks from U+0300 to U+033F from b[i] on, up
// to ASCII or the end of b, and the table composes them all: it returns
// the end of the chunk and the character the chunk composes to.
func composeMarks(b []byte, start, i int) (end int, r rune, ok bool) {
	r = rune(b[start])
	if r >= utf8.RuneSelf {
		r, _ = decodeRune(b[start:i])
	}
	for i+1 < len(b) && b[i] == 0xCC && b[i+1]&0xC0 == 0x80 {
		c := vnCompose.compose(r, 0x300|rune(b[i+1]&0x3F))
		if c <= composeVerbatim {
			return 0, 0, false
		}
		r, i = c, i+2
	}
	if i < len(b) && b[i] >= utf8.RuneSelf {
		return 0, 0, false // the chunk goes on, or what is there is no mark
	}
	return i, r, true
}

// asciiEnd is the index of the first byte from i on that is not ASCII.
func asciiEnd(b []byte, i int) int {
	const high = 0x8080808080808080
	for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:])&high == 0 {
		i += 8
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// chunkEnd is where the next chunk starts from i on: the next character
// that is NFC by itself and composes with nothing before it, or the end.
// ok is false when the bytes are not UTF-8.
func chunkEnd(b []byte, i int) (end int, ok bool) {
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			return i, true
		}
		r, n := decodeRune(b[i:])
		if n == 1 {
			return i, false
		}
		if inertRune(r) || otherStarter(r, b[i:i+n]) {
			return i, true
		}
		i += n
	}
	return i, true
}

// otherStarter reports whether r, encoded as c and outside the nfcInert
// ranges, is NFC by itself and composes with nothing before it, as an
// emoji, a kana or a Cyrillic letter does; norm knows. Combining marks
// never are.
func otherStarter(r rune, c []byte) bool {
	if 0x0300 <= r && r < 0x0370 {
		return false
	}
	return norm.NFC.Properties(c).BoundaryBefore() && norm.NFC.IsNormal(c)
}

// appendComposed appends NFC of chunk, a starter and what follows it up
// to the next chunk, to out; composed says whether the table did it.
func appendComposed(out, chunk []byte) ([]byte, bool) {
	cur, n := decodeRune(chunk)
	for p := n; p < len(chunk); {
		mark, k := decodeRune(chunk[p:])
		switch c := vnCompose.compose(cur, mark); {
		case c > composeVerbatim:
			cur = c
		case c == composeVerbatim && p+k == len(chunk):
			return append(utf8.AppendRune(out, cur), chunk[p:]...), true
		default:
			return norm.NFC.Append(out, chunk...), false
		}
		p += k
	}
	return utf8.AppendRune(out, cur), true
}
