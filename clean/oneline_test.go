package clean

import (
	"strings"
	"testing"

	"bantin/vntext"
)

// oneLineReference is oneLine as it was before its fast path.
func oneLineReference(s string) string {
	s = vntext.NFC(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case isSpaceRune(r):
			space = b.Len() > 0
			continue
		case isInvisibleRune(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestOneLineKeepsItsRules(t *testing.T) {
	for name, s := range map[string]string{
		"a clean title":               "Hội nghị tổng kết công tác dân vận năm 2020",
		"no-break spaces of a portal": "Hội\u00a0nghị\u00a0\u00a0tổng kết",
		"a title with a leading tab":  "\tThành ủy Phủ Lý ",
		"a soft hyphen in a word":     "dân\u00advận",
		"a zero-width space":          "Phủ\u200bLý",
		"invalid UTF-8 from a portal": "Ph\xffủ Lý",
		"a replacement character":     "Ph\ufffdủ Lý",
		"only spaces":                 " \u00a0 ",
		"empty":                       "",
		"decomposed text":             "Thanh\u0300 u\u0309y",
	} {
		t.Run(name, func(t *testing.T) {
			if got, want := oneLine(s), oneLineReference(s); got != want {
				t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
			}
		})
	}
}

func FuzzOneLine(f *testing.F) {
	for _, s := range []string{"Hội\u00a0nghị", " a  b ", "x\u00ady", "\xff", "a\x7fb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := oneLine(s), oneLineReference(s); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkOneLine compares oneLine with its version before the fast
// path, on a clean paragraph, the common case.
func BenchmarkOneLine(b *testing.B) {
	s := strings.Repeat("Sáng ngày 21/12, Thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020. ", 30)
	s = strings.TrimSpace(s)
	b.Run("now", func(b *testing.B) {
		b.SetBytes(int64(len(s)))
		b.ReportAllocs()
		for b.Loop() {
			oneLine(s)
		}
	})
	b.Run("reference", func(b *testing.B) {
		b.SetBytes(int64(len(s)))
		b.ReportAllocs()
		for b.Loop() {
			oneLineReference(s)
		}
	})
}
