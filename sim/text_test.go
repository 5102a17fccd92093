package sim

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"bantin/vntext"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Phường Phủ Lý", "phuong-phu-ly"},
		{"Thị xã Duy Tiên", "thi-xa-duy-tien"},
		{"Đinh Xá", "dinh-xa"},
		{"Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-va-du-lich"},
		{norm.NFD.String("Thanh Thủy"), "thanh-thuy"},
		{"  --Hà   Nam 2-- ", "ha-nam-2"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := vntext.Slug(tt.in); got != tt.want {
			t.Errorf("vntext.Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNewTonesAgainstCorpus checks the tone table on the corpus pairs:
// every old-style word the table knows becomes its new style, the
// controls never change, and every entry only moves the mark.
func TestNewTonesAgainstCorpus(t *testing.T) {
	f, err := os.Open("testdata/tone-placement-pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	known, controls := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(cols[0], "#") || cols[0] == "old_style" || len(cols) < 2 {
			continue
		}
		old, want := cols[0], cols[1]
		got := newTones(old)
		switch {
		case old == want:
			controls++
			if got != old {
				t.Errorf("control %q became %q", old, got)
			}
		case toneNew[old] != "":
			known++
			if got != want {
				t.Errorf("newTones(%q) = %q, want %q", old, got, want)
			}
		}
	}
	if known < 10 || controls < 10 {
		t.Errorf("%d pairs and %d controls checked", known, controls)
	}
	for old, nw := range toneNew {
		if base(old) != base(nw) || old == nw {
			t.Errorf("%q → %q is not a move of the tone mark", old, nw)
		}
	}
	if got := newTones("Thành ủy Phủ Lý, hoàng hôn, Ủy ban, thủy lợi."); got != "Thành uỷ Phủ Lý, hoàng hôn, Uỷ ban, thuỷ lợi." {
		t.Errorf("sentence: %q", got)
	}
}

// base is a word's letters without its tone mark, in order.
func base(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if _, tone := toneBytes[r]; !tone {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestWindows1258(t *testing.T) {
	vector, err := os.ReadFile("testdata/cp1258-sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	// The corpus vector's second line is how the code page writes "Tiếng
	// Việt" (no precomposed ế or ệ exists): the encoder must agree.
	line2 := bytes.Split(vector, []byte("\r\n"))[1]
	if got := windows1258("Tiếng Việt"); !bytes.Equal(got, line2) {
		t.Errorf("Tiếng Việt: % x, corpus % x", got, line2)
	}
	// The same word comes precomposed and decomposed, as from portals.
	twice := windows1258("Thành Thành")
	if !bytes.Contains(twice, []byte("Th\xe0nh")) || !bytes.Contains(twice, []byte("Tha\xccnh")) {
		t.Errorf("Thành Thành: % x, want both forms", twice)
	}
	if got := string(windows1258("\U0001F600 ☎")); got != "&#128512; &#9742;" {
		t.Errorf("characters outside the code page: %q", got)
	}
	// Every text the bank can write survives the round trip.
	w := newWriter(5, zone(), testStart)
	u := buildUnits(&Options{Cities: 1, WardsPerCity: 1})[2]
	for range 50 {
		a := w.regular(u, w.before())
		text := a.title + "\n" + a.lead + "\n" + newTones(a.paras[0].text)
		dec, err := charmap.Windows1258.NewDecoder().Bytes(windows1258(text))
		if err != nil || norm.NFC.String(string(dec)) != text {
			t.Fatalf("round trip of %q gave %q (%v)", text, dec, err)
		}
	}
}

func TestExpand(t *testing.T) {
	day := time.Date(2020, 12, 16, 0, 0, 0, 0, zone())
	u := buildUnits(&Options{Cities: 1, WardsPerCity: 1})[2]
	r := func() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
	v := newValues(r(), r(), u, day)
	tests := []struct{ tpl, want string }{
		{"Ngày $DAY, $PARTY", "Ngày 16/12/2020, Đảng ủy phường Hà Nam"},
		{"$UNIT năm $YEAR-$NEXT", "UBND phường Hà Nam năm 2020-2021"},
		{"$NOPE {một}", "$NOPE một"},
		{"{không đóng", "{không đóng"},
		{"$", "$"},
	}
	for _, tt := range tests {
		if got := v.expand(tt.tpl); got != tt.want {
			t.Errorf("expand(%q) = %q, want %q", tt.tpl, got, tt.want)
		}
	}
	if got := v.sentence("$HAMLET đón bằng"); !strings.HasPrefix(got, "Thôn ") && !strings.HasPrefix(got, "Xóm ") && !strings.HasPrefix(got, "Tổ ") {
		t.Errorf("sentence does not start with a capital: %q", got)
	}
}

func TestSmallHelpers(t *testing.T) {
	for n, want := range map[int]string{123: "123", 4720: "4.720", 1234567: "1.234.567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q", n, got)
		}
	}
	// The real article's date line: Monday 21/12/2020 is "Thứ 2".
	if got := weekday(time.Date(2020, 12, 21, 8, 0, 0, 0, zone())); got != "Thứ 2" {
		t.Errorf("weekday = %q", got)
	}
	if got := weekday(time.Date(2020, 12, 20, 8, 0, 0, 0, zone())); got != "Chủ nhật" {
		t.Errorf("Sunday = %q", got)
	}
	if got := collapse(" a \u00a0 b\u200b\tc "); got != "a b c" {
		t.Errorf("collapse = %q", got)
	}
	if got := firstSentence("Một câu. Hai câu"); got != "Một câu" {
		t.Errorf("firstSentence = %q", got)
	}
}
