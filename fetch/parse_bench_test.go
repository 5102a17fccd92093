package fetch

import (
	"bytes"
	"fmt"
	"testing"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
)

// vietnameseFeed builds a 50-item RSS feed of about 3 KB per item, the
// shape of a ward portal's news feed: escaped HTML content with the lead
// repeated, entities, no-break spaces.
func vietnameseFeed() []byte {
	const para = "Sáng ngày 21/12, Thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020, " +
		"triển khai nhiệm vụ năm 2021. Đồng chí Bí thư Thành uỷ dự và chỉ đạo hội nghị.&nbsp;"
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n<rss version=\"2.0\"><channel><title>Thành ủy Phủ Lý</title>\n")
	for i := range 50 {
		fmt.Fprintf(&b, "<item><title>Hội nghị tổng kết công tác dân vận năm 2020 (%d)</title>\n", i)
		fmt.Fprintf(&b, "<link>https://phuly.hanam.gov.vn/tin-tuc/%d.html?cat=1&amp;id=%d</link><guid>tin-%d</guid>\n", i, i, i)
		b.WriteString("<pubDate>Mon, 21 Dec 2020 08:30:00 +0700</pubDate><description>")
		for range 14 {
			b.WriteString("&lt;p&gt;" + para + "&lt;/p&gt;")
		}
		b.WriteString("</description></item>\n")
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

func BenchmarkParse(b *testing.B) {
	body := vietnameseFeed()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Parse(body, "text/xml; charset=utf-8"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepare is the share of Parse that is ours: charset, NFC, repair.
func BenchmarkPrepare(b *testing.B) {
	body := vietnameseFeed()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := prepare(body, "text/xml; charset=utf-8"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGofeedAlone is the baseline Parse is measured against.
func BenchmarkGofeedAlone(b *testing.B) {
	body := vietnameseFeed()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchmarkFeedIsRealistic(t *testing.T) {
	body := vietnameseFeed()
	if n := len(body) / 50; n < 2500 || n > 4000 {
		t.Errorf("%d bytes per item, want about 3 KB", n)
	}
	feed, err := Parse(body, "")
	if err != nil || len(feed.Items) != 50 {
		t.Fatalf("%v, %d items", err, len(feed.Items))
	}
}

// BenchmarkParseImageScan is Parse as it was with gofeed's default RSS
// translator, which parses each item's HTML to look for an image.
func BenchmarkParseImageScan(b *testing.B) {
	body := vietnameseFeed()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		doc, err := prepare(body, "text/xml; charset=utf-8")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(doc)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanText is the one look decodeText takes at a UTF-8 body
// (valid, NFC, legal), against utf8.Valid alone.
func BenchmarkScanText(b *testing.B) {
	body := vietnameseFeed()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		scanText(body)
	}
}

func BenchmarkUTF8Valid(b *testing.B) {
	body := vietnameseFeed()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		utf8.Valid(body)
	}
}

// BenchmarkFastParse is the share of Parse after prepare on the fast path.
func BenchmarkFastParse(b *testing.B) {
	body := vietnameseFeed()
	doc, err := prepareDoc(body, "text/xml; charset=utf-8")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, ok := fastParse(doc); !ok {
			b.Fatal("not fast")
		}
	}
}
