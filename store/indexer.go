package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"
)

// The search index is built behind the writes. A new story is stored with
// search NULL (the partial index stories_unsearched lists those), and the
// indexer adds the stories that wait, a batch per transaction, once no
// batch of fetches has been prepared or recorded for indexIdle: between
// passes, not during one. On a 1,700-feed first pass, FTS5's work
// (tokenizing, its flushes at commit and the merges of its segments) was
// 28% of the one writer's time and the search text a tenth of the other
// core's, for an index nobody queries while the pass runs. Search
// catches up before it answers (during a pass, by one batch at most: see
// catchUpSearch). Once nothing waits, the indexer hands SQLite's page
// caches back (ReleaseMemory).
const (
	indexBatch = 500
	indexIdle  = 500 * time.Millisecond
)

// searchIndexer is the goroutine that indexes stories for search.
type searchIndexer struct {
	*background              // poked by each recorded batch; nil: none (Options.IndexIdle < 0)
	lastIngest  atomic.Int64 // when a batch of fetches was last prepared, recorded or waited, in Unix ns
	idle        time.Duration
	releases    atomic.Int64 // memory releases done, for tests
}

// startIndexer starts the indexer, unless idle is negative (Options.IndexIdle).
func (s *Store) startIndexer(idle time.Duration) {
	x := &searchIndexer{idle: cmp.Or(idle, indexIdle)}
	s.indexer = x
	if idle < 0 {
		return
	}
	x.background = startBackground(func(ctx context.Context) {
		if err := s.indexWhenIdle(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("stories not indexed for search", "err", err)
		}
	})
	x.poke() // stories a previous run left, or stored before search existed
}

// busy is told that a batch of fetches is being prepared or waits for
// the writer: the indexer, which takes the writer a batch at a time,
// waits after its batch instead of taking the next.
func (x *searchIndexer) busy() {
	if x != nil {
		x.lastIngest.Store(time.Now().UnixNano())
	}
}

// ingesting reports whether a batch of fetches was prepared, recorded or
// waited for within the idle time: a pass is under way.
func (x *searchIndexer) ingesting() bool {
	return x != nil && time.Duration(time.Now().UnixNano()-x.lastIngest.Load()) < x.idle
}

// ingested is told of each recorded batch of fetches.
func (x *searchIndexer) ingested() {
	if x != nil {
		x.busy()
		x.poke()
	}
}

// close stops the indexer and waits for a batch in progress.
func (x *searchIndexer) close() {
	if x != nil {
		x.background.close()
	}
}

// indexWhenIdle indexes what waits, a batch at a time, each once no fetch
// has been recorded for indexIdle.
func (s *Store) indexWhenIdle(ctx context.Context) error {
	total := 0
	defer func() {
		if total > 0 {
			s.log.Info("stories indexed for search", "stories", total)
		}
	}()
	for {
		x := s.indexer
		if since := time.Duration(time.Now().UnixNano() - x.lastIngest.Load()); since < x.idle {
			t := time.NewTimer(x.idle - since)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
			continue
		}
		n, err := s.indexBatch(ctx)
		total += n
		if err != nil {
			return err
		}
		if n < indexBatch {
			if err := s.ReleaseMemory(ctx); err != nil {
				return err
			}
			s.indexer.releases.Add(1)
			return nil
		}
	}
}

// ReleaseMemory hands back to the system the page caches the writes
// filled: the writer connection's (up to writerCacheKiB, full after any
// pass of new items) and those of the reader connections the pool keeps
// idle (2 MB each). The indexer calls it once a pass is over and nothing
// waits to be indexed; a caller that indexed with IndexSearch may call
// it when it goes idle. SQLite's memory is outside the Go heap, where no
// collector returns it: it was about half a province's RSS between
// passes. The connections stay open (a new one reads the schema again);
// the next reads take the pages they need back from the operating
// system's cache.
func (s *Store) ReleaseMemory(ctx context.Context) error {
	if err := s.shrinkIdleReaders(ctx); err != nil {
		return err
	}
	if err := s.takeWriter(ctx); err != nil {
		return err
	}
	defer s.releaseWriter()
	if _, err := s.wconn.ExecContext(ctx, "PRAGMA shrink_memory"); err != nil {
		return fmt.Errorf("release memory: %w", err)
	}
	return nil
}

// shrinkIdleReaders empties the page caches of the reader connections
// the pool keeps idle. It holds them all until it is done (the pool hands
// back the connection given back last, so taking one at a time would
// shrink one over and over), and takes only idle ones, waiting for none:
// a reader holding its transaction's connection may need a second one to
// prepare a statement (readStmt), and with the pool full, waiting for a
// connection while holding others deadlocked with it.
func (s *Store) shrinkIdleReaders(ctx context.Context) error {
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for len(conns) < maxConns && s.db.Stats().Idle > 0 {
		// Another reader may take the last idle one first: then wait
		// for a connection no longer than a moment.
		quick, cancel := context.WithTimeout(ctx, idleConnWait)
		c, err := s.db.Conn(quick)
		cancel()
		if err != nil {
			return ctx.Err()
		}
		conns = append(conns, c)
		if _, err := c.ExecContext(ctx, "PRAGMA shrink_memory"); err != nil {
			return fmt.Errorf("release memory: %w", err)
		}
	}
	return nil
}

// idleConnWait bounds how long shrinkIdleReaders waits for a connection
// it believed idle.
const idleConnWait = 20 * time.Millisecond

// IndexSearch indexes, now, every stored story that waits for the search
// index, and returns how many it indexed.
func (s *Store) IndexSearch(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.indexBatch(ctx)
		total += n
		if err != nil {
			return total, fmt.Errorf("index stories for search: %w", err)
		}
		if n < indexBatch {
			return total, nil
		}
	}
}

// searchPending reports whether a stored story waits for the search index.
func (s *Store) searchPending(ctx context.Context) (bool, error) {
	var pending bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM stories WHERE search IS NULL)`).Scan(&pending)
	return pending, err
}

// indexBatch indexes up to indexBatch waiting stories, oldest first, in
// one write transaction: the text is read there, so an edit cannot slip
// between reading it and indexing it. A story's text is its primary
// copy's content (or its own, in a database older than text_item).
func (s *Store) indexBatch(ctx context.Context) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		batch, err := waitingStories(ctx, tx)
		if err != nil {
			return err
		}
		for _, r := range batch {
			search := searchText(r.title, r.summary, s.plainText(r.content))
			if _, err := tx.ExecContext(ctx, "UPDATE stories SET search = '' WHERE id = ?", r.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO story_search (rowid, search) VALUES (?, ?)", r.id, search); err != nil {
				return err
			}
		}
		n = len(batch)
		return nil
	})
	return n, err
}

type waitingStory struct {
	id                      int64
	title, summary, content string
}

func waitingStories(ctx context.Context, tx *sql.Tx) ([]waitingStory, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.title, s.summary, COALESCE(i.content, s.content)
		FROM stories s LEFT JOIN items i ON i.id = s.text_item
		WHERE s.search IS NULL ORDER BY s.id LIMIT ?`, indexBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []waitingStory
	for rows.Next() {
		var r waitingStory
		if err := rows.Scan(&r.id, &r.title, &r.summary, &r.content); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
