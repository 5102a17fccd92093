package store

import (
	"context"
	"database/sql"
	"fmt"
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
