package clean

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin"
)

// seenDates gives the instant every string of testdata/date-strings-seen.tsv
// (real strings from Vietnamese portals) must read as, in RFC 3339; ""
// means it is not a date on its own. URL forms are read by dateFromURL.
var seenDates = map[string]string{
	"Wed, 19 Apr 2017 19:45:55 +0700":  "2017-04-19T19:45:55+07:00",
	"07:00 - 14/09/2023":               "2023-09-14T07:00:00+07:00",
	"hh:mm DD/MM/YYYY":                 "", // a scraper's format string, not a date
	"Đăng ngày 17 - 05 - 2024":         "2024-05-17T00:00:00+07:00",
	"Thứ ba, 25 Tháng 1 2022 16:22":    "2022-01-25T16:22:00+07:00",
	"12:07:05 04/12/2013":              "2013-12-04T12:07:05+07:00",
	"March 28, 2025 8:15 PM GMT+7":     "2025-03-28T20:15:00+07:00",
	"13/04/2025":                       "2025-04-13T00:00:00+07:00",
	"12:29 CH":                         "", // a time without a day: see TestParseDateAtTimeOnly
	"Thứ Ba, ngày 05 tháng 2 năm 2008": "2008-02-05T00:00:00+07:00",
	"Thứ 5, 28/05/2026 17:00:00 GMT+7": "2026-05-28T17:00:00+07:00", // 10:00 UTC
	"d20110119095900000.htm":           "url:2011-01-19T09:59:00+07:00",
	"/portal/Pages/2024-5-17/...aspx":  "url:2024-05-17T00:00:00+07:00",
}

func TestParseDateSeenStrings(t *testing.T) {
	loc := hoChiMinh(t)
	f, err := os.Open("testdata/date-strings-seen.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	rows := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "string\t") || line == "" {
			continue
		}
		s, _, _ := strings.Cut(line, "\t")
		rows++
		want, known := seenDates[s]
		if !known {
			t.Errorf("no expectation for seen date string %q: add it to seenDates", s)
			continue
		}
		t.Run(s, func(t *testing.T) {
			if u, ok := strings.CutPrefix(want, "url:"); ok {
				got, found := dateFromURL("https://example.gov.vn"+ensureSlash(s), loc)
				if !found || got.Format(time.RFC3339) != u {
					t.Errorf("dateFromURL(%q) = %s, %v; want %s", s, got.Format(time.RFC3339), found, u)
				}
				return
			}
			got, ok := ParseDate(s, loc)
			if want == "" {
				if ok {
					t.Errorf("ParseDate(%q) = %s, want no date", s, got)
				}
				return
			}
			if !ok || got.Format(time.RFC3339) != want {
				t.Errorf("ParseDate(%q) = %s, %v; want %s", s, got.Format(time.RFC3339), ok, want)
			}
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows < len(seenDates) {
		t.Errorf("read %d rows, fewer than the %d expectations: the table did not load", rows, len(seenDates))
	}
}

func ensureSlash(s string) string {
	if strings.HasPrefix(s, "/") {
		return s
	}
	return "/baoninhbinh/" + s
}

func TestParseDate(t *testing.T) {
	loc := hoChiMinh(t)
	tests := []struct {
		name, in, want string // want "" means no date
	}{
		{"RFC 1123 GMT", "Mon, 21 Dec 2020 01:30:00 GMT", "2020-12-21T08:30:00+07:00"},
		{"RFC 1123 without zone is local", "Mon, 21 Dec 2020 08:30:00", "2020-12-21T08:30:00+07:00"},
		{"RFC 822 two-digit year", "21 Dec 20 08:30 +0700", "2020-12-21T08:30:00+07:00"},
		{"RFC 3339 Z", "2020-12-21T01:30:00Z", "2020-12-21T08:30:00+07:00"},
		{"RFC 3339 offset", "2020-12-21T08:30:00+07:00", "2020-12-21T08:30:00+07:00"},
		{"RFC 3339 fraction", "2020-12-21T08:30:00.123+07:00", "2020-12-21T08:30:00+07:00"},
		{"ISO without zone", "2020-12-21T08:30:00", "2020-12-21T08:30:00+07:00"},
		{"ISO with space", "2020-12-21 08:30:00", "2020-12-21T08:30:00+07:00"},
		{"ISO with space and offset", "2020-12-21 08:30:00 +0000", "2020-12-21T15:30:00+07:00"},
		{"day first slash and time", "21/12/2020 08:30", "2020-12-21T08:30:00+07:00"},
		{"day first is not month first", "01/02/2020", "2020-02-01T00:00:00+07:00"},
		{"day first dots", "21.12.2020", "2020-12-21T00:00:00+07:00"},
		{"not padded", "5/2/2021 7:05", "2021-02-05T07:05:00+07:00"},
		{"hour with h", "21/12/2020 8h30", "2020-12-21T08:30:00+07:00"},
		{"SA is morning", "21/12/2020 12:29 SA", "2020-12-21T00:29:00+07:00"},
		{"CH is afternoon", "21/12/2020 12:29 CH", "2020-12-21T12:29:00+07:00"},
		{"CH after noon", "21/12/2020 03:15 CH", "2020-12-21T15:15:00+07:00"},
		{"updated label", "Cập nhật lúc 08:30 ngày 21/12/2020", "2020-12-21T08:30:00+07:00"},
		{"weekday Sunday", "Chủ nhật, 20/12/2020", "2020-12-20T00:00:00+07:00"},
		{"weekday Thursday word", "Thứ năm, ngày 24 tháng 12 năm 2020", "2020-12-24T00:00:00+07:00"},
		{"GMT+7 in brackets", "21/12/2020 08:30 (GMT+7)", "2020-12-21T08:30:00+07:00"},
		{"UTC+07:00", "21/12/2020 08:30 UTC+07:00", "2020-12-21T08:30:00+07:00"},
		{"decomposed Unicode", "Th\u01b0\u0301 2 Nga\u0300y 21/12/2020", "2020-12-21T00:00:00+07:00"},
		{"capital eth for Đ", "\u00d0\u0103ng ngày 17 - 05 - 2024", "2024-05-17T00:00:00+07:00"},
		{"no-break spaces", "21/12/2020\u00a008:30", "2020-12-21T08:30:00+07:00"},
		{"sentence with a date", "Ngày 16/12/2020, Ban Dân vận thành ủy tổ chức hội nghị", ""},
		{"31 February", "31/02/2020", ""},
		{"month 13", "12/13/2020", ""},
		{"hour 25", "21/12/2020 25:00", ""},
		{"year zero", "0001-01-01T00:00:00Z", ""},
		{"far future", "01/01/9999", ""},
		{"two dates", "21/12/2020 22/12/2020", ""},
		{"time only", "08:30", ""},
		{"empty", "", ""},
		{"words", "hôm qua", ""},
		{"month without day", "tháng 12 năm 2020", ""},
		{"dash then date is not a zone", "07:00 -14/09/2023", "2023-09-14T07:00:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseDate(tt.in, loc)
			if tt.want == "" {
				if ok {
					t.Errorf("ParseDate(%q) = %s, want no date", tt.in, got.Format(time.RFC3339))
				}
				return
			}
			if !ok || got.Format(time.RFC3339) != tt.want {
				t.Errorf("ParseDate(%q) = %s, %v; want %s", tt.in, got.Format(time.RFC3339), ok, tt.want)
			}
		})
	}
}

func TestParseDateNilLocationIsVietnam(t *testing.T) {
	got, ok := ParseDate("21/12/2020 08:30", nil)
	if !ok || !got.Equal(time.Date(2020, 12, 21, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("ParseDate with nil zone = %s, %v; want 01:30 UTC", got, ok)
	}
}

// A listing page writes only the time for today's news: "12:29 CH".
func TestParseDateAtTimeOnly(t *testing.T) {
	loc := hoChiMinh(t)
	now := time.Date(2024, 5, 17, 15, 0, 0, 0, loc)
	tests := []struct{ in, want string }{
		{"12:29 CH", "2024-05-17T12:29:00+07:00"},
		{"12:29 SA", "2024-05-17T00:29:00+07:00"},
		{"08:00", "2024-05-17T08:00:00+07:00"},
		{"16:30", "2024-05-16T16:30:00+07:00"}, // later than now today: yesterday
		{"21/12/2020 08:30", "2020-12-21T08:30:00+07:00"},
	}
	for _, tt := range tests {
		got, ok := parseDateAt(tt.in, loc, now)
		if !ok || got.Format(time.RFC3339) != tt.want {
			t.Errorf("parseDateAt(%q) = %s, %v; want %s", tt.in, got.Format(time.RFC3339), ok, tt.want)
		}
	}
}

func TestDateFromURL(t *testing.T) {
	loc := hoChiMinh(t)
	tests := []struct{ name, url, want string }{
		{"party newspaper stamp", "https://baoninhbinh.org.vn/so-thong-tin-tong-ket-nam-2010/d20110119095900000.htm", "2011-01-19T09:59:00+07:00"},
		{"SharePoint day folder", "https://prtc.ninhthuan.gov.vn/portal/Pages/2024-5-17/DE-CUONG.aspx", "2024-05-17T00:00:00+07:00"},
		{"year/month/day path", "https://example.gov.vn/2023/09/14/hoi-nghi/", "2023-09-14T00:00:00+07:00"},
		{"article id is not a date", "https://xaydungchinhsach.chinhphu.vn/ninh-binh-119230912103439898.htm", ""},
		{"impossible day", "https://example.gov.vn/Pages/2024-2-30/x.aspx", ""},
		{"no date", "https://phuly.hanam.gov.vn/tin-tuc/hoi-nghi.html", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := dateFromURL(tt.url, loc)
			if tt.want == "" {
				if ok {
					t.Errorf("dateFromURL = %s, want none", got)
				}
				return
			}
			if !ok || got.Format(time.RFC3339) != tt.want {
				t.Errorf("dateFromURL = %s, %v; want %s", got.Format(time.RFC3339), ok, tt.want)
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for s := range seenDates {
		f.Add(s)
	}
	for _, s := range []string{"Thứ 2 Ngày 21/12/2020", "21/12/2020 08:30 GMT+14:59", "9999-12-31T23:59:59+14:00", "2099-12-31T23:59:59-14:00", "31 dec 99 23:59 -1400", "12:29 CH"} {
		f.Add(s)
	}
	loc := time.FixedZone("+07", 7*3600)
	bound := time.Date(2100, 1, 2, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseDate(s, loc)
		if !ok {
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) failed but returned %s", s, got)
			}
			return
		}
		if got.After(bound) || got.Year() < minYear-1 {
			t.Errorf("ParseDate(%q) = %s, outside %d..%d", s, got, minYear, maxYear)
		}
		if got.Location() != loc {
			t.Errorf("ParseDate(%q) returned zone %s, want the given one", s, got.Location())
		}
	})
}

// A day without a time is marked, so the store does not let it pass for
// the earliest copy of a story published later that same day.
func TestDateOnlyMarked(t *testing.T) {
	loc := hoChiMinh(t)
	c := NewCleaner(loc, func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) })
	for _, tc := range []struct {
		pubDate string
		want    bool
	}{
		{"13/11/2024", true},
		{"13/11/2024 07:20", false},
		{"Wed, 13 Nov 2024 07:20:00 +0700", false},
		{"", false}, // no date: first seen, not a day
	} {
		it := c.Item(&gofeed.Feed{}, &gofeed.Item{Title: "Tin", Link: "https://x.vn/1", Published: tc.pubDate, Content: "<p>Nội dung.</p>"},
			bantin.Source{URL: "https://x.vn/rss"}, "https://x.vn/rss")
		if it.DateOnly != tc.want {
			t.Errorf("pubDate %q: DateOnly = %v, want %v (published %v)", tc.pubDate, it.DateOnly, tc.want, it.Published)
		}
	}
}
