package vntext

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tonePair is one row of testdata/tone-placement-pairs.tsv.
type tonePair struct {
	old, new string
	control  bool // written alike in both styles
}

func readTonePairs(t testing.TB) []tonePair {
	t.Helper()
	f, err := os.Open("testdata/tone-placement-pairs.tsv")
	if err != nil {
		t.Fatalf("open tone pairs: %v", err)
	}
	defer f.Close()
	var pairs []tonePair
	control := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			control = strings.Contains(line, "controls")
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 || cols[0] == "old_style" {
			continue
		}
		pairs = append(pairs, tonePair{old: cols[0], new: cols[1], control: control})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read tone pairs: %v", err)
	}
	return pairs
}

func TestFoldTonePlacementPairs(t *testing.T) {
	pairs := readTonePairs(t)
	var n, controls int
	for _, p := range pairs {
		n++
		if p.control {
			controls++
		}
		fo, fn := Fold(p.old), Fold(p.new)
		if fo != fn {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q: want equal", p.old, fo, p.new, fn)
		}
		if fo != strings.ToLower(p.old) {
			t.Errorf("Fold(%q) = %q: want the old style %q", p.old, fo, strings.ToLower(p.old))
		}
		// In context: inside a sentence, upper case, decomposed.
		sentence := "Ông " + p.new + " và " + strings.ToUpper(p.old) + " đến"
		want := "ông " + strings.ToLower(p.old) + " và " + strings.ToLower(p.old) + " đến"
		if got := Fold(norm.NFD.String(sentence)); got != want {
			t.Errorf("Fold(NFD %q) = %q, want %q", sentence, got, want)
		}
	}
	if n < 50 || controls < 10 {
		t.Fatalf("read %d pairs, %d controls: the table did not load", n, controls)
	}
}

func TestFoldControlsNeverMove(t *testing.T) {
	for _, p := range readTonePairs(t) {
		if !p.control {
			continue
		}
		if got := Fold(p.old); got != strings.ToLower(p.old) {
			t.Errorf("Fold(%q) = %q: a control must not change", p.old, got)
		}
	}
	for _, w := range []string{"hoàng", "hoàn", "khoảng", "thuyền", "quý", "quỳ", "quả", "quẻ", "ngoài", "ngoáy", "khuya", "hoặc", "toàn", "xoè"} {
		got := Fold(w)
		if w == "xoè" {
			if got != "xòe" {
				t.Errorf("Fold(%q) = %q, want xòe", w, got)
			}
			continue
		}
		if got != w {
			t.Errorf("Fold(%q) = %q: must not change", w, got)
		}
	}
	if strings.Contains(Fold("Hoàng Văn Hoàn, khu hoàng thành"), "hòang") {
		t.Error("hoàng became hòang")
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"lead without final period", "Ngày 16/12/2020, Ban Dân vận thành ủy tổ chức hội nghị", "ngày 16/12/2020, ban dân vận thành ủy tổ chức hội nghị"},
		{"lead with final period", "Ngày 16/12/2020, Ban Dân vận thành ủy tổ chức hội nghị.", "ngày 16/12/2020, ban dân vận thành ủy tổ chức hội nghị"},
		{"article end mark", "trên địa bàn./.", "trên địa bàn"},
		{"ellipsis and rune ellipsis", "các hoạt động tôn giáo... còn nữa…", "các hoạt động tôn giáo... còn nữa"},
		{"question and exclamation", "Vì sao?!", "vì sao"},
		{"semicolon colon", "Các nội dung:", "các nội dung"},
		{"closing quotes", "mô hình “Chính quyền thân thiện vì nhân dân phục vụ”.", "mô hình “chính quyền thân thiện vì nhân dân phục vụ"},
		{"trailing dash", "Tin ảnh –", "tin ảnh"},
		{"inner punctuation kept", "Phó Bí thư TT thành ủy, đ/c Phạm Chí Thống.", "phó bí thư tt thành ủy, đ/c phạm chí thống"},
		{"no-break spaces", "Ban\u00a0Dân vận\u00a0\u00a0Thành ủy", "ban dân vận thành ủy"},
		{"zero-width spaces", "Dân\u200bvận\u200c\u200d\ufeffkhéo", "dân vận khéo"},
		{"tabs and newlines", "\tHội nghị\r\n\ntổng kết \n", "hội nghị tổng kết"},
		{"doubled space", "tham mưu giúp  BTV", "tham mưu giúp btv"},
		{"only spaces", " \u00a0\u200b\t", ""},
		{"eth for Đ", "ÐẢNG BỘ Ðồng Văn", "đảng bộ đồng văn"},
		{"Đ upper", "ĐẢNG ỦY", "đảng ủy"},
		{"new style uỷ", "Thành uỷ Phủ lý", "thành ủy phủ lý"},
		{"new style hoà khoẻ", "Hoà bình, khoẻ mạnh", "hòa bình, khỏe mạnh"},
		{"decomposed input", norm.NFD.String("Tuyên truyền về Nghị quyết"), "tuyên truyền về nghị quyết"},
		{"diacritics kept", "thủy", "thủy"},
		{"soft hyphen dropped", "Phủ\u00adLý", "phủlý"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if Fold("thủy") == Fold("thùy") {
		t.Error("thủy and thùy fold equal: diacritics must be kept")
	}
}

func TestNFC(t *testing.T) {
	composed := "Thành ủy Phủ Lý"
	if got := NFC(composed); got != composed {
		t.Errorf("NFC(%q) = %q", composed, got)
	}
	if got := NFC(norm.NFD.String(composed)); got != composed {
		t.Errorf("NFC(NFD) = %q, want %q", got, composed)
	}
	// The quick path returns the very same string.
	if got := NFC(composed); got != composed || !norm.NFC.IsNormalString(got) {
		t.Errorf("NFC changed an NFC string")
	}
}

func TestStrip(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dân vận", "dan van"},
		{"ĐẢNG ỦY Phường Đồng Văn.", "dang uy phuong dong van"},
		{"Thành uỷ", "thanh uy"},
		{"Nghị quyết, Kết luận", "nghi quyet, ket luan"},
		{"ưu tiên ơn", "uu tien on"},
	}
	for _, tt := range tests {
		if got := Strip(tt.in); got != tt.want {
			t.Errorf("Strip(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"ngày 16/12/2020, ban dân vận", []string{"ngày", "16", "12", "2020", "ban", "dân", "vận"}},
		{"nhiệm kỳ 2021-2026", []string{"nhiệm", "kỳ", "2021", "2026"}},
		{"“dân vận khéo” (2020)", []string{"dân", "vận", "khéo", "2020"}},
		{" ... ", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Thành uỷ Phủ lý./.", "hoàng", "Ð/c\u00a0Phạm", "\u200b", "q\u00adu\u0301y", "o\u0300a", "\xff\xfe", "ΐ", "İ", "\u212a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Fold(s)
		if !utf8.ValidString(k) {
			t.Fatalf("Fold(%q) = %q: not UTF-8", s, k)
		}
		if k2 := Fold(k); k2 != k {
			t.Fatalf("Fold not idempotent: Fold(%q) = %q, Fold(that) = %q", s, k, k2)
		}
		if !norm.NFC.IsNormalString(k) {
			t.Fatalf("Fold(%q) = %q: not NFC", s, k)
		}
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("Fold(%q) = %q: spaces not collapsed", s, k)
		}
		_ = Strip(s)
		_ = Words(k)
	})
}

// paragraph3K is about 3 KB of NFC Vietnamese text, like an article body.
func paragraph3K(tb testing.TB) string {
	tb.Helper()
	const p = "Ngày 16/12/2020, Ban Dân vận thành ủy tổ chức hội nghị tổng kết công tác dân vận năm 2020, triển khai phương hướng nhiệm vụ năm 2021. Dự hội nghị có đ/c Phạm Thị Thủy - Phó Trưởng Ban Dân vận Tỉnh uỷ, các đ/c Phó Bí thư đảng ủy các phường xã trên địa bàn thành phố. "
	s := strings.Repeat(p, 3072/len(p)+1)
	if !norm.NFC.IsNormalString(s) {
		tb.Fatal("fixture not NFC")
	}
	return s
}

func BenchmarkFold(b *testing.B) {
	s := paragraph3K(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Fold(s)
	}
}

func BenchmarkNFCAlreadyNormal(b *testing.B) {
	s := paragraph3K(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		NFC(s)
	}
}

func BenchmarkNFCDecomposed(b *testing.B) {
	s := norm.NFD.String(paragraph3K(b))
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		NFC(s)
	}
}
