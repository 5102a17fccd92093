-- The Matcher compares a new item with up to 50 candidate stories' stored
-- fingerprints. Kept in the stories row they sat behind 3 KB of text and
-- its overflow pages; a narrow table of their own reads them all in one
-- query from a few pages.
CREATE TABLE story_fingerprints (
    story_id    INTEGER PRIMARY KEY REFERENCES stories(id),
    fingerprint BLOB NOT NULL
) STRICT;
INSERT INTO story_fingerprints (story_id, fingerprint)
    SELECT id, fingerprint FROM stories WHERE length(fingerprint) > 0;
ALTER TABLE stories DROP COLUMN fingerprint;
