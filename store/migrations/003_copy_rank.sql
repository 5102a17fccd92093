-- Which copy of a story is its original: the earliest published, where a
-- copy whose source gave only a day (midnight) counts from the end of
-- that day, so that a re-post dated "13/11/2026" does not take the place
-- of the ward's own article of 07:20 that day. rank is that sort key.
ALTER TABLE items ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
UPDATE items SET rank = published;
