package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// Readers that each hold a transaction and meet a statement not prepared
// yet must not wait for one another's connections: with more of them than
// the pool has connections, preparing on a second connection while
// holding the first deadlocked them (until their contexts ended).
func TestReadersPreparingNewStatementsDoNotDeadlock(t *testing.T) {
	s := openTest(t, newClock(), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i := range 4 * maxConns {
		wg.Go(func() {
			err := s.read(ctx, func(tx *sql.Tx) error {
				time.Sleep(20 * time.Millisecond) // every reader holds its connection at once
				rows, err := s.readQuery(ctx, tx, fmt.Sprintf("SELECT %d FROM units LIMIT 1", i))
				if err != nil {
					return err
				}
				return rows.Close()
			})
			if err != nil {
				t.Errorf("reader %d: %v", i, err)
			}
		})
	}
	wg.Wait()
}

// The writer's statements are kept once its first batch is over, so that
// later batches do not parse them again, and still work once the schema
// has changed under them (SQLite prepares a kept statement again then).
func TestWriterStatementsKeptAcrossBatches(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	kept := func() []string {
		s.stmts.Lock()
		defer s.stmts.Unlock()
		var out []string
		for q := range s.stmts.m {
			if strings.HasPrefix(strings.TrimSpace(q), "INSERT INTO items") {
				out = append(out, q)
			}
		}
		return out
	}
	record(t, s, c, srcWard, item(srcWard, "a1", "https://phuvan.example.gov.vn/tin/1", "Tin một", c.Now()))
	if got := kept(); len(got) != 1 {
		t.Fatalf("after one batch, kept item inserts: %q, want one", got)
	}
	if _, err := s.db.Exec(`CREATE INDEX items_title ON items(title)`); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Hour)
	st := record(t, s, c, srcWard, item(srcWard, "a2", "https://phuvan.example.gov.vn/tin/2", "Tin hai", c.Now()))
	if st.New != 1 {
		t.Fatalf("second batch: %+v, want one new item", st)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM items INDEXED BY items_title"); n != 2 {
		t.Fatalf("items in the index made after the statement was kept: %d, want 2", n)
	}
}

func TestInList(t *testing.T) {
	for _, tc := range []struct {
		n, want int
	}{{0, 0}, {1, 1}, {2, 2}, {3, 4}, {5, 8}, {64, 64}, {65, 128}, {500, 512}} {
		args := make([]any, tc.n, tc.n+10)
		for i := range args {
			args[i] = i
		}
		got, marks := inList(args)
		if len(got) != tc.want || strings.Count(marks, "?") != tc.want {
			t.Errorf("inList(%d values): %d values, %d placeholders; want %d", tc.n, len(got), strings.Count(marks, "?"), tc.want)
			continue
		}
		for i, v := range got {
			if want := min(i, tc.n-1); v != want {
				t.Errorf("inList(%d values)[%d] = %v, want %d", tc.n, i, v, want)
				break
			}
		}
		// Padding never writes into the caller's spare capacity.
		if tc.n < tc.want && args[:cap(args)][tc.n] != nil {
			t.Errorf("inList(%d values) wrote past the caller's values", tc.n)
		}
	}
}
