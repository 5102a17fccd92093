package dedup

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"bantin/vntext"
)

// Salient tokens are what tells one ward's "Hội nghị tổng kết công tác dân
// vận năm 2020" from the next ward's written from the same template: the
// numbers and dates, and the names of people and places. Copies of one
// story carry the same ones.

// maxSalient is how many salient token hashes a signature keeps: the
// smallest ones, a bottom-k sketch of the whole set.
const maxSalient = 32

// genericWords are capitalised words of government prose that name no one
// in particular ("Ban Thường vụ", "Ủy ban nhân dân", "Mặt trận Tổ quốc
// Việt Nam"): a run made only of them is not salient, so that every
// ward's "Đảng ủy" does not make two template articles look alike.
var genericWords = wordSet(`phường xã thị trấn thành phố tỉnh huyện quận thôn xóm tổ khu dân
	ban đảng ủy bộ hội đồng nhân mặt trận quốc đoàn thanh niên phụ nữ nông cựu chiến binh
	liên hiệp chi trường trạm y tế bệnh viện công an quân sự ông bà anh chị chí
	bí thư phó chủ tịch trưởng giám đốc thường vụ trực chấp hành nghị quyết chỉ thị
	kết luận quyết định luật ngày tháng năm trung ương việt nam hồ minh nhà nước
	chính phủ cộng sản sở phòng văn hóa giáo dục đào tạo lao động thương xã hội
	tài nguyên môi kế hoạch đầu tư nghiệp phát triển hợp tác mừng xuân tết dương lịch
	thứ hai ba tư sáu bảy chủ nhật các những tại trong theo với về để và đến từ sau khi
	trước đây này đó được cho có là hòa bình lữ sư tiểu phong trào`)

// leadWords are the kinds of unit, office and address that stand before a
// name ("Phường Lam Hạ", "Bí thư Trần Quốc Khánh", "Bà Cao Thị Hiền"); a run
// loses them at its start so the name alone is compared.
var leadWords = wordSet(`phường xã thị trấn thành phố tỉnh huyện quận thôn xóm tổ khu
	ban đảng ủy hội đoàn chi bộ trường trạm bệnh viện công an sở phòng
	ông bà anh chị em cô thầy đồng chí bí thư phó chủ tịch trưởng giám đốc
	thượng đại trung thiếu úy tá tướng bác sĩ kỹ sư linh mục`)

func wordSet(list string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		m[vntext.Fold(w)] = true
	}
	return m
}

// token is one word of the original text with what the salient rules need
// to know about it.
type token struct {
	start, end int  // where it is in the text, as written
	number     bool // digits, maybe with / . , : - between digits
	capital    bool // starts with an upper-case letter and is not an acronym
	sentStart  bool // first word of a sentence, capitalised by grammar
	joined     bool // only spaces since the previous token
}

// scanSalient calls emit with each salient token of text, folded: every
// number that is not a bare year or a single digit ("#16/12/2020"), and
// every run of capitalised words that is left with a specific word once
// generic words are dropped from its start. The bytes emit gets are valid
// only during the call.
func (sc *scratch) scanSalient(text string, emit func(tok []byte)) {
	k := salientSink{sc: sc, text: text, run: sc.run[:0]}
	k.tokens(text, 0, true, false, emit)
	k.flush(emit)
	sc.run = k.run
}

// salientSink makes salient tokens of the tokens of a text, taken in
// order, and calls emit with them. (emit is no field: the escape analysis
// would move every caller's closure to the heap.)
type salientSink struct {
	sc   *scratch
	text string
	run  []token // capitalised words waiting to be one name
}

// take adds the next token.
func (k *salientSink) take(t token, emit func(tok []byte)) {
	if len(k.run) > 0 && t.capital && t.joined {
		k.run = append(k.run, t)
		return
	}
	k.flush(emit)
	switch {
	case t.number:
		if n, ok := appendNumber(k.sc.name[:0], k.text[t.start:t.end]); ok {
			k.sc.name = n
			emit(n)
		}
	case t.capital:
		k.run = append(k.run, t)
	}
}

// flush ends the run of capitalised words.
func (k *salientSink) flush(emit func(tok []byte)) {
	if len(k.run) == 0 {
		return
	}
	if name := k.sc.nameRun(k.text, k.run); name != nil {
		emit(name)
	}
	k.run = k.run[:0]
}

// tokens takes the tokens of text from i on, the tokenizer starting in
// the state given, and returns its state at the end. text is a prefix of
// k.text.
func (k *salientSink) tokens(text string, i int, sentStart, joined bool, emit func(tok []byte)) (bool, bool) {
	tz := tokenizer{text: text, i: i, sentStart: sentStart, joined: joined}
	for t, ok := tz.next(); ok; t, ok = tz.next() {
		k.take(t, emit)
	}
	return tz.sentStart, tz.joined
}

// nameRun folds a run of capitalised words into a name in sc.name, or
// returns nil when nothing specific is left.
func (sc *scratch) nameRun(text string, run []token) []byte {
	if run[0].sentStart {
		run = run[1:]
	}
	b := sc.name[:0]
	for len(run) > 0 {
		b = appendFoldWord(b[:0], text[run[0].start:run[0].end])
		if !leadWords[string(b)] {
			break
		}
		run = run[1:]
	}
	if len(run) == 0 {
		sc.name = b
		return nil
	}
	specific := !genericWords[string(b)]
	for _, t := range run[1:] {
		b = append(b, ' ')
		start := len(b)
		b = appendFoldWord(b, text[t.start:t.end])
		specific = specific || !genericWords[string(b[start:])]
	}
	sc.name = b
	if !specific {
		return nil
	}
	return b
}

// appendNumber appends "#" and the number s with every separator written
// "/", so 16-12-2020 and 16/12/2020 agree (a digit of another script is
// a separator too); a bare year or single digit says little, and ok is
// false.
func appendNumber(dst []byte, s string) (out []byte, ok bool) {
	start := len(dst)
	dst = append(dst, '#')
	for _, r := range s {
		if r >= '0' && r <= '9' {
			dst = append(dst, byte(r))
		} else {
			dst = append(dst, '/')
		}
	}
	n := dst[start+1:]
	if len(n) == 1 || len(n) == 4 && (n[0] == '1' && n[1] == '9' || n[0] == '2' && n[1] == '0') {
		return dst[:start], false
	}
	return dst, true
}

// tokenizer splits text into words and numbers, recording capitals and
// sentence starts. Only numbers and capitalised words can be salient: it
// steps over other words, and a token after one is not joined to the
// token before it, which is all a run of capitals needs to know.
type tokenizer struct {
	text              string
	i                 int
	sentStart, joined bool
}

// next returns the next number or capitalised word, or false at the end
// of the text.
func (tz *tokenizer) next() (token, bool) {
	s := tz.text
	for i := tz.i; i < len(s); {
		c, size := classes[s[i]&0x7f], 1
		if s[i] >= utf8.RuneSelf {
			c, size = classAt(s, i)
		}
		switch {
		case c&wordStart == letter:
			// Not upper-case: not a name, and the run before is over.
			i = wordEnd(s, i+size)
			tz.sentStart, tz.joined = false, false
			continue
		case c&letter != 0:
			end, capital := capitalEnd(s, i+size)
			t := token{start: i, end: end, capital: capital, sentStart: tz.sentStart, joined: tz.joined}
			tz.sentStart, tz.joined, tz.i = false, capital, end
			if !capital {
				i = end
				continue
			}
			return t, true
		case c&digit != 0:
			end := numberEnd(s, i)
			t := token{start: i, end: end, number: true, sentStart: tz.sentStart, joined: tz.joined}
			tz.sentStart, tz.joined, tz.i = false, true, end
			return t, true
		}
		if c&sentEnd != 0 {
			tz.sentStart = true
		}
		if c&blank == 0 {
			tz.joined = false
		}
		i += size
	}
	tz.i = len(s)
	return token{}, false
}

// isSentenceEnd reports punctuation after which the next word is
// capitalised by convention rather than because it is a name: sentence
// ends, the opening quote of a slogan or a movement ("Dân vận khéo",
// "Vì người nghèo"), brackets, dashes before a title, and the bars of
// share links.
func isSentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', ':', ';', '…', '\n', '\r', '•',
		'"', '“', '«', '(', '[', '|', '-', '–', '—':
		return true
	}
	return false
}

// wordEnd returns the end of the letters, marks and digits from i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		if b := s[i]; b < utf8.RuneSelf {
			if classes[b]&inWord == 0 {
				return i
			}
			i++
			continue
		}
		c, size := classAt(s, i)
		if c&inWord == 0 {
			return i
		}
		i += size
	}
	return i
}

// capitalEnd returns the end of a word whose upper-case first letter ends
// before i, and whether it is capitalised: more than that letter, with a
// lower-case one after it. Acronyms (UBND, BTV, HĐND) and single letters
// name institutions every ward has.
func capitalEnd(s string, i int) (end int, capital bool) {
	for i < len(s) {
		c, size := classAt(s, i)
		if c&inWord == 0 {
			break
		}
		i += size
		if c&lowerCase != 0 {
			return wordEnd(s, i), true
		}
	}
	return i, false
}

// numberEnd returns the end of the number at i: digits (of any script:
// feeds carry Arabic-Indic and full-width ones too), and single ASCII
// separators that have digits on both sides (16/12/2020, 1.250, 8:30).
func numberEnd(s string, i int) int {
	for i < len(s) {
		c, size := classAt(s, i)
		switch {
		case c&digit != 0:
			i += size
		case strings.IndexByte("/.,:-", s[i]) >= 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			i++
		default:
			return i
		}
	}
	return i
}

// class holds what the tokenizer asks of a rune, as bits.
type class uint8

const (
	digit class = 1 << iota
	letter
	mark
	upper
	lowerCase
	sentEnd // isSentenceEnd
	blank   // a space or no-break space: a run of names goes on over it

	inWord    = letter | mark | digit
	wordStart = letter | upper
)

func slowClass(r rune) class {
	var c class
	for _, p := range [...]struct {
		is  bool
		bit class
	}{
		{unicode.IsDigit(r), digit}, {unicode.IsLetter(r), letter}, {unicode.IsMark(r), mark},
		{unicode.IsUpper(r), upper}, {unicode.IsLower(r), lowerCase},
		{isSentenceEnd(r), sentEnd}, {r == ' ' || r == '\u00a0', blank},
	} {
		if p.is {
			c |= p.bit
		}
	}
	return c
}

// classes is slowClass of the runes below classesSize: ASCII and the
// Latin blocks of Vietnamese letters with their marks. Latin Extended
// Additional (ạ ế ộ …) follows in extClasses, general punctuation (– “ …)
// in punctClasses; the unicode package's range searches were a fifth of a
// fingerprint's time.
const (
	classesSize      = 0x800 // every rune of one or two bytes in UTF-8
	extLo, extHi     = 0x1e00, 0x1f00
	punctLo, punctHi = 0x2000, 0x2070
)

var (
	classes      = classTable(0, classesSize)
	extClasses   = classTable(extLo, extHi)
	punctClasses = classTable(punctLo, punctHi)
)

func classTable(lo, hi rune) []class {
	t := make([]class, hi-lo)
	for r := lo; r < hi; r++ {
		t[r-lo] = slowClass(r)
	}
	return t
}

// classAt returns the class of the rune at s[i] and its size.
func classAt(s string, i int) (class, int) {
	switch b := s[i]; {
	case b < utf8.RuneSelf:
		return classes[b], 1
	case 0xc2 <= b && b < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80:
		return classes[rune(b&0x1f)<<6|rune(s[i+1]&0x3f)], 2
	case b == 0xe1 && i+2 < len(s) && s[i+1]&0xfc == 0xb8 && s[i+2]&0xc0 == 0x80:
		// U+1E00-U+1EFF, Latin Extended Additional: E1 B8-BB.
		return extClasses[rune(s[i+1]&0x03)<<6|rune(s[i+2]&0x3f)], 3
	}
	r, size := decodeRune(s, i)
	return classOf(r), size
}

// decodeRune is utf8.DecodeRuneInString(s[i:]) or utf8.DecodeRune(s[i:])
// with ASCII and the two- and three-byte forms of Vietnamese letters
// decoded inline.
func decodeRune[S ~string | ~[]byte](s S, i int) (rune, int) {
	switch c := s[i]; {
	case c < utf8.RuneSelf:
		return rune(c), 1
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
	var b [utf8.UTFMax]byte
	n := 0
	for n < len(b) && i+n < len(s) {
		b[n] = s[i+n]
		n++
	}
	return utf8.DecodeRune(b[:n])
}

func classOf(r rune) class {
	switch {
	case 0 <= r && r < classesSize:
		return classes[r]
	case extLo <= r && r < extHi:
		return extClasses[r-extLo]
	case punctLo <= r && r < punctHi:
		return punctClasses[r-punctLo]
	}
	return slowClass(r)
}

// salientSketch is the bottom-k sketch of a set of salient tokens: its
// size and up to maxSalient of its smallest 32-bit hashes, ascending.
type salientSketch struct {
	size   int
	hashes []uint32
}

// sketchHashes makes the bottom-k sketch of a set of token hashes,
// sorting and compacting hs in place.
func sketchHashes(hs []uint32) salientSketch {
	slices.Sort(hs)
	hs = slices.Compact(hs)
	sk := salientSketch{size: len(hs), hashes: hs}
	if len(hs) > maxSalient {
		sk.hashes = hs[:maxSalient:maxSalient]
	}
	return sk
}

// salientHashes returns the hashes of the salient tokens of text in
// sc.salient. scanned says sc.spans holds text's words (scanText).
func (sc *scratch) salientHashes(text string, scanned bool) []uint32 {
	hs := sc.salient[:0]
	emit := func(tok []byte) {
		hs = append(hs, uint32(wordHash(tok)))
	}
	if scanned {
		sc.spanSalient(text, emit)
	} else {
		sc.scanSalient(text, emit)
	}
	sc.salient = hs
	return hs
}

// containment estimates which share of the smaller set's tokens the other
// set has too. When both sketches hold their whole sets it is exact;
// otherwise the bottom-k sketch of the union estimates the Jaccard
// similarity J, and |A∩B| = J(|A|+|B|)/(1+J).
func containment(a, b salientSketch) float64 {
	small := min(a.size, b.size)
	if small == 0 {
		return 0
	}
	if a.size == len(a.hashes) && b.size == len(b.hashes) {
		return float64(countCommon(a.hashes, b.hashes)) / float64(small)
	}
	// Every hash among the k smallest of the union is no larger than the
	// k-th hash of either sketch, so either sketch knows whether its set
	// holds it.
	k := min(len(a.hashes), len(b.hashes))
	union := unionBottom(a.hashes, b.hashes, k)
	if len(union) == 0 {
		return 0
	}
	both := 0
	for _, h := range union {
		if contains(a.hashes, h) && contains(b.hashes, h) {
			both++
		}
	}
	j := float64(both) / float64(len(union))
	inter := j * float64(a.size+b.size) / (1 + j)
	return min(1, inter/float64(small))
}

// countCommon counts the values two ascending slices share, as multisets:
// a value twice in each counts twice (sketches truncate hashes, and two
// hashes of one list can then be equal).
func countCommon[T cmp.Ordered](a, b []T) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			n++
			a, b = a[1:], b[1:]
		}
	}
	return n
}

// unionBottom returns the k smallest distinct values of two ascending
// slices.
func unionBottom(a, b []uint32, k int) []uint32 {
	out := make([]uint32, 0, k)
	for len(out) < k && (len(a) > 0 || len(b) > 0) {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case len(a) == 0 || b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return out
}

func contains(sorted []uint32, v uint32) bool {
	_, ok := slices.BinarySearch(sorted, v)
	return ok
}
