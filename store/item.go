package store

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"bantin"
)

// itemValues is an item as it will be stored.
type itemValues struct {
	guid, link, canon               string
	title, summary, content, author string
	text                            string // content's readable text
	published                       int64  // 0: the source gave no believable date
	dateOnly                        bool   // published is a day's midnight
	updated                         int64
	fingerprint                     []byte
	bands                           []uint64
	// Computed before the writer is taken: nothing in them needs the
	// database.
	keys   []uint64       // band keys to index, each once: none without a fingerprint
	sketch *bantin.Sketch // the fingerprint's sketch, if the Matcher keeps them
	uid    string         // the id a new story of v takes, unless it is taken
	// What the database held, read before the writer is taken (checked):
	// the source's item with this guid; unless there is one, any item
	// with this canonical link, a story with id uid.
	checked                          bool
	guidStored, linkStored, uidTaken bool
}

// prepareItems computes what f's items will be stored as, outside the
// writer, and reads on a reader connection what the database already
// knows them by (lookAhead), so that the writer need not ask for an item
// nothing knows. Failing to read only means asking under the writer.
func (s *Store) prepareItems(ctx context.Context, f *bantin.Fetch, now int64) []itemValues {
	out := make([]itemValues, len(f.Items))
	for i := range f.Items {
		out[i] = s.values(f.Source, &f.Items[i], now)
	}
	if len(out) == 0 {
		return out
	}
	known, err := s.lookAhead(ctx, f.Source, out)
	if err != nil {
		s.log.Debug("stored items not read before writing", "source", f.Source, "err", err)
		return out
	}
	for i := range out {
		v := &out[i]
		v.checked = true
		v.guidStored, v.linkStored, v.uidTaken = known.guids[v.guid], known.links[v.canon], known.uids[v.uid]
	}
	return out
}

// maxVars bounds the parameters of one statement, well under SQLite's.
const maxVars = 500

// storedKeys are the guids (of one source), canonical links (of any
// source) and story ids that a fetch's items have and the database holds.
type storedKeys struct {
	guids, links, uids map[string]bool
}

// lookAhead reads, in one snapshot of a reader connection, which of the
// items' guids src has stored and, for the items it has not (the ones
// likely to become stories), which of their canonical links any item has
// and which of the story ids their new stories would take are taken: a
// few queries per fetch rather than as many per item under the writer.
func (s *Store) lookAhead(ctx context.Context, src string, items []itemValues) (storedKeys, error) {
	known := storedKeys{guids: make(map[string]bool), links: make(map[string]bool), uids: make(map[string]bool)}
	guids := make([]any, 0, len(items))
	for _, v := range items {
		guids = append(guids, v.guid)
	}
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := readKeys(ctx, tx, `SELECT guid FROM items WHERE source_id = (SELECT id FROM sources WHERE url = ?)
			AND guid IN (%s)`, []any{src}, guids, known.guids); err != nil {
			return err
		}
		var links, uids []any
		for _, v := range items {
			if known.guids[v.guid] {
				continue
			}
			uids = append(uids, uidIndexKey(v.uid))
			if v.canon != "" {
				links = append(links, v.canon)
			}
		}
		if err := readKeys(ctx, tx, `SELECT canonical_link FROM items WHERE canonical_link IN (%s)`,
			nil, links, known.links); err != nil {
			return err
		}
		return readKeys(ctx, tx, uidsStoredQuery, nil, uids, known.uids)
	})
	return known, err
}

// readKeys runs q (with an IN list in place of its %s) over keys in
// chunks, after the arguments first, and adds the keys it returns to into.
func readKeys(ctx context.Context, tx *sql.Tx, q string, first, keys []any, into map[string]bool) error {
	for chunk := range slices.Chunk(keys, maxVars) {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(q, placeholders(len(chunk))), append(slices.Clip(first), chunk...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			into[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) values(source string, it *bantin.Item, nowDB int64) itemValues {
	now := fromDB(nowDB)
	v := itemValues{
		guid: it.GUID, link: it.Link, canon: it.CanonicalLink,
		title: it.Title, summary: it.Summary, content: it.Content, text: it.Text, author: it.Author,
		fingerprint: it.Fingerprint, bands: it.Bands,
	}
	if v.text == "" {
		v.text = s.plainText(v.content)
	}
	if v.canon == "" {
		v.canon = v.link
	}
	if v.guid == "" {
		v.guid = v.canon
	}
	if v.guid == "" {
		// Neither id nor link: the text is all there is to know it by.
		sum := sha256.Sum256([]byte(v.title + "\x00" + v.summary + "\x00" + v.content))
		v.guid = "sha256:" + hex.EncodeToString(sum[:16])
		s.log.Debug("item without guid or link", "source", source, "title", v.title)
	}
	if plausible(it.Published, now) {
		v.published = toDB(it.Published)
		v.dateOnly = it.DateOnly
	}
	if plausible(it.Updated, now) {
		v.updated = toDB(it.Updated)
	}
	v.keys = storyBands(v)
	if len(v.keys) > 0 {
		v.sketch = s.sketch(new(bantin.Sketch), v.fingerprint)
	}
	v.uid = storyUIDOf(uidKey(source, v), 1)
	return v
}

func (in *ingest) add(v itemValues) error {
	own, found, err := in.ownCopy(v)
	if err != nil {
		return err
	}
	in.seen.item(in.sourceID, v)
	if found && own.source == in.sourceID {
		return in.update(own, v)
	}
	// Another source's copy with the same canonical link.
	story := own.story
	if !found {
		story, found, err = in.storyByFingerprint(v)
		if err != nil {
			return err
		}
	}
	if found {
		in.stats.Duplicate++
		return in.attach(story, v)
	}
	in.stats.New++
	return in.newStory(v)
}

// storedItem is the part of an item row an update compares.
type storedItem struct {
	id, story, source               int64
	guid, link, canon               string
	title, summary, content, author string
	published, updated, firstSeen   int64
	fingerprint                     []byte
}

// storedItemColumns read an item from the items table. A new story's
// first item keeps no fingerprint of its own (NULL): it is its story's,
// in story_fingerprints, and storing it twice made an item row too large
// for two to share a page. Once another copy becomes the primary one, the
// story's fingerprint is that copy's, and the first item's reads as
// changed at its next edit: the edit then stores its own.
const storedItemColumns = `id, story_id, source_id, guid, link, canonical_link, title, summary, content, author,
	published, source_updated, first_seen,
	COALESCE(fingerprint, (SELECT f.fingerprint FROM story_fingerprints f WHERE f.story_id = items.story_id))`

func (r *storedItem) dest() []any {
	return []any{&r.id, &r.story, &r.source, &r.guid, &r.link, &r.canon, &r.title, &r.summary, &r.content, &r.author,
		&r.published, &r.updated, &r.firstSeen, &r.fingerprint}
}

// ownCopy finds this source's stored item for v: by guid, else by
// canonical link, since some portals mint a new guid on every fetch.
// Lacking one, it returns the first stored item of any source with that
// link (r.source tells which), whose story v is a copy of: one query
// answers both.
func (in *ingest) ownCopy(v itemValues) (r storedItem, found bool, err error) {
	if in.unknown(v) {
		return r, false, nil
	}
	err = in.queryRow("SELECT "+storedItemColumns+" FROM items WHERE source_id = ? AND guid = ?",
		r.dest(), in.sourceID, v.guid)
	if err == nil {
		return r, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return r, false, fmt.Errorf("find by guid: %w", err)
	}
	if v.canon == "" {
		return r, false, nil
	}
	err = in.queryRow("SELECT "+storedItemColumns+` FROM items WHERE canonical_link = ?
		ORDER BY source_id = ? DESC, id LIMIT 1`, r.dest(), v.canon, in.sourceID)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("find by link: %w", err)
	}
	return r, true, nil
}

// update brings the stored item r up to date with v.
func (in *ingest) update(r storedItem, v itemValues) error {
	published := r.published
	if v.published != 0 && v.published <= r.firstSeen {
		// A date after the item was first seen would be a clock's
		// "now" standing in for a missing date: keep the first one.
		published = v.published
	}
	if v.canon == r.canon {
		// Same article at the same address: a raw link that differs only
		// in tracking parameters (rotated per fetch by some portals) is
		// not an edit, and the first one stays what readers see.
		v.link = r.link
	}
	textChanged := r.title != v.title || r.summary != v.summary || r.content != v.content || r.author != v.author
	linkChanged := r.canon != v.canon
	dateChanged := published != r.published
	changed := textChanged || linkChanged || dateChanged
	fpChanged := !bytes.Equal(r.fingerprint, v.fingerprint)
	updated := r.updated
	if v.updated != 0 {
		updated = v.updated
	}
	if !changed && !fpChanged && r.guid == v.guid && updated == r.updated {
		in.stats.Unchanged++
		return nil
	}
	// The rank stays as attach placed it unless the date itself moved.
	rank := v.rank()
	if published != v.published {
		rank = published
	}
	_, err := in.exec(`UPDATE items SET guid = ?, link = ?, canonical_link = ?, title = ?, summary = ?, content = ?,
		author = ?, published = ?, rank = CASE WHEN ? THEN ? ELSE rank END, source_updated = ?, fingerprint = ?,
		changed_at = CASE WHEN ? THEN ? ELSE changed_at END WHERE id = ?`,
		v.guid, v.link, v.canon, v.title, v.summary, v.content, v.author, published, dateChanged, rank, updated,
		v.fingerprint, changed, in.now, r.id)
	if err != nil {
		return fmt.Errorf("update item: %w", err)
	}
	if changed {
		in.stats.Updated++
	} else {
		in.stats.Unchanged++
	}
	primary, err := in.isPrimary(r)
	if err != nil {
		return err
	}
	if primary && (changed || fpChanged) {
		if err := in.updateStoryText(r.story, r.id, v, fpChanged); err != nil {
			return err
		}
	}
	if !primary && r.content != v.content {
		// The story may still show this copy's text, from when it was
		// the primary one: it keeps showing the text it had.
		if _, err := in.exec("UPDATE stories SET content = ?, text_item = NULL WHERE id = ? AND text_item = ?",
			r.content, r.story, r.id); err != nil {
			return fmt.Errorf("keep story text: %w", err)
		}
	}
	if dateChanged {
		if err := in.syncPublished(r.story); err != nil {
			return err
		}
	}
	// Readers see a story's primary text, its links and its date; an edit
	// to the summary of a secondary copy changes nothing they see.
	if (primary && changed) || linkChanged || dateChanged {
		in.touch(r.story)
	}
	return nil
}

// dayNs is a day in the store's time unit.
const dayNs = int64(24 * time.Hour)

// rank orders the copies of a story, earliest first (see migration 003):
// a copy dated only by its day counts from that day's end.
func (v itemValues) rank() int64 {
	if v.dateOnly && v.published != 0 {
		return v.published + dayNs - 1
	}
	return v.published
}

// isPrimary reports whether r is its story's primary copy, whose text the
// story shows: the earliest published, the first stored among equals.
func (in *ingest) isPrimary(r storedItem) (bool, error) {
	var first int64
	err := in.queryRow("SELECT id FROM items WHERE story_id = ? ORDER BY rank, id LIMIT 1", []any{&first}, r.story)
	if err != nil {
		return false, fmt.Errorf("find primary copy: %w", err)
	}
	return first == r.id, nil
}

// insertFirstItem stores v as item id (from nextItem), the first copy of
// the new story, whose fingerprint is the story's (storedItemColumns).
func (in *ingest) insertFirstItem(id, story int64, v itemValues) error {
	return in.insertItemRanked(id, story, v, cmp.Or(v.rank(), in.now), nil)
}

// insertCopy stores v as item id (from nextItem), a copy of story placed
// among its copies by rank, with its own fingerprint (an empty one is an
// empty blob, not NULL: it has none).
func (in *ingest) insertCopy(id, story int64, v itemValues, rank int64) error {
	return in.insertItemRanked(id, story, v, rank, v.fingerprint)
}

func (in *ingest) insertItemRanked(id, story int64, v itemValues, rank int64, fingerprint any) error {
	published := cmp.Or(v.published, in.now)
	_, err := in.exec(`INSERT INTO items (id, story_id, source_id, unit_id, guid, link, canonical_link, title,
		summary, content, author, published, rank, source_updated, first_seen, changed_at, fingerprint)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, story, in.sourceID, in.unit, v.guid, v.link, v.canon, v.title, v.summary,
		v.content, v.author, published, rank, v.updated, in.now, in.now, fingerprint)
	if err != nil {
		return fmt.Errorf("insert item: %w", err)
	}
	return nil
}

// nextItem is the id the next item stored takes: items are numbered by
// the batch (it holds the write lock), so that a new story can name its
// primary item in the statement that inserts it.
func (in *ingest) nextItem() (int64, error) {
	if in.lastItem == 0 {
		if err := in.queryRow("SELECT COALESCE(MAX(id), 0) FROM items", []any{&in.lastItem}); err != nil {
			return 0, fmt.Errorf("number item: %w", err)
		}
	}
	in.lastItem++
	return in.lastItem, nil
}
