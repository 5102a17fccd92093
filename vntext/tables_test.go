package vntext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// stripReference is Strip as it was before the tables: NFD of every
// rune minus its non-spacing marks.
func stripReference(s string) string {
	var b strings.Builder
	for _, r := range Fold(s) {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r == 'đ':
			b.WriteByte('d')
		default:
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(d)
				}
			}
		}
	}
	return b.String()
}

// quickCheck is what NFC asked before the tables: the standard's quick
// check, which may say "maybe" (false) for text that is NFC.
func quickCheck(s string) bool { return norm.NFC.QuickSpanString(s) == len(s) }

func TestNFCTablesAgreeWithTheStandard(t *testing.T) {
	cases := map[string]string{
		"a portal's NFC text":              "Thành ủy Phủ Lý tổ chức hội nghị “tổng kết” – năm 2020…",
		"the same text decomposed":         norm.NFD.String("Thành ủy Phủ Lý tổ chức hội nghị"),
		"a mark after a precomposed vowel": "ê\u0301 và e\u0302\u0301",
		"a mark after ASCII at the start":  "a\u0300bc",
		"a mark after a space":             "Hà \u0301Nam",
		"marks out of canonical order":     "a\u0301\u0323",
		"an Ohm sign (a singleton)":        "điện trở 5\u2126",
		"Hangul jamo that compose":         "\u1100\u1161",
		"a CJK compatibility ideograph":    "\uf900",
		"invalid UTF-8":                    "Ph\xffủ Lý",
		"empty":                            "",
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) { checkTables(t, s) })
	}
}

// checkTables holds the table-driven NFC check and Strip to the library
// code they replaced.
func checkTables(t *testing.T, s string) {
	if got, want := isNFC(s), quickCheck(s); got != want {
		t.Errorf("isNFC(%q) = %v, the quick check says %v", s, got, want)
	}
	if got, want := NFC(s), norm.NFC.String(s); got != want {
		t.Errorf("NFC(%q) = %q, want %q", s, got, want)
	}
	if got, want := Strip(s), stripReference(s); got != want {
		t.Errorf("Strip(%q) = %q, want %q", s, got, want)
	}
}

func FuzzNFCTables(f *testing.F) {
	for _, s := range []string{"Thành ủy", norm.NFD.String("Thuỷ lợi"), "ê\u0301", "\u2126", "Ðồng"} {
		f.Add(s)
	}
	f.Fuzz(checkTables)
}

func BenchmarkStrip(b *testing.B) {
	s := paragraph3K(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Strip(s)
	}
}

// BenchmarkStripReference is Strip before the tables, for comparison.
func BenchmarkStripReference(b *testing.B) {
	s := paragraph3K(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		stripReference(s)
	}
}

// BenchmarkIsNFC compares the table scan with the standard quick check
// NFC used before, on NFC Vietnamese text.
func BenchmarkIsNFC(b *testing.B) {
	s := paragraph3K(b)
	b.SetBytes(int64(len(s)))
	b.Run("tables", func(b *testing.B) {
		for b.Loop() {
			isNFC(s)
		}
	})
	b.Run("quick-check", func(b *testing.B) {
		for b.Loop() {
			quickCheck(s)
		}
	})
}

// lowerSpacesReference is lowerSpaces before the rune tables.
func lowerSpacesReference(s string) (string, bool) {
	var b strings.Builder
	space, renorm := false, false
	for _, r := range s {
		switch {
		case isSpace(r):
			space = true
			continue
		case isInvisible(r):
			renorm = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		l := lowerRune(r)
		renorm = renorm || l != r && !isLatin(r)
		b.WriteRune(l)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String(), renorm
}

func FuzzLowerSpacesTables(f *testing.F) {
	for _, s := range []string{"ĐỒNG CHÍ\u00a0Bí thư\u200b", "ΣΑΣ", "Ph\xffủ\tLý\r\n", "İstanbul \u00ad"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gotRenorm := lowerSpaces(s)
		want, wantRenorm := lowerSpacesReference(s)
		if got != want || gotRenorm != wantRenorm {
			t.Errorf("lowerSpaces(%q) = %q, %v; want %q, %v", s, got, gotRenorm, want, wantRenorm)
		}
	})
}

func TestWordRuneTableAgrees(t *testing.T) {
	for _, rg := range tableRanges {
		for r := rg[0]; r < rg[1]; r++ {
			if isWordRune(r) != slowWordRune(r) {
				t.Errorf("isWordRune(%U) = %v, the unicode package says otherwise", r, isWordRune(r))
			}
		}
	}
}
