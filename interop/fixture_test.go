package interop

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bantin"
	"bantin/publish"
	"bantin/store"
)

// ict is the zone of Vietnamese portals (UTC+7, no daylight saving); a
// fixed zone keeps the tests independent of the machine's tzdata.
var ict = time.FixedZone("ICT", 7*3600)

// now is when the fixture's portals were fetched; every item is older.
var now = time.Date(2021, 1, 10, 12, 0, 0, 0, ict)

// Sources of the fixture's units.
const (
	provinceFeed = "https://hanam.example.gov.vn/rss/tin-tuc.xml"
	cityFeed     = "https://phuly.example.gov.vn/rss/tin-tuc.xml"
	wardFeed     = "https://lehongphong.example.gov.vn/rss.aspx"
	deptFeed     = "https://sogd.example.gov.vn/Rss.aspx?catid=1&rec=50"
)

// testConfig is a province three levels deep (province, city, ward) with
// a department whose name needs escaping in every format.
func testConfig(base string) *bantin.Config {
	return &bantin.Config{
		Title:    "Tin tức tỉnh Hà Nam",
		Location: ict,
		BaseURL:  base,
		Units: []bantin.Unit{
			{ID: "ha-nam", Name: "Tỉnh Hà Nam", Sources: []bantin.Source{{URL: provinceFeed, Unit: "ha-nam"}}},
			{ID: "phu-ly", Name: "Thành phố Phủ Lý", Parent: "ha-nam", Sources: []bantin.Source{{URL: cityFeed, Unit: "phu-ly"}}},
			{ID: "le-hong-phong", Name: "Phường Lê Hồng Phong", Parent: "phu-ly", Sources: []bantin.Source{{URL: wardFeed, Unit: "le-hong-phong"}}},
			{ID: "so-gd", Name: `Sở Giáo dục & Đào tạo <Hà Nam> "chất lượng cao"`, Parent: "ha-nam", Sources: []bantin.Source{{URL: deptFeed, Unit: "so-gd"}}},
		},
	}
}

// article is one article as the portals published it: its copies are in
// the order they were fetched, the first publisher first.
type article struct {
	name                    string // what the portal did
	title, summary, content string
	published               time.Time
	copies                  []copyAt
}

type copyAt struct{ source, unit, link string }

// longText is a paragraph long enough to cross any buffer a parser reads
// text in.
var longText = strings.Repeat("Thực hiện Nghị quyết số 15/NQ-HĐND ngày 10/12/2020 của Hội đồng nhân dân tỉnh về kế hoạch đầu tư công trung hạn, ", 40)

// Articles the known deviations name.
const (
	sharedArticle = "ward article copied by its city, old-style tone marks"
	entityArticle = "entity text and a closing tag spelled out in a title"
)

// articles are the nastiest things Vietnamese government portals put in a
// title, summary or body, each as one article.
var articles = []article{
	{
		name:      sharedArticle,
		title:     "Thành uỷ Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020",
		summary:   "Sáng 21/12, Thành uỷ Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020.",
		content:   "<p>Sáng 21/12, Thành uỷ Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020.</p>\n\t<p>Đồng chí Bí thư Thành uỷ chủ trì hội nghị.</p>",
		published: time.Date(2020, 12, 21, 8, 30, 0, 0, ict),
		copies: []copyAt{
			{wardFeed, "le-hong-phong", "https://lehongphong.example.gov.vn/tin/hoi-nghi-tong-ket.html"},
			{cityFeed, "phu-ly", "https://phuly.example.gov.vn/tin-tuc/hoi-nghi-tong-ket-123.html"},
		},
	},
	{
		name:      "new-style tone marks beside old ones in one title",
		title:     "Ủy ban nhân dân tỉnh hoà giải tranh chấp thuỷ lợi, quy hoạch khu đô thị mới",
		summary:   "UBND tỉnh chỉ đạo hòa giải tranh chấp thủy lợi và hoà giải tại cơ sở.",
		content:   "<p>UBND tỉnh chỉ đạo hòa giải tranh chấp thủy lợi và hoà giải tại cơ sở.</p>",
		published: time.Date(2020, 12, 20, 1, 0, 0, 0, time.UTC),
		copies:    []copyAt{{provinceFeed, "ha-nam", "https://hanam.example.gov.vn/tin-tuc/hoa-giai-thuy-loi.html"}},
	},
	{
		name:      "markup characters and both quotes in a title",
		title:     `Giá điện < 2.000 đồng/kWh & "hội nghị" 'tổng kết' > dự kiến`,
		summary:   `Giá điện < 2.000 đồng & "bậc thang" > 5 bậc.`,
		content:   `<p>Giá điện &lt; 2.000 đồng &amp; &#34;bậc thang&#34; &gt; 5 bậc.</p><p><img src="https://phuly.example.gov.vn/anh.jpg" alt="Biểu giá &#34;mới&#34; &amp; cũ"></p>`,
		published: time.Date(2020, 12, 19, 14, 5, 9, 0, ict),
		copies:    []copyAt{{cityFeed, "phu-ly", "https://phuly.example.gov.vn/tin-tuc/gia-dien.html?id=12&cat=3"}},
	},
	{
		name:      "CDATA terminator in title, summary and body",
		title:     "Hướng dẫn nộp hồ sơ: chuỗi ]]> và <![CDATA[ không được dùng",
		summary:   "Chuỗi ]]> kết thúc một khối CDATA.",
		content:   "<p>Chuỗi ]]> kết thúc một khối CDATA; <code>&lt;![CDATA[</code> mở nó.</p>",
		published: time.Date(2020, 12, 18, 9, 0, 0, 0, ict),
		copies:    []copyAt{{deptFeed, "so-gd", "https://sogd.example.gov.vn/tin/huong-dan-ho-so.html"}},
	},
	{
		name:      "emoji, a flag and a ZWJ family in a title",
		title:     "🎉 Chúc mừng năm mới 2021 🇻🇳 gia đình 👨‍👩‍👧 sum vầy",
		summary:   "Lời chúc 🎆 của Ban Giám đốc Sở.",
		content:   "<p>Lời chúc 🎆 của Ban Giám đốc Sở.</p>",
		published: time.Date(2020, 12, 31, 23, 59, 59, 0, ict),
		copies:    []copyAt{{deptFeed, "so-gd", "https://sogd.example.gov.vn/tin/chuc-mung-nam-moi.html"}},
	},
	{
		name:      "no-break spaces between words, as Word pastes them",
		title:     "TP.\u00a0Phủ Lý ra quân\u00a0dọn vệ sinh môi trường",
		summary:   "Ngày\u00a020/12, hơn 500 đoàn viên tham gia.",
		content:   "<p>Ngày&nbsp;20/12, hơn 500 đoàn viên tham gia.</p>",
		published: time.Date(2020, 12, 20, 7, 0, 0, 0, ict),
		copies:    []copyAt{{cityFeed, "phu-ly", "https://phuly.example.gov.vn/tin-tuc/ra-quan.html"}},
	},
	{
		name:      entityArticle,
		title:     `Ký hiệu &amp; và &lt;b&gt; trong văn bản </title> C:\tin\ mới`,
		summary:   "Văn bản viết &amp; thay cho &.",
		content:   "<p>Văn bản viết &amp;amp; thay cho &amp;.</p>",
		published: time.Date(2020, 12, 17, 16, 45, 0, 0, ict),
		copies:    []copyAt{{wardFeed, "le-hong-phong", "https://lehongphong.example.gov.vn/tin/ky-hieu.html"}},
	},
	{
		name:      "a very long title and body",
		title:     strings.TrimSpace(strings.Repeat("Kế hoạch triển khai thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX ", 6)),
		summary:   strings.TrimSpace(longText),
		content:   strings.Repeat("<p>"+strings.TrimSpace(longText)+"</p>", 30),
		published: time.Date(2020, 12, 16, 10, 0, 0, 0, ict),
		copies:    []copyAt{{provinceFeed, "ha-nam", "https://hanam.example.gov.vn/tin-tuc/ke-hoach-trien-khai.html"}},
	},
}

// sameFingerprint merges two copies whose fingerprints are equal: the
// fixture marks the copies of one article that way, as package dedup would
// by their text.
type sameFingerprint struct{}

func (sameFingerprint) SameStory(a, b []byte) bool { return bytes.Equal(a, b) }

// fetches turns articles into one fetch per source, in the order the
// sources are first named, so the first publisher of each story is
// fetched first.
func fetches() []*bantin.Fetch {
	var order []string
	bySource := map[string]*bantin.Fetch{}
	for _, a := range articles {
		for _, c := range a.copies {
			f, ok := bySource[c.source]
			if !ok {
				f = &bantin.Fetch{Source: c.source, Started: now, Duration: time.Second, Status: http.StatusOK}
				bySource[c.source] = f
				order = append(order, c.source)
			}
			f.Items = append(f.Items, a.item(c))
		}
	}
	out := make([]*bantin.Fetch, len(order))
	for i, src := range order {
		out[i] = bySource[src]
	}
	return out
}

func (a article) item(c copyAt) bantin.Item {
	it := bantin.Item{
		Source:        c.source,
		Unit:          c.unit,
		GUID:          c.link,
		Link:          c.link,
		CanonicalLink: c.link,
		Title:         a.title,
		Summary:       a.summary,
		Content:       a.content,
		Author:        "Phòng Văn hoá & Thông tin",
		Published:     a.published,
	}
	if len(a.copies) > 1 {
		h := fnv.New64a()
		h.Write([]byte(a.name))
		it.Fingerprint = []byte(a.name)
		it.Bands = []uint64{h.Sum64()}
	}
	return it
}

// fixture is what the tests parse: documents downloaded from a real
// server over a real store, and what the store holds.
type fixture struct {
	cfg     *bantin.Config
	tree    *bantin.Tree
	dir     string                  // downloaded documents, named like their paths
	stories map[string]bantin.Story // by story id
	docs    []document
}

// document is one downloaded feed and the stories it must list, in order.
type document struct {
	path  string // URL path, e.g. /feeds/all.rss
	file  string
	kind  string // rss, atom, json or opml
	title string
	want  []bantin.Story
}

// newFixture stores the articles, serves them and downloads every
// document the tests read.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	clock := func() time.Time { return now }
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "bantin.db"), Clock: clock, Matcher: sameFingerprint{}})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	// The base URL is fixed so the documents (and failures) read the same
	// on every run; the server is reached at its own address regardless.
	cfg := testConfig("http://bantin.test")
	if err := st.SyncConfig(ctx, cfg); err != nil {
		t.Fatalf("sync config: %v", err)
	}
	for _, f := range fetches() {
		if _, err := st.RecordFetch(ctx, f); err != nil {
			t.Fatalf("record fetch of %s: %v", f.Source, err)
		}
	}
	srv := httptest.NewServer(publish.NewServer(cfg, publish.Options{Store: st, Clock: clock}).Handler())
	t.Cleanup(srv.Close)

	fx := &fixture{cfg: cfg, tree: bantin.NewTree(cfg), dir: t.TempDir(), stories: map[string]bantin.Story{}}
	all, err := st.Stories(ctx, fx.tree.Subtree(bantin.AllUnits), publish.MaxLimit)
	if err != nil {
		t.Fatalf("read back stories: %v", err)
	}
	checkStored(t, all)
	for _, s := range all {
		fx.stories[s.ID] = s
	}
	for _, d := range []struct{ unit, title string }{{bantin.AllUnits, cfg.Title}, {"phu-ly", "Thành phố Phủ Lý"}} {
		want := publishedBy(all, fx.tree.Subtree(d.unit))
		for _, kind := range []string{"rss", "atom", "json"} {
			fx.docs = append(fx.docs, document{path: "/feeds/" + d.unit + "." + kind, kind: kind, title: d.title, want: want})
		}
	}
	fx.docs = append(fx.docs, document{path: "/opml", kind: "opml", title: cfg.Title})
	for i := range fx.docs {
		d := &fx.docs[i]
		d.file = filepath.Join(fx.dir, strings.TrimPrefix(strings.ReplaceAll(d.path, "/", "_"), "_"))
		if err := download(ctx, srv.Client(), srv.URL+d.path, d.file); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

// checkStored makes sure the store gave back one story per article with
// the title of one of its copies, so that the parsers are compared with
// what the portals published and not with a store defect.
func checkStored(t *testing.T, stories []bantin.Story) {
	t.Helper()
	if len(stories) != len(articles) {
		t.Fatalf("store holds %d stories, want one per article (%d)", len(stories), len(articles))
	}
	for _, a := range articles {
		i := slices.IndexFunc(stories, func(s bantin.Story) bool { return s.Link == a.copies[0].link })
		if i < 0 {
			t.Fatalf("%s: no stored story links to %s", a.name, a.copies[0].link)
		}
		s := stories[i]
		if s.Title != a.title {
			t.Errorf("%s: stored title %q, want %q", a.name, s.Title, a.title)
		}
		if len(s.Units) != len(a.copies) || len(s.Links) != len(a.copies) {
			t.Errorf("%s: stored units %q links %q, want one per copy (%d)", a.name, s.Units, s.Links, len(a.copies))
		}
	}
}

// publishedBy keeps the stories any of units published, in the store's
// order (newest first).
func publishedBy(stories []bantin.Story, units []string) []bantin.Story {
	var out []bantin.Story
	for _, s := range stories {
		if slices.ContainsFunc(s.Units, func(u string) bool { return slices.Contains(units, u) }) {
			out = append(out, s)
		}
	}
	return out
}

func download(ctx context.Context, client *http.Client, url, file string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("download %s: status %d: %.200s", url, resp.StatusCode, body)
	}
	if err := os.WriteFile(file, body, 0o644); err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	return nil
}

// unitNames are the names of the units that published s, the categories
// every format must carry.
func (fx *fixture) unitNames(s bantin.Story) []string {
	out := make([]string, len(s.Units))
	for i, u := range s.Units {
		out[i] = fx.tree.Unit(u).Name
	}
	return out
}

// articleOf names the article a stored story came from, for the known
// deviations; "" if none (which checkStored rules out).
func articleOf(s bantin.Story) string {
	for _, a := range articles {
		if a.copies[0].link == s.Link {
			return a.name
		}
	}
	return ""
}
