package sim

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/unicode/norm"
)

// TestTruthMatchesFeeds reads every feed bantin must read, as a careful
// client would, and checks that each item is what the truth says and that
// the truth has nothing the feeds lack.
func TestTruthMatchesFeeds(t *testing.T) {
	p := startProvince(t, Options{Cities: 2, WardsPerCity: 3, FeedsPerUnit: 2, ItemsPerFeed: 6, Hostile: true,
		HostileKinds: []Kind{SelfSigned, ServerError}, TLSInsecure: true, CrossPosts: 0.5, Families: 1, Seed: 7})
	truth := p.Truth()
	copies := map[string][]Copy{} // by source
	for _, s := range truth.Stories {
		for _, c := range s.Copies {
			copies[c.Source] = append(copies[c.Source], c)
		}
	}
	read := 0
	for _, src := range truth.Sources {
		if !src.Delivers {
			if len(copies[src.URL]) > 0 {
				t.Errorf("%s delivers nothing but the truth has %d copies from it", src.URL, len(copies[src.URL]))
			}
			continue
		}
		read++
		t.Run(src.Unit+"/"+strings.Join(src.Quirks, ","), func(t *testing.T) {
			checkFeed(t, p, src, copies[src.URL])
		})
	}
	// 9 units with 2 good feeds each, and the self-signed feeds of the
	// units 0, 2, 4, 6, 8 (the kinds go round robin).
	if read != 9*2+5 {
		t.Errorf("read %d feeds, want 23", read)
	}
}

func checkFeed(t *testing.T, p *Province, src Source, want []Copy) {
	resp, body := fetch(t, client(true), src.URL, map[string]string{"Accept-Encoding": "gzip"})
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	text, err := decodeFeed(body, resp.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(text)
	if err != nil {
		t.Fatalf("gofeed: %v", err)
	}
	if feed.FeedType != src.Format {
		t.Errorf("feed type %q, truth says %q", feed.FeedType, src.Format)
	}
	if len(feed.Items) != src.Items || len(feed.Items) != len(want) {
		t.Errorf("%d items, truth says %d and has %d copies", len(feed.Items), src.Items, len(want))
	}
	byLink := map[string]Copy{}
	for _, c := range want {
		byLink[c.Link] = c
	}
	for _, it := range feed.Items {
		link := resolve(src.URL, it.Link)
		c, ok := byLink[link]
		if !ok {
			t.Errorf("item %q (%s) is not in the truth", it.Title, link)
			continue
		}
		delete(byLink, link)
		checkItem(t, p, src, it, c)
	}
	for link := range byLink {
		t.Errorf("truth has %s, the feed does not", link)
	}
}

func checkItem(t *testing.T, p *Province, src Source, it *gofeed.Item, c Copy) {
	t.Helper()
	if got := cleanTitle(it.Title); got != c.Title {
		t.Errorf("title %q, truth %q", got, c.Title)
	}
	if c.GUID != "" && it.GUID != c.GUID {
		t.Errorf("guid %q, truth %q", it.GUID, c.GUID)
	}
	content := html.UnescapeString(norm.NFC.String(it.Description + "\n" + it.Content))
	published, err := readDate(it.Published, content, p.loc)
	if err != nil {
		t.Errorf("%q: %v", c.Title, err)
	} else if !published.Equal(c.Published) {
		t.Errorf("%q: published %v, truth %v", c.Title, published, c.Published)
	}
	if !c.Published.Before(testStart) {
		t.Errorf("%q: published %v is not before the start", c.Title, c.Published)
	}
	if !strings.Contains(content, c.Lead) {
		t.Errorf("%q: lead %q not in the item", c.Title, c.Lead)
	}
	for _, para := range append(c.Body, c.Dropped...) {
		if !strings.Contains(content, para) {
			t.Errorf("%q: %q not in the item", c.Title, para)
		}
	}
	var srcs []string
	for _, m := range srcAttr.FindAllStringSubmatch(content, -1) {
		srcs = append(srcs, resolve(src.URL, m[1]))
	}
	for _, img := range c.Images {
		if !slices.Contains(srcs, img) {
			t.Errorf("%q: image %s not among %v", c.Title, img, srcs)
		}
	}
}

// TestQuirksAllPresent checks that a small province already has every
// value of every quirk, so tests of bantin on it cover them all.
func TestQuirksAllPresent(t *testing.T) {
	p := startProvince(t, Options{Cities: 2, WardsPerCity: 3, FeedsPerUnit: 2, ItemsPerFeed: 1})
	have := map[string]bool{}
	for _, s := range p.Truth().Sources {
		have["format:"+s.Format] = true
		for _, q := range s.Quirks {
			have[q] = true
		}
	}
	var want []string
	for _, v := range charsets {
		want = append(want, "charset:"+v)
	}
	for _, v := range rssDates {
		want = append(want, "dates:"+v)
	}
	for _, v := range linkKinds {
		want = append(want, "links:"+v)
	}
	for _, v := range leadKinds {
		want = append(want, "lead:"+v)
	}
	for _, v := range toneKinds {
		want = append(want, "tones:"+v)
	}
	want = append(want, "format:rss", "format:atom", "nfd", "cdata", "furniture", "double-entities",
		"spaces-in-titles", "tracking-params", "gzip", "no-guid")
	for _, q := range want {
		if !have[q] {
			t.Errorf("no feed has %s", q)
		}
	}
}

// TestQuirksOnTheWire looks at the bytes: each quirk is really sent.
func TestQuirksOnTheWire(t *testing.T) {
	p := startProvince(t, Options{Cities: 2, WardsPerCity: 3, FeedsPerUnit: 2, ItemsPerFeed: 4})
	tests := []struct {
		quirk string
		check func(b []byte, h, text string) bool
	}{
		{"charset:windows-1258", func(b []byte, h, text string) bool {
			// Tones as combining bytes (hook above 0xD2, acute 0xEC …) and
			// no UTF-8: a reader that skips decoding sees garbage.
			return bytes0(b, 0xD2) && !utf8Valid(b) && strings.Contains(string(b[:60]), `encoding="windows-1258"`)
		}},
		{"charset:windows-1258-header", func(b []byte, h, text string) bool {
			return !utf8Valid(b) && strings.Contains(h, "charset=windows-1258") && !strings.Contains(string(b[:60]), "encoding=")
		}},
		{"charset:utf-8-bom", func(b []byte, h, text string) bool {
			return strings.HasPrefix(string(b), "\ufeff<?xml") && utf8Valid(b)
		}},
		{"charset:wrong-header", func(b []byte, h, text string) bool {
			return strings.Contains(h, "iso-8859-1") && utf8Valid(b) && regexpMatch(`[^\x00-\x7f]`, b)
		}},
		{"nfd", func(b []byte, h, text string) bool {
			return !norm.NFC.IsNormal(b) && norm.NFD.IsNormal(b)
		}},
		{"double-entities", func(b []byte, h, text string) bool {
			return regexpMatch(`<title[^>]*>[^<]*&amp;#\d{3,4};`, b)
		}},
		{"links:relative", func(b []byte, h, text string) bool {
			return strings.Contains(string(b), "<link>/") || strings.Contains(string(b), `href="/`)
		}},
		{"links:scheme-less", func(b []byte, h, text string) bool {
			return strings.Contains(string(b), "<link>//127.") || strings.Contains(string(b), `href="//127.`)
		}},
		{"dates:day-first", func(b []byte, h, text string) bool {
			return regexpMatch(`<pubDate>(\d\d/\d\d/\d{4} \d\d:\d\d|\d\d:\d\d(:\d\d)? -? ?\d\d/\d\d/\d{4})`, b)
		}},
		{"dates:zone-less", func(b []byte, h, text string) bool {
			return regexpMatch(`<(pubDate|published)>\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d</`, b)
		}},
		{"dates:date-line", func(b []byte, h, text string) bool {
			return !strings.Contains(text, "<pubDate>") && !strings.Contains(text, "<published>") && dateLineRe.MatchString(text)
		}},
		{"furniture", func(b []byte, h, text string) bool {
			s := text
			return strings.Contains(s, "In bài") && (strings.Contains(s, "Các tin khác") || strings.Contains(s, "Tin liên quan") || strings.Contains(s, "Tin cùng chuyên mục"))
		}},
		{"tracking-params", func(b []byte, h, text string) bool {
			return strings.Contains(string(b), "utm_source=rss")
		}},
		{"spaces-in-titles", func(b []byte, h, text string) bool {
			return regexp.MustCompile("<title[^>]*>[^<]*(\u00a0|&amp;#160;)</title>").MatchString(text)
		}},
		{"tones:new", func(b []byte, h, text string) bool {
			s := string(b)
			return strings.Contains(s, "uỷ") && !strings.Contains(s, "ủy")
		}},
		{"tones:mixed", func(b []byte, h, text string) bool {
			s := string(b)
			return strings.Contains(s, "uỷ") && strings.Contains(s, "ủy")
		}},
		{"cdata", func(b []byte, h, text string) bool { return strings.Contains(string(b), "<![CDATA[<") }},
	}
	sources := p.Truth().Sources
	for _, tt := range tests {
		t.Run(tt.quirk, func(t *testing.T) {
			found := false
			for _, s := range sources {
				if !slices.Contains(s.Quirks, tt.quirk) {
					continue
				}
				// Tones are checked on UTF-8 NFC text; skip the feeds whose
				// bytes are something else.
				if strings.HasPrefix(tt.quirk, "tones:") && (slices.Contains(s.Quirks, "nfd") || strings.Contains(strings.Join(s.Quirks, ","), "1258")) {
					continue
				}
				found = true
				resp, body := fetch(t, client(false), s.URL, nil)
				text, err := decodeFeed(body, resp.Header.Get("Content-Type"))
				if err != nil {
					t.Fatal(err)
				}
				if !tt.check(body, resp.Header.Get("Content-Type"), text) {
					t.Errorf("%s (%v) does not show %s:\n%.600s", s.URL, s.Quirks, tt.quirk, body)
				}
			}
			if !found {
				t.Fatalf("no feed has %s", tt.quirk)
			}
		})
	}
}

// TestCrossPostsAndFamilies checks the two hard cases of deduplication the
// truth sets up: a city's re-post is one story with its ward's, and the
// wards of one template family are each their own story.
func TestCrossPostsAndFamilies(t *testing.T) {
	p := startProvince(t, Options{Cities: 2, WardsPerCity: 4, ItemsPerFeed: 8, CrossPosts: 0.6, Families: 2, Seed: 3})
	truth := p.Truth()
	parent := map[string]string{}
	for _, u := range truth.Units {
		parent[u.ID] = u.Parent
	}
	reposts, sameLink, families := 0, 0, map[string][]Story{}
	for _, s := range truth.Stories {
		if s.Family != "" {
			families[s.Family] = append(families[s.Family], s)
		}
		if len(s.Copies) == 1 {
			continue
		}
		reposts++
		ward, city := s.Copies[0], s.Copies[1]
		if len(s.Copies) != 2 || parent[ward.Unit] != city.Unit {
			t.Errorf("%s: copies in %s then %s, want a ward then its city", s.ID, ward.Unit, city.Unit)
		}
		if !city.Published.After(ward.Published) && !city.Published.Equal(ward.Published) {
			t.Errorf("%s: the city's copy (%v) is older than the ward's (%v)", s.ID, city.Published, ward.Published)
		}
		if !slices.Equal(s.Units, []string{ward.Unit, city.Unit}) {
			t.Errorf("%s: units %v", s.ID, s.Units)
		}
		if city.Canonical == ward.Canonical {
			sameLink++
			if len(s.Links) != 1 {
				t.Errorf("%s: one link shared, but links %v", s.ID, s.Links)
			}
			continue
		}
		if len(s.Links) != 2 || !strings.HasSuffix(city.Title, s.Title) && !strings.Contains(city.Title, ": ") {
			t.Errorf("%s: edited copy %q of %q, links %v", s.ID, city.Title, ward.Title, s.Links)
		}
		if strings.Contains(strings.Join(city.Body, " "), "đ/c") {
			t.Errorf("%s: the city's copy keeps đ/c", s.ID)
		}
	}
	if reposts < 5 || sameLink == 0 || sameLink == reposts {
		t.Errorf("%d re-posts, %d by link: want both kinds", reposts, sameLink)
	}
	if len(families) != 4 {
		t.Fatalf("%d template families, want 2 per city", len(families))
	}
	for key, fam := range families {
		if len(fam) != 4 {
			t.Errorf("family %s has %d stories, want one per ward", key, len(fam))
		}
		bodies := map[string]bool{}
		for _, s := range fam {
			if s.Copies[0].Title != fam[0].Copies[0].Title && cleanTitle(s.Title) != cleanTitle(fam[0].Title) {
				t.Errorf("family %s: headlines %q and %q", key, s.Title, fam[0].Title)
			}
			bodies[strings.Join(s.Copies[0].Body, "\n")] = true
			if len(s.Copies[0].Body) != len(fam[0].Copies[0].Body) {
				t.Errorf("family %s: bodies of %d and %d paragraphs, want the same structure", key, len(s.Copies[0].Body), len(fam[0].Copies[0].Body))
			}
		}
		if len(bodies) != len(fam) {
			t.Errorf("family %s: only %d different bodies for %d stories", key, len(bodies), len(fam))
		}
	}
}

// TestSameSeedSameProvince: the seed fixes every story; hosts and ports
// do not matter.
func TestSameSeedSameProvince(t *testing.T) {
	digest := func(seed uint64) string {
		p := startProvince(t, Options{Cities: 1, WardsPerCity: 2, ItemsPerFeed: 5, CrossPosts: 0.5, Families: 1, Seed: seed})
		var b strings.Builder
		for _, s := range p.Truth().Stories {
			b.WriteString(s.Title + s.Published.String() + strings.Join(s.Units, ",") + s.Copies[0].Lead + "\n")
		}
		p.Close()
		return b.String()
	}
	a, b, c := digest(11), digest(11), digest(12)
	if a != b {
		t.Error("the same seed gave two provinces")
	}
	if a == c {
		t.Error("two seeds gave the same province")
	}
}

// TestStoriesOfUnit: a unit's feed carries its own stories and those of
// its descendants, newest first.
func TestStoriesOfUnit(t *testing.T) {
	p := startProvince(t, Options{Cities: 2, WardsPerCity: 2, ItemsPerFeed: 3})
	truth := p.Truth()
	all := truth.StoriesOf("all")
	if len(all) != len(truth.Stories) {
		t.Errorf("all has %d stories of %d", len(all), len(truth.Stories))
	}
	city := truth.Units[1].ID
	ward := truth.Units[2].ID
	if got := len(truth.StoriesOf(ward)); got != 3 {
		t.Errorf("ward %s has %d stories, want 3", ward, got)
	}
	if got := len(truth.StoriesOf(city)); got != 3*3 {
		t.Errorf("city %s has %d stories, want its 3 and 3 of each of its 2 wards", city, got)
	}
	if !slices.IsSortedFunc(all, func(a, b Story) int { return b.Published.Compare(a.Published) }) {
		t.Error("stories are not newest first")
	}
	if _, ok := truth.Source(truth.Sources[0].URL); !ok {
		t.Error("Source does not find a listed source")
	}
	if truth.Zone != Zone || truth.Start.Location().String() != Zone && truth.Start.Location().String() != "ICT" {
		t.Errorf("zone %s, start in %s", truth.Zone, truth.Start.Location())
	}
	for _, s := range all {
		if _, off := s.Published.Zone(); off != 7*3600 {
			t.Errorf("%s published %v: want it written in +07:00", s.ID, s.Published)
		}
		if s.Published.After(testStart) || s.Published.Before(testStart.Add(-31*24*time.Hour)) {
			t.Errorf("%s published %v, want within the 30 days before the start", s.ID, s.Published)
		}
	}
}
