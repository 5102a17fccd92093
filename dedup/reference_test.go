package dedup

import (
	"encoding/binary"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"bantin/vntext"
)

// The reference implementation: Fingerprint as it was before it was made
// to run in one pass over reused buffers, kept verbatim (names prefixed
// with ref) so that the golden, differential and fuzz tests can prove the
// fast code writes the same signatures and band keys. Stored fingerprints
// depend on it: do not "fix" it. It folds with vntext.Fold, whose own
// tests (TestFoldSameAsReference, FuzzFoldSame) hold it to the fold as it
// was; the golden file, written before either changed, covers both.

func refFingerprint(f *Fingerprinter, title, text string) (sig []byte, bands []uint64) {
	words := refNormalWords(title, text)
	if len(words) == 0 {
		return nil, nil
	}
	k := f.shingle()
	sh := refShingleHashes(words, k)
	s := refSignature{shingle: k, shingles: len(sh), sketch: refOneSketch(sh)}
	body := text
	if strings.TrimSpace(text) == "" {
		body = title
	}
	s.salient = refSketchSalient(refSalientTokens(body))
	return s.encode(), refBandKeys(&s.sketch, f.bands())
}

var refTitlePrefix = regexp.MustCompile(
	`^[\[(]?(?:phường|xã|thị trấn|thị xã|thành phố|tp\.?|huyện|quận|tỉnh|ubnd|hđnd|mttq|ủy ban nhân dân|đảng ủy|thành ủy|huyện ủy|tỉnh ủy|công an|ban\s)` +
		`(?:\s*[^\s:\-–—\])]+){0,7}\s*(?::|\]|\)|\s[\-–—])\s*`)

var refShortLabel = regexp.MustCompile(`^(?:[^\s:]+\s){0,3}[^\s:]+:\s+`)

func refStripTitlePrefix(t string) string {
	for _, re := range []*regexp.Regexp{refTitlePrefix, refShortLabel} {
		if loc := re.FindStringIndex(t); loc != nil && loc[1] < len(t) {
			t = t[loc[1]:]
		}
	}
	return t
}

var refAbbreviations = strings.NewReplacer(
	"đ/c ", "đồng chí ",
	"đ/c,", "đồng chí,",
	"đ/c:", "đồng chí:",
	"đ/ c ", "đồng chí ",
	"đ.c ", "đồng chí ",
)

var refAbbrevWords = map[string][]string{
	"ubnd": {"ủy", "ban", "nhân", "dân"},
	"hđnd": {"hội", "đồng", "nhân", "dân"},
	"mttq": {"mặt", "trận", "tổ", "quốc"},
	"tp":   {"thành", "phố"},
	"btv":  {"ban", "thường", "vụ"},
	"bch":  {"ban", "chấp", "hành"},
}

func refNormalWords(title, text string) []string {
	t := refStripTitlePrefix(vntext.Fold(title))
	b := vntext.Fold(text)
	words := refExpand(vntext.Words(refAbbreviations.Replace(t + " ")))
	return append(words, refExpand(vntext.Words(refAbbreviations.Replace(b+" ")))...)
}

func refExpand(words []string) []string {
	out := make([]string, 0, len(words)+8)
	for _, w := range words {
		if long, ok := refAbbrevWords[w]; ok {
			out = append(out, long...)
			continue
		}
		out = append(out, w)
	}
	return out
}

func refMix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func refWordHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return refMix64(h)
}

func refShingleHashes(words []string, k int) []uint64 {
	if len(words) == 0 {
		return nil
	}
	wh := make([]uint64, len(words))
	for i, w := range words {
		wh[i] = refWordHash(w)
	}
	if len(wh) < k {
		k = len(wh)
	}
	out := make([]uint64, 0, len(wh)-k+1)
	for i := 0; i+k <= len(wh); i++ {
		h := uint64(k)
		for _, w := range wh[i : i+k] {
			h = refMix64(h ^ w)
		}
		out = append(out, h)
	}
	return out
}

const refEmpty = ^uint32(0)

func refOneSketch(shingles []uint64) [128]uint32 {
	var s [128]uint32
	for i := range s {
		s[i] = refEmpty
	}
	filled := false
	for _, h := range shingles {
		bin := h >> (64 - 7)
		v := uint32(h)
		if v == refEmpty {
			v--
		}
		if v < s[bin] {
			s[bin] = v
			filled = true
		}
	}
	if !filled {
		return s
	}
	orig := s
	for i := range s {
		if orig[i] != refEmpty {
			continue
		}
		s[i] = orig[refProbe(&orig, i)]
	}
	return s
}

func refProbe(orig *[128]uint32, i int) int {
	const maxProbes = 256
	for attempt := range uint64(maxProbes) {
		j := refMix64(uint64(i)<<32|attempt) % 128
		if orig[j] != refEmpty {
			return int(j)
		}
	}
	for d := 1; ; d++ {
		if j := (i + d) % 128; orig[j] != refEmpty {
			return j
		}
	}
}

func refBandKeys(s *[128]uint32, bands int) []uint64 {
	rows := 128 / bands
	keys := make([]uint64, bands)
	for b := range bands {
		h := uint64(b)
		for _, v := range s[b*rows : (b+1)*rows] {
			h = refMix64(h ^ uint64(v))
		}
		keys[b] = uint64(b)<<56 | h&(1<<56-1)
	}
	return keys
}

type refSignature struct {
	shingle  int
	shingles int
	sketch   [128]uint32
	salient  refSalientSketch
}

func (s *refSignature) encode() []byte {
	const headerLen, minSigLen = 7, 7 + 128*4
	b := make([]byte, minSigLen, minSigLen+4*len(s.salient.hashes))
	b[0] = 1
	b[1] = byte(s.shingle)
	binary.LittleEndian.PutUint16(b[2:], uint16(min(s.shingles, 1<<16-1)))
	binary.LittleEndian.PutUint16(b[4:], uint16(min(s.salient.size, 1<<16-1)))
	b[6] = byte(len(s.salient.hashes))
	for i, v := range s.sketch {
		binary.LittleEndian.PutUint32(b[headerLen+4*i:], v)
	}
	for _, h := range s.salient.hashes {
		b = binary.LittleEndian.AppendUint32(b, h)
	}
	return b
}

var refGenericWords = refWordSet(`phường xã thị trấn thành phố tỉnh huyện quận thôn xóm tổ khu dân
	ban đảng ủy bộ hội đồng nhân mặt trận quốc đoàn thanh niên phụ nữ nông cựu chiến binh
	liên hiệp chi trường trạm y tế bệnh viện công an quân sự ông bà anh chị chí
	bí thư phó chủ tịch trưởng giám đốc thường vụ trực chấp hành nghị quyết chỉ thị
	kết luận quyết định luật ngày tháng năm trung ương việt nam hồ minh nhà nước
	chính phủ cộng sản sở phòng văn hóa giáo dục đào tạo lao động thương xã hội
	tài nguyên môi kế hoạch đầu tư nghiệp phát triển hợp tác mừng xuân tết dương lịch
	thứ hai ba tư sáu bảy chủ nhật các những tại trong theo với về để và đến từ sau khi
	trước đây này đó được cho có là hòa bình lữ sư tiểu phong trào`)

var refLeadWords = refWordSet(`phường xã thị trấn thành phố tỉnh huyện quận thôn xóm tổ khu
	ban đảng ủy hội đoàn chi bộ trường trạm bệnh viện công an sở phòng
	ông bà anh chị em cô thầy đồng chí bí thư phó chủ tịch trưởng giám đốc
	thượng đại trung thiếu úy tá tướng bác sĩ kỹ sư linh mục`)

func refWordSet(list string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		m[vntext.Fold(w)] = true
	}
	return m
}

type refToken struct {
	text      string
	number    bool
	capital   bool
	sentStart bool
	joined    bool
}

func refSalientTokens(text string) []string {
	toks := refTokenize(text)
	var out []string
	for i := 0; i < len(toks); {
		t := toks[i]
		switch {
		case t.number:
			if n := refNormNumber(t.text); n != "" {
				out = append(out, "#"+n)
			}
			i++
		case t.capital:
			j := i + 1
			for j < len(toks) && toks[j].capital && toks[j].joined {
				j++
			}
			if name := refNameRun(toks[i:j]); name != "" {
				out = append(out, name)
			}
			i = j
		default:
			i++
		}
	}
	return out
}

func refNameRun(run []refToken) string {
	if run[0].sentStart {
		run = run[1:]
	}
	for len(run) > 0 && refLeadWords[vntext.Fold(run[0].text)] {
		run = run[1:]
	}
	if len(run) == 0 {
		return ""
	}
	words := make([]string, len(run))
	specific := false
	for i, t := range run {
		words[i] = vntext.Fold(t.text)
		if !refGenericWords[words[i]] {
			specific = true
		}
	}
	if !specific {
		return ""
	}
	return strings.Join(words, " ")
}

func refNormNumber(s string) string {
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

func refTokenize(text string) []refToken {
	var toks []refToken
	sentStart, joined := true, false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsDigit(r):
			end := refNumberEnd(text, i)
			toks = append(toks, refToken{text: text[i:end], number: true, sentStart: sentStart, joined: joined})
			sentStart, joined = false, true
			i = end
		case unicode.IsLetter(r):
			end := refWordEnd(text, i)
			w := text[i:end]
			toks = append(toks, refToken{text: w, capital: refIsCapital(w), sentStart: sentStart, joined: joined})
			sentStart, joined = false, true
			i = end
		default:
			if refIsSentenceEnd(r) {
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

func refIsSentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', ':', ';', '…', '\n', '\r', '•',
		'"', '“', '«', '(', '[', '|', '-', '–', '—':
		return true
	}
	return false
}

func refWordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)) {
			break
		}
		i += size
	}
	return i
}

func refNumberEnd(s string, i int) int {
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

func refIsCapital(w string) bool {
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

type refSalientSketch struct {
	size   int
	hashes []uint32
}

func refSketchSalient(tokens []string) refSalientSketch {
	hs := make([]uint32, 0, len(tokens))
	for _, t := range tokens {
		hs = append(hs, uint32(refWordHash(t)))
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	sk := refSalientSketch{size: len(hs), hashes: hs}
	if len(hs) > maxSalient {
		sk.hashes = hs[:maxSalient:maxSalient]
	}
	return sk
}
