// Package vntext holds the rules for comparing Vietnamese text: the
// comparison key that makes two spellings of the same words equal (Unicode
// form, tone-mark placement, case, odd spaces, final punctuation), a
// diacritic-free form for search, and word splitting for shingling.
//
// Keys are for comparing only; what is stored and shown keeps the
// source's own spelling.
package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in NFC, skipping the work when s is already NFC (quick check).
func NFC(s string) string {
	// Most feed text is already NFC: one scan of it, without allocating,
	// answers (see isNFC).
	if isNFC(s) {
		return s
	}
	return norm.NFC.String(s)
}

// Fold returns the comparison key of s: NFC; tone marks of open oa/oe/uy
// syllables in the old style (hòa, khỏe, thủy, ủy), whichever style s used;
// lower case; Ð (U+00D0) and its look-alikes read as đ; every kind of space
// (NBSP, zero-width, tabs, newlines) one ASCII space, trimmed; final
// punctuation (. … ; : ! ? / and trailing quotes or dashes) removed.
// Diacritics are kept: thủy and thùy stay different.
func Fold(s string) string {
	s, renorm := lowerSpaces(NFC(s))
	if renorm {
		s = NFC(s)
	}
	s = oldStyleTones(s)
	return trimFinal(s)
}

// lowerSpaces lower-cases s, reads D-look-alikes as đ, turns every run of
// space-like runes into one ASCII space and drops invisible format runes.
// renorm reports a change that may have left s outside NFC (a dropped rune
// joins its neighbours; lower-casing outside Latin may compose
// differently); Latin letters keep NFC through lower-casing, so the
// common case skips a second normalization pass.
func lowerSpaces(s string) (out string, renorm bool) {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		var r rune
		if c := s[i]; c < utf8.RuneSelf {
			r = rune(c)
			i++
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
		}
		info := runeInfoOf(r)
		switch {
		case info.space:
			space = true
			continue
		case info.invisible:
			renorm = true
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		renorm = renorm || info.renorm
		if info.lower < utf8.RuneSelf {
			b = append(b, byte(info.lower))
		} else {
			b = utf8.AppendRune(b, info.lower)
		}
	}
	if space {
		b = append(b, ' ')
	}
	return string(b), renorm
}

// runeInfo is what lowerSpaces needs to know of a rune.
type runeInfo struct {
	lower            rune
	space, invisible bool
	renorm           bool // lower-casing it may leave the text outside NFC
}

func slowRuneInfo(r rune) runeInfo {
	l := lowerRune(r)
	return runeInfo{lower: l, space: isSpace(r), invisible: isInvisible(r), renorm: l != r && !isLatin(r)}
}

// asciiInfo and tableInfo answer runeInfoOf for ASCII and the tables'
// ranges, the runes of nearly all Vietnamese text, without the unicode
// package's range searches.
var (
	asciiInfo = func() (t [utf8.RuneSelf]runeInfo) {
		for r := range rune(utf8.RuneSelf) {
			t[r] = slowRuneInfo(r)
		}
		return t
	}()
	tableInfo = func() (t [tableSize]runeInfo) {
		for _, rg := range tableRanges {
			for r := rg[0]; r < rg[1]; r++ {
				t[tableIndex(r)] = slowRuneInfo(r)
			}
		}
		return t
	}()
)

func runeInfoOf(r rune) runeInfo {
	if r < utf8.RuneSelf {
		return asciiInfo[r]
	}
	if k := tableIndex(r); k >= 0 {
		return tableInfo[k]
	}
	return slowRuneInfo(r)
}

// isLatin reports the Latin blocks Vietnamese is written in, whose case
// pairs compose alike.
func isLatin(r rune) bool {
	return r < 0x250 || 0x1e00 <= r && r <= 0x1eff
}

// lowerRune lower-cases r; the eth and African D that some typing tools
// emit for Đ become đ.
func lowerRune(r rune) rune {
	switch r {
	case 'Đ', 'Ð', 'ð', 'Ɖ', 'ɖ':
		return 'đ'
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	return unicode.ToLower(r)
}

// isSpace reports the runes portals put where a space belongs: the
// Unicode spaces (NBSP, tabs, newlines, em spaces) and the zero-width ones.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	case '\u200b', '\u200c', '\u200d', '\ufeff', '\u2060', '\u180e':
		return true
	}
	return r >= 0x80 && unicode.IsSpace(r)
}

// isInvisible reports runes that render as nothing: soft hyphens and
// control characters that survive sloppy HTML extraction.
func isInvisible(r rune) bool {
	return r == '\u00ad' || r < 0x20 || (0x7f <= r && r < 0xa0)
}

// finalPunct holds what may end a sentence or a heading and does not
// change what it says; "./." is the way many portals end an article.
const finalPunct = ".…;:!?/\"'“”‘’«»„-‐‑‒–—―"

// trimFinal drops final punctuation and surrounding spaces.
func trimFinal(s string) string {
	s = strings.TrimRight(s, finalPunct+" ")
	return strings.TrimLeft(s, " ")
}

// Strip returns Fold(s) without any diacritics (đ → d), for search:
// "dan van" finds "dân vận".
func Strip(s string) string {
	f := Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	for _, r := range f {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if k := tableIndex(r); k >= 0 {
			b.WriteString(stripped[k])
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				b.WriteRune(d)
			}
		}
	}
	return b.String()
}

// Words splits a folded string into words: runs of letters and digits
// (with their combining marks). Everything else separates words.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !isWordRune(r)
	})
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if k := tableIndex(r); k >= 0 {
		return wordRune[k]
	}
	return slowWordRune(r)
}

func slowWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// wordRune is slowWordRune over the tables' ranges: the unicode
// package's range searches were a tenth of a fingerprint's time.
var wordRune = func() (t [tableSize]bool) {
	for _, rg := range tableRanges {
		for r := rg[0]; r < rg[1]; r++ {
			t[tableIndex(r)] = slowWordRune(r)
		}
	}
	return t
}()
