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
	// QuickSpan finds the longest NFC prefix without allocating; most feed
	// text is already NFC so the common case is a single scan.
	if norm.NFC.QuickSpanString(s) == len(s) {
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
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isSpace(r):
			space = true
			continue
		case isInvisible(r):
			renorm = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		l := lowerRune(r)
		if l != r && !isLatin(r) {
			renorm = true
		}
		b.WriteRune(l)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String(), renorm
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
		if r == 'đ' {
			b.WriteByte('d')
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
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
