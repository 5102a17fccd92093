package dedup

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"bantin/vntext"
)

// vntext.Fold as it was when the golden file was written, for the
// reference Fingerprint: the old code, whole, even where vntext has since
// been made faster (AppendFold). vntext.NFC and vntext.Words are
// unchanged and used as they are.

func refVFold(s string) string {
	s, renorm := refVLowerSpaces(vntext.NFC(s))
	if renorm {
		s = vntext.NFC(s)
	}
	s = refVOldStyleTones(s)
	return refVTrimFinal(s)
}

// refVLowerSpaces lower-cases s, reads D-look-alikes as đ, turns every run of
// space-like runes into one ASCII space and drops invisible format runes.
// renorm reports a change that may have left s outside NFC (a dropped rune
// joins its neighbours; lower-casing outside Latin may compose
// differently); Latin letters keep NFC through lower-casing, so the
// common case skips a second normalization pass.
func refVLowerSpaces(s string) (out string, renorm bool) {
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
		info := refVRuneInfoOf(r)
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

// refVRuneInfo is what refVLowerSpaces needs to know of a rune.
type refVRuneInfo struct {
	lower            rune
	space, invisible bool
	renorm           bool // lower-casing it may leave the text outside NFC
}

func refVSlowRuneInfo(r rune) refVRuneInfo {
	l := refVLowerRune(r)
	return refVRuneInfo{lower: l, space: refVIsSpace(r), invisible: refVIsInvisible(r), renorm: l != r && !refVIsLatin(r)}
}

// refVAsciiInfo and refVTableInfo answer refVRuneInfoOf for ASCII and the tables'
// ranges, the runes of nearly all Vietnamese text, without the unicode
// package's range searches.
var (
	refVAsciiInfo = func() (t [utf8.RuneSelf]refVRuneInfo) {
		for r := range rune(utf8.RuneSelf) {
			t[r] = refVSlowRuneInfo(r)
		}
		return t
	}()
	refVTableInfo = func() (t [refVTableSize]refVRuneInfo) {
		for _, rg := range refVTableRanges {
			for r := rg[0]; r < rg[1]; r++ {
				t[refVTableIndex(r)] = refVSlowRuneInfo(r)
			}
		}
		return t
	}()
)

func refVRuneInfoOf(r rune) refVRuneInfo {
	if r < utf8.RuneSelf {
		return refVAsciiInfo[r]
	}
	if k := refVTableIndex(r); k >= 0 {
		return refVTableInfo[k]
	}
	return refVSlowRuneInfo(r)
}

// refVIsLatin reports the Latin blocks Vietnamese is written in, whose case
// pairs compose alike.
func refVIsLatin(r rune) bool {
	return r < 0x250 || 0x1e00 <= r && r <= 0x1eff
}

// refVLowerRune lower-cases r; the eth and African D that some typing tools
// emit for Đ become đ.
func refVLowerRune(r rune) rune {
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

// refVIsSpace reports the runes portals put where a space belongs: the
// Unicode spaces (NBSP, tabs, newlines, em spaces) and the zero-width ones.
func refVIsSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	case '\u200b', '\u200c', '\u200d', '\ufeff', '\u2060', '\u180e':
		return true
	}
	return r >= 0x80 && unicode.IsSpace(r)
}

// refVIsInvisible reports runes that render as nothing: soft hyphens and
// control characters that survive sloppy HTML extraction.
func refVIsInvisible(r rune) bool {
	return r == '\u00ad' || r < 0x20 || (0x7f <= r && r < 0xa0)
}

// refVFinalPunct holds what may end a sentence or a heading and does not
// change what it says; "./." is the way many portals end an article.
const refVFinalPunct = ".…;:!?/\"'“”‘’«»„-‐‑‒–—―"

// refVTrimFinal drops final punctuation and surrounding spaces.
func refVTrimFinal(s string) string {
	s = strings.TrimRight(s, refVFinalPunct+" ")
	return strings.TrimLeft(s, " ")
}

var (
	refVTonesA = [6]rune{'a', 'à', 'á', 'ả', 'ã', 'ạ'}
	refVTonesE = [6]rune{'e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'}
	refVTonesY = [6]rune{'y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'}
	refVTonesO = [6]rune{'o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'}
	refVTonesU = [6]rune{'u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'}
)

// refVToneOf returns the tone index (1..5) of r within row, or 0 when r is
// the plain vowel or not in the row.
func refVToneOf(r rune, row *[6]rune) int {
	for i := 1; i < len(row); i++ {
		if row[i] == r {
			return i
		}
	}
	return 0
}

const refVVowelBases = "aăâeêioôơuưy"

// refVIsVowel reports whether r is a lower-case Vietnamese vowel with or
// without tone mark.
func refVIsVowel(r rune) bool {
	if r < utf8.RuneSelf {
		return strings.ContainsRune(refVVowelBases, r)
	}
	for _, row := range refVAllVowelRows {
		for _, v := range row {
			if v == r {
				return true
			}
		}
	}
	return false
}

// refVAllVowelRows lists each vowel with its tones, for refVIsVowel.
var refVAllVowelRows = [...][6]rune{
	refVTonesA, {'ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'}, {'â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'},
	refVTonesE, {'ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'},
	{'i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'},
	refVTonesO, {'ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'}, {'ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'},
	refVTonesU, {'ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'},
	refVTonesY,
}

// refVOldStyleTones rewrites new-style oa/oe/uy syllables of a lower-case NFC
// string in the old style. It allocates only when something moves.
func refVOldStyleTones(s string) string {
	var b *strings.Builder
	last := 0 // bytes of s before last were copied into b
	var prev2, prev1 rune
	prev1Start := 0
	for i, r := range s {
		if r >= utf8.RuneSelf {
			if first, tone := refVNewStylePair(prev2, prev1, r); tone != 0 && refVEndsWord(s[i+utf8.RuneLen(r):]) {
				if b == nil {
					b = &strings.Builder{}
					b.Grow(len(s) + 2)
				}
				b.WriteString(s[last:prev1Start])
				b.WriteRune(first[tone])
				b.WriteRune(refVSecondPlain(r))
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

// refVNewStylePair reports whether prev1 r is the plain first vowel and the
// toned second vowel of a new-style oa, oe or uy, with nothing before it
// that makes it a triphthong or a qu syllable. It returns the row of the
// first vowel and the tone.
func refVNewStylePair(prev2, prev1, r rune) (*[6]rune, int) {
	var first *[6]rune
	var tone int
	switch {
	case prev1 == 'o':
		if tone = refVToneOf(r, &refVTonesA); tone == 0 {
			tone = refVToneOf(r, &refVTonesE)
		}
		first = &refVTonesO
	case prev1 == 'u':
		tone = refVToneOf(r, &refVTonesY)
		first = &refVTonesU
		if prev2 == 'q' {
			return nil, 0
		}
	default:
		return nil, 0
	}
	if tone == 0 || refVIsVowel(prev2) {
		return nil, 0
	}
	return first, tone
}

// refVSecondPlain returns the second vowel of the pair without its tone.
func refVSecondPlain(r rune) rune {
	switch {
	case refVToneOf(r, &refVTonesA) != 0:
		return 'a'
	case refVToneOf(r, &refVTonesE) != 0:
		return 'e'
	}
	return 'y'
}

// refVEndsWord reports whether rest starts where a syllable ends: nothing, or
// a rune that is neither a letter nor a combining mark nor a digit.

func refVEndsWord(rest string) bool {
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}

const (
	refVTableLo1, refVTableHi1 = 0x80, 0x250
	refVTableLo2, refVTableHi2 = 0x1e00, 0x1f00
	refVTableLo3, refVTableHi3 = 0x2000, 0x20d0
)

var refVTableRanges = [...][2]rune{{refVTableLo1, refVTableHi1}, {refVTableLo2, refVTableHi2}, {refVTableLo3, refVTableHi3}}

// refVTableIndex returns r's slot in the tables, or -1 outside them.
func refVTableIndex(r rune) int {
	switch {
	case refVTableLo1 <= r && r < refVTableHi1:
		return int(r - refVTableLo1)
	case refVTableLo2 <= r && r < refVTableHi2:
		return int(r-refVTableLo2) + (refVTableHi1 - refVTableLo1)
	case refVTableLo3 <= r && r < refVTableHi3:
		return int(r-refVTableLo3) + (refVTableHi1 - refVTableLo1) + (refVTableHi2 - refVTableLo2)
	}
	return -1
}

const refVTableSize = (refVTableHi1 - refVTableLo1) + (refVTableHi2 - refVTableLo2) + (refVTableHi3 - refVTableLo3)
