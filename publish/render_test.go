package publish

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"slices"
	"strings"
	"testing"
	"time"

	"bantin"

	"github.com/mmcdole/gofeed"
)

// renderTest renders the feed of unit from testStories in format f.
func renderTest(t *testing.T, unit string, f format, limit int) []byte {
	t.Helper()
	st := testSnapshot()
	body, err := newFeedDoc(st, unit, limit, testStories(), time.Time{}).render(f)
	if err != nil {
		t.Fatalf("render %s.%s: %v", unit, f.ext(), err)
	}
	return body
}

// TestFeedsReadBackWithGofeed reads every format back with a parser we
// did not write and checks what a reader sees of each item.
func TestFeedsReadBackWithGofeed(t *testing.T) {
	want := testStories()
	for _, f := range allFormats {
		t.Run(f.ext(), func(t *testing.T) {
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(renderTest(t, "phu-ly", f, DefaultLimit)))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if feed.Title != "Thành phố Phủ Lý" {
				t.Errorf("feed title = %q", feed.Title)
			}
			if feed.Language != "vi" {
				t.Errorf("feed language = %q, want vi", feed.Language)
			}
			if feed.Link != testBase+"/units/phu-ly" {
				t.Errorf("feed link = %q", feed.Link)
			}
			if len(feed.Items) != len(want) {
				t.Fatalf("%d items, want %d", len(feed.Items), len(want))
			}
			for i, it := range feed.Items {
				s := want[i]
				if it.Title != s.Title {
					t.Errorf("item %d title = %q, want %q", i, it.Title, s.Title)
				}
				if it.Link != s.Link {
					t.Errorf("item %d link = %q, want %q", i, it.Link, s.Link)
				}
				if it.GUID != s.ID {
					t.Errorf("item %d id = %q, want %q", i, it.GUID, s.ID)
				}
				if it.PublishedParsed == nil || !it.PublishedParsed.Equal(s.Published) {
					t.Errorf("item %d published = %v, want %v", i, it.PublishedParsed, s.Published)
				} else if !strings.HasSuffix(it.Published, "+0700") && !strings.HasSuffix(it.Published, "+07:00") {
					t.Errorf("item %d published %q not in the configured zone", i, it.Published)
				}
				if it.Content != s.Content {
					t.Errorf("item %d content = %q, want %q", i, it.Content, s.Content)
				}
				summary := it.Description
				if f == formatRSS { // RSS descriptions are HTML
					summary = html.UnescapeString(summary)
				}
				if want := summaryOf(s.Summary, s.Content); summary != want {
					t.Errorf("item %d summary = %q, want %q", i, summary, want)
				}
				var names []string
				for _, u := range s.Units {
					names = append(names, testSnapshot().unitName(u))
				}
				if !slices.Equal(it.Categories, names) {
					t.Errorf("item %d categories = %q, want %q", i, it.Categories, names)
				}
				var author string
				if it.Author != nil {
					author = it.Author.Name
				}
				if author != s.Author {
					t.Errorf("item %d author = %q, want %q", i, author, s.Author)
				}
			}
		})
	}
}

// rssDocument is what a namespace-aware reader sees of our RSS.
type rssDocument struct {
	Version string `xml:"version,attr"`
	Channel struct {
		Language       string `xml:"language"`
		ManagingEditor string `xml:"managingEditor"`
		AtomLinks      []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
			Type string `xml:"type,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Items []struct {
			GUID struct {
				ID          string `xml:",chardata"`
				IsPermaLink string `xml:"isPermaLink,attr"`
			} `xml:"guid"`
			Author     string   `xml:"author"`
			Creator    string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Categories []string `xml:"category"`
			PubDate    string   `xml:"pubDate"`
			Content    string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

// TestRSSFixesOverGorilla checks, element by element, what gorilla/feeds
// gets wrong for real readers and we correct.
func TestRSSFixesOverGorilla(t *testing.T) {
	var doc rssDocument
	if err := xml.Unmarshal(renderTest(t, "phu-ly", formatRSS, 20), &doc); err != nil {
		t.Fatal(err)
	}
	ch := doc.Channel
	if doc.Version != "2.0" || ch.Language != "vi" {
		t.Errorf("version %q language %q", doc.Version, ch.Language)
	}
	if ch.ManagingEditor != "" {
		t.Errorf("managingEditor %q: must be an e-mail address or absent", ch.ManagingEditor)
	}
	if len(ch.AtomLinks) != 1 || ch.AtomLinks[0].Rel != "self" ||
		ch.AtomLinks[0].Href != testBase+"/feeds/phu-ly.rss?limit=20" || ch.AtomLinks[0].Type != "application/rss+xml" {
		t.Errorf("atom:link self (in the Atom namespace) = %+v", ch.AtomLinks)
	}
	it := ch.Items[0]
	if it.GUID.ID != "urn:bantin:3f2a9c" || it.GUID.IsPermaLink != "false" {
		t.Errorf("guid = %+v, want a urn with isPermaLink=false", it.GUID)
	}
	if it.Author != "" || it.Creator != "Minh Anh" {
		t.Errorf("author %q creator %q: a name belongs in dc:creator", it.Author, it.Creator)
	}
	if !slices.Equal(it.Categories, []string{"Phường Lê Hồng Phong", "Thành phố Phủ Lý"}) {
		t.Errorf("categories = %q, want one per publishing unit", it.Categories)
	}
	if it.PubDate != "Mon, 21 Dec 2020 08:30:00 +0700" {
		t.Errorf("pubDate = %q, want RFC 1123 in the configured zone", it.PubDate)
	}
	if ch.Items[1].Creator != "" {
		t.Errorf("story without author has dc:creator %q", ch.Items[1].Creator)
	}
	if pub := ch.Items[1].PubDate; pub != "Sun, 20 Dec 2020 08:00:00 +0700" {
		t.Errorf("UTC time not shown in the configured zone: %q", pub)
	}
}

type atomDocument struct {
	Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Author  string `xml:"author>name"`
	Entries []struct {
		Published  string `xml:"published"`
		Updated    string `xml:"updated"`
		Categories []struct {
			Term string `xml:"term,attr"`
			Text string `xml:",chardata"`
		} `xml:"category"`
		Summary struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
		Content struct {
			Type string `xml:"type,attr"`
		} `xml:"content"`
	} `xml:"entry"`
}

func TestAtomFixesOverGorilla(t *testing.T) {
	body := renderTest(t, "phu-ly", formatAtom, DefaultLimit)
	var doc atomDocument
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Lang != "vi" {
		t.Errorf("xml:lang = %q", doc.Lang)
	}
	if doc.ID != testBase+"/feeds/phu-ly.atom" {
		t.Errorf("id = %q", doc.ID)
	}
	if doc.Updated != "2020-12-21T09:00:00+07:00" {
		t.Errorf("feed updated = %q, want the newest change", doc.Updated)
	}
	rels := map[string]string{}
	for _, l := range doc.Links {
		rels[l.Rel] = l.Href
	}
	if rels["self"] != testBase+"/feeds/phu-ly.atom" || rels["alternate"] != testBase+"/units/phu-ly" {
		t.Errorf("links = %v", rels)
	}
	if doc.Author == "" {
		t.Error("feed has no author, and its entries need one (RFC 4287 4.1.1)")
	}
	e := doc.Entries[0]
	if e.Published != "2020-12-21T08:30:00+07:00" || e.Updated != "2020-12-21T09:00:00+07:00" {
		t.Errorf("published %q updated %q", e.Published, e.Updated)
	}
	if len(e.Categories) != 2 || e.Categories[0].Term != "Phường Lê Hồng Phong" || e.Categories[0].Text != "" {
		t.Errorf("categories = %+v, want term attributes, one per unit", e.Categories)
	}
	if e.Summary.Type != "text" || e.Summary.Text != testStories()[0].Summary {
		t.Errorf("summary = %+v", e.Summary)
	}
	if e.Content.Type != "html" {
		t.Errorf("content type = %q", e.Content.Type)
	}
	if doc.Entries[1].Updated != "2020-12-20T08:00:00+07:00" {
		t.Errorf("entry without update time: updated = %q, want its publication", doc.Entries[1].Updated)
	}
}

func TestJSONFeed(t *testing.T) {
	var doc struct {
		Version  string `json:"version"`
		Title    string `json:"title"`
		Language string `json:"language"`
		FeedURL  string `json:"feed_url"`
		HomePage string `json:"home_page_url"`
		Items    []struct {
			ID        string   `json:"id"`
			Published string   `json:"date_published"`
			Summary   string   `json:"summary"`
			Tags      []string `json:"tags"`
			Bantin    struct {
				Units []string `json:"units"`
				Links []string `json:"links"`
			} `json:"_bantin"`
		} `json:"items"`
	}
	if err := json.Unmarshal(renderTest(t, bantin.AllUnits, formatJSON, DefaultLimit), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || doc.Language != "vi" {
		t.Errorf("version %q language %q", doc.Version, doc.Language)
	}
	if doc.Title != "Tin tức tỉnh Hà Nam" {
		t.Errorf("title of all = %q, want the config's title", doc.Title)
	}
	if doc.FeedURL != testBase+"/feeds/all.json" || doc.HomePage != testBase+"/" {
		t.Errorf("feed_url %q home_page_url %q", doc.FeedURL, doc.HomePage)
	}
	want := testStories()
	for i, it := range doc.Items {
		if !slices.Equal(it.Bantin.Units, want[i].Units) || !slices.Equal(it.Bantin.Links, want[i].Links) {
			t.Errorf("item %d _bantin = %+v", i, it.Bantin)
		}
		p, err := time.Parse(time.RFC3339, it.Published)
		if err != nil || !p.Equal(want[i].Published) || !strings.HasSuffix(it.Published, "+07:00") {
			t.Errorf("item %d date_published = %q, want RFC 3339 with +07:00", i, it.Published)
		}
	}
	if got := doc.Items[1].Summary; !strings.HasPrefix(got, "Ủy ban nhân dân tỉnh thông báo") {
		t.Errorf("summary made from content = %q", got)
	}
	if !slices.Equal(doc.Items[0].Tags, []string{"Phường Lê Hồng Phong", "Thành phố Phủ Lý"}) {
		t.Errorf("tags = %q", doc.Items[0].Tags)
	}
}

// TestEmptyFeeds: a unit with nothing yet still gets valid documents, and
// a JSON Feed's items is an empty array as the spec requires.
func TestEmptyFeeds(t *testing.T) {
	st := testSnapshot()
	for _, f := range allFormats {
		body, err := newFeedDoc(st, "so-gd", DefaultLimit, nil, time.Time{}).render(f)
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", f.ext(), err)
		}
		if feed.Title != "Sở Giáo dục & Đào tạo <Hà Nam>" || len(feed.Items) != 0 {
			t.Errorf("%s: title %q, %d items", f.ext(), feed.Title, len(feed.Items))
		}
		if f == formatJSON && !bytes.Contains(body, []byte(`"items": []`)) {
			t.Errorf("json feed without an items array:\n%s", body)
		}
	}
}

// TestControlCharactersFromPortals: a stray control byte or broken UTF-8
// in a portal's text must not make the whole feed unreadable.
func TestControlCharactersFromPortals(t *testing.T) {
	st := testSnapshot()
	stories := []bantin.Story{{
		ID:        "urn:bantin:1",
		Title:     "Tin\x0b có ký tự điều khiển\x01",
		Link:      "https://a.example.gov.vn/1",
		Summary:   "Tóm tắt \xff\xfe hỏng",
		Content:   "<p>Nội dung\x08 ]]> có CDATA</p>",
		Published: time.Date(2024, 1, 2, 3, 4, 5, 0, ict),
		Units:     []string{"ha-nam"},
	}}
	for _, f := range allFormats {
		body, err := newFeedDoc(st, "ha-nam", DefaultLimit, stories, time.Time{}).render(f)
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v\n%s", f.ext(), err, body)
		}
		it := feed.Items[0]
		if it.Title != "Tin có ký tự điều khiển" || it.Content != "<p>Nội dung ]]> có CDATA</p>" {
			t.Errorf("%s: title %q content %q", f.ext(), it.Title, it.Content)
		}
	}
}

func TestOPMLNestsUnits(t *testing.T) {
	body, err := renderOPML(testSnapshot())
	if err != nil {
		t.Fatal(err)
	}
	type outline struct {
		Type     string    `xml:"type,attr"`
		Text     string    `xml:"text,attr"`
		Title    string    `xml:"title,attr"`
		XMLURL   string    `xml:"xmlUrl,attr"`
		HTMLURL  string    `xml:"htmlUrl,attr"`
		Children []outline `xml:"outline"`
	}
	var doc struct {
		Version string    `xml:"version,attr"`
		Title   string    `xml:"head>title"`
		Body    []outline `xml:"body>outline"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.0" || doc.Title != "Tin tức tỉnh Hà Nam" {
		t.Errorf("version %q title %q", doc.Version, doc.Title)
	}
	if len(doc.Body) != 2 {
		t.Fatalf("%d root outlines, want 2", len(doc.Body))
	}
	root, sogd := doc.Body[0], doc.Body[1]
	if root.Text != "Tỉnh Hà Nam" || root.Title != root.Text || root.Type != "rss" ||
		root.XMLURL != testBase+"/feeds/ha-nam.rss" || root.HTMLURL != testBase+"/units/ha-nam" {
		t.Errorf("root outline = %+v", root)
	}
	if len(root.Children) != 1 || root.Children[0].Text != "Thành phố Phủ Lý" ||
		len(root.Children[0].Children) != 1 || root.Children[0].Children[0].Text != "Phường Lê Hồng Phong" {
		t.Errorf("nesting = %+v", root.Children)
	}
	if sogd.Text != "Sở Giáo dục & Đào tạo <Hà Nam>" || len(sogd.Children) != 0 {
		t.Errorf("second root = %+v", sogd)
	}
}
