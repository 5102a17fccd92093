-- bantin: foreign keys off
-- A story's uid ("urn:bantin:" and 24 hex digits of a hash) was kept
-- unique by an index on the whole text. New stories land all over such an
-- index, so every commit rewrote most of its pages: on a first pass of
-- 1,716 feeds, 29% of the pages written to the WAL. The writer looks a
-- new uid up before it stores one (storyUID), so stories are rebuilt
-- without the UNIQUE constraint (SQLite cannot drop one), and the lookup
-- goes through an index on the first 8 hex digits, 2.6 times smaller, and
-- then compares the whole uid. Foreign keys are off while the table is
-- swapped, as SQLite's procedure for rebuilding a table asks; the runner
-- checks them all before the commit.
CREATE TABLE stories_rebuilt (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL, -- bantin.Story.ID, never changes; one story each (storyUID)
    title       TEXT NOT NULL,
    link        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    content     TEXT NOT NULL,
    author      TEXT NOT NULL,
    published   INTEGER NOT NULL, -- earliest copy's
    updated     INTEGER NOT NULL, -- last visible change
    bands       BLOB,             -- band keys of stories stored before migration 005
    search      TEXT,
    text_item   INTEGER
) STRICT;
INSERT INTO stories_rebuilt (id, uid, title, link, summary, content, author, published, updated, bands, search, text_item)
    SELECT id, uid, title, link, summary, content, author, published, updated, bands, search, text_item
    FROM stories ORDER BY id;
DROP TABLE stories;
ALTER TABLE stories_rebuilt RENAME TO stories;

CREATE INDEX stories_uid ON stories(substr(uid, 12, 8));
CREATE INDEX stories_unsearched ON stories(id) WHERE search IS NULL;
CREATE INDEX stories_recent ON stories(published DESC, id DESC);
CREATE TRIGGER stories_search_delete AFTER DELETE ON stories BEGIN
    DELETE FROM story_search WHERE rowid = old.id;
END;
