// Package store keeps bantin's units, sources, items and stories in SQLite.
//
// Every item a source ever published is kept as its own row; copies of one
// article are tied to one story, which is what readers see. A fetch and the
// items it brought are recorded in one transaction (with the other fetches
// of its batch), so a process killed at any moment leaves either the whole
// fetch or none of it.
//
// Writes are serialized inside the Store and open their transaction
// with BEGIN IMMEDIATE (the DSN's _txlock), so a writer takes SQLite's write
// lock up front instead of upgrading a read lock later, which would fail
// with SQLITE_BUSY without waiting. Another process writing the same file
// (bantin fetch beside bantin serve) is waited for by the busy timeout.
// Readers run in parallel on the other connections: WAL lets them read
// while one writer writes.
//
// The Matcher's candidates for an item are looked up in memory, in an
// index of the band keys of the newest stories (bandindex.go) that Open
// builds from story_fingerprints and the writer keeps in step with its
// transactions; only the fingerprints of the candidates are read back.
package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"bantin"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// busyTimeout is how long a statement waits for another process's write
// lock before failing with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// maxConns bounds the pool: one writer at a time plus parallel readers.
const maxConns = 8

// pageSize is the page size of a new database. At SQLite's default of 4
// KiB, an item's row (2 KB on average, most of it the cleaned text) often
// left half a page empty, and a commit wrote each dirty page to the WAL
// in two system calls and again at the checkpoint: on a 1,716-feed first
// pass, 647,000 writes. At 8 KiB the same pass makes 355,000 writes, its
// database is 378 MB instead of 427, and it takes 7% less time; at 16
// KiB the random inserts into the indexes dirty twice the bytes and the
// pass is slower again. A database made before keeps its 4 KiB pages.
const pageSize = 8192

// writerCacheKiB is the page cache of the writer's connection (readers
// keep SQLite's 2 MB). A batch of a thousand new items dirties more than
// 2 MB of pages (stories, items and their indexes, the search index):
// with the default cache SQLite spills them to the WAL mid-transaction
// and reads the indexes' interior pages back from the OS. 32 MB made a
// batch of 1,000 items about a fifth faster (when the band index was
// still a table). With the band index in memory, 16 MB: the 1,700-feed
// first pass peaked at 243 MB of RSS, 170 MB of it outside the Go heap.
const writerCacheKiB = 16 << 10

// Options configure Open.
type Options struct {
	Path    string           // file path; ":memory:" not needed
	Clock   func() time.Time // nil: time.Now
	Matcher bantin.Matcher   // nil: cross-source merge by canonical link only
	Logger  *slog.Logger     // nil: discard
	// PlainText is the readable text of a story's HTML, for the search
	// index (package clean's makes Item.Text); nil: the text between the
	// tags.
	PlainText func(html string) string
	// IndexIdle is how long no fetch must have been recorded before the
	// stories that wait for the search index are indexed in the
	// background. 0: indexIdle; negative: never in the background, only
	// when Search or IndexSearch asks.
	IndexIdle time.Duration
	// IndexedStories is how many of the newest stories (by id) the
	// Matcher's candidates are looked for among; an item that re-posts
	// an older story is matched by its link only. About 550 bytes of
	// memory each (at 42 band keys a story, and a 104-byte slot for a
	// SketchMatcher's sketch). 0 or less: DefaultIndexedStories.
	IndexedStories int
	// ReadersActive reports whether readers are being answered (the
	// server's ReadersActive); nil: never. While it does, the writer gives
	// the goroutines waiting for a CPU a turn after each item it records:
	// a pass's one writer otherwise keeps a core for batch after batch,
	// and readers queue behind it. Without readers the writer, which sets
	// a first pass's pace, does not yield.
	ReadersActive func() bool
}

// Store is bantin's SQLite database. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	now     func() time.Time
	matcher bantin.Matcher
	// sketcher is matcher, when it rules candidates out by sketches.
	sketcher bantin.SketchMatcher
	log      *slog.Logger
	text     func(html string) string // Options.PlainText
	readers  func() bool              // Options.ReadersActive

	writer chan struct{} // holds a token while a write runs: one writer at a time
	wconn  *sql.Conn     // the one connection writes use, with its larger page cache
	units  *unitIndex    // versions and aliases, in memory

	readStmts struct { // see readStmt
		sync.Mutex
		m      map[string]*sql.Stmt
		wanted map[string]bool // to prepare once no transaction is held
	}

	// commits counts the writes this Store committed: items read ahead
	// of a batch (lookAhead) are still as read if it has not moved.
	commits atomic.Int64
	// Held by whoever holds the writer token: the band index that finds
	// the Matcher's candidates (nil without a Matcher), the last
	// band_changes row it holds, and the writer connection's last
	// data_version (othersCommitted).
	ckpt        *checkpointer  // nil until Open has set up the database
	indexer     *searchIndexer // likewise
	written     writtenLog
	bands       *bandIndex
	bandSeq     int64
	dataVersion int64
}

// Open opens (creating if needed) the database at opts.Path, applies the
// migrations it lacks and loads the in-memory version counters.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.Path == "" {
		return nil, errors.New("open store: empty database path")
	}
	s := &Store{
		now:     opts.Clock,
		matcher: opts.Matcher,
		log:     opts.Logger,
		text:    opts.PlainText,
		readers: opts.ReadersActive,
		units:   newUnitIndex(),
		writer:  make(chan struct{}, 1),
	}
	s.readStmts.m, s.readStmts.wanted = make(map[string]*sql.Stmt), make(map[string]bool)
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.sketcher, _ = s.matcher.(bantin.SketchMatcher)
	if s.matcher != nil {
		s.bands = newBandIndex(cmp.Or(max(opts.IndexedStories, 0), DefaultIndexedStories))
	}
	db, err := sql.Open("sqlite", dsn(opts.Path))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", opts.Path, err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	s.db = db
	if err := s.init(ctx); err != nil {
		if s.wconn != nil {
			s.wconn.Close()
		}
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", opts.Path, err)
	}
	s.startCheckpointer()
	s.startIndexer(opts.IndexIdle)
	return s, nil
}

func (s *Store) init(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return err
	}
	wconn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("writer connection: %w", err)
	}
	s.wconn = wconn
	for _, p := range writerPragmas {
		if _, err := wconn.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("writer connection: %s: %w", p, err)
		}
	}
	if err := s.migrate(ctx); err != nil {
		return err
	}
	if err := s.loadBands(ctx); err != nil {
		return err
	}
	return s.loadVersions(ctx)
}

// writerPragmas set up the writer's connection. temp_store: a statement
// journal (the few statements that may still abort half way need one)
// stays in memory instead of a temporary file written page by page.
var writerPragmas = []string{
	fmt.Sprintf("PRAGMA cache_size = -%d", writerCacheKiB),
	"PRAGMA temp_store = MEMORY",
	fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", walBackstopPages),
}

// dsn builds the driver's connection string. The path goes in a file: URI,
// escaped, so that a '?' or '#' in a directory name is not read as the
// start of the parameters.
//
// synchronous=NORMAL in WAL mode: a commit is written to the WAL but not
// fsynced until a checkpoint. A transaction that committed survives a kill
// -9 of the process (the WAL is in the OS's page cache); only an OS crash
// or power loss can lose the last few commits, and the database is never
// corrupted. FULL would fsync on every fetch for little gain here: a lost
// fetch is fetched again.
//
// page_size must come before journal_mode: a database takes its page size
// when its first page is written, and in WAL mode it never changes. The
// driver runs the _pragma list sorted by name and its _journal_mode and
// _synchronous keys after that list, so those two are given as keys.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", fmt.Sprintf("page_size(%d)", pageSize))
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close closes the database. A write in flight finishes first.
func (s *Store) Close() error {
	s.writer <- struct{}{}
	defer s.releaseWriter()
	s.indexer.close()
	s.ckpt.close()
	s.readStmts.Lock()
	for _, st := range s.readStmts.m {
		st.Close()
	}
	clear(s.readStmts.m)
	s.readStmts.Unlock()
	s.wconn.Close()
	if s.bands != nil {
		s.bands.release()
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Ping reports whether the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping store: %w", err)
	}
	return nil
}

// write runs fn in a write transaction, one writer at a time, and commits.
// Waiting for the other writer ends with ctx.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.writeThen(ctx, fn, nil)
}

// writeThen is write, and then, still as the one writer, tells done
// whether the transaction committed: what the writer keeps in memory
// beside the database follows it.
func (s *Store) writeThen(ctx context.Context, fn func(*sql.Tx) error, done func(committed bool)) error {
	if err := s.takeWriter(ctx); err != nil {
		return err
	}
	defer s.releaseWriter()
	err := s.transact(ctx, fn)
	if done != nil {
		done(err == nil)
	}
	return err
}

// takeWriter waits to be the one writer, or for ctx to end;
// releaseWriter lets the next one in.
func (s *Store) takeWriter(ctx context.Context) error {
	select {
	case s.writer <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for writer: %w", ctx.Err())
	}
}

func (s *Store) releaseWriter() { <-s.writer }

func (s *Store) transact(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.wconn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	s.ckpt.committed(s.commits.Add(1))
	return nil
}

// read runs fn in a read-only transaction (a plain deferred BEGIN), so the
// several queries of one answer see one snapshot.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	err = fn(tx)
	tx.Rollback()
	s.prepareWanted(ctx)
	return err
}
