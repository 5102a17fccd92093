package fetch

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// articleFeed is an RSS body of about 100 KB made of the paragraphs of
// the corpus article (testdata/nfc/article.txt), NFC UTF-8 as written.
func articleFeed(tb testing.TB) string {
	tb.Helper()
	var paras []string
	for _, p := range strings.Split(string(readFixture(tb, "nfc/article.txt")), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="windows-1258"?>` + "\n<rss version=\"2.0\"><channel><title>Thành ủy Phủ Lý</title>\n")
	for i := 0; b.Len() < 100_000; i++ {
		fmt.Fprintf(&b, "<item><title>%s</title><link>https://phuly.hanam.gov.vn/tin-tuc/%d.html</link><description>",
			paras[1+i%(len(paras)-1)], i)
		for j := range 6 {
			b.WriteString("&lt;p&gt;" + paras[(i+j)%len(paras)] + "&lt;/p&gt;")
		}
		b.WriteString("</description></item>\n")
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

// oldDecodeWindows1258 is decodeWith's Windows-1258 path before the
// table decoder: x/text's charmap, then toNFC with norm.
func oldDecodeWindows1258(body []byte) ([]byte, error) {
	out, err := charmap.Windows1258.NewDecoder().Bytes(body)
	if err != nil {
		return nil, err
	}
	if s := scanText(out); s.valid && s.plainNFC {
		return out, nil
	}
	return norm.NFC.Bytes(out), nil
}

func BenchmarkDecodeWindows1258(b *testing.B) {
	feed := articleFeed(b)
	body := encodeWindows1258(b, feed)
	if got := decodeWindows1258NFC(body); string(got) != feed {
		b.Fatal("the table decoder does not give the feed back")
	}
	b.Run("x-text+norm", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := oldDecodeWindows1258(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("table", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			decodeWindows1258NFC(body)
		}
	})
}

// BenchmarkComposeUTF8 composes the feed written with tones split off
// the letters (legacy input methods) and fully decomposed (NFD).
func BenchmarkComposeUTF8(b *testing.B) {
	feed := articleFeed(b)
	for _, form := range []struct{ name, text string }{
		{"split-tones", splitTones(feed)},
		{"nfd", norm.NFD.String(feed)},
	} {
		body := []byte(form.text)
		if got := composeNFC(body); string(got) != feed || bytes.Equal(body, got) {
			b.Fatalf("%s: composing does not give the feed back", form.name)
		}
		b.Run(form.name+"/norm", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				norm.NFC.Bytes(body)
			}
		})
		b.Run(form.name+"/table", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				composeNFC(body)
			}
		})
	}
}

func TestArticleFeedIsAbout100KB(t *testing.T) {
	if n := len(articleFeed(t)); n < 100_000 || n > 110_000 {
		t.Errorf("%d bytes", n)
	}
}
