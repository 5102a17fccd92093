package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Vietnamese writes an open syllable ending in oa, oe or uy (u not part of
// qu) with the tone on the first vowel in the old style (hòa, khỏe, thủy)
// and on the second in the new style (hoà, khoẻ, thuỷ); portals mix both,
// often in one page. Fold maps the new style to the old one. Closed
// syllables (hoàng, thuyền), qu/gi syllables (quý) and triphthongs (ngoài,
// khuya) are written alike in both styles and must not move.

// Rows of one vowel with its tones, in the order: none, huyền, sắc, hỏi,
// ngã, nặng.
var (
	tonesA = [6]rune{'a', 'à', 'á', 'ả', 'ã', 'ạ'}
	tonesE = [6]rune{'e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'}
	tonesY = [6]rune{'y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'}
	tonesO = [6]rune{'o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'}
	tonesU = [6]rune{'u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'}
)

// toneOf returns the tone index (1..5) of r within row, or 0 when r is
// the plain vowel or not in the row.
func toneOf(r rune, row *[6]rune) int {
	for i := 1; i < len(row); i++ {
		if row[i] == r {
			return i
		}
	}
	return 0
}

// vowelBases are every Vietnamese vowel letter without its tone, lower
// case; a vowel before the pair means a triphthong, which does not move.
const vowelBases = "aăâeêioôơuưy"

// isVowel reports whether r is a lower-case Vietnamese vowel with or
// without tone mark.
func isVowel(r rune) bool {
	if r < utf8.RuneSelf {
		return strings.ContainsRune(vowelBases, r)
	}
	for _, row := range allVowelRows {
		for _, v := range row {
			if v == r {
				return true
			}
		}
	}
	return false
}

// allVowelRows lists each vowel with its tones, for isVowel.
var allVowelRows = [...][6]rune{
	tonesA, {'ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'}, {'â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'},
	tonesE, {'ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'},
	{'i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'},
	tonesO, {'ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'}, {'ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'},
	tonesU, {'ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'},
	tonesY,
}

// oldStyleTones rewrites the new-style oa/oe/uy syllables of lower-case
// NFC text in the old style, in place, and returns the rewritten part of
// b. The old style is never longer in UTF-8 (ỳ is three bytes, ù two;
// TestOldStyleNeverLonger), so the text only moves left, and what is
// still to be read is never overwritten. Only a rune after an ASCII o or
// u can move: the others are skipped by their lead byte (b is valid
// UTF-8, as appendLowerSpaces writes it) without being decoded.
func oldStyleTones(b []byte) []byte {
	w, last := 0, 0 // b[:w] is rewritten; b[last:i] is still to be moved to w
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if i == 0 || b[i-1] != 'o' && b[i-1] != 'u' {
			i += min(runeLen(c), len(b)-i)
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		var prev2 rune
		if i > 1 {
			prev2, _ = utf8.DecodeLastRune(b[:i-1])
		}
		if first, tone := newStylePair(prev2, rune(b[i-1]), r); tone != 0 && endsWord(b[i+n:]) {
			w += copy(b[w:], b[last:i-1])
			w += utf8.EncodeRune(b[w:], first[tone])
			w += utf8.EncodeRune(b[w:], secondPlain(r))
			last = i + n
		}
		i += n
	}
	if last == 0 {
		return b
	}
	w += copy(b[w:], b[last:])
	return b[:w]
}

// runeLen is the length of the rune a valid UTF-8 lead byte starts.
func runeLen(lead byte) int {
	switch {
	case lead < 0xc0:
		return 1
	case lead < 0xe0:
		return 2
	case lead < 0xf0:
		return 3
	}
	return 4
}

// newStylePair reports whether prev1 r is the plain first vowel and the
// toned second vowel of a new-style oa, oe or uy, with nothing before it
// that makes it a triphthong or a qu syllable. It returns the row of the
// first vowel and the tone.
func newStylePair(prev2, prev1, r rune) (*[6]rune, int) {
	var first *[6]rune
	var tone int
	switch {
	case prev1 == 'o':
		if tone = toneOf(r, &tonesA); tone == 0 {
			tone = toneOf(r, &tonesE)
		}
		first = &tonesO
	case prev1 == 'u':
		tone = toneOf(r, &tonesY)
		first = &tonesU
		if prev2 == 'q' {
			return nil, 0
		}
	default:
		return nil, 0
	}
	if tone == 0 || isVowel(prev2) {
		return nil, 0
	}
	return first, tone
}

// secondPlain returns the second vowel of the pair without its tone.
func secondPlain(r rune) rune {
	switch {
	case toneOf(r, &tonesA) != 0:
		return 'a'
	case toneOf(r, &tonesE) != 0:
		return 'e'
	}
	return 'y'
}

// endsWord reports whether rest starts where a syllable ends: nothing, or
// a rune that is neither a letter nor a combining mark nor a digit.
func endsWord(rest []byte) bool {
	if len(rest) == 0 {
		return true
	}
	r, _ := utf8.DecodeRune(rest)
	return !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}
