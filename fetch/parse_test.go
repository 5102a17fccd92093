package fetch

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"bantin"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file        string
		contentType string
		feedTitle   string
		titles      []string
		descs       []string // checked when not nil
	}{{
		file:        "windows-1258-prolog.xml",
		contentType: "text/xml; charset=iso-8859-1", // the server's default, wrong
		feedTitle:   "Thành ủy Phủ Lý",
		titles:      []string{"Hội nghị tổng kết công tác dân vận năm 2020", "Thành ủy Phủ Lý triển khai nhiệm vụ năm 2021"},
		descs:       []string{"Sáng ngày 21/12, Thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận.", "Tiếng Việt"},
	}, {
		file:        "windows-1258-header-only.xml",
		contentType: "text/xml; charset=windows-1258",
		feedTitle:   "Thành ủy Phủ Lý",
		titles:      []string{"Hội nghị tổng kết công tác dân vận năm 2020", "Thành ủy Phủ Lý triển khai nhiệm vụ năm 2021"},
	}, {
		file:        "windows-1258-header-only.xml",
		contentType: `application/rss+xml;charset= "cp1258"`, // a lenient reading of a sloppy header
		feedTitle:   "Thành ủy Phủ Lý",
		titles:      []string{"Hội nghị tổng kết công tác dân vận năm 2020", "Thành ủy Phủ Lý triển khai nhiệm vụ năm 2021"},
	}, {
		file:      "windows-1258-header-only.xml", // no charset anywhere: read as Vietnamese legacy
		feedTitle: "Thành ủy Phủ Lý",
		titles:    []string{"Hội nghị tổng kết công tác dân vận năm 2020", "Thành ủy Phủ Lý triển khai nhiệm vụ năm 2021"},
	}, {
		file:        "utf8-bom.xml",
		contentType: "application/rss+xml",
		feedTitle:   "Thành ủy Phủ Lý",
		titles:      []string{"Hội nghị tổng kết công tác dân vận năm 2020", "Đoàn đại biểu tỉnh Hà Nam thăm hỏi gia đình chính sách"},
	}, {
		file:        "wrong-charset-header.xml",
		contentType: "text/xml; charset=ISO-8859-1",
		feedTitle:   "Thành ủy Phủ Lý",
		titles:      []string{"Hội nghị tổng kết công tác dân vận năm 2020", "Phường Châu Sơn khánh thành nhà văn hóa"},
	}, {
		file:        "double-encoded-entities.xml",
		contentType: "application/xml",
		feedTitle:   "Thành ủy Phủ Lý",
		titles: []string{
			"Phủ Lý đón năm mới",
			"Hướng dẫn &lt;b&gt; và &amp; trong HTML", // escaped markup is meant: kept
			"Hội\u00a0nghị\u00a0cán bộ Đương",
		},
		descs: []string{"<p>Giám đốc sở</p>", "<p>Ví dụ &lt;b&gt;</p>", ""},
	}, {
		file:      "illegal-xml-chars.xml",
		feedTitle: "Thành ủy Phủ Lý",
		titles:    []string{"Thông báo lịch tiếp công dân"},
		descs:     []string{"Lịch tiếp công dân tháng 1"},
	}, {
		file:      "raw-ampersand.xml",
		feedTitle: "Thành ủy Phủ Lý",
		titles:    []string{"Sở Văn hóa & Thể thao; Du lịch & Lữ hành"},
		descs:     []string{`Xem <a href="https://hanam.gov.vn/Pages/rss.aspx?catid=3&rec=50">tại đây</a>`},
	}}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.contentType, func(t *testing.T) {
			feed, err := Parse(readFixture(t, tt.file), tt.contentType)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if feed.Title != tt.feedTitle {
				t.Errorf("feed title %q, want %q", feed.Title, tt.feedTitle)
			}
			if len(feed.Items) != len(tt.titles) {
				t.Fatalf("%d items, want %d", len(feed.Items), len(tt.titles))
			}
			for i, it := range feed.Items {
				checkNFC(t, it.Title)
				if it.Title != tt.titles[i] {
					t.Errorf("item %d title %q, want %q", i, it.Title, tt.titles[i])
				}
				if tt.descs != nil && it.Description != tt.descs[i] {
					t.Errorf("item %d description %q, want %q", i, it.Description, tt.descs[i])
				}
			}
		})
	}
}

func checkNFC(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
		t.Errorf("%q is not NFC UTF-8", s)
	}
}

func TestParseRawAmpersandInLink(t *testing.T) {
	feed, err := Parse(readFixture(t, "raw-ampersand.xml"), "")
	if err != nil {
		t.Fatal(err)
	}
	want := "https://hanam.gov.vn/Pages/tin.aspx?catid=3&id=77&rec=50"
	if got := feed.Items[0].Link; got != want {
		t.Errorf("link %q, want %q", got, want)
	}
}

func TestParseRefusesWhatIsNoFeed(t *testing.T) {
	tests := []struct {
		name        string
		body        []byte
		contentType string
		kind        bantin.ErrorKind
	}{
		{"empty body", readFixture(t, "empty.xml"), "application/rss+xml", bantin.ErrNotFeed},
		{"whitespace only", []byte(" \r\n\t "), "", bantin.ErrNotFeed},
		{"portal error page", readFixture(t, "html-page.html"), "text/html; charset=utf-8", bantin.ErrNotFeed},
		{"html without doctype", []byte("<HTML><body>Lỗi 404</body></HTML>"), "text/xml", bantin.ErrNotFeed},
		{"plain text", []byte("Service Unavailable"), "text/plain", bantin.ErrNotFeed},
		{"sitemap instead of feed", []byte(`<?xml version="1.0"?><urlset><url/></urlset>`), "", bantin.ErrNotFeed},
		{"feed cut in the middle", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Tin`), "", bantin.ErrParse},
		{"broken JSON feed", []byte(`{"version": "https://jsonfeed.org/version/1.1", "items": [`), "", bantin.ErrParse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed, err := Parse(tt.body, tt.contentType)
			if err == nil {
				t.Fatalf("Parse gave a feed %+v, want an error", feed)
			}
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not *Error", err, err)
			}
			if Kind(err) != tt.kind {
				t.Errorf("kind %q (%v), want %q", Kind(err), err, tt.kind)
			}
		})
	}
}

// The Windows-1258 vector of the corpus: toned letters as base plus
// combining byte, and one precomposed, must all come out NFC.
func TestDecodeCP1258Vector(t *testing.T) {
	got, name := decodeText(readFixture(t, "cp1258-sample.txt"), "text/plain; charset=windows-1258")
	want := "Thành ủy Phủ Lý\r\nTiếng Việt\r\nThành\r\n"
	if string(got) != want || name != "windows-1258" {
		t.Errorf("decoded %q as %s, want %q", got, name, want)
	}
	if !norm.NFC.IsNormal(got) {
		t.Errorf("%q is not NFC", got)
	}
}

func TestDecodeText(t *testing.T) {
	utf16le := []byte{'<', 0, 'a', 0, '>', 0, 0xC3, 0x1E, '<', 0, '/', 0, 'a', 0, '>', 0} // <a>ể</a>
	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        string
		enc         string
	}{
		{"utf-8 with bom", []byte("\xEF\xBB\xBF<a>Hà Nam</a>"), "", "<a>Hà Nam</a>", "utf-8"},
		{"utf-16le without bom", utf16le, "", "<a>ể</a>", "utf-16le"},
		{"utf-16be with bom", []byte{0xFE, 0xFF, 0, '<', 0, 'a', 0, '>', 0x1E, 0xC3}, "", "<a>ể", "utf-16be"},
		{"decomposed utf-8 gets composed", []byte("Tha\u0300nh u\u0309y"), "", "Thành ủy", "utf-8"},
		{"latin-1 header on utf-8", []byte("<a>Hà Nam</a>"), "text/xml; charset=iso-8859-1", "<a>Hà Nam</a>", "utf-8"},
		{"prolog beats header", append([]byte(`<?xml version="1.0" encoding="windows-1258"?><a>`), 0xD0, 'i', 0xEA, 0xEC),
			"text/xml; charset=iso-8859-1", `<?xml version="1.0" encoding="windows-1258"?><a>Điế`, "windows-1258"},
		{"utf-8 prolog on legacy bytes: header wins", append([]byte(`<?xml version="1.0" encoding="utf-8"?>`), 0xD0, 0xF4),
			"text/xml; charset=windows-1258", `<?xml version="1.0" encoding="utf-8"?>Đô`, "windows-1258"},
		{"unknown labels: stray bytes as 1258", []byte("Hà \xD0\xF4ng"), "text/xml; charset=x-bogus", "Hà Đông", "utf-8"},
		{"iso-2022-kr is not one U+FFFD", []byte("a\xE0b"), "text/xml; charset=iso-2022-kr", "aàb", "utf-8"},
		{"gb2312 declared", []byte{'<', 'a', '>', 0xD6, 0xD0}, "application/atom+xml; charset='gb2312'", "<a>中", "gb2312"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc := decodeText(tt.body, tt.contentType)
			if string(got) != tt.want || enc != tt.enc {
				t.Errorf("got %q as %s, want %q as %s", got, enc, tt.want, tt.enc)
			}
		})
	}
}

func TestRepairXML(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"double-encoded decimal", "Ph&amp;#7911;", "Ph&#7911;"},
		{"double-encoded hex", "&amp;#x110;", "&#x110;"},
		{"double-encoded named", "Gi&amp;aacute;m", "Gi&aacute;m"},
		{"escaped markup kept", "&amp;lt;b&amp;gt; &amp;amp; &amp;quot;", "&amp;lt;b&amp;gt; &amp;amp; &amp;quot;"},
		{"unknown name after amp kept", "&amp;copyx;", "&amp;copyx;"},
		{"raw ampersand", "A & B", "A &amp; B"},
		{"raw ampersand in query", `<a href="?x=1&y=2">`, `<a href="?x=1&amp;y=2">`},
		{"ampersand without semicolon", "&nbsp x", "&amp;nbsp x"},
		{"html entity survives", "a&nbsp;b&hellip;", "a&nbsp;b&hellip;"},
		{"control characters dropped", "a\x00b\x0bc\x1fd\te\r\nf", "abcd\te\r\nf"},
		{"nonchars dropped", "a\uFFFEb\uFFFFc\uFFFDd", "abc\uFFFDd"},
		{"references to forbidden characters dropped", "a&#1;b&#x1F;c&#0;d&#xD800;e&#99999999;f", "abcdef"},
		{"cdata ampersand literal", "<![CDATA[Tom & Jerry &amp;#225;]]>", "<![CDATA[Tom & Jerry &#225;]]>"},
		{"cdata unterminated", "<![CDATA[a & b", "<![CDATA[a & b"},
		{"comment untouched", "<!-- a & b -->", "<!-- a & b -->"},
		{"lone ampersand at end", "a &", "a &amp;"},
		{"control character inside a reference", "&\x00#225; &amp;\x01#225;", "&#225; &#225;"},
		{"overlong reference", "&" + strings.Repeat("a", 60) + ";", "&amp;" + strings.Repeat("a", 60) + ";"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(repairXML([]byte(tt.in))); got != tt.want {
				t.Errorf("repairXML(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCharsetParam(t *testing.T) {
	tests := []struct{ ct, want string }{
		{"text/xml; charset=UTF-8", "utf-8"},
		{`application/rss+xml;charset= "us-ascii"`, "us-ascii"},
		{"text/xml;charset = windows-1258", "windows-1258"},
		{"application/atom+xml; charset='gb2312'", "gb2312"},
		{"text/xml; charset:iso-8859-1", ""},
		{"text/xml; qs=0.9", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := charsetParam(tt.ct); got != tt.want {
			t.Errorf("charsetParam(%q) = %q, want %q", tt.ct, got, tt.want)
		}
	}
}

func TestParseKeepsJSONFeed(t *testing.T) {
	body := []byte("\xEF\xBB\xBF" + `{"version":"https://jsonfeed.org/version/1.1","title":"Phường Phủ Lý",
		"items":[{"id":"1","title":"Tom & Jerry &amp; ` + "Tha\u0300nh" + `","content_text":"x"}]}`)
	feed, err := Parse(body, "application/feed+json")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := feed.Items[0].Title, "Tom & Jerry &amp; Thành"; got != want {
		t.Errorf("title %q, want %q: JSON must not get XML repairs", got, want)
	}
}

func TestParseAtomFeedWithLeadingComments(t *testing.T) {
	body := `<?xml version="1.0" encoding="windows-1258"?>` + "\n<!--" + strings.Repeat(" quảng cáo ", 800) + "-->\n" +
		`<!DOCTYPE feed><feed xmlns="http://www.w3.org/2005/Atom"><title>Sở Nội vụ</title>` +
		`<entry><title>Thông báo tuyển dụng</title><id>urn:1</id></entry></feed>`
	feed, err := Parse([]byte(body), "")
	if err != nil {
		t.Fatal(err)
	}
	if feed.Title != "Sở Nội vụ" || len(feed.Items) != 1 || feed.Items[0].Title != "Thông báo tuyển dụng" {
		t.Errorf("got %q with %d items", feed.Title, len(feed.Items))
	}
}

func TestParseSkipsWarningBeforeDeclaration(t *testing.T) {
	body := "\nWarning: mysql_connect(): Too many connections in /var/www/rss.php on line 3\n" +
		`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Phường Lam Hạ</title></channel></rss>`
	feed, err := Parse([]byte(body), "text/html")
	if err != nil {
		t.Fatal(err)
	}
	if feed.Title != "Phường Lam Hạ" {
		t.Errorf("title %q", feed.Title)
	}
}

// A billion-laughs document costs its own size, not 10^9 "lol"s, and is
// refused: gofeed would never expand the entities, so it would publish
// "&lol9;" as a title.
func TestParseEntityBomb(t *testing.T) {
	body := readFixture(t, "entity-bomb.xml")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	feed, err := Parse(body, "")
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if Kind(err) != bantin.ErrParse || feed != nil {
		t.Fatalf("Parse of an entity bomb: feed %v, err %v; want a parse error", feed, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("refusing a %d-byte bomb allocated %d bytes", len(body), alloc)
	}
	if elapsed > 2*time.Second {
		t.Errorf("refusing took %s", elapsed)
	}
}

func FuzzParse(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			b := readFixture(f, e.Name())
			f.Add(b, "text/xml; charset=windows-1258")
			f.Add(b, "")
		}
	}
	f.Add([]byte("<rss><channel><item><title>&amp;#"), "text/xml")
	f.Add([]byte("\xFF\xFE<\x00r\x00s\x00s\x00>"), "")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		feed, err := Parse(body, contentType)
		if errors.Is(err, errParserPanic) {
			t.Fatal(err)
		}
		if err != nil {
			if k := Kind(err); k != bantin.ErrNotFeed && k != bantin.ErrParse {
				t.Fatalf("kind %q for a parse error %v", k, err)
			}
			return
		}
		if feed == nil {
			t.Fatal("nil feed without error")
		}
		if !utf8.ValidString(feed.Title) {
			t.Errorf("title %q is not UTF-8", feed.Title)
		}
	})
}

func FuzzRepairXML(f *testing.F) {
	f.Add([]byte("a &amp;#225; & <![CDATA[&]]> &#1;"))
	f.Fuzz(func(t *testing.T, in []byte) {
		out := repairXML(in)
		if bytes.Contains(out, []byte{0}) {
			t.Errorf("NUL survived in %q", out)
		}
		// What was repaired needs no more repair.
		if again := repairXML(out); !bytes.Equal(again, out) {
			t.Errorf("repairXML(%q) = %q, but repairing that gives %q", in, out, again)
		}
	})
}

func TestParseFeedCutBeforeLastBracket(t *testing.T) {
	body := "<rss version=\"2.0\"><channel><title>Xã Kim Bình</title><item><title>Thông báo</title></item></channel></rss\n"
	feed, err := Parse([]byte(body), "")
	if err != nil {
		t.Fatal(err)
	}
	if feed.Title != "Xã Kim Bình" || len(feed.Items) != 1 {
		t.Errorf("got %q with %d items", feed.Title, len(feed.Items))
	}
}
