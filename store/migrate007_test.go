package store

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeSchema6 creates, at path, a database at migration 006 holding two
// stories: one named after an address its article has since left, and
// one with an id of another form.
func writeSchema6(t *testing.T, path string, at int64, left string) {
	t.Helper()
	db, exec := databaseAt(t, path, 6)
	defer db.Close()
	exec(`INSERT INTO units (id, name) VALUES ('phu-ly', 'Phủ Lý'), ('phu-van', 'Phù Vân'), ('ha-nam', 'Hà Nam')`)
	exec(`INSERT INTO sources (id, url, unit_id) VALUES (1, ?, 'phu-ly'), (2, ?, 'phu-van')`, srcCity, srcWard)
	for id, uid := range map[int64]string{1: storyUIDOf(left, 1), 2: "urn:old:2"} {
		link := fmt.Sprintf("https://phuly.example.gov.vn/tin/%d", id)
		exec(`INSERT INTO stories (id, uid, title, link, summary, content, author, published, updated, search, text_item)
			VALUES (?, ?, ?, ?, 'tóm tắt', '', 'Văn phòng', ?, ?, '', ?)`, id, uid, fmt.Sprint("Tin ", id), link, at, at, id)
		exec(`INSERT INTO items (id, story_id, source_id, unit_id, guid, link, canonical_link, title, summary, content,
			author, published, rank, source_updated, first_seen, changed_at)
			VALUES (?, ?, 1, 'phu-ly', ?, ?, ?, ?, '', '<p>Nội dung</p>', '', ?, ?, 0, ?, ?)`,
			id, id, fmt.Sprint("g", id), link, link, fmt.Sprint("Tin ", id), at, at, at, at)
		exec(`INSERT INTO story_units (unit_id, story_id, published) VALUES ('phu-ly', ?, ?)`, id, at)
		exec(`INSERT INTO story_fingerprints (story_id, fingerprint, bands) VALUES (?, x'00', x'')`, id)
	}
}

// A database at migration 006 opens with its stories as they were and
// without the index on whole uids; a new article at the address an old
// story was first seen under (and has since left) still gets an id of its
// own, found through stories_uid.
func TestMigration007KeepsStories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bantin.db")
	c := newClock()
	left := "https://phuly.example.gov.vn/x"
	writeSchema6(t, path, toDB(c.Now().Add(-time.Hour)), left)
	const rows = `SELECT group_concat(concat_ws('|', id, uid, title, link, summary, content, author, published,
		updated, search, text_item), char(10)) FROM (SELECT * FROM stories ORDER BY id)`
	before := readString(t, path, rows)

	s := openAt(t, path, c, nil)
	if after := readString(t, path, rows); after != before {
		t.Errorf("stories after migration:\n%s\nwant:\n%s", after, before)
	}
	for _, idx := range []string{"stories_uid", "stories_unsearched", "stories_recent", "stories_search_delete"} {
		if n := count(t, s, "SELECT COUNT(*) FROM sqlite_schema WHERE name = ? AND tbl_name = 'stories'", idx); n != 1 {
			t.Errorf("%s on stories: %d, want 1", idx, n)
		}
	}
	if n := count(t, s, "SELECT COUNT(*) FROM sqlite_schema WHERE tbl_name = 'stories' AND name LIKE 'sqlite_autoindex%'"); n != 0 {
		t.Errorf("stories still has %d automatic indexes", n)
	}
	if on := foreignKeysOn(t, s); !on {
		t.Error("the writer's foreign keys are off after the migration")
	}

	record(t, s, c, srcWard, item(srcWard, "w", left, "Tin mới", c.Now()))
	got := stories(t, s, allUnits, 10)
	ids := map[string]bool{}
	for _, st := range got {
		ids[st.ID] = true
	}
	if len(got) != 3 || len(ids) != 3 || !ids[storyUIDOf(left, 2)] {
		t.Errorf("stories = %+v, want three with distinct ids, the new one %s", got, storyUIDOf(left, 2))
	}
}

// readString reads one string from the database at path on a connection
// of its own.
func readString(t *testing.T, path, q string) string {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out string
	if err := db.QueryRow(q).Scan(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// The writer's uid lookups go through stories_uid: a query that names
// another expression than the index's is a scan of every story.
func TestStoryUIDLookupsUseIndex(t *testing.T) {
	s := openTest(t, newClock(), nil)
	key := uidIndexKey(storyUIDOf("https://phuly.example.gov.vn/x", 1))
	for q, args := range map[string][]any{
		fmt.Sprintf(uidsStoredQuery, placeholders(2)): {key, key},
		uidTakenQuery: {key, "urn:bantin:x"},
	} {
		plan := queryPlan(t, s, q, args...)
		if !strings.Contains(plan, "USING INDEX stories_uid") {
			t.Errorf("%s: %s", q, plan)
		}
	}
}
