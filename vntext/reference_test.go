package vntext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldReference is Fold as it was before AppendFold: string in, string
// out at every step. Keys are stored (dedup's fingerprints, the store's
// search columns), so the fast Fold must write exactly these.
func foldReference(s string) string {
	s, renorm := lowerSpaces(NFC(s))
	if renorm {
		s = NFC(s)
	}
	s = oldStyleTonesReference(s)
	return trimFinalReference(s)
}

// lowerSpaces is appendLowerSpaces into a new string.
func lowerSpaces(s string) (string, bool) {
	b, renorm := appendLowerSpaces(make([]byte, 0, len(s)), s)
	return string(b), renorm
}

func oldStyleTonesReference(s string) string {
	var b *strings.Builder
	last := 0
	var prev2, prev1 rune
	prev1Start := 0
	for i, r := range s {
		if r >= utf8.RuneSelf {
			if first, tone := newStylePair(prev2, prev1, r); tone != 0 && endsWord([]byte(s[i+utf8.RuneLen(r):])) {
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

func trimFinalReference(s string) string {
	s = strings.TrimRight(s, finalPunct+" ")
	return strings.TrimLeft(s, " ")
}

// checkFoldSame holds Fold and AppendFold (onto a non-empty buffer, whose
// bytes must stay) to the reference.
func checkFoldSame(t *testing.T, s string) {
	t.Helper()
	want := foldReference(s)
	if got := Fold(s); got != want {
		t.Fatalf("Fold(%q) = %q, the reference %q", s, got, want)
	}
	prefix := []byte("giữ nguyên o")
	got := AppendFold(append([]byte(nil), prefix...), s)
	if string(got) != string(prefix)+want {
		t.Fatalf("AppendFold(%q, %q) = %q, want %q", prefix, s, got, string(prefix)+want)
	}
}

func TestFoldSameAsReference(t *testing.T) {
	cases := []string{"", " ", "./.", "Thành uỷ Phủ lý./.", "  Hoà bình, khoẻ mạnh  ", "OẼ UỲ UỸ oẽ uỳ uỹ hoẽ thuỳ thuỹ",
		"oẽa", "hoà.", "hoà", "xoè\u0301", "Ph\xffủ Lý \xff", "İstanbul ΣΑΣ", "Phủ\u00adLý", "a\u00ad\u0301", "“Dân vận khéo”!!",
		norm.NFD.String("Thuỷ lợi, hoà giải, khoẻ mạnh."), paragraph3K(t), strings.Repeat("oẽ ", 1000)}
	for _, p := range readTonePairs(t) {
		cases = append(cases, p.old, p.new, strings.ToUpper(p.new)+".", norm.NFD.String(p.new))
	}
	for _, s := range cases {
		checkFoldSame(t, s)
	}
}

// TestOldStyleNeverLonger checks what oldStyleTones's rewriting in place
// relies on: every pair it rewrites gets no longer in UTF-8.
func TestOldStyleNeverLonger(t *testing.T) {
	for _, row := range [][6]rune{tonesA, tonesE, tonesY} {
		for tone := 1; tone < 6; tone++ {
			r := row[tone]
			for _, prev := range []rune{'o', 'u'} {
				first, got := newStylePair('h', prev, r)
				if got == 0 {
					continue
				}
				if before, after := 1+utf8.RuneLen(r), utf8.RuneLen(first[got])+utf8.RuneLen(secondPlain(r)); after > before {
					t.Errorf("%c%c: %d bytes become %d", prev, r, before, after)
				}
			}
		}
	}
}

func FuzzFoldSame(f *testing.F) {
	for _, s := range []string{"Thành uỷ Phủ lý./.", "hoẽ thuỳ", "Ð/c\u00a0Phạm", "\u200b", "q\u00adu\u0301y", "o\u0300a", "\xff\xfe", "ΐ", "İ", "\u212a", "Ⱥ"} {
		f.Add(s)
	}
	f.Fuzz(checkFoldSame)
}

// BenchmarkFoldReference is Fold before AppendFold, for comparison.
func BenchmarkFoldReference(b *testing.B) {
	s := paragraph3K(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		foldReference(s)
	}
}

func BenchmarkAppendFold(b *testing.B) {
	s := paragraph3K(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		buf = AppendFold(buf[:0], s)
	}
}

// TestFoldFastPathTaken checks that feed text of every usual shape takes
// the one-pass fold: paragraphs, tabs, no-break and typographic spaces,
// quotes and dashes, both tone styles, upper case.
func TestFoldFastPathTaken(t *testing.T) {
	for _, s := range []string{
		paragraph3K(t),
		"Hội nghị\n\nNgày 16/12/2020,\tđ/c Phạm Thị Thủy\r\n“Dân vận khéo” – năm 2021…\u00a0Thành uỷ\u2009Phủ Lý./.",
		"ĐẢNG ỦY PHƯỜNG LAM HẠ: HOÀ BÌNH, KHOẺ MẠNH",
	} {
		if _, ok := appendFoldFast(nil, s); !ok {
			t.Errorf("%.40q… takes the slow path", s)
		}
	}
	for _, s := range []string{norm.NFD.String("Thủy"), "Phủ\u00adLý", "Москва", "a\x01b"} {
		if _, ok := appendFoldFast(nil, s); ok {
			t.Errorf("%q takes the fast path", s)
		}
	}
}
