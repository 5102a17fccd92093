package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"bantin"
)

// RecordFetch stores one fetch outcome and its items in one transaction:
// the source's state, a fetch log row and every item. Each item is, in
// this order:
//   - the same source's stored item with its GUID, or with its canonical
//     link (portals that mint a new guid on every fetch): updated in place;
//   - a new copy of the story of any stored item with its canonical link;
//   - a new copy of a story whose fingerprint the Matcher calls the same;
//   - else a new story.
//
// Nothing stored is deleted. An item with no title or no believable date is
// stored as it is (dated when first seen); it never fails the fetch.
func (s *Store) RecordFetch(ctx context.Context, f *bantin.Fetch) (bantin.IngestStats, error) {
	if f == nil {
		return bantin.IngestStats{}, errors.New("record fetch: nil fetch")
	}
	now := s.now()
	var stats bantin.IngestStats
	var units []string
	err := s.write(ctx, func(tx *sql.Tx) error {
		in, err := s.newIngest(ctx, tx, f.Source, now)
		if err != nil {
			return err
		}
		defer in.close()
		for i := range f.Items {
			if err := in.add(&f.Items[i]); err != nil {
				return fmt.Errorf("item %q: %w", f.Items[i].GUID, err)
			}
		}
		if units, err = in.finish(); err != nil {
			return err
		}
		stats = in.stats
		started := toDB(f.Started)
		if started == 0 {
			started = toDB(now)
		}
		if err := recordState(ctx, tx, in.sourceID, f, started); err != nil {
			return err
		}
		return appendFetchLog(ctx, tx, in.sourceID, f, started, stats)
	})
	if err != nil {
		return bantin.IngestStats{}, fmt.Errorf("record fetch %s: %w", f.Source, err)
	}
	s.units.bump(units, now)
	s.log.Debug("fetch recorded", "source", f.Source, "items", len(f.Items), "new", stats.New,
		"updated", stats.Updated, "unchanged", stats.Unchanged, "duplicate", stats.Duplicate)
	return stats, nil
}

// ingest is the state of one RecordFetch transaction.
type ingest struct {
	ctx      context.Context
	tx       *sql.Tx
	matcher  bantin.Matcher
	log      *slog.Logger
	source   string
	sourceID int64
	unit     string
	now      int64
	stmts    map[string]*sql.Stmt
	stats    bantin.IngestStats
	// touched holds every story added to or changed; true when the change
	// is to an existing story, whose Updated then becomes now.
	touched map[int64]bool
}

func (s *Store) newIngest(ctx context.Context, tx *sql.Tx, source string, now time.Time) (*ingest, error) {
	in := &ingest{
		ctx: ctx, tx: tx, matcher: s.matcher, log: s.log, source: source, now: toDB(now),
		stmts: make(map[string]*sql.Stmt), touched: make(map[int64]bool),
	}
	err := tx.QueryRowContext(ctx, "SELECT id, unit_id FROM sources WHERE url = ?", source).Scan(&in.sourceID, &in.unit)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errors.New("unknown source: SyncConfig a config that lists it first")
	}
	if err != nil {
		return nil, fmt.Errorf("look up source: %w", err)
	}
	return in, nil
}

// stmt prepares q once per transaction: the same few statements run for
// every item of a fetch.
func (in *ingest) stmt(q string) (*sql.Stmt, error) {
	if st, ok := in.stmts[q]; ok {
		return st, nil
	}
	st, err := in.tx.PrepareContext(in.ctx, q)
	if err != nil {
		return nil, err
	}
	in.stmts[q] = st
	return st, nil
}

func (in *ingest) exec(q string, args ...any) (sql.Result, error) {
	st, err := in.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(in.ctx, args...)
}

func (in *ingest) queryRow(q string, dest []any, args ...any) error {
	st, err := in.stmt(q)
	if err != nil {
		return err
	}
	return st.QueryRowContext(in.ctx, args...).Scan(dest...)
}

func (in *ingest) close() {
	for _, st := range in.stmts {
		st.Close()
	}
}

// finish stamps changed stories and their units with now, and returns the
// units whose stories changed, for the in-memory versions.
func (in *ingest) finish() ([]string, error) {
	units := make(map[string]bool)
	for story, existing := range in.touched {
		if existing {
			if _, err := in.exec("UPDATE stories SET updated = ? WHERE id = ?", in.now, story); err != nil {
				return nil, fmt.Errorf("stamp story: %w", err)
			}
		}
		if err := in.storyUnits(story, units); err != nil {
			return nil, err
		}
	}
	out := slices.Sorted(maps.Keys(units))
	for _, u := range out {
		if _, err := in.exec("UPDATE units SET changed_at = ? WHERE id = ?", in.now, u); err != nil {
			return nil, fmt.Errorf("stamp unit: %w", err)
		}
	}
	return out, nil
}

func (in *ingest) storyUnits(story int64, into map[string]bool) error {
	st, err := in.stmt("SELECT unit_id FROM story_units WHERE story_id = ?")
	if err != nil {
		return fmt.Errorf("units of story: %w", err)
	}
	rows, err := st.QueryContext(in.ctx, story)
	if err != nil {
		return fmt.Errorf("units of story: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return fmt.Errorf("units of story: %w", err)
		}
		into[u] = true
	}
	return rows.Err()
}
