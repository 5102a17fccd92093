package fetch

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// cp1258Table is Windows-1258 as x/text's charmap decodes it, a byte at a
// time, read from charmap when the package is loaded.
type cp1258Table struct {
	runes [256]rune
	utf8  [256]string
	// joins marks the bytes that may compose with the character before
	// them: the five combining tone marks (0xCC, 0xEC, 0xDE, 0xD2,
	// 0xF2). Every other byte decodes to a character that is NFC by
	// itself and composes with nothing before it.
	joins [256]bool
}

// cp1258 is immutable once built.
var cp1258 = buildCP1258Table()

func buildCP1258Table() *cp1258Table {
	t := &cp1258Table{}
	for i := range 256 {
		r := charmap.Windows1258.DecodeByte(byte(i))
		s := string(r)
		t.runes[i] = r
		t.utf8[i] = s
		t.joins[i] = !norm.NFC.PropertiesString(s).BoundaryBefore() || !norm.NFC.IsNormalString(s)
	}
	return t
}

// decodeWindows1258NFC is norm.NFC.Bytes of what x/text's Windows-1258
// decoder makes of b. That decoder leaves the tone marks Windows-1258
// writes after a letter as combining characters; here a letter and its
// mark become the precomposed character straight away (see composeNFC).
func decodeWindows1258NFC(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/2)
	for i := 0; i < len(b); {
		j := asciiEnd(b, i)
		if j < len(b) && j > i && cp1258.joins[b[j]] {
			j-- // the letter the mark goes on starts the chunk
		}
		out = append(out, b[i:j]...)
		if j == len(b) {
			break
		}
		k := j + 1
		for k < len(b) && cp1258.joins[b[k]] {
			k++
		}
		out = cp1258.appendChunk(out, b[j:k])
		i = k
	}
	return out
}

// appendChunk appends NFC of chunk, a byte and the marks after it, to
// out. A chunk that starts with a mark is the start of the text.
func (t *cp1258Table) appendChunk(out, chunk []byte) []byte {
	if len(chunk) == 1 && !t.joins[chunk[0]] {
		return append(out, t.utf8[chunk[0]]...)
	}
	if !t.joins[chunk[0]] {
		cur := t.runes[chunk[0]]
		for p := 1; ; p++ {
			if p == len(chunk) {
				return utf8.AppendRune(out, cur)
			}
			c := vnCompose.compose(cur, t.runes[chunk[p]])
			if c <= composeVerbatim {
				break // a tone on a consonant, two tones: norm's
			}
			cur = c
		}
	}
	var buf [64]byte
	text := buf[:0]
	for _, c := range chunk {
		text = append(text, t.utf8[c]...)
	}
	return norm.NFC.Append(out, text...)
}
