package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"bantin"
)

// inChunk bounds the ids bound into one IN (...) list, well under
// SQLite's limit on parameters.
const inChunk = 500

// Stories returns the newest stories (by Published, then id) that any of
// units published, at most limit, with Units and Links filled. A unit's
// former ids (the config's aliases) count as the unit.
func (s *Store) Stories(ctx context.Context, units []string, limit int) ([]bantin.Story, error) {
	if limit <= 0 || len(units) == 0 {
		return nil, nil
	}
	ids := s.units.expand(units)
	var out []bantin.Story
	err := s.read(ctx, func(tx *sql.Tx) error {
		top, err := newest(ctx, tx, ids, limit)
		if err != nil {
			return err
		}
		if out, err = loadStories(ctx, tx, top); err != nil {
			return err
		}
		return s.loadCopies(ctx, tx, top, out)
	})
	if err != nil {
		return nil, fmt.Errorf("stories of %s: %w", strings.Join(units, ","), err)
	}
	return out, nil
}

type ranked struct {
	id        int64
	published int64
}

// newest merges the newest limit stories of each unit, each read from the
// story_units_recent index. The true newest limit stories of the set are
// among them: a story ranked k-th overall is ranked at most k-th in every
// unit that published it.
func newest(ctx context.Context, tx *sql.Tx, units []string, limit int) ([]ranked, error) {
	st, err := tx.PrepareContext(ctx, `SELECT story_id, published FROM story_units
		WHERE unit_id = ? ORDER BY published DESC, story_id DESC LIMIT ?`)
	if err != nil {
		return nil, fmt.Errorf("newest stories: %w", err)
	}
	defer st.Close()
	seen := make(map[int64]bool)
	var all []ranked
	for _, u := range units {
		rows, err := st.QueryContext(ctx, u, limit)
		if err != nil {
			return nil, fmt.Errorf("newest stories of %s: %w", u, err)
		}
		all, err = appendRanked(rows, all, seen)
		if err != nil {
			return nil, fmt.Errorf("newest stories of %s: %w", u, err)
		}
	}
	slices.SortFunc(all, func(a, b ranked) int {
		if c := cmp.Compare(b.published, a.published); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	return all[:min(len(all), limit)], nil
}

func appendRanked(rows *sql.Rows, all []ranked, seen map[int64]bool) ([]ranked, error) {
	defer rows.Close()
	for rows.Next() {
		var r ranked
		if err := rows.Scan(&r.id, &r.published); err != nil {
			return all, err
		}
		if !seen[r.id] {
			seen[r.id] = true
			all = append(all, r)
		}
	}
	return all, rows.Err()
}

// loadStories reads the stories of top, in top's order.
func loadStories(ctx context.Context, tx *sql.Tx, top []ranked) ([]bantin.Story, error) {
	index := make(map[int64]int, len(top))
	for i, r := range top {
		index[r.id] = i
	}
	out := make([]bantin.Story, len(top))
	for chunk := range slices.Chunk(top, inChunk) {
		q := `SELECT id, uid, title, link, summary, content, author, published, updated
			FROM stories WHERE id IN (` + placeholders(len(chunk)) + `)`
		rows, err := tx.QueryContext(ctx, q, rankedIDs(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("load stories: %w", err)
		}
		if err := scanStories(rows, index, out); err != nil {
			return nil, fmt.Errorf("load stories: %w", err)
		}
	}
	return out, nil
}

func scanStories(rows *sql.Rows, index map[int64]int, out []bantin.Story) error {
	defer rows.Close()
	for rows.Next() {
		var id, published, updated int64
		var st bantin.Story
		if err := rows.Scan(&id, &st.ID, &st.Title, &st.Link, &st.Summary, &st.Content, &st.Author,
			&published, &updated); err != nil {
			return err
		}
		st.Published, st.Updated = fromDB(published), fromDB(updated)
		out[index[id]] = st
	}
	return rows.Err()
}

// loadCopies fills each story's Units (by current id, first publisher
// first) and Links (first copy first) from its copies in the order they
// were published.
func (s *Store) loadCopies(ctx context.Context, tx *sql.Tx, top []ranked, out []bantin.Story) error {
	index := make(map[int64]int, len(top))
	for i, r := range top {
		index[r.id] = i
	}
	for chunk := range slices.Chunk(top, inChunk) {
		q := `SELECT story_id, unit_id, link FROM items WHERE story_id IN (` + placeholders(len(chunk)) + `)
			ORDER BY story_id, rank, id`
		rows, err := tx.QueryContext(ctx, q, rankedIDs(chunk)...)
		if err != nil {
			return fmt.Errorf("load copies: %w", err)
		}
		if err := s.scanCopies(rows, index, out); err != nil {
			return fmt.Errorf("load copies: %w", err)
		}
	}
	return nil
}

func (s *Store) scanCopies(rows *sql.Rows, index map[int64]int, out []bantin.Story) error {
	defer rows.Close()
	for rows.Next() {
		var story int64
		var unit, link string
		if err := rows.Scan(&story, &unit, &link); err != nil {
			return err
		}
		st := &out[index[story]]
		if u := s.units.canonical(unit); !slices.Contains(st.Units, u) {
			st.Units = append(st.Units, u)
		}
		if link != "" && !slices.Contains(st.Links, link) {
			st.Links = append(st.Links, link)
		}
	}
	return rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func rankedIDs(rs []ranked) []any {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = r.id
	}
	return out
}
