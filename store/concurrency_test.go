package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"bantin"
)

// Many writers and readers at once, in this process and through a second
// Store on the same file (standing in for bantin fetch run beside bantin
// serve): no call may fail with SQLITE_BUSY, and nothing may be lost.
func TestConcurrentWritersAndReaders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bantin.db")
	c := newClock()
	a := openAt(t, path, c, &equalBytes{})
	b := openAt(t, path, c, &equalBytes{})
	ctx := context.Background()
	const writers, fetches, perFetch = 4, 10, 5
	sources := []string{srcProvince, srcCity, srcCity2, srcWard}

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range writers {
		st := a
		if w%2 == 1 {
			st = b
		}
		wg.Go(func() {
			for f := range fetches {
				fetch := &bantin.Fetch{Source: sources[w], Started: c.Now(), Status: 200}
				for i := range perFetch {
					key := fmt.Sprintf("%d-%d-%d", w, f, i)
					fetch.Items = append(fetch.Items, item(sources[w], key, "https://e.vn/"+key, key, c.Now()))
				}
				if _, err := st.RecordFetch(ctx, fetch); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for r := range 2 {
		wg.Go(func() {
			for range 30 {
				if _, err := a.Stories(ctx, allUnits, 50); err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
				if _, err := b.UnitActivity(ctx, c.Now(), nil); err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := count(t, a, "SELECT COUNT(*) FROM items"); n != writers*fetches*perFetch {
		t.Errorf("items = %d, want %d", n, writers*fetches*perFetch)
	}
}

// A write waiting behind another gives up when its context ends, rather
// than queueing forever behind a stuck writer.
func TestWriteWaitEndsWithContext(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	s.writer <- struct{}{} // another writer holds the turn
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := s.RecordFetch(ctx, &bantin.Fetch{Source: srcCity, Started: c.Now()})
	<-s.writer
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	record(t, s, c, srcCity) // and the store still works
}
