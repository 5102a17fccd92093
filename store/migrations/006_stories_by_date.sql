-- The newest stories of a large set of units (a province, the whole
-- country) are read newest first from the stories themselves, keeping
-- those of the set, instead of merging the newest of every unit: an
-- uncached feed of 4,000 units was 4,000 index range reads.
CREATE INDEX stories_recent ON stories(published DESC, id DESC);
