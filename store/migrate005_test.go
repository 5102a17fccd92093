package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"bantin"
)

// oldStory is a story as the store wrote it before migration 005: band
// keys in story_bands and stories.bands, the search text in
// stories.search (indexed by the triggers), the text copied into stories.
type oldStory struct {
	id          int64
	src, guid   string
	title, text string
	fp          string
	keys        []uint64
}

// writeSchema4 creates, at path, a database at migration 004 holding
// stories.
func writeSchema4(t *testing.T, path string, at time.Time, stories []oldStory) {
	t.Helper()
	db, exec := databaseAt(t, path, 4)
	defer db.Close()
	exec(`INSERT INTO units (id, name) VALUES ('phu-ly', 'Phủ Lý'), ('phu-van', 'Phù Vân'), ('ha-nam', 'Hà Nam')`)
	exec(`INSERT INTO sources (id, url, unit_id) VALUES (1, ?, 'phu-ly'), (2, ?, 'phu-van')`, srcCity, srcWard)
	for _, st := range stories {
		src, unit := int64(1), "phu-ly"
		if st.src == srcWard {
			src, unit = 2, "phu-van"
		}
		link := fmt.Sprintf("https://phuly.example.gov.vn/tin/%d", st.id)
		content := "<p>" + st.text + "</p>"
		exec(`INSERT INTO stories (id, uid, title, link, summary, content, author, published, updated, bands, search)
			VALUES (?, ?, ?, ?, '', ?, '', ?, ?, ?, ?)`, st.id, fmt.Sprint("urn:old:", st.id), st.title, link, content,
			toDB(at), toDB(at), encodeBands(st.keys), searchText(st.title, "", st.text))
		exec(`INSERT INTO items (story_id, source_id, unit_id, guid, link, canonical_link, title, summary, content,
			author, published, rank, source_updated, first_seen, changed_at, fingerprint)
			VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, '', ?, ?, 0, ?, ?, ?)`, st.id, src, unit, st.guid, link, link,
			st.title, content, toDB(at), toDB(at), toDB(at), toDB(at), []byte(st.fp))
		exec(`INSERT INTO story_units (unit_id, story_id, published) VALUES (?, ?, ?)`, unit, st.id, toDB(at))
		exec(`INSERT INTO story_fingerprints (story_id, fingerprint) VALUES (?, ?)`, st.id, []byte(st.fp))
		for _, k := range st.keys {
			exec(`INSERT INTO story_bands (band, story_id) VALUES (?, ?)`, int64(k), st.id)
		}
	}
}

// A database written before migration 005 opens with its stories as they
// were: their text, their search index, their band keys (copied beside
// their fingerprints and indexed in memory, so a re-post of one is found)
// and their units.
func TestMigration005KeepsStories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bantin.db")
	c := newClock()
	at := c.Now().Add(-time.Hour)
	writeSchema4(t, path, at, []oldStory{
		{id: 1, src: srcCity, guid: "a", title: "Hội nghị dân vận", text: "Tổng kết công tác dân vận", fp: "sig-a", keys: []uint64{1, 1<<63 | 2}},
		{id: 2, src: srcWard, guid: "b", title: "Lịch tiếp dân", text: "Lịch tiếp công dân tháng 3", fp: "sig-b", keys: []uint64{3}},
	})
	s := openAt(t, path, c, &equalBytes{})
	if n := count(t, s, "SELECT COUNT(*) FROM story_fingerprints WHERE bands IS NULL"); n != 0 {
		t.Errorf("%d stories' band keys not copied", n)
	}
	got := stories(t, s, allUnits, 10)
	if len(got) != 2 || got[1].Content != "<p>Tổng kết công tác dân vận</p>" || got[1].Units[0] != "phu-ly" {
		t.Fatalf("stories after migration: %+v", got)
	}
	if _, total := searchTitles(t, s, "tong ket", nil); total != 1 {
		t.Errorf("search for an old story's text: %d found, want 1", total)
	}
	repost := printed(srcWard, "w1", "https://phuvan.example.gov.vn/1", "Phường: Hội nghị dân vận", "sig-a", 1<<63|2)
	if st := record(t, s, c, srcWard, repost); st.Duplicate != 1 {
		t.Errorf("re-post of an old story: %+v, want a duplicate", st)
	}
	record(t, s, c, srcCity, printed(srcCity, "c", "https://phuly.example.gov.vn/c", "Tin mới", "sig-c", 9))
	if got := stories(t, s, []string{"phu-van"}, 10); len(got) != 2 {
		t.Errorf("ward's stories: %d, want its own and the one it re-posted", len(got))
	}
	if _, total := searchTitles(t, s, "tin moi", nil); total != 1 {
		t.Errorf("search for a new story: %d found, want 1", total)
	}
	// Reopened, the index is built from story_fingerprints alone.
	s.Close()
	s = openAt(t, path, c, &equalBytes{})
	again := printed(srcProvince, "p", "https://hanam.example.gov.vn/p", "Lịch tiếp dân", "sig-b", 3)
	if st, err := s.RecordFetch(context.Background(), &bantin.Fetch{Source: srcProvince, Started: c.Now(), Status: 200,
		Items: []bantin.Item{again}}); err != nil || st.Duplicate != 1 {
		t.Errorf("re-post after reopening: %+v, %v; want a duplicate", st, err)
	}
}
