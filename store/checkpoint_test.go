package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// The writer leaves checkpoints to the checkpointer: its own connection
// checks only past the backstop, and commits kick the checkpointer, which
// copies the WAL back into the database.
func TestCheckpointsLeaveTheWriter(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	var pages int
	if err := s.wconn.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if pages != walBackstopPages {
		t.Errorf("writer's wal_autocheckpoint = %d, want %d", pages, walBackstopPages)
	}
	before := s.ckpt.runs.Load()
	for i := range 3 * checkpointEvery {
		record(t, s, c, srcWard, item(srcWard, fmt.Sprint("g", i), fmt.Sprint("https://phuvan.example/", i),
			fmt.Sprint("Tin số ", i), c.Now()))
		c.Advance(time.Minute)
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.ckpt.runs.Load() == before {
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint ran after 3×checkpointEvery commits")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Close waits for a checkpoint in progress and can be called again.
func TestCloseStopsCheckpointer(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	s.ckpt.committed(checkpointEvery)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.ckpt.done:
	default:
		t.Fatal("checkpointer still running after Close")
	}
}
