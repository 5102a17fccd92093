package clean

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"bantin/vntext"
)

// The speed work put cheap tests in front of costly ones. Each cheap test
// must never say "no" where the costly one would say "yes"; the
// references below are the costly code as it was, and the fuzz target
// holds the two together.

// tokenizeRunes is tokenize as it was, over a []rune.
func tokenizeRunes(s string) []token {
	var out []token
	spaced := false
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == ' ':
			spaced = true
			i++
			continue
		case '0' <= r && r <= '9':
			j := i
			for j < len(rs) && '0' <= rs[j] && rs[j] <= '9' {
				j++
			}
			t := token{kind: tokNum, s: string(rs[i:j]), spaced: spaced}
			if j-i <= 9 {
				t.n, _ = strconv.Atoi(t.s)
			}
			out = append(out, t)
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsMark(rs[j])) {
				j++
			}
			out = append(out, token{kind: tokWord, s: string(rs[i:j]), spaced: spaced})
			i = j
		default:
			out = append(out, token{kind: tokPunct, s: string(r), spaced: spaced})
			i++
		}
		spaced = false
	}
	return out
}

// parseLayoutsAll is parseLayouts without its shape test.
func parseLayoutsAll(s string, loc *time.Location) (time.Time, bool) {
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// isToolLineAll is isToolLine without its first-word test.
func isToolLineAll(text string) bool {
	if len(text) > maxToolLine {
		return false
	}
	return allToolWords(vntext.Fold(text))
}

// dateLineAll is dateLine without its digit test.
func dateLineAll(text string, loc *time.Location, now time.Time) (t time.Time, hasDate, isLine bool) {
	if len(text) > 2*maxDateLen {
		return time.Time{}, false, false
	}
	f := vntext.Fold(text)
	counted := viewCount.MatchString(f)
	f = viewCount.ReplaceAllString(f, "|")
	for _, piece := range strings.Split(f, "|") {
		piece = strings.Trim(piece, decoration)
		if piece == "" {
			continue
		}
		d, ok := parseDateAt(piece, loc, now)
		if !ok {
			return time.Time{}, false, false
		}
		if !hasDate {
			t, hasDate = d, true
		}
	}
	return t, hasDate, hasDate || counted
}

// The first-word tests read words lower-cased where vntext.Fold also
// moves tone marks: the same only for words without oa, oe or uy.
func TestFirstWordsFoldAsLowered(t *testing.T) {
	for _, set := range []map[string]bool{headingRuns, toolRuns} {
		for w := range set {
			base := strings.Map(func(r rune) rune {
				if unicode.Is(unicode.Mn, r) {
					return -1
				}
				return r
			}, norm.NFD.String(w))
			for _, pair := range []string{"oa", "oe", "uy"} {
				if strings.Contains(base, pair) {
					t.Errorf("first word %q holds %q, which folding may change", w, pair)
				}
			}
			if vntext.Fold(w) != w {
				t.Errorf("first word %q is not folded", w)
			}
		}
	}
}

func TestCheapTestsOnKnownLines(t *testing.T) {
	loc := time.FixedZone("+07", 7*3600)
	for _, s := range []string{"Chia sẻ | In bài | Quay lại", "]]>", "»» Các tin khác", "Xem thêm: Tin A", "Lượt xem: 400",
		"Thứ 2 Ngày 21/12/2020", "Cập nhật: 21/12/2020 08:30", "GỬI BÀI VIẾT", "Ðọc thêm", "2020-12-21T08:30:00+07:00",
		"Mon Jan  2 15:04:05 2006", "12:29 CH"} {
		checkCheapTests(t, s, s+".", loc)
	}
}

func checkCheapTests(t *testing.T, a, b string, loc *time.Location) {
	t.Helper()
	if got, want := tokenize(a), tokenizeRunes(a); len(got) != len(want) {
		t.Errorf("tokenize(%q) = %v, want %v", a, got, want)
	} else {
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("tokenize(%q) = %v, want %v", a, got, want)
				break
			}
		}
	}
	g, gok := parseLayouts(a, loc)
	w, wok := parseLayoutsAll(a, loc)
	if gok != wok || !g.Equal(w) {
		t.Errorf("parseLayouts(%q) = %v %v, want %v %v", a, g, gok, w, wok)
	}
	if isPlainVietnamese(a) && (vntext.NFC(a) != a || !isRepaired(a)) {
		t.Errorf("isPlainVietnamese(%q) but the text is not NFC and repaired", a)
	}
	// The rest is about paragraphs: on one line, NFC.
	a, b = oneLine(a), oneLine(b)
	if isToolLine(a) != isToolLineAll(a) {
		t.Errorf("isToolLine(%q) = %v, without its first-word test %v", a, isToolLine(a), isToolLineAll(a))
	}
	if !mayBeToolLine(a) && toolLinks[key(a)] {
		t.Errorf("mayBeToolLine(%q) false for a tool link", a)
	}
	if !mayBeHeading(a) {
		k := strings.Trim(key(a), decoration)
		for h := range trailingHeadings {
			if strings.HasPrefix(k, h) {
				t.Errorf("mayBeHeading(%q) false, but it begins with heading %q", a, h)
			}
		}
	}
	gt, gd, gl := dateLine(a, loc, testNow)
	wt, wd, wl := dateLineAll(a, loc, testNow)
	if gd != wd || gl != wl || !gt.Equal(wt) {
		t.Errorf("dateLine(%q) = %v %v %v, want %v %v %v", a, gt, gd, gl, wt, wd, wl)
	}
	if !mayBeDateLine(a) && gl {
		t.Errorf("mayBeDateLine(%q) false for a date line", a)
	}
	fa, fb := vntext.Fold(a), vntext.Fold(b)
	if sameBeforeFinal(a, b) && fa != fb {
		t.Errorf("sameBeforeFinal(%q, %q) but they fold to %q and %q", a, b, fa, fb)
	}
	if fa == fb && foldSig(a) != foldSig(b) {
		t.Errorf("%q and %q fold alike but foldSig differs", a, b)
	}
	if prefix, whole := sigPrefixOf(a, []*segment{{text: b}}); fa == fb && !(prefix && whole) {
		t.Errorf("%q and %q fold alike but sigPrefixOf is %v, %v", a, b, prefix, whole)
	}
	more := []*segment{{text: b}, {text: "tiếp theo"}}
	joined := vntext.Fold(b + " tiếp theo ")
	if tk := vntext.Fold(strings.TrimRight(a, " .…[]()")); tk != "" && strings.HasPrefix(joined, tk) {
		if prefix, _ := sigPrefixOf(a, more); !prefix {
			t.Errorf("%q begins %q folded, but sigPrefixOf is false", a, b)
		}
	}
	for n := 0; n <= len(joined); n += 7 {
		if got := foldedStart(more, n); !strings.HasPrefix(joined, got) || len(got) < min(n, len(joined)) {
			t.Errorf("foldedStart(%q, %d) = %q, not a prefix of %q that long", b, n, got, joined)
		}
	}
}

// FuzzCheapTests gives b as a variant of a that folds alike when the
// fuzzer picks so: other case, other tone placement, final punctuation.
func FuzzCheapTests(f *testing.F) {
	for _, s := range []string{"Chia sẻ | In bài", "Thứ 2 Ngày 21/12/2020", "Các tin khác", "Thủy lợi Hòa Bình", "x\u00ady", "Lượt xem 1.234"} {
		f.Add(s, uint8(0))
	}
	loc := time.FixedZone("+07", 7*3600)
	f.Fuzz(func(t *testing.T, a string, how uint8) {
		b := a
		switch how % 4 {
		case 1:
			b = strings.ToUpper(a)
		case 2:
			b = strings.NewReplacer("òa", "oà", "óa", "oá", "ủy", "uỷ", "úy", "uý").Replace(a)
		case 3:
			b = a + " …!."
		}
		checkCheapTests(t, a, b, loc)
	})
}
