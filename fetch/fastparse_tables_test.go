package fetch

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Every character of the nfcInert ranges is NFC alone, of combining class
// 0 and composes with nothing before it, so any text of them is NFC.
func TestNFCInertRanges(t *testing.T) {
	if nfcInert[0] != [2]rune{0x80, 0x2FF} {
		t.Errorf("scanText takes two-byte characters led by 0xC2 to 0xCB for nfcInert[0], which is %X", nfcInert[0])
	}
	if nfcInert[1][0] > 0x1E80 || nfcInert[1][1] < 0x1EFF {
		t.Errorf("scanText takes U+1E80 to U+1EFF for inert, nfcInert[1] is %X", nfcInert[1])
	}
	for _, rg := range nfcInert {
		for r := rg[0]; r <= rg[1]; r++ {
			if 0xD800 <= r && r <= 0xDFFF {
				continue
			}
			s := string(r)
			p := norm.NFC.PropertiesString(s)
			if !norm.NFC.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() {
				t.Errorf("U+%04X in %X is not inert", r, rg)
			}
		}
	}
}

func TestToNFCKeepsWhatIsNFC(t *testing.T) {
	for _, s := range []string{"Thành ủy Phủ Lý “tổ chức” — 2020…", "Tha\u0300nh", "e\u0301", "\u212B", "가\u11A8", "a\u0300\u0323"} {
		if got, want := string(toNFC([]byte(s))), norm.NFC.String(s); got != want {
			t.Errorf("toNFC(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestCanonicalNamespaces files an extension element of every namespace
// gofeed knows under the prefix gofeed gives it, whatever the feed calls
// it, and of a namespace it does not know under the feed's prefix.
func TestCanonicalNamespaces(t *testing.T) {
	uris := []string{"http://example.com/unknown/"}
	for uri := range canonicalNamespaces {
		uris = append(uris, uri)
	}
	for _, uri := range uris {
		if uri == rdfNamespace {
			continue // RSS's own: not an extension
		}
		body := `<?xml version="1.0"?><rss version="2.0" xmlns:zz="` + uri + `"><channel><item><title>Tin</title>` +
			`<zz:thing a="1"><zz:child>c</zz:child>giá trị</zz:thing></item></channel></rss>`
		if !sameAsGofeed(t, uri, []byte(body), "") {
			t.Errorf("%s: went to gofeed", uri)
		}
	}
}

// TestDatesAsGofeed writes one instant in every layout gofeed knows, and
// in the ways portals get dates wrong, as RSS and Atom dates.
func TestDatesAsGofeed(t *testing.T) {
	when := time.Date(2020, 12, 21, 8, 30, 5, 0, time.FixedZone("ICT", 7*3600))
	dates := []string{"", "   ", "21/12/2020", "21-12-2020 08:30", "Thứ hai, 21/12/2020 - 08:30", "08:30 21/12/2020",
		"Mon, 21 Dec 2020 08:30:00 ICT", "Mon, 21 Dec 2020 08:30:00 EST", "2020-12-21T08:30:00", "Mon,  21 Dec 2020"}
	for _, layouts := range [][]string{dateFormats, dateFormatsWithNamedZone} {
		for _, l := range layouts {
			dates = append(dates, when.Format(l), when.UTC().Format(l))
		}
	}
	var rss, atom strings.Builder
	for _, d := range dates {
		fmt.Fprintf(&rss, "<item><pubDate>%s</pubDate><dc:date>%s</dc:date></item>", d, d)
		fmt.Fprintf(&atom, "<entry><published>%s</published><updated>%s</updated></entry>", d, d)
	}
	feeds := []string{
		`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><pubDate>` + dates[6] + `</pubDate>` + rss.String() + `</channel></rss>`,
		`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><updated>` + dates[3] + `</updated>` + atom.String() + `</feed>`,
	}
	for i, f := range feeds {
		if !sameAsGofeed(t, fmt.Sprint("dates ", i), []byte(f), "") {
			t.Errorf("feed %d went to gofeed", i)
		}
	}
	if dateFormats[3] != time.RFC1123Z {
		t.Errorf("parseDate skips to dateFormats[3], which is %q", dateFormats[3])
	}
}

// TestEntitiesAsGofeed decodes every entity htmlEntities knows, the
// character references HTML remaps, and entity-like text, as gofeed does.
func TestEntitiesAsGofeed(t *testing.T) {
	var titles []string
	for name := range htmlEntities {
		titles = append(titles, "a&"+name+";b", "&"+name, "&"+strings.ToUpper(name)+";")
	}
	titles = append(titles, "&#128;&#x9F;&#0;&#x0;&#xD800;&#1114112;&#99999999;&#x;&#;&#65a;&#x41g;",
		"&copy=2;&amp &amp;amp; &nbsp &nbsp;x &notin; &notit; &a b; &"+strings.Repeat("a", 70)+";",
		"&lt&gt;&&&;; &#12345678; &#x10FFFF; &#X41; &AMP; &Amp;", "&fjlig; &NotEqualTilde; &acE;")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel>`)
	for _, s := range titles {
		fmt.Fprintf(&b, "<item><title>%s</title><description><![CDATA[%s]]> %s</description></item>", s, s, s)
	}
	b.WriteString("</channel></rss>")
	if !sameAsGofeed(t, "entities", []byte(b.String()), "") {
		t.Error("went to gofeed")
	}
}

// FuzzScanText holds the one-pass scan to what it stands for.
func FuzzScanText(f *testing.F) {
	f.Add([]byte("Thành ủy Phủ Lý tổ chức hội nghị\r\n\t“x” \uFFFE \x01 e\u0301 \xFF"))
	f.Add(vietnameseFeed()[:2000])
	f.Fuzz(func(t *testing.T, b []byte) {
		s := scanText(b)
		if s.valid != utf8.Valid(b) {
			t.Fatalf("valid %v for %q", s.valid, b)
		}
		if !s.valid {
			return
		}
		ascii, legal := true, true
		for _, r := range string(b) {
			ascii = ascii && r < utf8.RuneSelf
			legal = legal && (isXMLChar(r) || r == utf8.RuneError)
		}
		if s.ascii != ascii || s.legal != legal {
			t.Fatalf("ascii %v legal %v for %q, want %v %v", s.ascii, s.legal, b, ascii, legal)
		}
		if s.plainNFC && !norm.NFC.IsNormal(b) {
			t.Fatalf("%q taken for NFC", b)
		}
	})
}
