package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin/fetch/fetchtest"
	"bantin/sim"
)

// sameAsGofeed checks that fastParse, when it takes the document prepare
// makes of body, gives exactly the feed gofeed gives for it. It reports
// whether the fast path took it.
func sameAsGofeed(t *testing.T, name string, body []byte, contentType string) bool {
	t.Helper()
	doc, err := prepareDoc(body, contentType)
	if err != nil {
		return false
	}
	fast, ok := fastParse(doc)
	if !ok {
		return false
	}
	slow, err := gofeedParse(doc.join())
	if err != nil {
		t.Errorf("%s: the fast path read a feed gofeed refuses: %v", name, err)
		return true
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("%s: the fast path differs from gofeed:\n%s", name, feedDiff(fast, slow))
	}
	return true
}

// feedDiff shows the first field that differs, as JSON.
func feedDiff(fast, slow *gofeed.Feed) string {
	fi, si := fast.Items, slow.Items
	if len(fi) != len(si) {
		return "items: " + strconv.Itoa(len(fi)) + " against " + strconv.Itoa(len(si))
	}
	for i := range fi {
		if !reflect.DeepEqual(fi[i], si[i]) {
			return "item " + strconv.Itoa(i) + ":\nfast   " + toJSON(fi[i]) + "\ngofeed " + toJSON(si[i])
		}
	}
	f, s := *fast, *slow
	f.Items, s.Items = nil, nil
	return "feed:\nfast   " + toJSON(f) + "\ngofeed " + toJSON(s)
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestFastParseMatchesGofeedOnCorpora runs both readers over every file of
// the third-party corpora (with and without the charset their headers
// give) and the fixtures.
func TestFastParseMatchesGofeedOnCorpora(t *testing.T) {
	feeds, err := fetchtest.LoadCorpus(filepath.Join("testdata", "corpora"))
	if err != nil {
		t.Fatal(err)
	}
	paths := make([]string, 0, len(feeds))
	for p := range feeds {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var fast, total int
	for _, p := range paths {
		f := feeds[p]
		total++
		if sameAsGofeed(t, p, f.Body, f.Header.Get("Content-Type")) {
			fast++
		}
	}
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		total++
		if sameAsGofeed(t, e.Name(), readFixture(t, e.Name()), "") {
			fast++
		}
	}
	t.Logf("%d of %d corpus files and fixtures take the fast path, %d go to gofeed", fast, total, total-fast)
	if fast < total/3 {
		t.Errorf("only %d of %d files take the fast path", fast, total)
	}
}

// TestFastParseMatchesGofeedOnSimulatedPortals runs both readers over the
// feeds of a simulated province: RSS and Atom with every quirk of real
// Vietnamese portals. Every one of them must take the fast path.
func TestFastParseMatchesGofeedOnSimulatedPortals(t *testing.T) {
	p, err := sim.Start(sim.Options{Cities: 3, WardsPerCity: 4, Departments: 2, FeedsPerUnit: 2, ItemsPerFeed: 8,
		CrossPosts: 0.3, Families: 1, Seed: 6, Start: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	client := &http.Client{Timeout: 10 * time.Second}
	n := 0
	for _, src := range p.Truth().Sources {
		if !src.Delivers {
			continue
		}
		body, ct := get(t, client, src.URL)
		if !sameAsGofeed(t, src.URL+" "+strings.Join(src.Quirks, ","), body, ct) {
			t.Errorf("%s (%s %v) went to gofeed", src.URL, src.Format, src.Quirks)
		}
		n++
	}
	if n < 30 {
		t.Errorf("only %d simulated feeds", n)
	}
}

func get(t testing.TB, c *http.Client, url string) ([]byte, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return body, resp.Header.Get("Content-Type")
}

// TestFastParseCases holds both readers to each other on what portals
// write and on what the fast path must leave to gofeed.
func TestFastParseCases(t *testing.T) {
	const rssHead = `<?xml version="1.0" encoding="utf-8"?>` + "\n<rss version=\"2.0\"><channel><title>Phường Lam Hạ</title>"
	const rssTail = "</channel></rss>"
	rss := func(items string) string { return rssHead + items + rssTail }
	const atomHead = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi"><title>Sở Nội vụ</title>`
	atom := func(entries string) string { return atomHead + entries + "</feed>" }
	tests := []struct {
		name string
		body string
		fast bool // the fast path must take it
	}{
		{"plain item", rss(`<item><title>Tin</title><link>https://x.vn/1</link><guid>1</guid><pubDate>Mon, 21 Dec 2020 08:30:00 +0700</pubDate><description>&lt;p&gt;Nội dung&amp;nbsp;&lt;/p&gt;</description></item>`), true},
		{"cdata description", rss(`<item><title><![CDATA[Tin & tức]]></title><description>Trước <![CDATA[<p>giữa</p>]]> sau &amp;</description></item>`), true},
		{"raw html in description", rss(`<item><description><p>Đoạn <b>một</b></p><br/></description></item>`), true},
		{"content encoded", `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><description>Tóm tắt</description><content:encoded><![CDATA[<p>Bài</p>]]></content:encoded></item></channel></rss>`, true},
		{"content namespace under another prefix", `<?xml version="1.0"?><rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/"><channel><item><c:encoded>Bài</c:encoded></item></channel></rss>`, true},
		{"dublin core creator and date", `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><dc:creator>Ban biên tập</dc:creator><item><title>Tin</title><dc:creator> Nguyễn Văn A </dc:creator><dc:date>2020-12-21T08:30:00+07:00</dc:date><dc:subject>Thời sự</dc:subject></item></channel></rss>`, true},
		{"atom link in rss channel", `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link href="https://x.vn/rss feed.xml" rel="self" type="application/rss+xml"/><item><title>Tin</title></item></channel></rss>`, true},
		{"itunes and media extensions", `<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/"><channel><itunes:author>Đài</itunes:author><item><title>Bản tin</title><itunes:duration>10:00</itunes:duration><media:content url="https://x.vn/a.jpg?a=1&amp;b=2" medium="image"><media:title>Ảnh &#7843;</media:title></media:content><enclosure url="https://x.vn/a.mp3" length="1" type="audio/mpeg"/></item></channel></rss>`, true},
		{"undeclared prefix", rss(`<item><title>Tin</title><foo:bar x="1">giá trị</foo:bar></item>`), true},
		{"custom element", rss(`<item><title>Tin</title><Image>https://x.vn/a.jpg</Image><lead>Sapo</lead></item>`), true},
		{"categories guid source", rss(`<item><category domain="d">Kinh tế</category><category>Xã hội</category><guid isPermaLink="false">tin-1</guid><source url="https://y.vn/rss">Báo Y</source><author>a@x.vn (Nguyễn Văn A)</author><comments>https://x.vn/c</comments></item>`), true},
		{"link in href", rss(`<item><link href="https://x.vn/1"/></item>`), true},
		{"crlf and comments", strings.ReplaceAll(rss("<!-- tin mới -->\n<item>\n<title>Tin\n mới</title><?php echo 1 ?>\n</item>"), "\n", "\r\n"), true},
		{"character references", rss(`<item><title>Ph&#7911; L&#xFD; &#x110;&#128; &#0; &#99999999; &#65;&#x41;</title><description>&amp;lt;b&amp;gt; &copy; &hellip; &foo; & &#12ab;</description></item>`), true},
		{"whitespace around", rss("<item><title>\n\t  Tin \u00a0</title></item>"), true},
		{"channel image, textinput, skip hours, cloud", rss(`<image><url>https://x.vn/logo.png</url><title>Logo</title><link>https://x.vn</link></image><textInput><title>t</title><name>q</name></textInput><skipHours><hour>1</hour><hour>2</hour></skipHours><skipDays><day>Sunday</day></skipDays><cloud domain="x.vn" port="80" path="/rpc" registerProcedure="p" protocol="xml-rpc"/><ttl>60</ttl><managingEditor>bbt@x.vn</managingEditor><lastBuildDate>21/12/2020 08:30</lastBuildDate><category>c</category>`), true},
		{"items at the root", `<?xml version="1.0"?><rss version="0.91"><channel><title>Kênh</title></channel><item><title>Tin ngoài</title></item></rss>`, true},
		{"bogus default namespace on rss", `<?xml version="1.0"?><rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>Kênh</title><item><title>Tin</title></item></channel></rss>`, true},
		{"day-first and zone-less dates", rss(`<item><pubDate>21/12/2020 08:30</pubDate></item><item><pubDate>2020-12-21 08:30:00</pubDate></item><item><pubDate>Mon, 21 Dec 2020 08:30:00 GMT</pubDate></item><item><pubDate>Thứ hai, 21/12/2020</pubDate></item>`), true},
		{"atom entry", atom(`<link href="https://x.vn/"/><link rel="self" href="https://x.vn/atom"/><id>urn:x</id><updated>2020-12-21T08:30:00+07:00</updated><author><name>Sở</name><email>so@x.vn</email><uri>https://x.vn</uri></author><generator uri="https://gen" version="2">Gen</generator><entry><title type="text">Tin &amp; tức</title><link rel="alternate" href="https://x.vn/1"/><link rel="enclosure" href="https://x.vn/a.pdf" length="10" type="application/pdf"/><id>tag:x.vn,2020:1</id><published>2020-12-21T08:30:00+07:00</published><updated>2020-12-22T08:30:00+07:00</updated><summary type="text">Tóm tắt</summary><content type="html">&lt;p&gt;Nội dung&lt;/p&gt;</content><category term="kt" label="Kinh tế"/></entry>`), true},
		{"atom cdata content", atom(`<entry><title>Tin</title><content type="html"><![CDATA[<div><p>Bài</p></div>]]></content></entry>`), true},
		{"atom 0.3", `<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Cũ</title><modified>2004-01-01T00:00:00Z</modified><entry><title mode="escaped" type="text/html">&lt;b&gt;x&lt;/b&gt;</title><issued>2004-01-01T00:00:00Z</issued></entry></feed>`, true},
		{"atom without namespace", `<?xml version="1.0"?><feed><title>Không</title><entry><title>Tin</title></entry></feed>`, true},
		{"atom extension", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><entry><title>Tin</title><dc:creator>A</dc:creator></entry></feed>`, true},
		{"self-closing elements", `<?xml version="1.0"?><rss version="2.0"><channel><title/><item/><item><title/><guid isPermaLink="true"/><enclosure url="a"/></item></channel></rss>`, true},
		{"self-closing root", `<?xml version="1.0"?><rss/>`, true},
		{"self-closing channel", `<?xml version="1.0"?><rss><channel/></rss>`, true},
		{"extension with cdata, crlf, children, comments", "<?xml version=\"1.0\"?><rss xmlns:x=\"http://x.vn/ns\"><channel><item><x:a k=\"1&#13;2\r\n3\" href=\"HTTP://X.vn/A B\">\r\n một <![CDATA[hai\r\nba]]> &lt;bốn&gt; <!-- c --><x:b href=\"/c d\">con</x:b><x:b/>\r\n</x:a></item></channel></rss>", true},
		{"default namespace on item", `<?xml version="1.0"?><rss><channel><item xmlns="http://x.vn/ns"><title>Tin</title><link>l</link></item></channel></rss>`, true},
		{"prefix bound twice", `<?xml version="1.0"?><rss xmlns:a="http://x.vn/u"><channel xmlns:b="http://x.vn/u"><item><a:x>1</a:x><b:y>2</b:y></item></channel></rss>`, true},
		{"prefix shadowed", `<?xml version="1.0"?><rss xmlns:a="http://x.vn/u"><channel xmlns:a="http://x.vn/v"><item><b:x xmlns:b="http://x.vn/u">1</b:x><a:y>2</a:y></item></channel></rss>`, true},
		{"default bound to an extension namespace", `<?xml version="1.0"?><rss xmlns:p="http://x.vn/u"><channel><item><x xmlns="http://x.vn/u">1</x></item></channel></rss>`, true},
		{"content namespace as default", `<?xml version="1.0"?><rss><channel><item><Encoded xmlns="http://purl.org/rss/1.0/modules/content/">Bài</Encoded><encoded>khác</encoded></item></channel></rss>`, true},
		{"entities in attributes", "<?xml version=\"1.0\"?><rss><channel><item><enclosure url=\"a&#13;b&amp;c\r\nd&#x1EE7;&foo;&#65\" type='x\"y' length=\"1\"/><guid isPermalink=\"false\">g</guid></item></channel></rss>", true},
		{"long element names", rss(`<item><` + strings.Repeat("x", 40) + `>dài</` + strings.Repeat("x", 40) + `></item>`), true},
		{"atom uris", atom(`<id> urn:a b </id><icon>/i.png</icon><logo>HTTP://X.vn/L</logo><author><name>A</name><uri>/u v</uri><url>x</url><homepage>/h</homepage></author><entry><link href="HTTP://X.vn/A B"/><category term="t" scheme="/s c"/><content type="text" src="/c d">x</content></entry>`), true},
		{"atom content types", atom(`<entry><title type="html"><![CDATA[<b>x</b>]]> y &amp;</title><summary type="application/xml">&lt;a&gt;</summary><content type="TEXT/PLAIN">&amp;c</content><rights mode="escaped">&lt;r&gt;</rights></entry>`), true},
		{"atom link in rss channel without rel", `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link href="https://x.vn/"/><item><atom:summary>tóm</atom:summary><atom:author><atom:name>A</atom:name></atom:author><atom:published>2020-12-21T08:30:00Z</atom:published></item></channel></rss>`, true},
		{"comments and text between children", rss(`text <!-- c --> <![CDATA[d]]><item>x<title>Tin</title>y<?pi z?></item>`), true},
		// What the fast path leaves to gofeed.
		{"atom base64", atom(`<entry><content mode="base64">YWJj</content></entry>`), false},
		{"atom binary type", atom(`<entry><content type="image/png">YWJj</content></entry>`), false},
		{"root tag past the detection window", `<?xml version="1.0"?><rss version="2.0" a="` + strings.Repeat("x", 4100) + `"><channel/></rss>`, false},
		{"prefixed root", `<?xml version="1.0"?><x:rss xmlns:x="http://x.vn/"><channel/></x:rss>`, false},
		{"xml prefix rebound", `<?xml version="1.0"?><rss xmlns:xml="http://x.vn/"><channel/></rss>`, false},
		{"name going on beyond ASCII", rss(`<item><tiêu>x</tiêu></item>`), false},
		{"rss 1.0", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel><item><title>Tin</title></item></rdf:RDF>`, false},
		{"xml base", rss(`<item xml:base="https://x.vn/a/"><link>b.html</link></item>`), false},
		{"atom xhtml", atom(`<entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry>`), false},
		{"atom html markup", atom(`<entry><content type="html"><div><p>x</p></div></content></entry>`), false},
		{"mismatched end tag", rss(`<item><title>Tin</titel></item>`), false},
		{"unquoted attribute", rss(`<item><guid isPermaLink=false>1</guid></item>`), false},
		{"duplicate attribute", rss(`<item><enclosure url="a" url="b"/></item>`), false},
		{"cdata end in text", rss(`<item><title>a ]]> b</title></item>`), false},
		{"doctype inside", rss(`<!DOCTYPE x><item/>`), false},
		{"uppercase root", `<?xml version="1.0"?><RSS><channel><title>t</title></channel></RSS>`, false},
		{"cut before the end", `<?xml version="1.0"?><rss><channel><title>t</title>`, false},
		{"second declaration", rss(`<?xml version="1.0" encoding="iso-8859-1"?><item/>`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			took := sameAsGofeed(t, tt.name, []byte(tt.body), "")
			if took != tt.fast {
				t.Errorf("fast path took it: %v, want %v", took, tt.fast)
			}
		})
	}
}

// Parse gives the same errors whichever reader would have read the feed.
func TestParseFallsBackToGofeedErrors(t *testing.T) {
	_, err := Parse([]byte(`<?xml version="1.0"?><rss><channel><title>t</title>`), "")
	if Kind(err) != "parse" {
		t.Errorf("cut feed: %v", err)
	}
	_, err = Parse([]byte(`<?xml version="1.0"?><rss><channel><item><title>a ]]> b</title></item></channel></rss>`), "")
	var fe *Error
	if !errors.As(err, &fe) || Kind(err) != "parse" {
		t.Errorf("]]> in text: %v", err)
	}
}

func TestBenchmarkFeedTakesFastPath(t *testing.T) {
	doc, err := prepareDoc(vietnameseFeed(), "text/xml; charset=utf-8")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fastParse(doc); !ok {
		t.Fatal("the benchmark feed went to gofeed")
	}
	if !sameAsGofeed(t, "benchmark", vietnameseFeed(), "text/xml; charset=utf-8") {
		t.Fatal("not fast")
	}
}

// fuzzWraps put a fuzzed fragment where the fast path reads it, so that
// most inputs get past the root element.
var fuzzWraps = []struct{ head, tail string }{
	{"", ""},
	{`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>`, "</item></channel></rss>"},
	{`<?xml version="1.0"?><rss version="2.0"><channel>`, "</channel></rss>"},
	{`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>`, "</entry></feed>"},
}

// FuzzFastParse holds the fast path to gofeed on any input it takes.
func FuzzFastParse(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			f.Add(readFixture(f, e.Name()), uint8(0))
		}
	}
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><title>a&amp;b &#7911;</title><dc:creator>x</dc:creator><description><![CDATA[<p>y</p>]]></description></item></channel></rss>`), uint8(0))
	f.Add([]byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">&lt;b&gt;</title><link href="/a b"/><id>urn:1</id></entry></feed>`), uint8(0))
	f.Add(vietnameseFeed()[:4000], uint8(0))
	f.Add([]byte(`<title>Ph&amp;#7911; &nbsp;&#x41;</title><dc:creator a="&lt;">B</dc:creator><description>&lt;p&gt;x&lt;/p&gt; <![CDATA[<b>]]></description><content:encoded>y</content:encoded><guid isPermaLink="false">1</guid>`), uint8(1))
	f.Add([]byte(`<title>Kênh</title><item><title>Tin</title><pubDate>21/12/2020 08:30</pubDate></item><atom:link xmlns:atom="http://www.w3.org/2005/Atom" href="a b" rel="self"/>`), uint8(2))
	f.Add([]byte(`<title type="text">T&amp;</title><content type="html">&lt;p&gt;</content><link href="x"/><id>urn:a</id><author><name>A</name><uri>/u</uri></author><updated>2020-12-21T08:30:00+07:00</updated>`), uint8(3))
	f.Fuzz(func(t *testing.T, fragment []byte, wrap uint8) {
		w := fuzzWraps[int(wrap)%len(fuzzWraps)]
		body := append(append([]byte(w.head), fragment...), w.tail...)
		doc, err := prepareDoc(body, "")
		if err != nil {
			return
		}
		fast, ok := fastParse(doc)
		if !ok {
			return
		}
		slow, err := gofeedParse(doc.join())
		if err != nil {
			t.Fatalf("fast path read %q, gofeed refuses it: %v", doc.join(), err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("fast path differs on %q:\n%s", doc.join(), feedDiff(fast, slow))
		}
	})
}
