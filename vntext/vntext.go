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
	return string(AppendFold(make([]byte, 0, len(s)), s))
}

// AppendFold appends Fold(s) to dst and returns the extended buffer. A
// caller that folds much text (dedup, for every item) reuses one buffer:
// nothing is allocated once it is large enough, unless s needs Unicode
// normalization.
func AppendFold(dst []byte, s string) []byte {
	start := len(dst)
	dst, ok := appendFoldFast(dst, s)
	if !ok {
		dst = appendFoldSlow(dst[:start], s)
	}
	key := trimFinal(dst[start:])
	return dst[:start+copy(dst[start:], key)]
}

// appendFoldSlow appends Fold(s) but for the final trim, step by step.
func appendFoldSlow(dst []byte, s string) []byte {
	start := len(dst)
	dst, renorm := appendLowerSpaces(dst, NFC(s))
	if renorm && !norm.NFC.IsNormal(dst[start:]) {
		key := norm.NFC.String(string(dst[start:]))
		dst = append(dst[:start], key...)
	}
	return dst[:start+len(oldStyleTones(dst[start:]))]
}

// appendFoldFast is appendFoldSlow in one pass for text of ASCII and the
// tables' NFC starters (nearly all Vietnamese text): such text is NFC
// (see isNFC), lower-casing keeps it NFC, and a new-style pair is
// rewritten as soon as the rune after it shows the syllable ends. On
// anything else (other scripts, combining marks, invisible runes) it
// gives up, ok false, having appended part of the key.
func appendFoldFast(b []byte, s string) (out []byte, ok bool) {
	start := len(b)
	space := false // b ends with the space that stands for a run of them
	pair := -1     // where in b a new-style pair starts that waits for the end of its word
	var prev2 rune // the rune before the pair
	for i := 0; i < len(s); {
		if v := asciiFold[s[i]]; v != 0 {
			// Printable ASCII, lower-cased, or an ASCII space.
			i++
			if pair >= 0 {
				if asciiEndsWord[v] {
					b = rewritePair(b, pair, prev2)
				}
				pair = -1
			}
			if v != ' ' {
				b = append(b, v)
				space = false
			} else if !space {
				b = append(b, ' ')
				space = true
			}
			continue
		}
		r, n, k := tableRune(s, i)
		var info *runeInfo
		switch {
		case r < utf8.RuneSelf:
			info = &asciiInfo[r]
		case k < 0:
			return b, false
		default:
			info = &tableInfo[k]
		}
		if !info.fast {
			return b, false
		}
		i += n
		if pair >= 0 {
			if info.space || info.endsWord {
				b = rewritePair(b, pair, prev2)
			}
			pair = -1
		}
		if info.space {
			if !space {
				b = append(b, ' ')
				space = true
			}
			continue
		}
		space = false
		if last := len(b) - 1; last >= start && (b[last] == 'o' || b[last] == 'u') {
			prev2 = 0
			if last > start {
				prev2, _ = utf8.DecodeLastRune(b[start:last])
			}
			if _, tone := newStylePair(prev2, rune(b[last]), info.lower); tone != 0 {
				pair = last
			}
		}
		switch {
		case info.lower != r:
			b = utf8.AppendRune(b, info.lower)
		case n == 2:
			b = append(b, s[i-2], s[i-1])
		default:
			b = append(b, s[i-n:i]...)
		}
	}
	if pair >= 0 {
		b = rewritePair(b, pair, prev2)
	}
	return b, true
}

// rewritePair writes the new-style pair that ends b, from pair on, after
// prev2, in the old style: the tone on the first vowel.
func rewritePair(b []byte, pair int, prev2 rune) []byte {
	r, _ := utf8.DecodeRune(b[pair+1:])
	first, tone := newStylePair(prev2, rune(b[pair]), r)
	b = utf8.AppendRune(b[:pair], first[tone])
	return utf8.AppendRune(b, secondPlain(r))
}

// appendLowerSpaces appends s lower-cased, with D-look-alikes read as đ,
// every run of space-like runes one ASCII space and invisible format runes
// dropped. renorm reports a change that may have left the text outside
// NFC (a dropped rune joins its neighbours; lower-casing outside Latin may
// compose differently); Latin letters keep NFC through lower-casing, so
// the common case skips a second normalization pass.
func appendLowerSpaces(b []byte, s string) (out []byte, renorm bool) {
	space := false
	for i := 0; i < len(s); {
		var info runeInfo
		r, n := rune(s[i]), 1
		if r < utf8.RuneSelf {
			info = asciiInfo[r]
		} else {
			r, n = decodeRune(s, i)
			if k := tableIndex(r); k >= 0 {
				info = tableInfo[k]
			} else {
				info = slowRuneInfo(r)
			}
		}
		i += n
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
		b = utf8.AppendRune(b, info.lower)
	}
	if space {
		b = append(b, ' ')
	}
	return b, renorm
}

// tableRune decodes the rune at s[i] like decodeRune and returns its
// slot in the tables too (tableIndex); the usual runes of Vietnamese
// text are placed without a range search.
func tableRune(s string, i int) (r rune, size, slot int) {
	switch c := s[i]; {
	case c < utf8.RuneSelf:
		return rune(c), 1, -1
	case 0xc2 <= c && c < 0xc9 && i+1 < len(s) && s[i+1]&0xc0 == 0x80:
		// U+0080-U+023F, in the first range.
		r = rune(c&0x1f)<<6 | rune(s[i+1]&0x3f)
		return r, 2, int(r - tableLo1)
	case c == 0xe1 && i+2 < len(s) && s[i+1]&0xfc == 0xb8 && s[i+2]&0xc0 == 0x80:
		// U+1E00-U+1EFF, the second range.
		r = 0x1e00 | rune(s[i+1]&0x03)<<6 | rune(s[i+2]&0x3f)
		return r, 3, int(r-tableLo2) + (tableHi1 - tableLo1)
	}
	r, size = decodeRune(s, i)
	return r, size, tableIndex(r)
}

// decodeRune is utf8.DecodeRuneInString(s[i:]) with the two- and
// three-byte forms of Vietnamese letters decoded inline.
func decodeRune(s string, i int) (rune, int) {
	switch c := s[i]; {
	case 0xc2 <= c && c < 0xe0 && i+1 < len(s):
		if c1 := s[i+1]; c1&0xc0 == 0x80 {
			return rune(c&0x1f)<<6 | rune(c1&0x3f), 2
		}
	case 0xe1 <= c && c < 0xed && i+2 < len(s):
		// E1-EC lead no surrogate and no overlong form: any two
		// continuation bytes make a valid rune.
		if c1, c2 := s[i+1], s[i+2]; c1&0xc0 == 0x80 && c2&0xc0 == 0x80 {
			return rune(c&0x0f)<<12 | rune(c1&0x3f)<<6 | rune(c2&0x3f), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runeInfo is what appendLowerSpaces needs to know of a rune.
type runeInfo struct {
	lower            rune
	space, invisible bool
	renorm           bool // lower-casing it may leave the text outside NFC
	endsWord         bool // lower is neither a letter nor a mark nor a digit
	fast             bool // appendFoldFast can take it (fastInfo)
}

func slowRuneInfo(r rune) runeInfo {
	l := lowerRune(r)
	info := runeInfo{lower: l, space: isSpace(r), invisible: isInvisible(r), renorm: l != r && !isLatin(r),
		endsWord: endsWord(utf8.AppendRune(nil, l))}
	info.fast = fastInfo(info, r < utf8.RuneSelf)
	return info
}

// fastInfo reports a rune appendFoldFast folds: NFC on its own, never
// composing with the rune before it (nfc: ASCII or nfcStarter), kept NFC
// by lower-casing, and not a dropped invisible rune (a space is never
// dropped, though "\n" is a control).
func fastInfo(info runeInfo, nfc bool) bool {
	return nfc && !info.renorm && (info.space || !info.invisible)
}

// asciiInfo and tableInfo answer for ASCII and the tables'
// ranges, the runes of nearly all Vietnamese text, without the unicode
// package's range searches.
var (
	asciiInfo = func() (t [utf8.RuneSelf]runeInfo) {
		for r := range rune(utf8.RuneSelf) {
			t[r] = slowRuneInfo(r)
		}
		return t
	}()
	// asciiFold is the lower-case byte of each printable ASCII byte, a
	// space for the ASCII spaces, and 0 for the controls and non-ASCII
	// bytes;
	// asciiEndsWord tells which lower-case bytes end a syllable.
	asciiFold = func() (t [256]byte) {
		for c, info := range asciiInfo {
			switch {
			case info.space:
				t[c] = ' '
			case !info.invisible:
				t[c] = byte(info.lower)
			}
		}
		return t
	}()
	asciiEndsWord = func() (t [utf8.RuneSelf]bool) {
		for c, info := range asciiInfo {
			t[c] = info.endsWord
		}
		return t
	}()
	tableInfo = func() (t [tableSize]runeInfo) {
		for _, rg := range tableRanges {
			for r := rg[0]; r < rg[1]; r++ {
				info := slowRuneInfo(r)
				info.fast = fastInfo(info, nfcStarter[tableIndex(r)])
				t[tableIndex(r)] = info
			}
		}
		return t
	}()
)

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

// trimFinal drops final punctuation and surrounding spaces: a sub-slice
// of b.
func trimFinal(b []byte) []byte {
	for len(b) > 0 {
		r, n := rune(b[len(b)-1]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeLastRune(b)
		}
		if r != ' ' && !strings.ContainsRune(finalPunct, r) {
			break
		}
		b = b[:len(b)-n]
	}
	for len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	return b
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

// IsWordRune reports whether r belongs to a word for Words: a letter, a
// digit or a combining mark. Callers that walk folded text themselves
// split it exactly as Words does with it.
func IsWordRune(r rune) bool { return isWordRune(r) }

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
