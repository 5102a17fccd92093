package sim

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// encode turns a feed written in NFC UTF-8 into the bytes the portal
// sends: with the prolog its charset quirk calls for, in NFD if it says
// so, or in Windows-1258.
func (p profile) encode(doc string) []byte {
	doc = p.prolog() + doc
	switch {
	case p.cp1258():
		return windows1258(doc)
	case p.nfd:
		return []byte(norm.NFD.String(doc))
	}
	return []byte(doc)
}

// Vietnamese tone marks and their Windows-1258 bytes: the code page has
// the base vowels with their other marks (â ê ô ă ơ ư) and writes tones
// as combining characters after them.
var toneBytes = map[rune]byte{0x300: 0xCC, 0x301: 0xEC, 0x303: 0xDE, 0x309: 0xD2, 0x323: 0xF2}

// windows1258 encodes s the way old Vietnamese Windows software does. A
// toned letter the code page has precomposed (à, é, ó …) is written
// precomposed at every other occurrence and decomposed at the rest, so the
// same word arrives as two byte strings, as it does from real portals. A
// character the code page lacks becomes a numeric character reference,
// which XML reads back to the same character (s holds no CDATA).
func windows1258(s string) []byte {
	out := make([]byte, 0, len(s))
	precomposed := false
	for _, r := range norm.NFC.String(s) {
		if b, ok := charmap.Windows1258.EncodeRune(r); ok {
			if r < 0x80 || !hasTone(r) {
				out = append(out, b)
				continue
			}
			if precomposed = !precomposed; precomposed {
				out = append(out, b)
				continue
			}
		}
		if enc, ok := splitTone(r); ok {
			out = append(out, enc...)
			continue
		}
		out = fmt.Appendf(out, "&#%d;", r)
	}
	return out
}

// hasTone reports whether a letter carries one of the five tone marks.
func hasTone(r rune) bool {
	for _, m := range norm.NFD.String(string(r)) {
		if _, ok := toneBytes[m]; ok {
			return true
		}
	}
	return false
}

// splitTone writes a letter as its base (with any non-tone mark kept
// precomposed) followed by its tone as a combining byte.
func splitTone(r rune) ([]byte, bool) {
	var base strings.Builder
	var tone []byte
	for _, m := range norm.NFD.String(string(r)) {
		if b, ok := toneBytes[m]; ok {
			tone = append(tone, b)
			continue
		}
		base.WriteRune(m)
	}
	var out []byte
	for _, c := range norm.NFC.String(base.String()) {
		b, ok := charmap.Windows1258.EncodeRune(c)
		if !ok {
			return nil, false
		}
		out = append(out, b)
	}
	return append(out, tone...), true
}
