package store

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"bantin/vntext"
)

// attach stores v as a new copy of story. A copy older than every other
// becomes the primary one: a ward's own article, found after its city's
// re-post, gives the story its original title and text.
func (in *ingest) attach(story int64, v itemValues) error {
	var cur primaryCopy
	err := in.queryRow("SELECT rank, published, title FROM items WHERE story_id = ? ORDER BY rank, id LIMIT 1",
		[]any{&cur.rank, &cur.published, &cur.title}, story)
	if err != nil {
		return fmt.Errorf("find primary copy: %w", err)
	}
	rank, original := cur.ranks(v, in.now)
	id, err := in.nextItem()
	if err != nil {
		return err
	}
	if err := in.insertCopy(id, story, v, rank); err != nil {
		return err
	}
	if original {
		if err := in.updateStoryText(story, id, v, true); err != nil {
			return err
		}
	}
	// The unit's link takes the story's date; only a new primary copy
	// moves that date, for every unit's link.
	_, err = in.exec(`INSERT OR IGNORE INTO story_units (unit_id, story_id, published)
		SELECT ?, id, published FROM stories WHERE id = ?`, in.unit, story)
	if err != nil {
		return fmt.Errorf("link story to unit: %w", err)
	}
	if original {
		// v is now the first copy by rank: the story's date is the one
		// insertCopy stored for it.
		if err := in.setPublished(story, cmp.Or(v.published, in.now)); err != nil {
			return err
		}
	}
	in.touch(story)
	return nil
}

// primaryCopy is what decides whether a new copy is a story's original.
type primaryCopy struct {
	rank, published int64
	title           string
}

// ranks places v among the copies of the story whose primary is cur, and
// reports whether v becomes the primary. By date, earliest first; but
// when the two fall on one day and one of them gave only the day, the
// dates cannot tell, and the copy whose title is the other's with a
// "Phường X: " label in front is the re-post.
func (cur primaryCopy) ranks(v itemValues, now int64) (rank int64, original bool) {
	rank = cmp.Or(v.rank(), now)
	if !sameDay(v.published, cur.published) {
		return rank, rank < cur.rank
	}
	newTitle, curTitle := vntext.Fold(v.title), vntext.Fold(cur.title)
	switch {
	case labelled(newTitle, curTitle):
		return max(rank, cur.rank+1), false
	case labelled(curTitle, newTitle):
		return min(rank, cur.rank-1), true
	}
	return rank, rank < cur.rank
}

// sameDay reports two store times within one day of each other, so that
// a day-only date and an hour of that day (in any zone) compare as one day.
func sameDay(a, b int64) bool {
	return a != 0 && b != 0 && max(a-b, b-a) < dayNs
}

// labelled reports whether title is other with a label in front:
// "phường phù vân: hội nghị …" for "hội nghị …".
func labelled(title, other string) bool {
	label, ok := strings.CutSuffix(title, other)
	if !ok || other == "" {
		return false
	}
	label = strings.TrimSpace(label)
	return strings.HasSuffix(label, ":") || strings.HasSuffix(label, "-") || strings.HasSuffix(label, "|")
}

// touch marks an existing story as changed by this fetch; a story created
// by this same fetch stays new.
func (in *ingest) touch(story int64) {
	if _, ok := in.touched[story]; !ok {
		in.touched[story] = true
	}
}

// newStory stores v as the primary copy of a new story.
func (in *ingest) newStory(v itemValues) error {
	uid, err := in.storyUID(v)
	if err != nil {
		return err
	}
	published := v.published
	if published == 0 {
		published = in.now
	}
	updated := published
	if v.updated > published {
		updated = v.updated
	}
	item, err := in.nextItem()
	if err != nil {
		return err
	}
	// The story's text is its primary item's (text_item), not a copy.
	// search NULL leaves it to the search indexer (indexer.go).
	res, err := in.exec(`INSERT INTO stories (uid, title, link, summary, content, text_item, author, published,
		updated, search) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, NULL)`,
		uid, v.title, v.link, v.summary, item, v.author, published, updated)
	if err != nil {
		return fmt.Errorf("insert story: %w", err)
	}
	story, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert story: %w", err)
	}
	if err := in.insertFirstItem(item, story, v); err != nil {
		return err
	}
	if err := in.insertFingerprint(story, v); err != nil {
		return err
	}
	in.bands.add(story, v.keys, v.sketch)
	in.seen.uids[uid] = true
	_, err = in.exec(`INSERT INTO story_units (unit_id, story_id, published) VALUES (?, ?, ?)`, in.unit, story, published)
	if err != nil {
		return fmt.Errorf("link story to unit: %w", err)
	}
	in.touched[story] = false
	return nil
}

// updateStoryText makes v, stored as item, the text the story shows and
// is searched by, and, if its fingerprint changed, the one it is matched
// by. A story the indexer has not reached yet is left to it: it reads the
// text as it is then.
func (in *ingest) updateStoryText(story, item int64, v itemValues, fpChanged bool) error {
	var indexed bool
	err := in.queryRow(`UPDATE stories SET title = ?, link = ?, summary = ?, content = '', text_item = ?, author = ?
		WHERE id = ? RETURNING search IS NOT NULL`, []any{&indexed}, v.title, v.link, v.summary, item, v.author, story)
	if err != nil {
		return fmt.Errorf("update story: %w", err)
	}
	if indexed {
		in.search.changed(story, searchText(v.title, v.summary, v.text))
	}
	if !fpChanged {
		return nil
	}
	return in.setFingerprint(story, v)
}

// setPublished gives the story, and every unit's link to it, the date of
// its new primary copy.
func (in *ingest) setPublished(story, published int64) error {
	if _, err := in.exec("UPDATE stories SET published = ? WHERE id = ?", published, story); err != nil {
		return fmt.Errorf("update story date: %w", err)
	}
	if _, err := in.exec("UPDATE story_units SET published = ? WHERE story_id = ?", published, story); err != nil {
		return fmt.Errorf("update story date: %w", err)
	}
	return nil
}

// syncPublished makes the story's date its primary copy's again, here and
// in story_units.
func (in *ingest) syncPublished(story int64) error {
	_, err := in.exec(`UPDATE stories SET published = (SELECT published FROM items WHERE story_id = ?1
		ORDER BY rank, id LIMIT 1) WHERE id = ?1`, story)
	if err != nil {
		return fmt.Errorf("update story date: %w", err)
	}
	_, err = in.exec(`UPDATE story_units SET published = (SELECT published FROM stories WHERE id = ?1)
		WHERE story_id = ?1`, story)
	if err != nil {
		return fmt.Errorf("update story date: %w", err)
	}
	return nil
}

// storyUID names a new story after its first copy's canonical link (or,
// lacking one, its source and guid), so the id reads the same in every
// export of the feed. A link that an earlier story was first seen under
// and has since left gets a numbered variant.
func (in *ingest) storyUID(v itemValues) (string, error) {
	if in.fresh && v.checked && !v.guidStored && !v.uidTaken && !in.wrote(func(s *batchSeen) bool { return s.uids[v.uid] }) {
		return v.uid, nil
	}
	key := uidKey(in.source, v)
	for n := 1; ; n++ {
		uid := storyUIDOf(key, n)
		var taken int
		if err := in.queryRow(uidTakenQuery, []any{&taken}, uidIndexKey(uid), uid); err != nil {
			return "", fmt.Errorf("name story: %w", err)
		}
		if taken == 0 {
			return uid, nil
		}
	}
}

// A story is looked up by its uid through the index stories_uid, on the
// first 8 of the uid's hex digits (migration 007), and the whole uid then
// compared: at a million stories, about a hundred pairs share those digits,
// and a lookup of one reads a row more. The queries must name the same
// expression as the index for SQLite to use it (TestStoryUIDLookupsUseIndex).
const (
	uidsStoredQuery = `SELECT uid FROM stories WHERE substr(uid, 12, 8) IN (%s)`
	uidTakenQuery   = `SELECT EXISTS (SELECT 1 FROM stories WHERE substr(uid, 12, 8) = ? AND uid = ?)`
)

// uidIndexKey is the key stories_uid holds for uid, as SQLite's
// substr(uid, 12, 8) computes it for the ASCII uids storyUIDOf makes.
func uidIndexKey(uid string) string {
	return uid[min(11, len(uid)):min(19, len(uid))]
}

// uidKey is what a story first seen as v of source is named after.
func uidKey(source string, v itemValues) string {
	if v.canon != "" {
		return v.canon
	}
	return source + "\n" + v.guid
}

// storyUIDOf is the n-th name of a story named after key.
func storyUIDOf(key string, n int) string {
	if n > 1 {
		key = fmt.Sprintf("%s\n%d", key, n)
	}
	sum := sha256.Sum256([]byte(key))
	return "urn:bantin:" + hex.EncodeToString(sum[:12])
}
