package vntext

import "testing"

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Phường Phủ Lý":                  "phuong-phu-ly",
		"Xã Đồng Văn":                    "xa-dong-van",
		"ÐẢNG ỦY Phường Hà Nam":          "dang-uy-phuong-ha-nam",
		"  Sở Khoa học & Công nghệ (1) ": "so-khoa-hoc-cong-nghe-1",
		"Thuỷ / Thủy":                    "thuy-thuy",
		"…":                              "",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
