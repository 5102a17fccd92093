package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bantin"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2024, 3, 15, 9, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Sources of the test province: a province portal, a city and a ward.
const (
	srcProvince = "https://hanam.example.gov.vn/rss/tin-tuc.xml"
	srcCity     = "https://phuly.example.gov.vn/rss/tin-tuc.xml"
	srcCity2    = "https://phuly.example.gov.vn/rss/thong-bao.xml"
	srcWard     = "https://phuvan.phuly.example.gov.vn/rss.aspx"
)

func testConfig() *bantin.Config {
	return &bantin.Config{
		Path:     "feeds.yaml",
		Location: time.UTC,
		Units: []bantin.Unit{
			{ID: "ha-nam", Name: "Tỉnh Hà Nam", Sources: []bantin.Source{{URL: srcProvince, Unit: "ha-nam"}}},
			{ID: "phu-ly", Name: "Thành phố Phủ Lý", Parent: "ha-nam", Sources: []bantin.Source{
				{URL: srcCity, Unit: "phu-ly"}, {URL: srcCity2, Unit: "phu-ly"}}},
			{ID: "phu-van", Name: "Phường Phù Vân", Parent: "phu-ly", Sources: []bantin.Source{{URL: srcWard, Unit: "phu-van"}}},
		},
	}
}

var allUnits = []string{"ha-nam", "phu-ly", "phu-van"}

// openTest opens a store in a fresh directory, synced with testConfig.
func openTest(t testing.TB, c *clock, m bantin.Matcher) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "bantin.db"), c, m)
}

func openAt(t testing.TB, path string, c *clock, m bantin.Matcher) *Store {
	t.Helper()
	return openWith(t, Options{Path: path, Clock: c.Now, Matcher: m})
}

// openWith opens a store with opts (in a temporary file when opts has no
// path) and the test province's config.
func openWith(t testing.TB, opts Options) *Store {
	t.Helper()
	if opts.Path == "" {
		opts.Path = filepath.Join(t.TempDir(), "bantin.db")
	}
	s, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SyncConfig(context.Background(), testConfig()); err != nil {
		t.Fatalf("SyncConfig: %v", err)
	}
	return s
}

// item builds an item of source src; the link is the canonical link.
func item(src, guid, link, title string, published time.Time) bantin.Item {
	return bantin.Item{
		Source: src, GUID: guid, Link: link, CanonicalLink: link, Title: title,
		Summary: "Tóm tắt: " + title, Content: "<p>" + title + "</p>", Published: published,
	}
}

// record stores a successful fetch of src with items, failing the test on error.
func record(t testing.TB, s *Store, c *clock, src string, items ...bantin.Item) bantin.IngestStats {
	t.Helper()
	st, err := s.RecordFetch(context.Background(), &bantin.Fetch{
		Source: src, Started: c.Now(), Status: 200, Items: items, NextFetchAt: c.Now().Add(15 * time.Minute),
	})
	if err != nil {
		t.Fatalf("RecordFetch %s: %v", src, err)
	}
	return st
}

func stories(t testing.TB, s *Store, units []string, limit int) []bantin.Story {
	t.Helper()
	out, err := s.Stories(context.Background(), units, limit)
	if err != nil {
		t.Fatalf("Stories: %v", err)
	}
	return out
}

func count(t testing.TB, s *Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func titles(ss []bantin.Story) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Title
	}
	return out
}

// failInsertOf makes every insert of an item with this guid fail, as a
// full disk or a constraint would, to test that a fetch is all or nothing.
func failInsertOf(t testing.TB, s *Store, guid string) {
	t.Helper()
	_, err := s.db.Exec(`CREATE TRIGGER boom BEFORE INSERT ON items WHEN NEW.guid = '` + guid + `'
		BEGIN SELECT RAISE(ABORT, 'boom'); END`)
	if err != nil {
		t.Fatal(err)
	}
}

// createWithPageSize makes an empty database at path with pages of size
// bytes, in WAL mode, as an older bantin (or SQLite's default) made it.
func createWithPageSize(tb testing.TB, path string, size int) {
	tb.Helper()
	uri := fmt.Sprintf("file:%s?_pragma=page_size(%d)&_journal_mode=WAL", (&url.URL{Path: path}).EscapedPath(), size)
	db, err := sql.Open("sqlite", uri)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	// The first table written fixes the page size.
	if _, err := db.Exec("CREATE TABLE made_before (x INTEGER)"); err != nil {
		tb.Fatal(err)
	}
}

// pageSizeOf is the page size of s's database.
func pageSizeOf(tb testing.TB, s *Store) int {
	tb.Helper()
	var n int
	if err := s.db.QueryRow("PRAGMA page_size").Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// databaseAt creates, at path, a database with the first n migrations
// applied, as a bantin of that schema left it, and returns it open with
// an exec that fails the test on error.
func databaseAt(t *testing.T, path string, n int) (*sql.DB, func(q string, args ...any)) {
	t.Helper()
	list, err := readMigrations(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`)
	for _, m := range list[:n] {
		exec(m.sql)
		exec(`INSERT INTO schema_migrations VALUES (?, ?, 1)`, m.version, m.name)
	}
	return db, exec
}

// queryPlan is SQLite's plan for q, its steps joined by "; ".
func queryPlan(t *testing.T, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}
