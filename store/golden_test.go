package store

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bantin"
	"bantin/vntext"
)

var updateIngestGolden = flag.Bool("update-ingest-golden", false, "rewrite testdata/ingest_golden.json")

// goldenArticles are what the portals of goldenFetches write about.
var goldenArticles = []string{
	"Hội nghị tổng kết công tác dân vận năm 2023",
	"Tiếp công dân định kỳ tháng 3",
	"Phòng, chống lụt bão và giảm nhẹ thiên tai",
	"Lịch công tác tuần của Ủy ban nhân dân",
	"Đại hội Đoàn thanh niên nhiệm kỳ 2024 - 2029",
	"Thủy lợi nội đồng: nạo vét kênh mương",
	"Thông báo tuyển dụng viên chức",
	"Trao quà cho hộ nghèo nhân dịp Tết",
	"Kiểm tra an toàn vệ sinh thực phẩm",
	"Tiêm chủng mở rộng cho trẻ em",
	"Giám sát chính sách đối với người có công",
	"Ra quân bảo đảm trật tự an toàn giao thông",
}

// goldenFetches is a month of batches across the test province, drawn
// at random from a fixed seed: portals publish, re-post one another's
// articles under the same link or their own (with the same fingerprint),
// edit them (a new fingerprint), mint new guids, serve the same feed
// again, give no date or only the day, fail, and name a source nobody
// configured. Articles share band keys in families, as template stories
// do, and some have no fingerprint.
func goldenFetches(start time.Time) [][]*bantin.Fetch {
	r := rand.New(rand.NewPCG(6, 5))
	sources := []string{srcProvince, srcCity, srcCity2, srcWard}
	type article struct {
		title, sig string
		bands      []uint64
		at         time.Time
		owner      string
		edits      int
	}
	var arts []*article
	for i := range 100 {
		a := &article{title: fmt.Sprintf("%s (%d)", goldenArticles[i%len(goldenArticles)], i),
			at: start.Add(time.Duration(i) * 37 * time.Minute), owner: sources[i%len(sources)]}
		if i%9 != 4 {
			a.sig = fmt.Sprint("sig-", i)
			a.bands = []uint64{uint64(i%7 + 1), uint64(i%5 + 100), uint64(i + 1000), 1<<63 | uint64(i%3)}
		}
		arts = append(arts, a)
	}
	label := map[string]string{srcProvince: "Tỉnh", srcCity: "Thành phố", srcCity2: "Thành phố", srcWard: "Phường",
		"https://la.example.gov.vn/rss": "Lạ"}
	linkOf := func(src string, a *article) string {
		u, _ := url.Parse(src)
		return fmt.Sprintf("https://%s/tin/%s", u.Host, vntext.Slug(a.title))
	}
	var batches [][]*bantin.Fetch
	for day := range 80 {
		at := start.Add(time.Duration(day) * 6 * time.Hour)
		var batch []*bantin.Fetch
		for range 1 + r.IntN(4) {
			src := sources[r.IntN(len(sources))]
			f := &bantin.Fetch{Source: src, Started: at, Status: 200, NextFetchAt: at.Add(15 * time.Minute)}
			switch r.IntN(12) {
			case 0:
				f.Status, f.NotModified = 304, true
				batch = append(batch, f)
				continue
			case 1:
				f.Status, f.Error, f.ErrorKind = 503, "HTTP 503", bantin.ErrHTTP
				batch = append(batch, f)
				continue
			case 2:
				f.Source = "https://la.example.gov.vn/rss"
			}
			for range 1 + r.IntN(6) {
				a := arts[r.IntN(min(len(arts), 8+day*2))]
				it := bantin.Item{Source: f.Source, Title: a.title, Summary: "Tóm tắt: " + a.title,
					Content: "<p>" + a.title + ". Nội dung chi tiết của bài viết.</p>", Published: a.at,
					Fingerprint: []byte(a.sig), Bands: a.bands}
				if a.sig != "" && a.edits > 0 {
					it.Fingerprint = []byte(fmt.Sprintf("%s-v%d", a.sig, a.edits))
					it.Bands = append([]uint64{uint64(2000 + a.edits)}, a.bands[1:]...)
					it.Title = fmt.Sprintf("%s (cập nhật %d)", a.title, a.edits)
				}
				switch {
				case src == a.owner || r.IntN(3) == 0:
					it.Link = linkOf(a.owner, a)
				default:
					it.Link = linkOf(src, a)
					it.Title = label[f.Source] + ": " + it.Title
				}
				it.CanonicalLink = it.Link
				it.GUID = it.Link
				switch r.IntN(10) {
				case 0:
					it.GUID = fmt.Sprint("churn-", r.IntN(1000))
				case 1:
					it.Link += "?utm_source=" + fmt.Sprint(r.IntN(100))
				case 2:
					it.Published = time.Time{}
				case 3:
					it.Published = time.Date(a.at.Year(), a.at.Month(), a.at.Day(), 0, 0, 0, 0, time.UTC)
					it.DateOnly = true
				case 4:
					if src == a.owner {
						a.edits++
					}
				case 5:
					it.Published = a.at.Add(-time.Duration(r.IntN(5)) * time.Hour)
				}
				f.Items = append(f.Items, it)
			}
			batch = append(batch, f)
		}
		batches = append(batches, batch)
	}
	return batches
}

// ingestGolden is what readers and staff see after goldenFetches.
type ingestGolden struct {
	Batches  []goldenBatch
	Stories  []bantin.Story
	Items    map[string][]bantin.UnitItem
	Searches map[string]int
	States   []bantin.SourceState
}

type goldenBatch struct {
	Stats []bantin.IngestStats
	Error string `json:",omitempty"`
}

// TestIngestGolden records goldenFetches and compares everything readers
// see with testdata/ingest_golden.json, written by the store before its
// band index moved to memory (and the other changes of issue 6's speed
// round): dedup, story texts and dates, units, links, search and counts
// must come out the same.
func TestIngestGolden(t *testing.T) {
	c := newClock()
	s := openTest(t, c, &equalBytes{})
	ctx := context.Background()
	var got ingestGolden
	for _, fs := range goldenFetches(c.Now()) {
		st, err := s.RecordFetches(ctx, fs)
		g := goldenBatch{Stats: st}
		if err != nil {
			g.Error = err.Error()
		}
		got.Batches = append(got.Batches, g)
		c.Advance(6 * time.Hour)
	}
	var err error
	if got.Stories, err = s.Stories(ctx, allUnits, 1000); err != nil {
		t.Fatal(err)
	}
	got.Items = make(map[string][]bantin.UnitItem)
	for _, u := range allUnits {
		if got.Items[u], err = s.UnitItems(ctx, u, 1000); err != nil {
			t.Fatal(err)
		}
	}
	got.Searches = make(map[string]int)
	for _, q := range []string{"hoi nghi", "dan van", "cap nhat", "phuong", "thuy loi", "noi dung chi tiet"} {
		if _, got.Searches[q], err = s.Search(ctx, q, nil, 1, 0); err != nil {
			t.Fatal(err)
		}
	}
	if got.States, err = s.SourceStates(ctx); err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(got, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "ingest_golden.json")
	if *updateIngestGolden {
		if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	gotLines, wantLines := strings.Split(strings.TrimSpace(string(out)), "\n"), strings.Split(strings.TrimSpace(string(want)), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		g, w := "(end)", "(end)"
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Fatalf("what readers see differs from %s at line %d:\ngot  %s\nwant %s", path, i+1, g, w)
		}
	}
}
