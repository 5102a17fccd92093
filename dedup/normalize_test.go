package dedup

import (
	"slices"
	"strings"
	"testing"

	"bantin/vntext"
)

func TestStripTitlePrefix(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"city labels a ward's article", "Phường Lam Hạ: Tiếp công dân định kỳ tháng 3", "tiếp công dân định kỳ tháng 3"},
		{"commune label", "Xã Thanh Châu: Chủ động phòng, chống bão số 2", "chủ động phòng, chống bão số 2"},
		{"UBND label with dash", "UBND phường Quang Trung - Ra quân vệ sinh môi trường", "ra quân vệ sinh môi trường"},
		{"UBND label with en dash", "UBND thị trấn Kiện Khê – Hội nghị tổng kết", "hội nghị tổng kết"},
		{"bracketed label", "[Xã Tiên Hiệp] Đón nhận Bằng công nhận nông thôn mới", "đón nhận bằng công nhận nông thôn mới"},
		{"short heading label", "Tin ảnh: Hội thao quốc phòng", "hội thao quốc phòng"},
		{"own title naming the ward", "Phường Lam Hạ tiếp công dân định kỳ tháng 3/2021", "phường lam hạ tiếp công dân định kỳ tháng 3/2021"},
		{"template title untouched", "Hội nghị tổng kết công tác dân vận năm 2020", "hội nghị tổng kết công tác dân vận năm 2020"},
		{"label alone is kept", "Phường Lam Hạ:", "phường lam hạ"},
		{"upper-case re-post", "PHƯỜNG LAM HẠ: TIẾP CÔNG DÂN", "tiếp công dân"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stripTitlePrefix(vntext.Fold(tt.in)); got != tt.want {
				t.Errorf("stripTitlePrefix(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalWords(t *testing.T) {
	tests := []struct {
		name, title, text string
		want              string
	}{
		{"đ/c expanded", "", "Dự có đ/c Phạm Thị Thủy, Đ/c Lê Văn A.", "dự có đồng chí phạm thị thủy đồng chí lê văn a"},
		{"đ/c before comma and at the end", "", "các đ/c, mời đ/c", "các đồng chí mời đồng chí"},
		{"UBND and HĐND expanded", "", "UBND và HĐND phường", "ủy ban nhân dân và hội đồng nhân dân phường"},
		{"tone styles agree", "", "Thành uỷ Phủ lý", "thành ủy phủ lý"},
		{"title prefix dropped, title kept", "Phường Lam Hạ: Hội nghị", "Nội dung", "hội nghị nội dung"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(normalWords(tt.title, tt.text), " "); got != tt.want {
				t.Errorf("normalWords(%q, %q) = %q, want %q", tt.title, tt.text, got, tt.want)
			}
		})
	}
}

func TestShingleHashes(t *testing.T) {
	words := []string{"hội", "nghị", "tổng", "kết", "hội", "nghị", "tổng"}
	sh := shingleHashes(words, 3)
	if len(sh) != 5 {
		t.Fatalf("%d shingles of 7 words, want 5", len(sh))
	}
	if sh[0] != sh[4] {
		t.Error("the same three words hash differently")
	}
	if slices.Contains(sh[1:4], sh[0]) {
		t.Error("different shingles collide")
	}
	if got := shingleHashes([]string{"tin", "ảnh"}, 3); len(got) != 1 {
		t.Errorf("a two-word text has %d shingles, want 1", len(got))
	}
	if got := shingleHashes(nil, 3); got != nil {
		t.Errorf("no words gave %d shingles", len(got))
	}
}
