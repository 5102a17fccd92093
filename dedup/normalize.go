package dedup

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"bantin/vntext"
)

// titlePrefix matches the label a re-poster puts before a borrowed title:
// "Phường Lam Hạ: ", "Xã Thanh Sơn - ", "UBND thị trấn Kiện Khê – ",
// "[Thành phố Phủ Lý] ". It runs on the folded title. The label is at most
// eight words so that a title which merely starts with a unit's name and
// has a colon far later keeps its words.
var titlePrefix = regexp.MustCompile(
	`^[\[(]?(?:phường|xã|thị trấn|thị xã|thành phố|tp\.?|huyện|quận|tỉnh|ubnd|hđnd|mttq|ủy ban nhân dân|đảng ủy|thành ủy|huyện ủy|tỉnh ủy|công an|ban\s)` +
		`(?:\s*[^\s:\-–—\])]+){0,7}\s*(?::|\]|\)|\s[\-–—])\s*`)

// shortLabel matches a short heading-like label of up to four words before
// a colon ("Tin ảnh:", "Thời sự địa phương:").
var shortLabel = regexp.MustCompile(`^(?:[^\s:]+\s){0,3}[^\s:]+:\s+`)

// labelEnds holds what every label of titlePrefix and shortLabel ends
// with: a title without any of them has no label, and most titles are
// answered without running the expressions.
const labelEnds = ":])-–—"

// titleLabelEnd returns where a folded title starts after a re-poster's
// label, or 0; a title that is all label keeps it.
func titleLabelEnd(t []byte) int {
	if !hasLabelEnd(t) {
		return 0
	}
	off := 0
	for _, re := range [...]*regexp.Regexp{titlePrefix, shortLabel} {
		if loc := re.FindIndex(t[off:]); loc != nil && off+loc[1] < len(t) {
			off += loc[1]
		}
	}
	return off
}

// hasLabelEnd is bytes.ContainsAny(t, labelEnds) without decoding t:
// that took a twentieth of a fingerprint's time. Folding never makes
// these runes, so a title without them has none once folded either.
func hasLabelEnd[S ~string | ~[]byte](t S) bool {
	for i := 0; i < len(t); i++ {
		if !labelBytes[t[i]] {
			continue
		}
		// – and — are E2 80 93 and E2 80 94.
		if t[i] != 0xe2 || i+2 < len(t) && t[i+1] == 0x80 && (t[i+2] == 0x93 || t[i+2] == 0x94) {
			return true
		}
	}
	return false
}

// labelBytes holds the ASCII runes of labelEnds and the lead byte of
// the others.
var labelBytes = func() (t [256]bool) {
	for _, r := range labelEnds {
		t[string(r)[0]] = true
	}
	return t
}()

// abbreviations are spellings re-posters expand or contract, in folded
// form, the short form first; words are compared after expansion. Every
// short form starts with "đ/" or "đ." (hasAbbreviation and appendExpanded
// rely on it) and none is a prefix of another, so at most one matches
// anywhere (TestAbbreviationsShape).
var abbreviations = [...]struct{ short, long string }{
	{"đ/c ", "đồng chí "},
	{"đ/c,", "đồng chí,"},
	{"đ/c:", "đồng chí:"},
	{"đ/ c ", "đồng chí "},
	{"đ.c ", "đồng chí "},
}

// abbrevWords maps single-word abbreviations to the words they stand for.
var abbrevWords = map[string][]string{
	"ubnd": {"ủy", "ban", "nhân", "dân"},
	"hđnd": {"hội", "đồng", "nhân", "dân"},
	"mttq": {"mặt", "trận", "tổ", "quốc"},
	"tp":   {"thành", "phố"},
	"btv":  {"ban", "thường", "vụ"},
	"bch":  {"ban", "chấp", "hành"},
}

// abbrevSlots finds a word's abbreviation by the low byte of its FNV-1a
// hash before mixing, which addWords has at hand: slot h%256 holds 1 + the
// abbreviation's index in abbrevList, or 0. The short forms' hashes
// differ in their low bytes (the init panics otherwise), and a hit is
// confirmed by comparing the words.
var abbrevList, abbrevSlots = func() (list []abbrev, slots [256]uint8) {
	for short, long := range abbrevWords {
		a := abbrev{short: short}
		for _, w := range long {
			a.long = append(a.long, wordHash(w))
		}
		list = append(list, a)
	}
	slices.SortFunc(list, func(a, b abbrev) int { return strings.Compare(a.short, b.short) })
	for i, a := range list {
		slot := &slots[uint8(fnv(a.short))]
		if *slot != 0 {
			panic("dedup: abbreviations " + a.short + " and " + list[*slot-1].short + " share a slot")
		}
		*slot = uint8(i + 1)
	}
	return list, slots
}()

// maxLong is the most words an abbreviation stands for.
const maxLong = 4

// abbrev is a single-word abbreviation with the hashes of its words.
type abbrev struct {
	short string
	long  []uint64
}

// asciiWord holds the ASCII bytes vntext.Words keeps in words.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range rune(utf8.RuneSelf) {
		t[c] = vntext.IsWordRune(c)
	}
	return t
}()

// normalize returns the text an item is compared on: the folded title
// without a re-poster's label, then the folded text, each with a space
// after it and abbreviations written out. It is sc.fold, or sc.norm when
// there are abbreviations to write out. Fingerprint hashes the words of
// its two parts apart (addTitleWords, addTextWords), mostly without
// building it.
func (sc *scratch) normalize(title, text string) []byte {
	label := sc.foldTitle(title)
	mid := len(sc.fold)
	sc.fold = append(vntext.AppendFold(sc.fold, text), ' ')
	t, b := sc.fold[label:mid], sc.fold[mid:]
	if !hasAbbreviation(t) && !hasAbbreviation(b) {
		return t[:len(t)+len(b)]
	}
	sc.norm = appendExpanded(appendExpanded(sc.norm[:0], t), b)
	return sc.norm
}

// addTitleWords feeds sh the hashes of the words of the title's part of
// normalize, which scanText makes when it can take the title and there
// is no label to look for.
func (sc *scratch) addTitleWords(sh *shingler, title string) {
	if !hasLabelEnd(title) && sc.scanText(title) {
		sh.addAll(sc.words)
		return
	}
	addWords(sh, sc.normalizeTitle(title))
}

// addTextWords feeds sh the hashes of the words of the text's part of
// normalize, and reports whether they came from scanText (sc.spans then
// holds the text's words).
func (sc *scratch) addTextWords(sh *shingler, text string) (scanned bool) {
	if sc.scanText(text) {
		sh.addAll(sc.words)
		return true
	}
	sc.fold = append(vntext.AppendFold(sc.fold[:0], text), ' ')
	addWords(sh, sc.expanded(sc.fold))
	return false
}

// normalizeTitle is the title's part of normalize.
func (sc *scratch) normalizeTitle(title string) []byte {
	return sc.expanded(sc.fold[sc.foldTitle(title):])
}

// expanded is s with abbreviations written out: s, or sc.norm.
func (sc *scratch) expanded(s []byte) []byte {
	if !hasAbbreviation(s) {
		return s
	}
	sc.norm = appendExpanded(sc.norm[:0], s)
	return sc.norm
}

// foldTitle folds title into sc.fold with a space after it and returns
// where it starts after a re-poster's label.
func (sc *scratch) foldTitle(title string) (label int) {
	sc.fold = vntext.AppendFold(sc.fold[:0], title)
	label = titleLabelEnd(sc.fold)
	// The space goes in before the abbreviations, which it can end.
	sc.fold = append(sc.fold, ' ')
	return label
}

// hasAbbreviation reports whether s may hold one of abbreviations: each
// starts with "đ/" or "đ.", rare in text, and a fast search finds them.
func hasAbbreviation(s []byte) bool {
	return bytes.Contains(s, []byte("đ/")) || bytes.Contains(s, []byte("đ."))
}

// appendExpanded appends s with abbreviations written out, as a
// strings.Replacer of them would: leftmost first, without overlaps.
func appendExpanded(dst, s []byte) []byte {
	// Only where "đ/" or "đ." is can one start: visit those in order.
	slash, dot := nextAt(s, 0, "đ/"), nextAt(s, 0, "đ.")
	for from := 0; ; {
		i := min(slash, dot)
		if i == len(s) {
			return append(dst, s[from:]...)
		}
		for _, a := range abbreviations {
			if i >= from && bytes.HasPrefix(s[i:], []byte(a.short)) {
				dst = append(append(dst, s[from:i]...), a.long...)
				from = i + len(a.short)
				break
			}
		}
		if i == slash {
			slash = nextAt(s, i+1, "đ/")
		} else {
			dot = nextAt(s, i+1, "đ.")
		}
	}
}

// nextAt returns where sep next occurs in s from i on, or len(s).
func nextAt(s []byte, i int, sep string) int {
	if j := bytes.Index(s[i:], []byte(sep)); j >= 0 {
		return i + j
	}
	return len(s)
}

// addWords splits normalised text into words as vntext.Words does, hashes
// each straight from the bytes, writes out single-word abbreviations and
// feeds the hashes to sh, a batch at a time.
func addWords(sh *shingler, s []byte) {
	var batch [256]uint64
	n := 0
	for i := 0; i < len(s); {
		end, h := hashWord(s, i)
		if end == i { // a separator
			if s[i] < utf8.RuneSelf {
				i++
			} else {
				_, size := decodeRune(s, i)
				i += size
			}
			continue
		}
		if n+maxLong > len(batch) {
			sh.addAll(batch[:n])
			n = 0
		}
		if slot := abbrevSlots[uint8(h)]; slot != 0 && string(s[i:end]) == abbrevList[slot-1].short {
			n += copy(batch[n:], abbrevList[slot-1].long)
		} else {
			batch[n] = mix64(h)
			n++
		}
		i = end
	}
	sh.addAll(batch[:n])
}

// hashWord returns the end of the word at s[i] (i when no word starts
// there) and FNV-1a of its bytes. The runes of Vietnamese text are
// decoded and looked up inline.
func hashWord(s []byte, i int) (end int, h uint64) {
	h = fnvOffset
	for i < len(s) {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if !asciiWord[c] {
				return i, h
			}
			h = (h ^ uint64(c)) * fnvPrime
			i++
		case 0xc2 <= c && c < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80:
			if !isWordRune(rune(c&0x1f)<<6 | rune(s[i+1]&0x3f)) {
				return i, h
			}
			h = (h ^ uint64(c)) * fnvPrime
			h = (h ^ uint64(s[i+1])) * fnvPrime
			i += 2
		case c == 0xe1 && i+2 < len(s) && s[i+1]&0xfc == 0xb8 && s[i+2]&0xc0 == 0x80:
			// U+1E00-U+1EFF, Latin Extended Additional: E1 B8-BB.
			if !extWordRunes[rune(s[i+1]&0x03)<<6|rune(s[i+2]&0x3f)] {
				return i, h
			}
			h = (h ^ uint64(c)) * fnvPrime
			h = (h ^ uint64(s[i+1])) * fnvPrime
			h = (h ^ uint64(s[i+2])) * fnvPrime
			i += 3
		default:
			r, size := decodeRune(s, i)
			if !isWordRune(r) {
				return i, h
			}
			for _, c := range s[i : i+size] {
				h = (h ^ uint64(c)) * fnvPrime
			}
			i += size
		}
	}
	return i, h
}

// isWordRune is vntext.IsWordRune with the runes of two bytes or fewer
// in UTF-8 (ASCII, the Latin blocks, the combining marks) looked up in a
// table; it is inlined.
func isWordRune(r rune) bool {
	if uint32(r) < uint32(len(wordRunes2)) {
		return wordRunes2[r]
	}
	return otherWordRune(r)
}

// otherWordRune is isWordRune of the other runes: Latin Extended
// Additional (ạ ế ộ …) from a table, the rest from vntext.
//
//go:noinline
func otherWordRune(r rune) bool {
	if extLo <= r && r < extHi {
		return extWordRunes[r-extLo]
	}
	return vntext.IsWordRune(r)
}

var (
	// wordRunes2 covers the runes of two bytes and fewer in UTF-8.
	wordRunes2 = func() (t [0x800]bool) {
		for r := range rune(len(t)) {
			t[r] = vntext.IsWordRune(r)
		}
		return t
	}()
	extWordRunes = func() (t [extHi - extLo]bool) {
		for r := rune(extLo); r < extHi; r++ {
			t[r-extLo] = vntext.IsWordRune(r)
		}
		return t
	}()
)
