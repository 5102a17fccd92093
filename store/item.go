package store

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"bantin"
)

// itemValues is an item as it will be stored.
type itemValues struct {
	guid, link, canon               string
	title, summary, content, author string
	published                       int64 // 0: the source gave no believable date
	dateOnly                        bool  // published is a day's midnight
	updated                         int64
	fingerprint                     []byte
	bands                           []uint64
}

func (in *ingest) values(it *bantin.Item) itemValues {
	now := fromDB(in.now)
	v := itemValues{
		guid: it.GUID, link: it.Link, canon: it.CanonicalLink,
		title: it.Title, summary: it.Summary, content: it.Content, author: it.Author,
		fingerprint: it.Fingerprint, bands: it.Bands,
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
		in.log.Debug("item without guid or link", "source", in.source, "title", v.title)
	}
	if plausible(it.Published, now) {
		v.published = toDB(it.Published)
		v.dateOnly = it.DateOnly
	}
	if plausible(it.Updated, now) {
		v.updated = toDB(it.Updated)
	}
	return v
}

func (in *ingest) add(it *bantin.Item) error {
	v := in.values(it)
	own, found, err := in.ownCopy(v)
	if err != nil {
		return err
	}
	if found {
		return in.update(own, v)
	}
	story, found, err := in.storyByLink(v.canon)
	if err != nil {
		return err
	}
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
	id, story                       int64
	guid, link, canon               string
	title, summary, content, author string
	published, updated, firstSeen   int64
	fingerprint                     []byte
}

const storedItemColumns = `id, story_id, guid, link, canonical_link, title, summary, content, author,
	published, source_updated, first_seen, fingerprint`

func (r *storedItem) dest() []any {
	return []any{&r.id, &r.story, &r.guid, &r.link, &r.canon, &r.title, &r.summary, &r.content, &r.author,
		&r.published, &r.updated, &r.firstSeen, &r.fingerprint}
}

// ownCopy finds this source's stored item for v: by guid, else by
// canonical link, since some portals mint a new guid on every fetch.
func (in *ingest) ownCopy(v itemValues) (storedItem, bool, error) {
	var r storedItem
	err := in.queryRow("SELECT "+storedItemColumns+" FROM items WHERE source_id = ? AND guid = ?",
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
	err = in.queryRow("SELECT "+storedItemColumns+" FROM items WHERE canonical_link = ? AND source_id = ? ORDER BY id LIMIT 1",
		r.dest(), v.canon, in.sourceID)
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
		if err := in.updateStoryText(r.story, v, fpChanged); err != nil {
			return err
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

func (in *ingest) insertItem(story int64, v itemValues) error {
	return in.insertItemRanked(story, v, cmp.Or(v.rank(), in.now))
}

// insertItemRanked stores v as a copy of story, placed among its copies
// by rank.
func (in *ingest) insertItemRanked(story int64, v itemValues, rank int64) error {
	published := cmp.Or(v.published, in.now)
	_, err := in.exec(`INSERT INTO items (story_id, source_id, unit_id, guid, link, canonical_link, title, summary,
		content, author, published, rank, source_updated, first_seen, changed_at, fingerprint)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		story, in.sourceID, in.unit, v.guid, v.link, v.canon, v.title, v.summary,
		v.content, v.author, published, rank, v.updated, in.now, in.now, v.fingerprint)
	if err != nil {
		return fmt.Errorf("insert item: %w", err)
	}
	return nil
}
