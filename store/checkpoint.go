package store

import (
	"context"
	"fmt"
	"sync/atomic"
)

// SQLite copies the WAL back into the database (a checkpoint) inside the
// commit that takes the WAL past 1,000 pages: on a 1,700-feed first pass
// that was a tenth of the one writer's time, with the fsyncs, on the
// goroutine every fetch waits for. The writer's connection instead checks
// only past walBackstopPages (should the checkpointer fall behind), and a
// goroutine of the Store's own runs a PASSIVE checkpoint, which never
// waits for a reader or the writer, every checkpointEvery commits. The
// backstop counts pages: 160 MB of WAL at pageSize. Half that made the
// outside first pass no faster (10.2–11.0 s against 10.2–10.6 s).
const (
	checkpointEvery  = 8
	walBackstopPages = 20_000
)

// checkpointer runs the Store's checkpoints.
type checkpointer struct {
	*background              // a commit pokes it
	runs        atomic.Int64 // checkpoints run, for tests
}

func (s *Store) startCheckpointer() {
	c := &checkpointer{}
	c.background = startBackground(func(ctx context.Context) {
		if err := s.checkpoint(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("WAL checkpoint failed", "err", err)
		}
		c.runs.Add(1)
	})
	s.ckpt = c
}

// committed is called by the writer after each commit.
func (c *checkpointer) committed(n int64) {
	if c != nil && n%checkpointEvery == 0 {
		c.poke()
	}
}

// close stops the checkpointer and waits for a checkpoint in progress.
func (c *checkpointer) close() {
	if c != nil {
		c.background.close()
	}
}

// checkpoint copies what it can of the WAL into the database.
func (s *Store) checkpoint(ctx context.Context) error {
	var busy, frames, copied int
	err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
