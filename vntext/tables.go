package vntext

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The runes of Vietnamese text outside ASCII: Latin-1 and Latin
// Extended-A/B, Latin Extended Additional (the precomposed letters with
// two marks), and general punctuation and currency (“ ” – … ₫).
// Lookups in these ranges go through the tables below instead of the
// normalization trie, which a profile of a first pass showed as the
// biggest cost of NFC and Strip.
const (
	tableLo1, tableHi1 = 0x80, 0x250
	tableLo2, tableHi2 = 0x1e00, 0x1f00
	tableLo3, tableHi3 = 0x2000, 0x20d0
)

var tableRanges = [...][2]rune{{tableLo1, tableHi1}, {tableLo2, tableHi2}, {tableLo3, tableHi3}}

// tableIndex returns r's slot in the tables, or -1 outside them.
func tableIndex(r rune) int {
	switch {
	case tableLo1 <= r && r < tableHi1:
		return int(r - tableLo1)
	case tableLo2 <= r && r < tableHi2:
		return int(r-tableLo2) + (tableHi1 - tableLo1)
	case tableLo3 <= r && r < tableHi3:
		return int(r-tableLo3) + (tableHi1 - tableLo1) + (tableHi2 - tableLo2)
	}
	return -1
}

const tableSize = (tableHi1 - tableLo1) + (tableHi2 - tableLo2) + (tableHi3 - tableLo3)

// nfcStarter[i] holds when the rune at slot i is NFC on its own, has
// combining class 0 and never composes with the rune before it: a string
// of such runes (and ASCII) is NFC. It may compose with a mark after it
// (ê + U+0301 is ế), but such a mark is never in the table, and isNFC
// then checks from the rune before the mark.
var nfcStarter = func() (t [tableSize]bool) {
	for _, rg := range tableRanges {
		for r := rg[0]; r < rg[1]; r++ {
			s := string(r)
			p := norm.NFC.PropertiesString(s)
			t[tableIndex(r)] = p.CCC() == 0 && p.BoundaryBefore() && norm.NFC.IsNormalString(s)
		}
	}
	return t
}()

// stripped[i] is the rune at slot i without its diacritics (ê, ế, ệ → e;
// đ → d), or the rune itself; stripped runes are the ones a search key
// keeps after NFD minus the non-spacing marks.
var stripped = func() (t [tableSize]string) {
	for _, rg := range tableRanges {
		for r := rg[0]; r < rg[1]; r++ {
			t[tableIndex(r)] = stripSlow(r)
		}
	}
	return t
}()

// stripSlow drops the non-spacing marks of r's canonical decomposition.
func stripSlow(r rune) string {
	if r == 'đ' {
		return "d"
	}
	out := make([]byte, 0, 4)
	for _, d := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.Mn, d) {
			out = utf8.AppendRune(out, d)
		}
	}
	return string(out)
}

// isNFC reports whether s is NFC. Text made of ASCII and the table's
// starters is answered without the trie; anything else (combining marks,
// other scripts) goes to the quick check from the last safe boundary.
func isNFC(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if k := tableIndex(r); k >= 0 && nfcStarter[k] {
			i += n
			continue
		}
		// Everything before the rune before i is NFC and ends on a
		// boundary; the rune before i may compose with what follows.
		from := i
		if from > 0 {
			_, m := utf8.DecodeLastRuneInString(s[:from])
			from -= m
		}
		return norm.NFC.QuickSpanString(s[from:]) == len(s)-from
	}
	return true
}
