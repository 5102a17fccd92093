package publish

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestXMLSafe(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Vietnamese text is kept", "Thành uỷ Phủ Lý & <đ/c>", "Thành uỷ Phủ Lý & <đ/c>"},
		{"tabs and newlines are kept", "a\tb\nc\r\n", "a\tb\nc\r\n"},
		{"vertical tab from a Word paste is dropped", "Hội\x0bnghị", "Hộinghị"},
		{"NUL is dropped", "a\x00b", "ab"},
		{"non-characters are dropped", "a\ufffeb\uffffc", "abc"},
		{"broken UTF-8 becomes U+FFFD", "Ha\xffNam", "Ha\ufffdNam"},
		{"astral characters are kept", "🇻🇳", "🇻🇳"},
	}
	for _, tc := range tests {
		if got := xmlSafe(tc.in); got != tc.want {
			t.Errorf("%s: xmlSafe(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestSummaryOf(t *testing.T) {
	long := "Sáng 21/12, Thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020, triển khai nhiệm vụ năm 2021. " +
		"Dự hội nghị có các đồng chí lãnh đạo Thành ủy, HĐND, UBND thành phố, các phòng ban, đoàn thể và đại diện lãnh đạo " +
		"các xã, phường trên địa bàn thành phố cùng đông đảo cán bộ làm công tác dân vận từ cơ sở đến thành phố."
	tests := []struct{ name, summary, content, want string }{
		{"the portal's lead is used as it is", "  Lead có sẵn. ", "<p>Khác</p>", "Lead có sẵn."},
		{"no lead: text of the content", "", "<p><strong>Ủy ban</strong> thông báo</p><p>lịch &amp; giờ</p>", "Ủy ban thông báo lịch & giờ"},
		{"scripts and styles are not text", "", "<style>p{}</style><p>Tin</p><script>x()</script>", "Tin"},
		{"nothing at all", "", "", ""},
	}
	for _, tc := range tests {
		if got := summaryOf(tc.summary, tc.content); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}

	// A long content is cut at a word boundary, within the bound.
	got := summaryOf("", "<p>"+long+"</p>")
	kept, ok := strings.CutSuffix(got, "…")
	if !ok || !strings.HasPrefix(long, kept) || utf8.RuneCountInString(kept) > summaryRunes {
		t.Fatalf("cut summary %q", got)
	}
	if next := long[len(kept):]; !strings.HasPrefix(next, " ") {
		t.Errorf("cut inside a word: %q|%q", kept, next)
	}
	if utf8.RuneCountInString(kept) < summaryRunes*3/4 {
		t.Errorf("cut too early: %d runes", utf8.RuneCountInString(kept))
	}
}

func TestAgo(t *testing.T) {
	now := time.Date(2020, 12, 26, 10, 0, 0, 0, ict)
	tests := []struct {
		ago  time.Duration
		want string
	}{
		{10 * time.Second, "vừa xong"},
		{-10 * time.Second, "vừa xong"},
		{5 * time.Minute, "5 phút trước"},
		{3 * time.Hour, "3 giờ trước"},
		{3*24*time.Hour + time.Hour, "3 ngày trước"},
		{90 * 24 * time.Hour, "3 tháng trước"},
		{800 * 24 * time.Hour, "2 năm trước"},
		{-15 * time.Minute, "15 phút nữa"},
		{-2 * time.Hour, "2 giờ nữa"},
		{-50 * time.Hour, "2 ngày nữa"},
	}
	for _, tc := range tests {
		if got := vi.ago(now, now.Add(-tc.ago)); got != tc.want {
			t.Errorf("%v ago: %q, want %q", tc.ago, got, tc.want)
		}
	}
	if got := vi.duration(1234 * time.Millisecond); got != "1,2 s" {
		t.Errorf("duration = %q", got)
	}
}

func TestParseLimit(t *testing.T) {
	tests := []struct {
		query string
		want  int
		ok    bool
	}{
		{"", DefaultLimit, true},
		{"limit=1", 1, true},
		{"limit=1000", 1000, true},
		{"limit=10&limit=2000", 10, true},
		{"limit=0", 0, false},
		{"limit=-5", 0, false},
		{"limit=1001", 0, false},
		{"limit=", 0, false},
		{"limit=5.0", 0, false},
		{"limit=99999999999999999999999", 0, false},
	}
	for _, tc := range tests {
		q, _ := url.ParseQuery(tc.query)
		got, err := parseLimit(q)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%q: %d, %v; want %d, ok %v", tc.query, got, err, tc.want, tc.ok)
		}
	}
}

// FuzzXMLClean holds the byte-wise check to the definition: valid UTF-8
// with every rune in XML 1.0's Char production.
func FuzzXMLClean(f *testing.F) {
	for _, s := range []string{"", "Phường Đông Thành", "a\x00b", "tab\tok", "\uFFFE", "\uFFFF", "\uFFFD", "\xef\xbf", "\xed\xa0\x80", "\U0010FFFF", "\x7f\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !xmlChar(r) }) < 0
		if got := xmlClean(s); got != want {
			t.Errorf("xmlClean(%q) = %v, want %v", s, got, want)
		}
	})
}
