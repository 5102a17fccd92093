package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"bantin"
	"bantin/vntext"
)

// Bounds of one search, so that a pasted article costs no more than a
// sentence: the phrases and words beyond them are ignored.
const (
	maxSearchPhrases = 8
	maxSearchWords   = 32
)

// searchText is what story_search indexes for a story: its title and
// text with every diacritic stripped, so that "dan van" finds "dân vận"
// and "thuy" finds both "thủy" and "thuỷ". text is the readable text of
// the content; the summary is added only when it does not already carry
// it, as it usually does.
func searchText(title, summary, text string) string {
	body := vntext.Strip(text)
	parts := []string{vntext.Strip(title)}
	if s := vntext.Strip(summary); s != "" && !strings.Contains(body, s) {
		parts = append(parts, s)
	}
	return strings.Join(append(parts, body), "\n")
}

// plainText is the readable text of an item's HTML, as Options.PlainText
// makes it; without one, the text between the tags, so that markup ("p",
// "strong") is never found by a search.
func (s *Store) plainText(doc string) string {
	if s.text != nil {
		return s.text(doc)
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
			b.WriteByte(' ')
		}
	}
}

// searchQuery turns what someone typed into an FTS5 query over stripped
// text, or "" when nothing in it can be searched. Words written together
// are one phrase ("dan van" must appear as those two syllables in a row:
// every story has "dân" somewhere); commas and double quotes separate
// phrases, all of which must appear. Every phrase is quoted, so nothing of
// FTS5's own syntax (NEAR, *, ^, column filters, AND/OR/NOT) passes
// through.
func searchQuery(q string) string {
	var phrases []string
	words := 0
	for part := range strings.FieldsFuncSeq(q, func(r rune) bool { return r == ',' || r == '"' || r == '\n' }) {
		w := vntext.Words(vntext.Strip(part))
		if len(w) == 0 {
			continue
		}
		w = w[:min(len(w), maxSearchWords-words)]
		words += len(w)
		phrases = append(phrases, `"`+strings.ReplaceAll(strings.Join(w, " "), `"`, `""`)+`"`)
		if len(phrases) == maxSearchPhrases || words == maxSearchWords {
			break
		}
	}
	return strings.Join(phrases, " AND ")
}

// Search returns the stories whose title or text contains every phrase of
// q (see searchQuery), newest first, skipping offset and at most limit,
// and how many match in all. With units, only stories that one of them
// (or a former id of one) published count. A q with nothing to search
// finds nothing.
func (s *Store) Search(ctx context.Context, q string, units []string, limit, offset int) ([]bantin.Story, int, error) {
	match := searchQuery(q)
	if match == "" || limit <= 0 {
		return nil, 0, nil
	}
	where, args := `story_search MATCH ?`, []any{match}
	if len(units) > 0 {
		ids := s.units.expand(units)
		// A correlated EXISTS keeps the index outermost: with IN (SELECT
		// ...), SQLite ran the full-text query once per story of the unit.
		where += ` AND EXISTS (SELECT 1 FROM story_units su WHERE su.story_id = f.rowid AND su.unit_id IN (` +
			placeholders(len(ids)) + `))`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	var out []bantin.Story
	var total int
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM story_search f WHERE `+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count matches: %w", err)
		}
		top, err := searchPage(ctx, tx, where, args, limit, max(offset, 0))
		if err != nil || len(top) == 0 {
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
		return nil, 0, fmt.Errorf("search %q: %w", q, err)
	}
	return out, total, nil
}

func searchPage(ctx context.Context, tx *sql.Tx, where string, args []any, limit, offset int) ([]ranked, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.published FROM story_search f JOIN stories s ON s.id = f.rowid
		WHERE `+where+` ORDER BY s.published DESC, s.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("find matches: %w", err)
	}
	return appendRanked(rows, nil, make(map[int64]bool))
}

// searchWriter holds a batch's changes to story_search until its end,
// when they are written in rowid order. FTS5 keeps the terms of rows
// written in ascending rowid order in memory and writes them as one
// segment at commit; a rowid lower than the last one written (an edited
// story older than one the batch added) makes it flush what it holds
// first, as a small segment of its own that merges then rewrite.
type searchWriter struct {
	rows map[int64]*searchRow
}

type searchRow struct {
	indexed bool // stored before the batch: its old text is to be deleted
	text    string
}

func newSearchWriter() *searchWriter {
	return &searchWriter{rows: make(map[int64]*searchRow)}
}

// added records a story stored by the batch.
func (w *searchWriter) added(story int64, text string) {
	w.rows[story] = &searchRow{text: text}
}

// changed records a story's new text.
func (w *searchWriter) changed(story int64, text string) {
	if r, ok := w.rows[story]; ok {
		r.text = text
		return
	}
	w.rows[story] = &searchRow{indexed: true, text: text}
}

// flush writes the batch's changes.
func (w *searchWriter) flush(b *batch) error {
	ids := slices.Sorted(maps.Keys(w.rows))
	for _, id := range ids {
		r := w.rows[id]
		if r.indexed {
			if _, err := b.exec("DELETE FROM story_search WHERE rowid = ?", id); err != nil {
				return fmt.Errorf("index stories for search: %w", err)
			}
		}
		if _, err := b.exec("INSERT INTO story_search (rowid, search) VALUES (?, ?)", id, r.text); err != nil {
			return fmt.Errorf("index stories for search: %w", err)
		}
	}
	clear(w.rows)
	return nil
}

// backfillBatch is how many stories one transaction of the backfill
// indexes: small enough that the poller's writes wait little for it.
const backfillBatch = 500

// backfillSearch indexes the stories stored before search existed (or by
// a bantin that did not fill the column), a batch per transaction. After
// the first run it is one index probe.
func (s *Store) backfillSearch(ctx context.Context) error {
	total := 0
	for {
		n, err := s.backfillBatch(ctx)
		if err != nil {
			return fmt.Errorf("index stories for search: %w", err)
		}
		total += n
		if n < backfillBatch {
			break
		}
	}
	if total > 0 {
		s.log.Info("stories indexed for search", "stories", total)
	}
	return nil
}

func (s *Store) backfillBatch(ctx context.Context) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.title, s.summary, COALESCE(i.content, s.content)
			FROM stories s LEFT JOIN items i ON i.id = s.text_item
			WHERE s.search IS NULL ORDER BY s.id LIMIT ?`, backfillBatch)
		if err != nil {
			return err
		}
		type row struct {
			id                      int64
			title, summary, content string
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.title, &r.summary, &r.content); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range batch {
			search := searchText(r.title, r.summary, s.plainText(r.content))
			if _, err := tx.ExecContext(ctx, "UPDATE stories SET search = '' WHERE id = ?", r.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO story_search (rowid, search) VALUES (?, ?)", r.id, search); err != nil {
				return err
			}
		}
		n = len(batch)
		return nil
	})
	return n, err
}
