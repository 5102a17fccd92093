package dedup

import (
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
	text      string // as written, NFC
	number    bool   // digits, maybe with / . , : - between digits
	capital   bool   // starts with an upper-case letter and is not an acronym
	sentStart bool   // first word of a sentence, capitalised by grammar
	joined    bool   // only spaces since the previous token
}

// salientTokens returns the folded salient tokens of text: every number
// that is not a bare year or a single digit, and every run of capitalised
// words that is left with a specific word once generic words are dropped
// from its start.
func salientTokens(text string) []string {
	toks := tokenize(text)
	var out []string
	for i := 0; i < len(toks); {
		t := toks[i]
		switch {
		case t.number:
			if n := normNumber(t.text); n != "" {
				out = append(out, "#"+n)
			}
			i++
		case t.capital:
			j := i + 1
			for j < len(toks) && toks[j].capital && toks[j].joined {
				j++
			}
			if name := nameRun(toks[i:j]); name != "" {
				out = append(out, name)
			}
			i = j
		default:
			i++
		}
	}
	return out
}

// nameRun turns a run of capitalised words into a folded name, or "" when
// nothing specific is left.
func nameRun(run []token) string {
	if run[0].sentStart {
		run = run[1:]
	}
	for len(run) > 0 && leadWords[vntext.Fold(run[0].text)] {
		run = run[1:]
	}
	if len(run) == 0 {
		return ""
	}
	words := make([]string, len(run))
	specific := false
	for i, t := range run {
		words[i] = vntext.Fold(t.text)
		if !genericWords[words[i]] {
			specific = true
		}
	}
	if !specific {
		return ""
	}
	return strings.Join(words, " ")
}

// normNumber writes every separator inside a number as "/" so 16-12-2020
// and 16/12/2020 agree; a bare year or single digit says little and is
// dropped.
func normNumber(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return '/'
	}, s)
	if len(s) == 1 {
		return ""
	}
	if len(s) == 4 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) {
		return ""
	}
	return s
}

// tokenize splits text into words and numbers, recording capitals and
// sentence starts.
func tokenize(text string) []token {
	var toks []token
	sentStart, joined := true, false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsDigit(r):
			end := numberEnd(text, i)
			toks = append(toks, token{text: text[i:end], number: true, sentStart: sentStart, joined: joined})
			sentStart, joined = false, true
			i = end
		case unicode.IsLetter(r):
			end := wordEnd(text, i)
			w := text[i:end]
			toks = append(toks, token{text: w, capital: isCapital(w), sentStart: sentStart, joined: joined})
			sentStart, joined = false, true
			i = end
		default:
			if isSentenceEnd(r) {
				sentStart = true
			}
			if r != ' ' && r != '\u00a0' {
				joined = false
			}
			i += size
		}
	}
	return toks
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

// wordEnd returns the end of the word of letters, marks and digits at i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)) {
			break
		}
		i += size
	}
	return i
}

// numberEnd returns the end of the number at i: digits (of any script:
// feeds carry Arabic-Indic and full-width ones too), and single ASCII
// separators that have digits on both sides (16/12/2020, 1.250, 8:30).
func numberEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsDigit(r):
			i += size
		case r < utf8.RuneSelf && strings.IndexByte("/.,:-", byte(r)) >= 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			i++
		default:
			return i
		}
	}
	return i
}

// isCapital reports a word that starts with an upper-case letter and is
// not an acronym: acronyms (UBND, BTV, HĐND) and single letters name
// institutions every ward has.
func isCapital(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || size == len(w) {
		return false
	}
	for _, r := range w[size:] {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// salientSketch is the bottom-k sketch of a set of salient tokens: its
// size and up to maxSalient of its smallest 32-bit hashes, ascending.
type salientSketch struct {
	size   int
	hashes []uint32
}

// sketchSalient hashes the distinct tokens and keeps the smallest.
func sketchSalient(tokens []string) salientSketch {
	hs := make([]uint32, 0, len(tokens))
	for _, t := range tokens {
		hs = append(hs, uint32(wordHash(t)))
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	sk := salientSketch{size: len(hs), hashes: hs}
	if len(hs) > maxSalient {
		sk.hashes = hs[:maxSalient:maxSalient]
	}
	return sk
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

// countCommon counts the values two ascending slices share.
func countCommon(a, b []uint32) int {
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
