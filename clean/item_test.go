package clean

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin"
)

// One pipeline for every format: the same article as RSS, Atom and JSON
// Feed comes out the same.
func TestSameArticleInEveryFormat(t *testing.T) {
	const feedURL = "https://phuly.ninhbinh.gov.vn/rss.xml"
	want := bantin.Item{
		Source:        testSource.URL,
		Unit:          testSource.Unit,
		GUID:          "tin-4521",
		Link:          "https://phuly.ninhbinh.gov.vn/tin-tuc/ra-mat-mo-hinh-dan-van-kheo.html?utm_source=rss",
		CanonicalLink: "https://phuly.ninhbinh.gov.vn/tin-tuc/ra-mat-mo-hinh-dan-van-kheo.html",
		Title:         `Phường Phủ Lý ra mắt mô hình "Dân vận khéo"`,
		Summary:       "Sáng 21/12, phường Phủ Lý ra mắt mô hình “Dân vận khéo” trong xây dựng đô thị văn minh",
		Content: `<p>Sáng 21/12, phường Phủ Lý ra mắt mô hình “Dân vận khéo” trong xây dựng đô thị văn minh.</p>` +
			`<p><img src="https://phuly.ninhbinh.gov.vn/Uploads/2020/12/ra-mat.jpg" alt="Ra mắt mô hình"/></p>` +
			`<p>Mô hình do Ban Dân vận phường chủ trì, huy động các tổ dân phố tham gia giữ gìn vệ sinh môi trường.</p>`,
		Author: "Thu Hà",
	}
	wantPublished := time.Date(2020, 12, 21, 8, 30, 0, 0, time.FixedZone("", 7*3600))
	for _, name := range []string{"same-article.rss", "same-article.atom", "same-article.json"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "formats", name))
			if err != nil {
				t.Fatal(err)
			}
			feed, err := gofeed.NewParser().ParseString(string(b))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			items := testCleaner(t).Feed(feed, testSource, feedURL)
			if len(items) != 1 {
				t.Fatalf("%d items, want 1", len(items))
			}
			got := items[0]
			if !got.Published.Equal(wantPublished) {
				t.Errorf("published %s, want %s", got.Published, wantPublished)
			}
			got.Published, got.Updated = time.Time{}, time.Time{}
			if got.Source != want.Source || got.Unit != want.Unit || got.GUID != want.GUID || got.Link != want.Link ||
				got.CanonicalLink != want.CanonicalLink || got.Title != want.Title || got.Summary != want.Summary ||
				got.Content != want.Content || got.Author != want.Author || got.Fingerprint != nil || got.Bands != nil {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

// rssItem parses one RSS item the way the fetcher does, so gofeed's own
// date reading is part of the test.
func rssItem(t *testing.T, inner string) (*gofeed.Feed, *gofeed.Item) {
	t.Helper()
	feed, err := gofeed.NewParser().ParseString(`<rss version="2.0"><channel><title>x</title><item>` + inner + `</item></channel></rss>`)
	if err != nil || len(feed.Items) != 1 {
		t.Fatalf("parse item: %v", err)
	}
	return feed, feed.Items[0]
}

func TestItemDates(t *testing.T) {
	const body = "<description>Nội dung.</description>"
	tests := []struct {
		name, item, published, updated string
	}{
		{"RFC 822 with offset", "<pubDate>Mon, 21 Dec 2020 01:30:00 GMT</pubDate>", "2020-12-21T08:30:00+07:00", ""},
		{"zone-less pubDate read in +07:00", "<pubDate>Mon, 21 Dec 2020 08:30:00</pubDate>", "2020-12-21T08:30:00+07:00", ""},
		{"zone-less ISO pubDate read in +07:00", "<pubDate>2020-12-21 08:30:00</pubDate>", "2020-12-21T08:30:00+07:00", ""},
		{"day-first pubDate", "<pubDate>01/02/2020 08:30</pubDate>", "2020-02-01T08:30:00+07:00", ""},
		{"Vietnamese pubDate", "<pubDate>Thứ 5, 28/05/2025 17:00:00 GMT+7</pubDate>", "2025-05-28T17:00:00+07:00", ""},
		{"future date clamped to first seen", "<pubDate>Thu, 01 Jan 2099 00:00:00 +0700</pubDate>", "2026-01-01T16:00:00+07:00", ""},
		{"a few hours ahead clamped", "<pubDate>Thu, 01 Jan 2026 20:00:00 +0700</pubDate>", "2026-01-01T16:00:00+07:00", ""},
		{"dc:date only", `<dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2020-12-21T08:30:00+07:00</dc:date>`, "2020-12-21T08:30:00+07:00", ""},
		{"date in article URL", "<link>https://baoninhbinh.org.vn/tong-ket-nam-2010/d20110119095900000.htm</link>", "2011-01-19T09:59:00+07:00", ""},
		{"date in SharePoint folder", "<link>https://prtc.ninhthuan.gov.vn/portal/Pages/2024-5-17/DE-CUONG.aspx</link>", "2024-05-17T00:00:00+07:00", ""},
		{"no date anywhere: first seen", "<link>https://hanam.gov.vn/tin.html</link>", "2026-01-01T16:00:00+07:00", ""},
		{"unreadable date: first seen", "<pubDate>hôm qua</pubDate>", "2026-01-01T16:00:00+07:00", ""},
	}
	c := testCleaner(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed, it := rssItem(t, tt.item+body)
			got := c.Item(feed, it, testSource, testFeedURL)
			if g := got.Published.Format(time.RFC3339); g != tt.published {
				t.Errorf("published %s, want %s", g, tt.published)
			}
			if got.Published.After(testNow) {
				t.Errorf("published %s after first seen %s", got.Published, testNow)
			}
		})
	}
}

func TestItemUpdatedOnly(t *testing.T) {
	feed, err := gofeed.NewParser().ParseString(`<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>Tin</title><id>1</id><updated>2020-12-21T08:30:00+07:00</updated><content type="html">&lt;p&gt;Nội dung&lt;/p&gt;</content></entry></feed>`)
	if err != nil {
		t.Fatal(err)
	}
	got := testCleaner(t).Item(feed, feed.Items[0], testSource, testFeedURL)
	want := "2020-12-21T08:30:00+07:00"
	if got.Published.Format(time.RFC3339) != want || got.Updated.Format(time.RFC3339) != want {
		t.Errorf("published %s, updated %s; want both %s", got.Published, got.Updated, want)
	}
}

// gofeed reads some strings we do not; when it read one without a zone it
// said UTC, where the portal meant its own zone.
func TestFeedDateRereadsGofeedUTC(t *testing.T) {
	loc := hoChiMinh(t)
	parsedAsUTC := time.Date(2020, 12, 21, 8, 30, 0, 0, time.UTC)
	tests := []struct{ name, raw, want string }{
		{"zone-less string gofeed read as UTC", "21st December 2020, 8.30", "2020-12-21T08:30:00+07:00"},
		{"string with an offset keeps gofeed's instant", "21st December 2020, 8.30 +0000", "2020-12-21T15:30:00+07:00"},
		{"string with GMT keeps gofeed's instant", "21st December 2020, 8.30 GMT", "2020-12-21T15:30:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := feedDate(tt.raw, &parsedAsUTC, loc, testNow)
			if !ok || got.Format(time.RFC3339) != tt.want {
				t.Errorf("feedDate(%q) = %s, %v; want %s", tt.raw, got.Format(time.RFC3339), ok, tt.want)
			}
		})
	}
}

func TestItemTitle(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"entities encoded twice", "Ch&amp;#237;nh quy&amp;#7873;n th&amp;#226;n thi&amp;#7879;n", "Chính quyền thân thiện"},
		{"tags stripped", "<b>Tin nóng:</b> Hội nghị <i>dân vận</i>", "Tin nóng: Hội nghị dân vận"},
		{"no-break and zero-width spaces", "Hội\u00a0nghị\u200b  dân  vận\n", "Hội nghị dân vận"},
		{"decomposed to NFC", "Tha\u0300nh u\u0309y", "Thành ủy"},
		{"tone style kept as the source wrote it", "Thành uỷ Phủ Lý", "Thành uỷ Phủ Lý"},
		{"case kept", "THÔNG BÁO", "THÔNG BÁO"},
		{"less-than is not a tag", "Tỷ lệ <5% hộ nghèo", "Tỷ lệ <5% hộ nghèo"},
		{"script in title", "Tin<script>alert(1)</script> mới", "Tin mới"},
	}
	c := testCleaner(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Item(nil, &gofeed.Item{Title: tt.in, Description: "Nội dung bài viết."}, testSource, testFeedURL)
			if got.Title != tt.want {
				t.Errorf("title %q, want %q", got.Title, tt.want)
			}
		})
	}
}

func TestItemWithoutTitle(t *testing.T) {
	got := testCleaner(t).Item(nil, &gofeed.Item{Content: "<p>Thông báo lịch tiếp công dân tháng 12 năm 2020 của Chủ tịch UBND phường.</p><p>Chi tiết xem tệp đính kèm.</p>"}, testSource, testFeedURL)
	if want := "Thông báo lịch tiếp công dân tháng 12 năm 2020 của Chủ tịch UBND phường."; got.Title != want {
		t.Errorf("title %q, want %q", got.Title, want)
	}
}

func TestItemGUID(t *testing.T) {
	c := testCleaner(t)
	later := NewCleaner(hoChiMinh(t), func() time.Time { return testNow.Add(48 * time.Hour) })
	tests := []struct {
		name   string
		item   gofeed.Item
		want   string // "" means a hash
		stable bool   // the same on a later fetch
	}{
		{"source guid", gofeed.Item{GUID: " tin-4521 ", Link: "https://hanam.gov.vn/a.html"}, "tin-4521", true},
		{"canonical link", gofeed.Item{Link: "https://HaNam.gov.vn:443/a.html?utm_source=x#b"}, "https://hanam.gov.vn/a.html", true},
		{"hash of title and date", gofeed.Item{Title: "Tin", Published: "21/12/2020 08:30", Description: "Nội dung"}, "", true},
		{"hash of title and text without date", gofeed.Item{Title: "Tin", Description: "Nội dung"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := tt.item
			got := c.Item(nil, &it, testSource, testFeedURL).GUID
			if tt.want != "" && got != tt.want {
				t.Errorf("guid %q, want %q", got, tt.want)
			}
			if tt.want == "" && !strings.HasPrefix(got, "urn:bantin:") {
				t.Errorf("guid %q, want a hash", got)
			}
			it2 := tt.item
			if again := later.Item(nil, &it2, testSource, testFeedURL).GUID; tt.stable && again != got {
				t.Errorf("guid changed on a later fetch: %q then %q", got, again)
			}
		})
	}
	a := c.Item(nil, &gofeed.Item{Title: "Tin", Description: "Nội dung A"}, testSource, testFeedURL).GUID
	b := c.Item(nil, &gofeed.Item{Title: "Tin", Description: "Nội dung B"}, testSource, testFeedURL).GUID
	if a == b {
		t.Errorf("two undated items with other text share guid %q", a)
	}
}

func TestItemAuthor(t *testing.T) {
	c := testCleaner(t)
	tests := []struct {
		name string
		feed gofeed.Feed
		item gofeed.Item
		want string
	}{
		{"item authors", gofeed.Feed{}, gofeed.Item{Authors: []*gofeed.Person{{Name: "Thu Hà"}, {Name: "Minh Đức"}, {Name: "Thu Hà"}}}, "Thu Hà, Minh Đức"},
		{"email when no name", gofeed.Feed{}, gofeed.Item{Authors: []*gofeed.Person{{Email: "tuyengiao@hanam.gov.vn"}}}, "tuyengiao@hanam.gov.vn"},
		{"feed author as fallback", gofeed.Feed{Authors: []*gofeed.Person{{Name: "Ban Tuyên giáo"}}}, gofeed.Item{}, "Ban Tuyên giáo"},
		{"nil person", gofeed.Feed{}, gofeed.Item{Authors: []*gofeed.Person{nil}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Item(&tt.feed, &tt.item, testSource, testFeedURL).Author; got != tt.want {
				t.Errorf("author %q, want %q", got, tt.want)
			}
		})
	}
}

// Whatever arrives gets a best effort, never a panic.
func TestItemOddInput(t *testing.T) {
	c := &Cleaner{} // a zero Cleaner still works
	for _, it := range []*gofeed.Item{nil, {}, {Content: "   "}, {Description: "<"}, {Content: "<p>"}, {Link: "javascript:alert(1)"}, {Links: []string{"", "/a"}}} {
		got := c.Item(nil, it, bantin.Source{}, "")
		if strings.Contains(got.Link, "javascript") {
			t.Errorf("link %q kept", got.Link)
		}
	}
	if items := c.Feed(nil, testSource, testFeedURL); items != nil {
		t.Errorf("Feed(nil) = %v", items)
	}
	if items := c.Feed(&gofeed.Feed{Items: []*gofeed.Item{nil, {Title: "Tin"}}}, testSource, testFeedURL); len(items) != 1 {
		t.Errorf("Feed with a nil item: %d items, want 1", len(items))
	}
}

func FuzzItem(f *testing.F) {
	page, err := os.ReadFile("testdata/phuly-dan-van-2020.html")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Tin", string(page), "", "Thứ 2 Ngày 21/12/2020")
	f.Add("<b>x</b>", `<p onclick=x>a</p><script>alert(1)</script><a href="javascript:alert(1)">y</a>`, "lead", "")
	f.Add("", `<svg><script>alert(1)</script></svg><math><mi xlink:href="javascript:alert(1)">x</mi></math>`, "", "")
	f.Add("t", `<a href="jav&#x09;ascript:alert(1)">x</a><img src=x onerror=alert(1)><iframe src="//evil.com">`, "t", "12:29 CH")
	f.Add("t", `<p>Các tin khác</p><div><p>Tin liên quan</p></div><p>Xem thêm: <a href="/a">a</a></p>`, "", "31/02/2020")
	f.Add("t", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "", "")
	c := NewCleaner(time.FixedZone("+07", 7*3600), func() time.Time { return testNow })
	f.Fuzz(func(t *testing.T, title, content, desc, date string) {
		it := &gofeed.Item{Title: title, Content: content, Description: desc, Published: date, Link: "https://hanam.gov.vn/a/b.html"}
		got := c.Item(nil, it, testSource, testFeedURL)
		assertSafe(t, got.Content)
		if got.Published.After(testNow) {
			t.Errorf("published %s after now", got.Published)
		}
		if got.Published.IsZero() {
			t.Error("no publication time")
		}
	})
}

// benchmarkArticle is a 3 KB Vietnamese article as a portal serves it:
// date line, sapo twice, photo, body, furniture.
func benchmarkArticle(b *testing.B) string {
	page, err := os.ReadFile("testdata/phuly-dan-van-2020.html")
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(string(page), "\n")
	var out strings.Builder
	for _, l := range lines {
		if out.Len()+len(l) > 3000 && !strings.Contains(l, "tin") {
			continue
		}
		out.WriteString(l)
		out.WriteByte('\n')
	}
	return out.String()
}

func BenchmarkItem(b *testing.B) {
	article := benchmarkArticle(b)
	c := NewCleaner(hoChiMinh(b), func() time.Time { return testNow })
	it := &gofeed.Item{Title: "Ban Dân vận thành ủy tổ chức hội nghị tổng kết công tác dân vận năm 2020", Content: article,
		Link: "https://phuly.hanam.gov.vn/Pages/tin-tuc/ban-dan-van.aspx", Published: "21/12/2020 08:30"}
	b.SetBytes(int64(len(article)))
	b.ReportAllocs()
	for b.Loop() {
		c.Item(nil, it, testSource, testFeedURL)
	}
}

// One Cleaner serves every source at once.
func TestCleanerConcurrentUse(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "formats", "same-article.rss"))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		t.Fatal(err)
	}
	c := testCleaner(t)
	want := c.Feed(feed, testSource, testFeedURL)[0].Content
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := c.Feed(feed, testSource, testFeedURL)[0].Content; got != want {
					t.Errorf("concurrent clean differs: %s", got)
					return
				}
			}
		})
	}
	wg.Wait()
}
