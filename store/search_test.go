package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bantin"
	"bantin/vntext"
)

// searchFixture stores what ward and city portals publish: a "dân vận"
// conference written with both tone placements, stories that have "dân"
// and "vận" apart, and a story whose text is only in its content.
func searchFixture(t *testing.T) (*Store, *clock) {
	t.Helper()
	c := newClock()
	s := openTest(t, c, nil)
	at := func(h int) time.Time { return c.Now().Add(-time.Duration(h) * time.Hour) }
	record(t, s, c, srcWard,
		item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Hội nghị tổng kết công tác dân vận năm 2020", at(5)),
		item(srcWard, "2", "https://phuvan.example.gov.vn/2", "Nhân dân phường vận động quỹ vì người nghèo", at(4)),
		item(srcWard, "3", "https://phuvan.example.gov.vn/3", "Thuỷ lợi nội đồng: nạo vét kênh mương", at(3)),
	)
	record(t, s, c, srcCity,
		item(srcCity, "4", "https://phuly.example.gov.vn/4", "Thủy lợi: kế hoạch phòng chống thiên tai", at(2)),
		item(srcCity, "5", "https://phuly.example.gov.vn/5", "Đại hội Đoàn thanh niên", at(1)),
	)
	withBody := item(srcProvince, "6", "https://hanam.example.gov.vn/6", "Thông báo của Ủy ban", at(6))
	withBody.Summary = ""
	withBody.Content = "<p>Ban <strong>Dân vận</strong> Tỉnh uỷ hướng dẫn&nbsp;triển khai.</p>"
	record(t, s, c, srcProvince, withBody)
	return s, c
}

func searchTitles(t *testing.T, s *Store, q string, units []string) ([]string, int) {
	t.Helper()
	got, total, err := s.Search(context.Background(), q, units, 50, 0)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return titles(got), total
}

func TestSearch(t *testing.T) {
	s, _ := searchFixture(t)
	const (
		danVan   = "Hội nghị tổng kết công tác dân vận năm 2020"
		body     = "Thông báo của Ủy ban"
		thuyOld  = "Thuỷ lợi nội đồng: nạo vét kênh mương"
		thuyNew  = "Thủy lợi: kế hoạch phòng chống thiên tai"
		nhanDan  = "Nhân dân phường vận động quỹ vì người nghèo"
		doanThan = "Đại hội Đoàn thanh niên"
	)
	tests := []struct {
		name, q string
		want    []string
	}{
		{"staff type without diacritics", "dan van", []string{danVan, body}},
		{"with diacritics", "dân vận", []string{danVan, body}},
		{"capitals and decomposed marks", "DA\u0302N VA\u0323\u0302N", []string{danVan, body}},
		{"words apart are not the phrase", "dan van dong", nil},
		{"old tone placement finds both", "thuỷ", []string{thuyNew, thuyOld}},
		{"new tone placement finds both", "thủy", []string{thuyNew, thuyOld}},
		{"no marks finds both", "thuy", []string{thuyNew, thuyOld}},
		{"đ typed as d", "doan thanh nien", []string{doanThan}},
		{"comma separates phrases", "nhan dan, van dong", []string{nhanDan}},
		{"quotes separate phrases", `"dan" "quy"`, []string{nhanDan}},
		{"both phrases must appear", "thuy loi, thien tai", []string{thuyNew}},
		{"text only in the content", "tinh uy huong dan", []string{body}},
		{"FTS syntax is text", `dan* OR NEAR(van) title:x ^hoi -nghi`, nil},
		{"only punctuation", `"*()-:^`, nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := searchTitles(t, s, tt.q, nil)
			if !slices.Equal(got, tt.want) || total != len(tt.want) {
				t.Errorf("Search(%q) = %q (total %d), want %q", tt.q, got, total, tt.want)
			}
		})
	}
}

func TestSearchFiltersByUnit(t *testing.T) {
	s, _ := searchFixture(t)
	if got, _ := searchTitles(t, s, "thuy loi", []string{"phu-van"}); !slices.Equal(got, []string{"Thuỷ lợi nội đồng: nạo vét kênh mương"}) {
		t.Errorf("ward's thuy loi = %q", got)
	}
	if got, _ := searchTitles(t, s, "thuy loi", []string{"phu-ly", "phu-van"}); len(got) != 2 {
		t.Errorf("city and ward's thuy loi = %q, want 2", got)
	}
	if got, _ := searchTitles(t, s, "dan van", []string{"phu-ly"}); len(got) != 0 {
		t.Errorf("city has no dân vận story, got %q", got)
	}
}

func TestSearchPagesNewestFirst(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	var items []bantin.Item
	for i := range 7 {
		items = append(items, item(srcCity, fmt.Sprint(i), fmt.Sprintf("https://phuly.example.gov.vn/%d", i),
			fmt.Sprintf("Lịch tiếp công dân tuần %d", i), c.Now().Add(time.Duration(i-10)*time.Hour)))
	}
	record(t, s, c, srcCity, items...)
	ctx := context.Background()
	var seen []string
	for offset := 0; offset < 9; offset += 3 {
		page, total, err := s.Search(ctx, "lich tiep cong dan", nil, 3, offset)
		if err != nil {
			t.Fatal(err)
		}
		if total != 7 {
			t.Errorf("total = %d, want 7", total)
		}
		seen = append(seen, titles(page)...)
	}
	want := []string{"Lịch tiếp công dân tuần 6", "Lịch tiếp công dân tuần 5", "Lịch tiếp công dân tuần 4",
		"Lịch tiếp công dân tuần 3", "Lịch tiếp công dân tuần 2", "Lịch tiếp công dân tuần 1", "Lịch tiếp công dân tuần 0"}
	if !slices.Equal(seen, want) {
		t.Errorf("pages = %q, want %q", seen, want)
	}
}

// An edit of the primary copy is searched by its new words only, whether
// the indexer had reached the story before the edit or not.
func TestSearchFollowsEdits(t *testing.T) {
	for _, indexedFirst := range []bool{false, true} {
		t.Run(fmt.Sprint("indexed first: ", indexedFirst), func(t *testing.T) {
			c := newClock()
			s := openTest(t, c, nil)
			it := item(srcCity, "1", "https://phuly.example.gov.vn/1", "Hội nghị giao ban quý I", c.Now().Add(-time.Hour))
			record(t, s, c, srcCity, it)
			if indexedFirst {
				if n, err := s.IndexSearch(context.Background()); err != nil || n != 1 {
					t.Fatalf("IndexSearch = %d, %v; want 1 story", n, err)
				}
			}
			c.Advance(time.Hour)
			it.Title, it.Summary, it.Content = "Hội nghị sơ kết quý I", "", "<p>Hội nghị sơ kết quý I</p>"
			record(t, s, c, srcCity, it)
			if got, _ := searchTitles(t, s, "giao ban", nil); len(got) != 0 {
				t.Errorf("old title still found: %q", got)
			}
			if got, _ := searchTitles(t, s, "so ket", nil); !slices.Equal(got, []string{"Hội nghị sơ kết quý I"}) {
				t.Errorf("new title not found: %q", got)
			}
			if n := count(t, s, "SELECT COUNT(*) FROM story_search WHERE story_search MATCH 'hoi'"); n != 1 {
				t.Errorf("index holds %d rows for one story", n)
			}
		})
	}
}

// The indexer leaves the writer to fetches while they keep coming: it
// starts only once none has been prepared for IndexIdle.
func TestIndexerWaitsForIdleWriter(t *testing.T) {
	c := newClock()
	s := openWith(t, Options{Clock: c.Now, IndexIdle: time.Second})
	record(t, s, c, srcCity, item(srcCity, "1", "https://phuly.example.gov.vn/1", "Hội nghị giao ban", c.Now()))
	for range 100 { // two seconds of a pass still preparing batches
		s.PrepareFetches(context.Background(), nil)
		time.Sleep(20 * time.Millisecond)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM stories WHERE search IS NULL"); n != 1 {
		t.Fatalf("indexed while fetches were coming: %d stories wait, want 1", n)
	}
	waitFor(t, func() bool { return count(t, s, "SELECT COUNT(*) FROM stories WHERE search IS NULL") == 0 })
}

// Once the writer is idle, the page caches go back to the system: the
// writer's and those of the reader connections kept idle, which stay
// open.
func TestIdleStoreReleasesMemory(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	var wg sync.WaitGroup
	for range 20 { // reads on several connections at once leave some idle
		wg.Go(func() {
			if _, err := s.Stories(context.Background(), []string{"phu-ly"}, 50); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	waitFor(t, func() bool { return s.indexer.releases.Load() > 0 }) // Open's own look for stories to index
	before, idle := s.indexer.releases.Load(), s.db.Stats().Idle
	record(t, s, c, srcCity, item(srcCity, "1", "https://phuly.example.gov.vn/1", "Hội nghị giao ban", c.Now()))
	waitFor(t, func() bool { return s.indexer.releases.Load() > before })
	if st := s.db.Stats(); st.MaxIdleClosed != 0 || st.Idle < idle {
		t.Errorf("idle connections closed: %+v, %d idle before", st, idle)
	}
}

// A search in the middle of a pass indexes one batch of the waiting
// stories, the oldest, and answers: the pass keeps its writer.
func TestSearchDuringPassIndexesOneBatch(t *testing.T) {
	c := newClock()
	s := openWith(t, Options{Clock: c.Now, IndexIdle: time.Hour})
	var items []bantin.Item
	for i := range indexBatch + 10 {
		items = append(items, item(srcCity, fmt.Sprint(i), fmt.Sprint("https://phuly.example.gov.vn/", i),
			fmt.Sprint("Hội nghị giao ban số ", i), c.Now().Add(time.Duration(i)*time.Minute)))
	}
	record(t, s, c, srcCity, items...)
	if _, total := searchTitles(t, s, "giao ban", nil); total != indexBatch {
		t.Errorf("found %d stories, want the %d of one batch", total, indexBatch)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM stories WHERE search IS NULL"); n != 10 {
		t.Errorf("%d stories wait, want 10", n)
	}
}

// Stored stories are indexed in the background once no fetch is being
// recorded, without a search asking for it.
func TestIndexerIndexesWhenIdle(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	record(t, s, c, srcCity, item(srcCity, "1", "https://phuly.example.gov.vn/1", "Hội nghị giao ban", c.Now()))
	waitFor(t, func() bool { return count(t, s, "SELECT COUNT(*) FROM stories WHERE search IS NULL") == 0 })
	if n := count(t, s, "SELECT COUNT(*) FROM story_search WHERE story_search MATCH 'giao'"); n != 1 {
		t.Errorf("index holds %d rows, want 1", n)
	}
}

// A database written before search existed is indexed after Open, in
// batches, and found like new stories.
func TestSearchBackfillsOldDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bantin.db")
	db, exec := databaseAt(t, path, 1)
	exec(`INSERT INTO units (id, name) VALUES ('phu-ly', 'Thành phố Phủ Lý')`)
	exec(`INSERT INTO sources (url, unit_id) VALUES ('https://phuly.example.gov.vn/rss', 'phu-ly')`)
	const n = indexBatch + 7
	err := func() error {
		defer db.Close()
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		for i := range n {
			title := fmt.Sprintf("Tin số %d về công tác dân vận", i)
			if i%2 == 1 {
				title = fmt.Sprintf("Tin số %d về thủy lợi", i)
			}
			if _, err := tx.Exec(`INSERT INTO stories (uid, title, link, summary, content, author, published, updated)
				VALUES (?, ?, '', '', '<p>Nội dung</p>', '', ?, 0)`, fmt.Sprint("urn:", i), title, i+1); err != nil {
				return err
			}
		}
		return tx.Commit()
	}()
	if err != nil {
		t.Fatal(err)
	}
	c := newClock()
	s, err := Open(context.Background(), Options{Path: path, Clock: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitFor(t, func() bool { return count(t, s, "SELECT COUNT(*) FROM stories WHERE search IS NULL") == 0 })
	for q, want := range map[string]int{"dan van": (n + 1) / 2, "thuy loi": n / 2, "noi dung": n} {
		if _, total, err := s.Search(context.Background(), q, nil, 1, 0); err != nil || total != want {
			t.Errorf("Search(%q) total = %d, %v; want %d", q, total, err, want)
		}
	}
}

// waitFor polls cond until it holds, failing the test after ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10s")
		}
	}
}

func TestSearchQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"dân vận", `"dan van"`},
		{"Dân vận, Phủ Lý", `"dan van" AND "phu ly"`},
		{`a"b`, `"a" AND "b"`},
		{`NEAR(a b) OR c*`, `"near a b or c"`},
		{"  ,, ", ""},
		{strings.Repeat("x ", 100), `"` + strings.TrimSpace(strings.Repeat("x ", maxSearchWords)) + `"`},
		{strings.Repeat("x,", 100), strings.Repeat(`"x" AND `, maxSearchPhrases-1) + `"x"`},
	}
	for _, tt := range tests {
		if got := searchQuery(tt.in); got != tt.want {
			t.Errorf("searchQuery(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzSearch sends whatever someone may type: the search never fails and
// never finds a story whose stripped text lacks a searched word.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"dan van", `"NEAR(x`, "thuỷ*", "a:b OR c", "\x00\xff", "^-+", `""""`, "đ, ,đ"} {
		f.Add(q)
	}
	c := newClock()
	s := openTest(f, c, nil)
	record(f, s, c, srcCity, item(srcCity, "1", "https://phuly.example.gov.vn/1", "Dân vận khéo: Thủy lợi & \"NEAR\" x*", c.Now()))
	f.Fuzz(func(t *testing.T, q string) {
		got, total, err := s.Search(context.Background(), q, []string{"phu-ly"}, 5, 0)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if total != len(got) {
			t.Fatalf("Search(%q): total %d for %d stories", q, total, len(got))
		}
		searched := strings.Fields(strings.NewReplacer(`"`, " ", " AND ", " ").Replace(searchQuery(q)))
		for _, st := range got {
			words := vntext.Words(vntext.Strip(st.Title))
			for _, w := range searched {
				if !slices.Contains(words, w) {
					t.Fatalf("Search(%q) found %q, which lacks %q", q, st.Title, w)
				}
			}
		}
	})
}

// The index reads the readable text of the story's stored HTML through
// Options.PlainText (package clean's, which also makes Item.Text).
func TestSearchIndexesPlainText(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	stripTags := func(html string) string { // what clean.PlainText does, for this test's HTML
		return strings.NewReplacer("<b>", " ", "</b>", " ", "<p>", " ", "</p>", " ").Replace(html)
	}
	s, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: c.Now, PlainText: stripTags})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SyncConfig(ctx, testConfig()); err != nil {
		t.Fatal(err)
	}
	paragraphs := item(srcWard, "w1", "https://phuvan.example.gov.vn/1", "Tin một", c.Now())
	paragraphs.Content = "<p>Hội nghị</p><p>dân vận</p>"
	tagged := item(srcWard, "w2", "https://phuvan.example.gov.vn/2", "Tin hai", c.Now())
	tagged.Content = "<b>tiếp</b><b>công</b><b>dân</b>"
	record(t, s, c, srcWard, paragraphs, tagged)
	for q, want := range map[string]string{"dan van": "Tin một", "tiep cong dan": "Tin hai"} {
		got, n, err := s.Search(ctx, q, nil, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || len(got) != 1 || got[0].Title != want {
			t.Errorf("Search(%q) = %d stories %v, want %q", q, n, titles(got), want)
		}
	}
}

// searchSegments counts the segments of the search index (tombstone
// pages, numbered from 2^16 up, are not segments).
func searchSegments(t *testing.T, s *Store) int {
	t.Helper()
	return count(t, s, `SELECT COUNT(DISTINCT id >> 37) FROM story_search_data WHERE id >> 37 BETWEEN 1 AND 65535`)
}

// A batch's search terms go to disk once, at commit, as one segment: no
// statement of a batch may make FTS5 flush them early (one that may
// abort half way does, and so does a rowid lower than one written).
// The second batch edits stories of the first, older than the ones it
// adds.
func TestBatchWritesOneSearchSegment(t *testing.T) {
	c := newClock()
	s := openWith(t, Options{Clock: c.Now, Matcher: &equalBytes{}, IndexIdle: -1})
	for i, want := range []int{1, 2} {
		fs := batchScenario(c.Now())
		extra := item(srcWard, fmt.Sprint("new-", i), fmt.Sprint("https://phuvan.example.gov.vn/new/", i), "Tin mới", c.Now())
		fs = append(fs, &bantin.Fetch{Source: srcWard, Started: c.Now(), Status: 200, Items: []bantin.Item{extra}})
		if _, err := s.RecordFetches(context.Background(), fs); err != nil {
			if _, ok := errors.AsType[FetchErrors](err); !ok {
				t.Fatal(err)
			}
		}
		if i == 0 { // the first batch's stories wait for the indexer: one segment
			if _, err := s.IndexSearch(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if got := searchSegments(t, s); got != want {
			t.Errorf("after batch %d: %d segments, want %d", i+1, got, want)
		}
		c.Advance(time.Hour)
	}
	if _, total := searchTitles(t, s, "lich tiep cong dan", nil); total != 1 {
		t.Errorf("the edited story found %d times, want once", total)
	}
}
