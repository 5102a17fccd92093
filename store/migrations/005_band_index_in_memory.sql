-- The band index moved to memory (bandindex.go): 42 random-key rows per
-- story made every insert and candidate lookup a page read, and the table
-- grew with the whole history. Open rebuilds the index from the keys of
-- the newest stories, kept beside their fingerprints: story_fingerprints is
-- narrow, so that scan reads a few pages per hundred stories, where
-- stories.bands sits behind each story's text. stories.bands is no longer
-- written; it is left in place (dropping it would rewrite every story),
-- and Open copies it over for the stories of its window that lack it.
DROP TABLE story_bands;
ALTER TABLE story_fingerprints ADD COLUMN bands BLOB;

-- Stories whose fingerprint changed, in order: a Store on the same file in
-- another process indexes their new keys when it next writes.
CREATE TABLE band_changes (
    seq      INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL
) STRICT;

-- story_search keeps no copy of the text (contentless, with deletes): it
-- was external-content over stories.search, 3 KB more of every story to
-- write. stories.search is now only the mark that a story is indexed
-- ('' once it is, NULL before: the backfill's partial index finds those);
-- rows written before keep their text, which nothing reads.
--
-- The store keeps story_search in step itself, statement by statement, in
-- rowid order at the end of each batch (see searchWriter). Through
-- triggers, every insert into stories ran as a statement that may abort
-- half way: SQLite copied each page it touched to a statement journal
-- first, and FTS5 flushed its pending terms to disk at each such
-- statement, one small segment per story.
DROP TRIGGER stories_search_insert;
DROP TRIGGER stories_search_update;
DROP TRIGGER stories_search_delete;
DROP TABLE story_search;
CREATE VIRTUAL TABLE story_search USING fts5(
    search,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- A batch of a thousand 3 KB articles has about 6 MB of pending terms:
-- with FTS5's 1 MB default, it was flushed as six small segments, which
-- automerge then rewrote level by level. One segment per batch, and
-- merges of 8 segments rather than 4, cut the index's CPU per story by
-- about a third; a search reads at most a few more segments.
INSERT INTO story_search (story_search, rank) VALUES ('hashsize', 16777216);
INSERT INTO story_search (story_search, rank) VALUES ('automerge', 8);
INSERT INTO story_search (rowid, search) SELECT id, search FROM stories WHERE search IS NOT NULL ORDER BY id;
CREATE TRIGGER stories_search_delete AFTER DELETE ON stories BEGIN
    DELETE FROM story_search WHERE rowid = old.id;
END;

-- story_units keyed by story first: what is asked by story (its units,
-- its date, a search filtered by unit) reads the table itself, and the
-- index story_units_story, one more b-tree written per story, goes. The
-- newest stories of a unit are read from story_units_recent as before.
CREATE TABLE story_units_by_story (
    unit_id   TEXT NOT NULL REFERENCES units(id),
    story_id  INTEGER NOT NULL REFERENCES stories(id),
    published INTEGER NOT NULL,
    PRIMARY KEY (story_id, unit_id)
) STRICT, WITHOUT ROWID;
INSERT INTO story_units_by_story (unit_id, story_id, published)
    SELECT unit_id, story_id, published FROM story_units ORDER BY story_id, unit_id;
DROP TABLE story_units;
ALTER TABLE story_units_by_story RENAME TO story_units;
CREATE INDEX story_units_recent ON story_units(unit_id, published DESC, story_id DESC);

-- A story shows its primary item's text: text_item names the item, and
-- stories.content is '' instead of a second copy of its 3 KB. A story
-- stored before, or one that keeps the text of a copy that has since
-- stopped being its primary (the copy is then edited), has its own
-- content and no text_item.
ALTER TABLE stories ADD COLUMN text_item INTEGER;
