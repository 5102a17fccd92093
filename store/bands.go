package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"

	"bantin"
)

// DefaultIndexedStories is how many of the newest stories the band index
// holds when Options.IndexedStories is 0: at 42 keys a story and with the
// Matcher's sketches, about 80 MB, and at the national rate of a first
// pass, weeks of stories.
const DefaultIndexedStories = 150_000

// bandWriter is the band index as one batch changes it. Every change is
// journaled so that a batch that rolls back takes its changes out again:
// SQLite gives a rolled-back story's id to the next story stored, which
// must not inherit its keys. A nil index (no Matcher) ignores everything.
type bandWriter struct {
	index   *bandIndex
	newest  uint32 // index.newest when the batch began
	changes []bandChange
}

type bandChange struct {
	id     uint32
	keys   []uint64
	sketch *bantin.Sketch // a removed story's, to put back
	added  bool
}

func newBandWriter(x *bandIndex) *bandWriter {
	w := &bandWriter{index: x}
	if x != nil {
		w.newest = x.newest
	}
	return w
}

// storyID is a story's id as the index holds it; false for an id the
// index cannot hold (beyond 2^32-1, four billion stories from now).
func storyID(story int64) (uint32, bool) {
	return uint32(story), story > 0 && story <= math.MaxUint32
}

// add indexes a story with the sketch of its fingerprint (a new one with
// no keys too: the window counts stories by id).
func (w *bandWriter) add(story int64, keys []uint64, sk *bantin.Sketch) {
	id, ok := storyID(story)
	if w.index == nil || !ok {
		return
	}
	w.index.newest = max(w.index.newest, id)
	if len(keys) == 0 || !live(id, w.index.cut(w.index.newest)) {
		return
	}
	w.index.add(id, keys, sk)
	w.changes = append(w.changes, bandChange{id: id, keys: keys, added: true})
}

func (w *bandWriter) remove(story int64, keys []uint64) {
	id, ok := storyID(story)
	if w.index == nil || !ok || len(keys) == 0 {
		return
	}
	old := w.index.sketches.saved(id)
	w.index.remove(id, keys)
	w.changes = append(w.changes, bandChange{id: id, keys: keys, sketch: old})
}

// replace re-indexes a story whose fingerprint changed, as remove(story,
// old) and then add(story, new, sk) would, and journals it so.
func (w *bandWriter) replace(story int64, old, new []uint64, sk *bantin.Sketch) {
	id, ok := storyID(story)
	if w.index == nil || !ok {
		return
	}
	if len(old) == 0 || len(new) == 0 || !live(id, w.index.cut(max(w.index.newest, id))) {
		w.remove(story, old)
		w.add(story, new, sk)
		return
	}
	w.changes = append(w.changes, bandChange{id: id, keys: old, sketch: w.index.sketches.saved(id)})
	w.index.replace(id, old, new, sk)
	w.changes = append(w.changes, bandChange{id: id, keys: new, added: true})
}

// rollback undoes the batch's changes, newest first.
func (w *bandWriter) rollback() {
	if w.index == nil {
		return
	}
	for _, c := range slices.Backward(w.changes) {
		if c.added {
			w.index.remove(c.id, c.keys)
		} else {
			w.index.add(c.id, c.keys, c.sketch)
		}
	}
	w.index.newest = w.newest
	w.changes = nil
}

// commit makes the batch's changes the ones sweeps go by.
func (w *bandWriter) commit() {
	if w.index == nil {
		return
	}
	w.index.floor = w.index.newest
	w.changes = nil
}

// loadBands builds the band index from the newest stories' stored keys,
// in one scan in id order, and notes SQLite's data_version, by which
// syncBands learns of other connections' writes. Stories of the window
// stored before their keys moved to story_fingerprints (migration 005)
// get them copied there.
func (s *Store) loadBands(ctx context.Context) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := s.othersCommitted(ctx, tx); err != nil {
			return err
		}
		if s.bands == nil {
			return nil
		}
		var newest int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM stories").Scan(&newest); err != nil {
			return fmt.Errorf("load band index: %w", err)
		}
		old, err := s.indexStories(ctx, tx, newest-int64(s.bands.window))
		if err != nil {
			return fmt.Errorf("load band index: %w", err)
		}
		if err := s.moveOldBands(ctx, tx, old); err != nil {
			return fmt.Errorf("load band index: %w", err)
		}
		s.bands.newest = max(s.bands.newest, uint32(min(newest, math.MaxUint32)))
		s.bands.floor = s.bands.newest
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM band_changes").Scan(&s.bandSeq); err != nil {
			return fmt.Errorf("load band index: %w", err)
		}
		return nil
	})
}

// othersCommitted reports whether another connection (bantin fetch beside
// bantin serve) committed since the writer's connection last looked:
// SQLite's data_version moves with every commit but its own.
func (s *Store) othersCommitted(ctx context.Context, tx *sql.Tx) (bool, error) {
	var dv int64
	if err := tx.QueryRowContext(ctx, "PRAGMA data_version").Scan(&dv); err != nil {
		return false, fmt.Errorf("read data version: %w", err)
	}
	changed := dv != s.dataVersion
	s.dataVersion = dv
	return changed, nil
}

// indexStories adds to the index the stored keys of every story after
// id after, in id order, and returns the stories whose keys are not
// there (stored before migration 005).
func (s *Store) indexStories(ctx context.Context, tx *sql.Tx, after int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT story_id, bands, bands IS NULL, fingerprint FROM story_fingerprints
		WHERE story_id > ? ORDER BY story_id`, max(after, 0))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var old []int64
	var b, fp []byte
	var sk bantin.Sketch
	for rows.Next() {
		var story int64
		var missing bool
		if err := rows.Scan(&story, &b, &missing, &fp); err != nil {
			return nil, err
		}
		if missing {
			old = append(old, story)
			continue
		}
		// The newest so far: the window cannot evict what is loaded.
		if id, ok := storyID(story); ok {
			s.bands.newest = max(s.bands.newest, id)
			s.bands.add(id, decodeBands(b), s.sketch(&sk, fp))
		}
	}
	return old, rows.Err()
}

// moveOldBands copies stories.bands to story_fingerprints for stories
// stored before migration 005, and indexes them. Reading stories.bands
// walks the story's text, which sits before it in the row: that is why
// the keys moved, and why only the window's are copied, once.
func (s *Store) moveOldBands(ctx context.Context, tx *sql.Tx, stories []int64) error {
	for _, story := range stories {
		var b []byte
		if err := tx.QueryRowContext(ctx, "SELECT bands FROM stories WHERE id = ?", story).Scan(&b); err != nil {
			return fmt.Errorf("copy band keys: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE story_fingerprints SET bands = ? WHERE story_id = ?",
			nonNil(b), story); err != nil {
			return fmt.Errorf("copy band keys: %w", err)
		}
		if id, ok := storyID(story); ok {
			// Without its fingerprint read, no sketch: it is compared.
			s.bands.add(id, decodeBands(b), nil)
		}
	}
	if len(stories) > 0 {
		s.log.Info("band keys copied beside fingerprints", "stories", len(stories))
	}
	return nil
}

// nonNil stores a story without keys as an empty blob, not NULL, so that
// it is not taken for one whose keys were never copied.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// syncBands indexes what other connections stored since this Store last
// looked (othersCommitted): new stories (ids past the newest indexed) and
// stories whose keys changed (band_changes). It runs inside the batch's
// transaction, under the write lock, so nothing can be committed between
// it and the batch. What another process removed stays in the index: a
// candidate without a stored fingerprint is passed over.
func (s *Store) syncBands(ctx context.Context, tx *sql.Tx) error {
	var newest int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM stories").Scan(&newest); err != nil {
		return fmt.Errorf("sync band index: %w", err)
	}
	if _, err := s.indexStories(ctx, tx, max(int64(s.bands.newest), newest-int64(s.bands.window))); err != nil {
		return fmt.Errorf("sync band index: %w", err)
	}
	s.bands.newest = max(s.bands.newest, uint32(min(newest, math.MaxUint32)))
	if err := s.indexChanged(ctx, tx); err != nil {
		return fmt.Errorf("sync band index: %w", err)
	}
	s.bands.floor = s.bands.newest
	return nil
}

// indexChanged adds the current keys of the stories in band_changes since
// the last sync.
func (s *Store) indexChanged(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.seq, c.story_id, f.bands, f.fingerprint FROM band_changes c
		LEFT JOIN story_fingerprints f ON f.story_id = c.story_id WHERE c.seq > ? ORDER BY c.seq`, s.bandSeq)
	if err != nil {
		return err
	}
	defer rows.Close()
	cut := s.bands.cut(s.bands.newest)
	var sk bantin.Sketch
	for rows.Next() {
		var seq, story int64
		var b, fp []byte
		if err := rows.Scan(&seq, &story, &b, &fp); err != nil {
			return err
		}
		s.bandSeq = seq
		// The sketch is the new fingerprint's: the old one's could rule
		// out a match the new one makes.
		if id, ok := storyID(story); ok && live(id, cut) {
			s.bands.add(id, decodeBands(b), s.sketch(&sk, fp))
		}
	}
	return rows.Err()
}

// sketch writes fp's sketch into dst and returns it, or nil when the
// Matcher keeps no sketches or fp has none.
func (s *Store) sketch(dst *bantin.Sketch, fp []byte) *bantin.Sketch {
	if s.sketcher == nil || len(fp) == 0 || !s.sketcher.Sketch(dst, fp) {
		return nil
	}
	return dst
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
