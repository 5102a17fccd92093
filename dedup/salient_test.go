package dedup

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestSalientTokens(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"date kept, bare year dropped", "Ngày 16/12/2020 tổng kết năm 2020.", []string{"#16/12/2020"}},
		{"date separators agree", "ngày 16-12-2020 và 16.12.2020", []string{"#16/12/2020", "#16/12/2020"}},
		{"counts kept, single digit dropped", "ban hành 45 văn bản, 1 quy chế và 1.250 lượt", []string{"#45", "#1/250"}},
		{"person after đ/c", "có đ/c Phạm Thị Thủy - Phó Trưởng Ban Dân vận Tỉnh ủy", []string{"phạm thị thủy"}},
		{"ward after its kind", "tổ chức tại phường Lam Hạ và xã Thanh Châu", []string{"lam hạ", "thanh châu"}},
		{"kind word capitalised", "Phường Lam Hạ tổ chức", []string{"lam hạ"}},
		{"generic bodies dropped", "ông Nguyễn, Ban Thường vụ Đảng ủy, Mặt trận Tổ quốc Việt Nam", []string{"nguyễn"}},
		{"acronyms dropped", "UBND, HĐND và MTTQ", nil},
		{"sentence start is grammar", "Hội nghị diễn ra. Sau đó ông Tuấn phát biểu", []string{"tuấn"}},
		{"name at sentence start keeps its rest", "Trần Quốc Khánh phát biểu.", []string{"quốc khánh"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := salientTokens(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("salientTokens(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestContainmentExact(t *testing.T) {
	a := sketchSalient([]string{"a", "b", "c", "d"})
	b := sketchSalient([]string{"a", "b", "c", "d", "e", "f"})
	c := sketchSalient([]string{"a", "x", "y", "z"})
	if got := containment(a, b); got != 1 {
		t.Errorf("subset containment %v, want 1", got)
	}
	if got := containment(a, c); got != 0.25 {
		t.Errorf("one of four shared: %v, want 0.25", got)
	}
	if got := containment(a, sketchSalient(nil)); got != 0 {
		t.Errorf("empty set: %v, want 0", got)
	}
	if containment(a, c) != containment(c, a) {
		t.Error("containment is not symmetric")
	}
}

// TestContainmentEstimated checks the bottom-k estimate when sets are
// larger than the sketch.
func TestContainmentEstimated(t *testing.T) {
	tokens := func(prefix string, n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("%s%d", prefix, i))
		}
		return out
	}
	for _, tc := range []struct {
		shared, onlyA, onlyB int
	}{{80, 20, 20}, {50, 50, 10}, {100, 0, 100}, {10, 90, 90}} {
		a := sketchSalient(append(tokens("s", tc.shared), tokens("a", tc.onlyA)...))
		b := sketchSalient(append(tokens("s", tc.shared), tokens("b", tc.onlyB)...))
		want := float64(tc.shared) / float64(tc.shared+min(tc.onlyA, tc.onlyB))
		got := containment(a, b)
		if math.Abs(got-want) > 0.2 {
			t.Errorf("%+v: containment %.2f, want about %.2f", tc, got, want)
		}
		if len(a.hashes) != maxSalient || a.size <= maxSalient {
			t.Errorf("%+v: sketch keeps %d of %d", tc, len(a.hashes), a.size)
		}
	}
}

// A digit outside ASCII (Arabic-Indic, full-width, Devanagari: all seen in
// the feed corpora) once made the tokenizer loop forever, appending
// tokens until memory ran out.
func TestTokenizeNonASCIIDigits(t *testing.T) {
	for _, text := range []string{"năm ٢٠٢٠ có ٣ xã", "Ngày １６/１２ họp", "१२३ और", "٣"} {
		toks := tokenize(text)
		if len(toks) == 0 || len(toks) > len(text) {
			t.Errorf("tokenize(%q) gave %d tokens", text, len(toks))
		}
	}
}
