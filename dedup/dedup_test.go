package dedup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"bantin"
)

var _ bantin.Matcher = (*Fingerprinter)(nil)

// realArticle reads the Phủ Lý party committee's page of December 2020:
// its title and its paragraphs as the page has them (lead twice, caption,
// signature, "Các tin khác").
func realArticle(t testing.TB) (title string, paras []string) {
	t.Helper()
	b, err := os.ReadFile("testdata/000_88a0b0b938ac343d.txt")
	if err != nil {
		t.Fatalf("read real article: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " ")); l != "" {
			lines = append(lines, l)
		}
	}
	// Line 0 is the page's date line, line 1 the title.
	return lines[1], lines[2:]
}

func TestRealArticleRepostAndTemplateSibling(t *testing.T) {
	title, paras := realArticle(t)
	original := strings.Join(paras, "\n\n")

	// The province re-posts it cleaned: lead once, no furniture, "đồng
	// chí" written out, the new tone style, a caption and a sentence gone.
	var kept []string
	for i, p := range paras {
		if i == 0 || p == "Các đại biểu dự hội nghị" || p == "Các tin khác" {
			continue
		}
		kept = append(kept, p)
	}
	repost := strings.Join(kept, "\n\n")
	repost = strings.NewReplacer("đ/c", "đồng chí", "Đ/c", "Đồng chí", "ủy", "uỷ",
		" Chỉ đạo các đơn vị phường, xã sơ kết 1 năm thực hiện mô hình", " Các đơn vị đã thực hiện mô hình").Replace(repost)

	// Another district's committee writes the same article from the same
	// guide: other names, numbers, date and place.
	sibling := strings.NewReplacer("16/12/2020", "18/12/2020", "Phạm Thị Thủy", "Trần Thị Hoa",
		"Phạm Chí Thống", "Lê Văn Hải", "45 văn bản", "38 văn bản", "22 văn bản", "17 văn bản",
		"thành ủy", "huyện ủy", "Thành ủy", "Huyện ủy", "Thành uỷ", "Huyện uỷ", "thành phố", "huyện",
		"Phủ lý", "Kim Bảng", "Phủ Lý", "Kim Bảng", "2021-2026", "2021-2026").Replace(original)

	f := NewFingerprinter()
	sigO, bandsO := f.Fingerprint(title, original)
	sigR, bandsR := f.Fingerprint("Thành ủy Phủ Lý: "+title, repost)
	sigS, _ := f.Fingerprint(title, sibling)
	if !sharesBand(bandsO, bandsR) {
		t.Errorf("re-post is not a band candidate: %s", explain(sigO, sigR))
	}
	if !f.SameStory(sigO, sigR) {
		t.Errorf("re-post not recognised: %s", explain(sigO, sigR))
	}
	if f.SameStory(sigO, sigS) {
		t.Errorf("template sibling merged: %s", explain(sigO, sigS))
	}
	t.Logf("re-post %s; sibling %s", explain(sigO, sigR), explain(sigO, sigS))
}

func sharesBand(a, b []uint64) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func TestFingerprint(t *testing.T) {
	f := NewFingerprinter()
	title, paras := realArticle(t)
	text := strings.Join(paras, "\n\n")
	sig, bands := f.Fingerprint(title, text)
	if len(sig) > 700 {
		t.Errorf("signature of %d bytes, want under 700", len(sig))
	}
	if len(bands) != f.Bands {
		t.Errorf("%d band keys, want %d", len(bands), f.Bands)
	}
	for i, k := range bands {
		if k>>56 != uint64(i) {
			t.Errorf("band %d key %x does not carry its band index", i, k)
		}
	}
	sig2, bands2 := f.Fingerprint(title, text)
	if !bytes.Equal(sig, sig2) || !sharesBand(bands, bands2) {
		t.Error("fingerprint is not deterministic")
	}
	if !f.SameStory(sig, sig2) {
		t.Error("an item is not the same story as itself")
	}
	for _, tc := range []struct{ name, title, text string }{
		{"nothing", "", ""},
		{"only spaces and punctuation", " \u00a0", "… ./. --"},
	} {
		if sig, bands := f.Fingerprint(tc.title, tc.text); sig != nil || bands != nil {
			t.Errorf("%s: got a signature of %d bytes", tc.name, len(sig))
		}
	}
	if sig, _ := f.Fingerprint("Lịch tiếp công dân tháng 5", ""); sig == nil {
		t.Error("a title-only item has no signature")
	}
}

// TestSignatureStable guards the hashing and layout: stored signatures
// must keep comparing equal to new ones after an upgrade, so any change
// here needs a new version byte.
func TestSignatureStable(t *testing.T) {
	f := NewFingerprinter()
	sig, bands := f.Fingerprint("Phường Lam Hạ tiếp công dân định kỳ tháng 3/2021",
		"Sáng 15/3/2021, đ/c Trần Quốc Khánh, Bí thư Đảng ủy phường Lam Hạ chủ trì buổi tiếp công dân định kỳ tháng 3.")
	sum := sha256.Sum256(sig)
	const want = "8305f262c062a522"
	if got := hex.EncodeToString(sum[:8]); got != want {
		t.Errorf("signature hash %s, want %s: the fingerprint changed; bump the version byte", got, want)
	}
	if bands[0]>>56 != 0 || bands[41]>>56 != 41 {
		t.Errorf("band keys %x ... %x", bands[0], bands[41])
	}
}

func TestSameStoryRefusesBadSignatures(t *testing.T) {
	f := NewFingerprinter()
	good, _ := f.Fingerprint("Hội nghị tổng kết", "Ngày 16/12/2020, Ban Dân vận thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020.")
	other := NewFingerprinter()
	other.Shingle = 2
	two, _ := other.Fingerprint("Hội nghị tổng kết", "Ngày 16/12/2020, Ban Dân vận thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020.")
	version2 := append([]byte{2}, good[1:]...)
	tests := []struct {
		name string
		a, b []byte
	}{
		{"nil", nil, good},
		{"empty", []byte{}, good},
		{"truncated", good[:len(good)-1], good},
		{"trailing byte", append(append([]byte{}, good...), 0), good},
		{"unknown version", version2, good},
		{"other shingle size", two, good},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if f.SameStory(tt.a, tt.b) || f.SameStory(tt.b, tt.a) {
				t.Errorf("matched")
			}
		})
	}
}

func TestValidate(t *testing.T) {
	if err := NewFingerprinter().Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	bad := &Fingerprinter{Shingle: 0, Bands: 200, MinJaccard: 1.5, MinContainment: -1, MinSalient: -1, AloneJaccard: 0.5}
	err := bad.Validate()
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	for _, want := range []string{"shingle", "bands", "min Jaccard", "min containment", "min salient"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	// Fingerprint still works on data, with the defaults for bad fields.
	sig, bands := bad.Fingerprint("Tiếp công dân", "Sáng 15/3/2021, lãnh đạo phường tiếp công dân.")
	if sig == nil || len(bands) != DefaultBands {
		t.Errorf("bad settings: %d bytes, %d bands", len(sig), len(bands))
	}
}
