package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"bantin"
)

// unitIndex is what the store keeps in memory about units: a change
// counter and last-change time per stored unit id, and the aliases of the
// loaded config, so that a renamed unit still reads the items stored under
// its former id.
//
// The counters only see this process's writes: a second process writing
// the same file (bantin fetch while bantin serve runs) is noticed at the
// next Open.
type unitIndex struct {
	mu      sync.RWMutex
	count   map[string]uint64
	changed map[string]time.Time
	aliases map[string][]string // canonical id → former ids
	canon   map[string]string   // former id → canonical id
	changes atomic.Uint64       // moves after any count or alias changes
}

func newUnitIndex() *unitIndex {
	return &unitIndex{
		count:   make(map[string]uint64),
		changed: make(map[string]time.Time),
		aliases: make(map[string][]string),
		canon:   make(map[string]string),
	}
}

// Version returns a number that changes whenever a story that any of units
// published is added or changed, and the time of the latest such change
// (zero if none). It reads only memory.
func (s *Store) Version(units []string) (uint64, time.Time) {
	x := s.units
	x.mu.RLock()
	defer x.mu.RUnlock()
	var sum uint64
	var latest time.Time
	add := func(id string) {
		sum += x.count[id]
		if t := x.changed[id]; t.After(latest) {
			latest = t
		}
	}
	for _, u := range units {
		add(u)
		for _, a := range x.aliases[u] {
			add(a)
		}
	}
	return sum, latest
}

// Changes returns a number that moves whenever Version of any units
// would, once the new versions are readable: a server can skip Version
// for a feed while Changes stands still (publish.ChangeCounter).
func (s *Store) Changes() uint64 { return s.units.changes.Load() }

// expandLocked returns u and the former ids it took over.
func (x *unitIndex) expandLocked(u string) []string {
	if a := x.aliases[u]; len(a) > 0 {
		return append([]string{u}, a...)
	}
	return []string{u}
}

// expand returns units with every former id they took over, no repeats,
// in order. A set, not a scan of what is out already: the root's feed
// asks for every unit, and 4,000 units made that 16 million comparisons
// (17% of an uncached rendering of all at national size).
func (x *unitIndex) expand(units []string) []string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make([]string, 0, len(units))
	seen := make(map[string]struct{}, len(units))
	for _, u := range units {
		for _, id := range x.expandLocked(u) {
			if _, dup := seen[id]; !dup {
				seen[id] = struct{}{}
				out = append(out, id)
			}
		}
	}
	return out
}

// canonical maps a stored unit id to the id it is known by now.
func (x *unitIndex) canonical(id string) string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if c, ok := x.canon[id]; ok {
		return c
	}
	return id
}

// bump records, after a commit, that stories of these units changed at t.
func (x *unitIndex) bump(units []string, t time.Time) {
	if len(units) == 0 {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, u := range units {
		x.count[u]++
		if t.After(x.changed[u]) {
			x.changed[u] = t
		}
	}
	x.changes.Add(1)
}

// setAliases replaces the alias tables with those of cfg.
func (x *unitIndex) setAliases(cfg *bantin.Config) {
	aliases := make(map[string][]string)
	canon := make(map[string]string)
	for _, u := range cfg.Units {
		for _, a := range u.Aliases {
			if a == u.ID {
				continue
			}
			aliases[u.ID] = append(aliases[u.ID], a)
			canon[a] = u.ID
		}
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.aliases, x.canon = aliases, canon
	x.changes.Add(1)
}

// loadVersions seeds the last-change times from the database, so that a
// restarted daemon does not claim its feeds changed just now.
func (s *Store) loadVersions(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "SELECT id, changed_at FROM units WHERE changed_at <> 0")
	if err != nil {
		return fmt.Errorf("load unit versions: %w", err)
	}
	defer rows.Close()
	x := s.units
	x.mu.Lock()
	defer x.mu.Unlock()
	for rows.Next() {
		var id string
		var at int64
		if err := rows.Scan(&id, &at); err != nil {
			return fmt.Errorf("load unit versions: %w", err)
		}
		x.changed[id] = fromDB(at)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load unit versions: %w", err)
	}
	return nil
}
