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

// oldStyleTones rewrites new-style oa/oe/uy syllables of a lower-case NFC
// string in the old style. It allocates only when something moves.
func oldStyleTones(s string) string {
	var b *strings.Builder
	last := 0 // bytes of s before last were copied into b
	var prev2, prev1 rune
	prev1Start := 0
	for i, r := range s {
		if r >= utf8.RuneSelf {
			if first, tone := newStylePair(prev2, prev1, r); tone != 0 && endsWord(s[i+utf8.RuneLen(r):]) {
				if b == nil {
					b = &strings.Builder{}
					b.Grow(len(s) + 2)
				}
				b.WriteString(s[last:prev1Start])
				b.WriteRune(first[tone])
				b.WriteRune(secondPlain(r))
				last = i + utf8.RuneLen(r)
			}
		}
		prev2, prev1, prev1Start = prev1, r, i
	}
	if b == nil {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
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
func endsWord(rest string) bool {
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}
