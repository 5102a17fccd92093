-- Full-text search over stories, insensitive to diacritics and to where a
-- tone mark sits: stories.search holds the story's title and text folded
-- and stripped of every diacritic (vntext.Strip, done in Go: SQLite cannot
-- turn đ into d or move a tone mark), and story_search indexes that column
-- without keeping a second copy of it.
--
-- Rows stored before this migration have search NULL; Open fills them in
-- batches (the partial index finds them), and the update trigger indexes
-- each one as it is filled.
ALTER TABLE stories ADD COLUMN search TEXT;
CREATE INDEX stories_unsearched ON stories(id) WHERE search IS NULL;

CREATE VIRTUAL TABLE story_search USING fts5(
    search,
    content = 'stories',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- An external-content index must be told the old text to forget it.
CREATE TRIGGER stories_search_insert AFTER INSERT ON stories WHEN new.search IS NOT NULL BEGIN
    INSERT INTO story_search (rowid, search) VALUES (new.id, new.search);
END;

CREATE TRIGGER stories_search_update AFTER UPDATE OF search ON stories BEGIN
    INSERT INTO story_search (story_search, rowid, search)
        SELECT 'delete', old.id, old.search WHERE old.search IS NOT NULL;
    INSERT INTO story_search (rowid, search)
        SELECT new.id, new.search WHERE new.search IS NOT NULL;
END;

CREATE TRIGGER stories_search_delete AFTER DELETE ON stories WHEN old.search IS NOT NULL BEGIN
    INSERT INTO story_search (story_search, rowid, search) VALUES ('delete', old.id, old.search);
END;
