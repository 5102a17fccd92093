package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bantin.db")
	c := newClock()
	ctx := context.Background()
	s := openAt(t, path, c, nil)
	record(t, s, c, srcCity, item(srcCity, "1", "https://phuly.example.gov.vn/a", "Tin A", c.Now()))
	applied := count(t, s, "SELECT COUNT(*) FROM schema_migrations")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2, err := Open(ctx, Options{Path: path, Clock: c.Now})
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer s2.Close()
	list, err := readMigrations(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, s2, "SELECT COUNT(*) FROM schema_migrations"); got != len(list) || got != applied {
		t.Errorf("schema_migrations rows after reopen = %d, want %d (first open %d)", got, len(list), applied)
	}
	if got := len(stories(t, s2, allUnits, 10)); got != 1 {
		t.Errorf("stories after reopen = %d, want 1", got)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bantin.db")
	c := newClock()
	s := openAt(t, path, c, nil)
	if _, err := s.db.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future.sql', 1)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), Options{Path: path})
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a newer schema: err = %v, want a 'newer' error", err)
	}
}

func TestOpenRefusesBadPaths(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "not-a-db"), []byte("hello, this is no sqlite file at all, really not"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"empty path":        "",
		"missing directory": filepath.Join(dir, "no", "such", "dir", "bantin.db"),
		"not a database":    filepath.Join(dir, "not-a-db"),
	} {
		t.Run(name, func(t *testing.T) {
			s, err := Open(context.Background(), Options{Path: path})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want an error")
			}
		})
	}
}

// A directory name with '?', '#', '%' or a space must not be read as URI
// parameters.
func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dữ liệu ?x=1 #2 %41")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "bantin.db")
	s := openAt(t, path, newClock(), nil)
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at the given path: %v", err)
	}
}

func TestConnectionPragmas(t *testing.T) {
	s := openTest(t, newClock(), nil)
	ctx := context.Background()
	// Every connection of the pool must carry them: hold several at once.
	for i := range 3 {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var mode string
		var fk, sync, busy int
		for q, dst := range map[string]any{
			"PRAGMA journal_mode": &mode, "PRAGMA foreign_keys": &fk,
			"PRAGMA synchronous": &sync, "PRAGMA busy_timeout": &busy,
		} {
			if err := conn.QueryRowContext(ctx, q).Scan(dst); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if mode != "wal" || fk != 1 || sync != 1 || busy != int(busyTimeout.Milliseconds()) {
			t.Errorf("connection %d: journal_mode=%s foreign_keys=%d synchronous=%d busy_timeout=%d",
				i, mode, fk, sync, busy)
		}
	}
}

func TestPageSize(t *testing.T) {
	if n := pageSizeOf(t, openTest(t, newClock(), nil)); n != pageSize {
		t.Errorf("new database: page size %d, want %d", n, pageSize)
	}

	// A database made at SQLite's default keeps its pages, and works.
	path := filepath.Join(t.TempDir(), "old.db")
	createWithPageSize(t, path, 4096)
	c := newClock()
	s := openAt(t, path, c, nil)
	if n := pageSizeOf(t, s); n != 4096 {
		t.Errorf("database made at 4096: page size %d after Open", n)
	}
	record(t, s, c, srcCity, item(srcCity, "g1", "https://phuly.example.gov.vn/tin/1", "Tin một", c.Now()))
	if got := titles(stories(t, s, []string{"phu-ly"}, 10)); len(got) != 1 || got[0] != "Tin một" {
		t.Errorf("stories of a 4096 database: %q", got)
	}
}

func TestReadMigrations(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []int
		wantErr string
	}{
		{"ordered by number, not by listing", fstest.MapFS{
			"m/010_later.sql":  {Data: []byte("SELECT 1")},
			"m/002_second.sql": {Data: []byte("SELECT 1")},
			"m/001_first.sql":  {Data: []byte("SELECT 1")},
		}, []int{1, 2, 10}, ""},
		{"a file that is not NNN_name.sql", fstest.MapFS{
			"m/001_first.sql": {Data: []byte("SELECT 1")},
			"m/README.md":     {Data: []byte("notes")},
		}, nil, "NNN_name.sql"},
		{"two files with one number", fstest.MapFS{
			"m/001_first.sql": {Data: []byte("SELECT 1")},
			"m/001_again.sql": {Data: []byte("SELECT 1")},
		}, nil, "share a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readMigrations(tt.files, "m")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var versions []int
			for _, m := range got {
				versions = append(versions, m.version)
			}
			if !slices.Equal(versions, tt.want) {
				t.Errorf("versions = %v, want %v", versions, tt.want)
			}
		})
	}
}

// A migration that fails leaves nothing of itself and is not recorded;
// the ones before it stay applied, and a fixed binary resumes from there.
func TestFailingMigrationRollsBack(t *testing.T) {
	s := openTest(t, newClock(), nil)
	ctx := context.Background()
	base := count(t, s, "SELECT COUNT(*) FROM schema_migrations")
	list, err := readMigrations(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	good := migration{version: 900, name: "900_good.sql", sql: "CREATE TABLE good (x INTEGER)"}
	bad := migration{version: 901, name: "901_bad.sql", sql: "CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1)"}
	err = s.applyMigrations(ctx, append(list, good, bad))
	if err == nil || !strings.Contains(err.Error(), "901_bad.sql") {
		t.Fatalf("err = %v, want the failing migration named", err)
	}
	if got := count(t, s, "SELECT COUNT(*) FROM schema_migrations"); got != base+1 {
		t.Errorf("recorded migrations = %d, want %d", got, base+1)
	}
	if got := count(t, s, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half'"); got != 0 {
		t.Error("the failed migration's first statement was kept")
	}
	fixed := migration{version: 901, name: "901_bad.sql", sql: "CREATE TABLE half (x INTEGER)"}
	if err := s.applyMigrations(ctx, append(list, good, fixed)); err != nil {
		t.Fatalf("resume: %v", err)
	}
	if got := count(t, s, "SELECT COUNT(*) FROM schema_migrations"); got != base+2 {
		t.Errorf("recorded migrations after fix = %d, want %d", got, base+2)
	}
}

// foreignKeysOn reports whether the writer's connection enforces foreign
// keys.
func foreignKeysOn(t *testing.T, s *Store) bool {
	t.Helper()
	var on int
	if err := s.wconn.QueryRowContext(context.Background(), "PRAGMA foreign_keys").Scan(&on); err != nil {
		t.Fatal(err)
	}
	return on == 1
}

// A migration run with foreign keys off that leaves a row referring to a
// missing one is rolled back with the row named, and the writer enforces
// foreign keys again after it, as after one that succeeds.
func TestMigrationWithoutForeignKeysIsChecked(t *testing.T) {
	s := openTest(t, newClock(), nil)
	ctx := context.Background()
	list, err := readMigrations(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	orphans := migration{version: 900, name: "900_orphans.sql", sql: foreignKeysOff + "DELETE FROM units WHERE id = 'phu-van'"}
	err = s.applyMigrations(ctx, append(list, orphans))
	if err == nil || !strings.Contains(err.Error(), "900_orphans.sql") || !strings.Contains(err.Error(), "sources row") {
		t.Fatalf("err = %v, want the migration and the orphaned source named", err)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM units WHERE id = 'phu-van'"); n != 1 {
		t.Error("the failed migration's delete was kept")
	}
	if n := count(t, s, "SELECT COUNT(*) FROM schema_migrations WHERE version = 900"); n != 0 {
		t.Error("the failed migration was recorded")
	}
	if !foreignKeysOn(t, s) {
		t.Error("foreign keys off after a failed migration")
	}

	good := migration{version: 900, name: "900_good.sql", sql: foreignKeysOff + "CREATE TABLE good (x INTEGER)"}
	if err := s.applyMigrations(ctx, append(list, good)); err != nil {
		t.Fatal(err)
	}
	if !foreignKeysOn(t, s) {
		t.Error("foreign keys off after a migration")
	}

	// Once applied, it is not run or checked again at the next open: the
	// check reads every row that refers to another. A row that refers to
	// nothing (written with foreign keys off) does not stop the open.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{"PRAGMA foreign_keys = OFF", "INSERT INTO sources (url, unit_id) VALUES ('http://x/rss', 'no-such-unit')"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.applyMigrations(ctx, append(list, good)); err != nil {
		t.Errorf("applied migrations again: %v", err)
	}
}

func TestPingAfterClose(t *testing.T) {
	s := openTest(t, newClock(), nil)
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	s.Close()
	if err := s.Ping(context.Background()); err == nil {
		t.Fatal("Ping after Close succeeded")
	}
}
