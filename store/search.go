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
	s.catchUpSearch(ctx)
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

// catchUpSearch indexes the stories that wait for the index before a
// search, so that it finds every stored story. While a pass is recording
// fetches it indexes one batch at most (the oldest waiting): more would
// take the writer from the pass, and wait for it, batch after batch, so a
// search in the middle of a large pass may miss the newest of its stories
// until the pass ends. Should indexing fail, the search answers from what
// is indexed, and the failure is logged.
func (s *Store) catchUpSearch(ctx context.Context) {
	pending, err := s.searchPending(ctx)
	switch {
	case err != nil || !pending:
	case s.indexer.ingesting():
		_, err = s.indexBatch(ctx)
	default:
		_, err = s.IndexSearch(ctx)
	}
	if err != nil && ctx.Err() == nil {
		s.log.Warn("search answered before every story was indexed", "err", err)
	}
}

func searchPage(ctx context.Context, tx *sql.Tx, where string, args []any, limit, offset int) ([]ranked, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.published FROM story_search f JOIN stories s ON s.id = f.rowid
		WHERE `+where+` ORDER BY s.published DESC, s.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("find matches: %w", err)
	}
	return appendRanked(rows, nil, make(map[int64]bool))
}

// searchWriter holds a batch's edits of indexed stories until its end,
// when they are written in rowid order. FTS5 keeps the terms of rows
// written in ascending rowid order in memory and writes them as one
// segment at commit; a rowid lower than the last one written makes it
// flush what it holds first, as a small segment of its own that merges
// then rewrite. New stories are not here: the indexer (indexer.go) adds
// them once the writer is idle.
type searchWriter struct {
	rows map[int64]string // story: its new search text
}

func newSearchWriter() *searchWriter {
	return &searchWriter{rows: make(map[int64]string)}
}

// changed records an indexed story's new text.
func (w *searchWriter) changed(story int64, text string) { w.rows[story] = text }

// flush writes the batch's changes.
func (w *searchWriter) flush(b *batch) error {
	for _, id := range slices.Sorted(maps.Keys(w.rows)) {
		if _, err := b.exec("DELETE FROM story_search WHERE rowid = ?", id); err != nil {
			return fmt.Errorf("index stories for search: %w", err)
		}
		if _, err := b.exec("INSERT INTO story_search (rowid, search) VALUES (?, ?)", id, w.rows[id]); err != nil {
			return fmt.Errorf("index stories for search: %w", err)
		}
	}
	clear(w.rows)
	return nil
}
