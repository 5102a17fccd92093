//go:build goldengen

package clean

import (
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin/fetch"
	"bantin/sim"
)

// TestMakeGolden writes testdata/golden from the cleaner as it is:
//
//	go test -tags goldengen -run TestMakeGolden ./clean
//
// Run it only when a change of output is meant, and say which in review.
func TestMakeGolden(t *testing.T) {
	var cases []goldenCase
	cases = append(cases, fixtureCases(t)...)
	cases = append(cases, corpusCases(t)...)
	cases = append(cases, simCases(t)...)
	cases = append(cases, mutatedCases(cases)...)
	cases = append(cases, seedCases(t)...)
	cases = append(cases, randomCase())
	c := goldenCleaner(t)
	items := 0
	for i := range cases {
		cases[i].Want = cleanGolden(c, &cases[i])
		items += len(cases[i].Items)
	}
	f, err := os.Create(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err := gob.NewEncoder(zw).Encode(cases); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d feeds, %d items", len(cases), items)
}

func caseOf(name, feedURL string, feed *gofeed.Feed) goldenCase {
	gc := goldenCase{Name: name, FeedURL: feedURL,
		Feed: goldenFeed{Link: feed.Link, FeedLink: feed.FeedLink, Author: feed.Author, Authors: feed.Authors}}
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		in := goldenInput{Title: it.Title, Description: it.Description, Content: it.Content, Link: it.Link,
			Links: it.Links, GUID: it.GUID, Published: it.Published, Updated: it.Updated,
			PublishedParsed: it.PublishedParsed, UpdatedParsed: it.UpdatedParsed, Author: it.Author, Authors: it.Authors}
		if it.DublinCoreExt != nil {
			in.Creator = it.DublinCoreExt.Creator
		}
		gc.Items = append(gc.Items, in)
	}
	return gc
}

// fixtureCases are this package's own feeds, read as its tests read them.
func fixtureCases(t *testing.T) []goldenCase {
	var out []goldenCase
	for _, f := range fixtureFeeds(t) {
		out = append(out, caseOf(f.name, "http://example.com/feed.xml", f.feed))
	}
	page, err := os.ReadFile("testdata/phuly-dan-van-2020.html")
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, caseOf("phuly page", testFeedURL, &gofeed.Feed{Items: []*gofeed.Item{
		{Title: "Ban Dân vận thành ủy tổ chức hội nghị tổng kết công tác dân vận năm 2020", Content: string(page),
			Link: "https://phuly.hanam.gov.vn/Pages/tin-tuc/ban-dan-van.aspx", Published: "21/12/2020 08:30"},
		{Title: "Tin", Content: string(page), Description: "Ngày 16/12/2020, Ban Dân vận thành ủy tổ chức hội nghị."},
		{Content: string(page)},
	}}))
	return out
}

var headerType = regexp.MustCompile(`(?i)Header:\s*Content-type:\s*([^\r\n]*)`)

// corpusCases are the feeds of fetch's corpora, read by fetch.Parse.
func corpusCases(t *testing.T) []goldenCase {
	var files []string
	filepath.WalkDir("../fetch/testdata/corpora", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".json")) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	var out []goldenCase
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		ct := "application/xml"
		if strings.HasSuffix(name, ".json") {
			ct = "application/feed+json"
		}
		if m := headerType.FindSubmatch(b); m != nil {
			ct = string(m[1])
		}
		feed, err := fetch.Parse(b, ct)
		if err != nil || len(feed.Items) == 0 {
			continue
		}
		out = append(out, caseOf(strings.TrimPrefix(name, "../"), "http://example.com/feed.xml", feed))
	}
	return out
}

// simCases are the good feeds of simulated provinces, fetched on loopback.
func simCases(t *testing.T) []goldenCase {
	var out []goldenCase
	for seed := uint64(1); seed <= 3; seed++ {
		p, err := sim.Start(sim.Options{Cities: 3, WardsPerCity: 4, Departments: 2, FeedsPerUnit: 2, ItemsPerFeed: 15,
			CrossPosts: 0.3, Families: 2, Seed: seed, Start: time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range p.Truth().Sources {
			if src.Kind != sim.Good {
				continue
			}
			resp, err := http.Get(src.URL)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			feed, err := fetch.Parse(b, resp.Header.Get("Content-Type"))
			if err != nil {
				t.Fatalf("sim feed %s: %v", src.URL, err)
			}
			out = append(out, caseOf(fmt.Sprintf("sim seed %d %s", seed, src.Unit), src.URL, feed))
		}
		p.Close()
	}
	return out
}

// mutations are the ways portals break their markup, applied to real
// content so the golden set holds them with realistic text.
var mutations = []struct {
	name string
	f    func(string) string
}{
	{"unclosed paragraphs", func(s string) string { return strings.ReplaceAll(s, "</p>", "") }},
	{"upper-case tags", func(s string) string {
		return regexp.MustCompile(`</?[a-z]+`).ReplaceAllStringFunc(s, strings.ToUpper)
	}},
	{"in a layout table", func(s string) string {
		return `<table border="1" width="100%"><tr><td valign="top">` + s + `</td></tr></table>`
	}},
	{"in spans and fonts", func(s string) string {
		s = strings.ReplaceAll(s, "<p>", `<p><span style="font-size:14px"><font face="Arial">`)
		return strings.ReplaceAll(s, "</p>", "</font></span></p>")
	}},
	{"divs for paragraphs", func(s string) string {
		s = strings.ReplaceAll(s, "<p>", `<div class="content">`)
		return strings.ReplaceAll(s, "</p>", "</div>")
	}},
	{"br lines", func(s string) string {
		s = strings.ReplaceAll(s, "<p>", "")
		return strings.ReplaceAll(s, "</p>", "<br/><br />")
	}},
	{"misnested bold", func(s string) string {
		return strings.Replace(strings.Replace(s, "<p>", "<p><b>", 2), "</p>", "</p></b>", 1)
	}},
	{"entities and nbsp", func(s string) string {
		s = strings.ReplaceAll(s, " ", "&nbsp;")
		return strings.ReplaceAll(s, "đ", "&#273;")
	}},
	{"comments and scripts", func(s string) string {
		return `<!-- start --><script>var a = "<p>x</p>";</script>` + strings.Replace(s, "</p>", "</p><!-- x --><style>p{}</style>", 3)
	}},
	{"attributes everywhere", func(s string) string {
		s = strings.ReplaceAll(s, "<p>", `<P class=MsoNormal style='margin:0' onclick="x()" data-x=1>`)
		return strings.ReplaceAll(s, "<a ", `<a target=_self rel=opener title="a &quot;b&quot; <c>" `)
	}},
	{"lists", func(s string) string {
		s = strings.Replace(s, "<p>", "<ul><li>", 1)
		return strings.Replace(s, "</p>", "</li><li>mục hai</ul>", 1)
	}},
	{"headings", func(s string) string {
		s = strings.Replace(s, "<p>", "<h3>", 2)
		return strings.Replace(s, "</p>", "</h3>", 2)
	}},
}

// mutatedCases apply every mutation to some items of the simulated feeds
// and the fixtures.
func mutatedCases(cases []goldenCase) []goldenCase {
	var out []goldenCase
	for _, m := range mutations {
		var picked []goldenInput
		base := ""
		for k, gc := range cases {
			if !strings.HasPrefix(gc.Name, "sim") && !strings.HasPrefix(gc.Name, "testdata/items") && gc.Name != "phuly page" {
				continue
			}
			for j, in := range gc.Items {
				if (k+j)%10 != 0 {
					continue
				}
				in.Content = m.f(in.Content)
				in.Description = m.f(in.Description)
				picked = append(picked, in)
				if base == "" {
					base = gc.FeedURL
				}
			}
		}
		out = append(out, goldenCase{Name: "mutated: " + m.name, FeedURL: base, Items: picked})
	}
	return out
}

// seedCases are the hostile strings of the fuzz seeds and corpus.
func seedCases(t *testing.T) []goldenCase {
	const link = "https://hanam.gov.vn/a/b.html"
	page, err := os.ReadFile("testdata/phuly-dan-van-2020.html")
	if err != nil {
		t.Fatal(err)
	}
	seeds := [][4]string{
		{"Tin", string(page), "", "Thứ 2 Ngày 21/12/2020"},
		{"<b>x</b>", `<p onclick=x>a</p><script>alert(1)</script><a href="javascript:alert(1)">y</a>`, "lead", ""},
		{"", `<svg><script>alert(1)</script></svg><math><mi xlink:href="javascript:alert(1)">x</mi></math>`, "", ""},
		{"t", `<a href="jav&#x09;ascript:alert(1)">x</a><img src=x onerror=alert(1)><iframe src="//evil.com">`, "t", "12:29 CH"},
		{"t", `<p>Các tin khác</p><div><p>Tin liên quan</p></div><p>Xem thêm: <a href="/a">a</a></p>`, "", "31/02/2020"},
		{"t", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "", ""},
	}
	files, _ := filepath.Glob("testdata/fuzz/FuzzItem/*")
	for _, name := range files {
		if s, ok := readFuzzStrings(name); ok && len(s) == 4 {
			seeds = append(seeds, [4]string{s[0], s[1], s[2], s[3]})
		}
	}
	gc := goldenCase{Name: "fuzz seeds", FeedURL: testFeedURL}
	for _, s := range seeds {
		gc.Items = append(gc.Items, goldenInput{Title: s[0], Content: s[1], Description: s[2], Published: s[3], Link: link})
	}
	return []goldenCase{gc}
}

// readFuzzStrings reads a corpus file of string arguments.
func readFuzzStrings(name string) ([]string, bool) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, false
	}
	return parseFuzzStrings(b)
}
