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
		top, err := s.newest(ctx, tx, ids, limit)
		if err != nil {
			return err
		}
		found, texts, err := s.loadStories(ctx, tx, top)
		if err != nil {
			return err
		}
		out = found
		return s.loadCopies(ctx, tx, top, out, texts)
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

// newest returns the newest limit stories of units: for a set of up to
// perUnitUpTo units, merged from each unit's newest (newestPerUnit), for
// a larger one read from all stories newest first (newestOfMany).
func (s *Store) newest(ctx context.Context, tx *sql.Tx, units []string, limit int) ([]ranked, error) {
	if len(units) > perUnitUpTo {
		return s.newestOfMany(ctx, tx, units, limit)
	}
	return s.newestPerUnit(ctx, tx, units, limit)
}

// newestPerUnit merges the newest limit stories of each unit, each read
// from the story_units_recent index. The true newest limit stories of the
// set are among them: a story ranked k-th overall is ranked at most k-th
// in every unit that published it.
func (s *Store) newestPerUnit(ctx context.Context, tx *sql.Tx, units []string, limit int) ([]ranked, error) {
	st, err := s.readStmt(ctx, tx, `SELECT story_id, published FROM story_units
		WHERE unit_id = ? ORDER BY published DESC, story_id DESC LIMIT ?`)
	if err != nil {
		return nil, fmt.Errorf("newest stories: %w", err)
	}
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

// perUnitUpTo is the largest set of units whose newest stories are merged
// from each unit's; a larger set's are read from all stories, newest
// first. A unit's read costs about 30 µs; reading all stories costs a
// row per story until limit of the set's are found, which for a set of
// more than a few hundred units (a whole province's feed) is a few rows
// more than limit.
const perUnitUpTo = 256

// newestOfMany reads stories newest first with their units, keeping
// those published by one of units, until it has limit of them.
func (s *Store) newestOfMany(ctx context.Context, tx *sql.Tx, units []string, limit int) ([]ranked, error) {
	set := make(map[string]bool, len(units))
	for _, u := range units {
		set[u] = true
	}
	rows, err := s.readQuery(ctx, tx, `SELECT s.id, s.published, su.unit_id
		FROM stories s JOIN story_units su ON su.story_id = s.id
		ORDER BY s.published DESC, s.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("newest stories: %w", err)
	}
	defer rows.Close()
	var out []ranked
	for len(out) < limit && rows.Next() {
		var r ranked
		var unit string
		if err := rows.Scan(&r.id, &r.published, &unit); err != nil {
			return nil, fmt.Errorf("newest stories: %w", err)
		}
		// A story's rows come together; one of the set's is enough.
		if set[unit] && (len(out) == 0 || out[len(out)-1].id != r.id) {
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("newest stories: %w", err)
	}
	return out, nil
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

// loadStories reads the stories of top, in top's order, and the item
// whose text each shows (0: its own, stored before migration 005 or kept
// from a former primary copy); loadCopies reads that text.
func (s *Store) loadStories(ctx context.Context, tx *sql.Tx, top []ranked) ([]bantin.Story, []int64, error) {
	index := make(map[int64]int, len(top))
	for i, r := range top {
		index[r.id] = i
	}
	out := make([]bantin.Story, len(top))
	texts := make([]int64, len(top))
	for chunk := range slices.Chunk(top, inChunk) {
		q := `SELECT id, uid, title, link, summary, content, author, published, updated, text_item
			FROM stories WHERE id IN (` + placeholders(len(chunk)) + `)`
		rows, err := s.readQuery(ctx, tx, q, rankedIDs(chunk)...)
		if err != nil {
			return nil, nil, fmt.Errorf("load stories: %w", err)
		}
		if err := scanStories(rows, index, out, texts); err != nil {
			return nil, nil, fmt.Errorf("load stories: %w", err)
		}
	}
	return out, texts, nil
}

func scanStories(rows *sql.Rows, index map[int64]int, out []bantin.Story, texts []int64) error {
	defer rows.Close()
	for rows.Next() {
		var id, published, updated int64
		var text sql.NullInt64
		var st bantin.Story
		if err := rows.Scan(&id, &st.ID, &st.Title, &st.Link, &st.Summary, &st.Content, &st.Author,
			&published, &updated, &text); err != nil {
			return err
		}
		st.Published, st.Updated = fromDB(published), fromDB(updated)
		out[index[id]], texts[index[id]] = st, text.Int64
	}
	return rows.Err()
}

// loadCopies fills each story's Units (by current id, first publisher
// first) and Links (first copy first) from its copies in the order they
// were published, and the Content of those that show an item's text
// (texts, from loadStories): the query reads every copy's row anyway, so
// the text costs no lookup of its own.
func (s *Store) loadCopies(ctx context.Context, tx *sql.Tx, top []ranked, out []bantin.Story, texts []int64) error {
	index := make(map[int64]int, len(top))
	for i, r := range top {
		index[r.id] = i
	}
	for from := 0; from < len(top); from += inChunk {
		chunk := top[from:min(from+inChunk, len(top))]
		args := rankedIDs(chunk)
		content := "NULL"
		var items []any
		for _, id := range texts[from : from+len(chunk)] {
			if id != 0 {
				items = append(items, id)
			}
		}
		if len(items) > 0 {
			content = "CASE WHEN id IN (" + placeholders(len(items)) + ") THEN content END"
		}
		q := `SELECT story_id, unit_id, link, ` + content + ` FROM items WHERE story_id IN (` +
			placeholders(len(chunk)) + `) ORDER BY story_id, rank, id`
		rows, err := s.readQuery(ctx, tx, q, append(items, args...)...)
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
		var content sql.NullString
		if err := rows.Scan(&story, &unit, &link, &content); err != nil {
			return err
		}
		st := &out[index[story]]
		if u := s.units.canonical(unit); !slices.Contains(st.Units, u) {
			st.Units = append(st.Units, u)
		}
		if link != "" && !slices.Contains(st.Links, link) {
			st.Links = append(st.Links, link)
		}
		if content.Valid {
			st.Content = content.String
		}
	}
	return rows.Err()
}

// maxReadStmts bounds the statements readStmt keeps: the read path has a
// few shapes (a story page is 50 stories), which the cache holds; a
// shape beyond it is prepared for its one use.
const maxReadStmts = 64

// readStmt returns q prepared for tx. The statements of the read path
// are prepared once per connection and kept (SQLite's parse of a query
// with IN lists costs as much as a tenth of reading a story page). A
// statement not kept yet is prepared on tx's own connection, and kept
// once the transaction is over (prepareWanted): preparing it for the
// pool takes a second connection, and readers holding every connection
// while waiting for a second one deadlocked
// (TestReadersPreparingNewStatementsDoNotDeadlock).
func (s *Store) readStmt(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	s.readStmts.Lock()
	st, ok := s.readStmts.m[q]
	if !ok && len(s.readStmts.m)+len(s.readStmts.wanted) < maxReadStmts {
		s.readStmts.wanted[q] = true
	}
	s.readStmts.Unlock()
	if !ok {
		return tx.PrepareContext(ctx, q)
	}
	return tx.StmtContext(ctx, st), nil
}

// prepareWanted prepares for the pool the statements readStmt met that
// it does not keep yet. The caller holds no connection.
func (s *Store) prepareWanted(ctx context.Context) {
	s.readStmts.Lock()
	if len(s.readStmts.wanted) == 0 {
		s.readStmts.Unlock()
		return
	}
	var qs []string
	for q := range s.readStmts.wanted {
		qs = append(qs, q)
	}
	clear(s.readStmts.wanted)
	s.readStmts.Unlock()
	for _, q := range qs {
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			continue // prepared in its transaction next time, and wanted again
		}
		s.readStmts.Lock()
		if _, ok := s.readStmts.m[q]; ok || s.readStmts.m == nil {
			st.Close()
		} else {
			s.readStmts.m[q] = st
		}
		s.readStmts.Unlock()
	}
}

// readQuery runs q in tx through readStmt.
func (s *Store) readQuery(ctx context.Context, tx *sql.Tx, q string, args ...any) (*sql.Rows, error) {
	st, err := s.readStmt(ctx, tx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
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
