-- Times are INTEGER nanoseconds since the Unix epoch, UTC; 0 means never.

-- Every unit ever configured. A unit dropped from feeds.yaml keeps its row
-- (in_config = 0) because its items still point at it.
CREATE TABLE units (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    parent     TEXT NOT NULL DEFAULT '',
    in_config  INTEGER NOT NULL DEFAULT 1,
    changed_at INTEGER NOT NULL DEFAULT 0 -- last change to a story it published
) STRICT;

-- Every source ever configured, with what the poller needs between fetches.
CREATE TABLE sources (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT NOT NULL UNIQUE,
    unit_id              TEXT NOT NULL REFERENCES units(id),
    in_config            INTEGER NOT NULL DEFAULT 1,
    etag                 TEXT NOT NULL DEFAULT '',
    last_modified        TEXT NOT NULL DEFAULT '',
    last_fetch_at        INTEGER NOT NULL DEFAULT 0,
    last_ok_at           INTEGER NOT NULL DEFAULT 0,
    last_status          INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT NOT NULL DEFAULT '',
    error_kind           TEXT NOT NULL DEFAULT '',
    failing_since        INTEGER NOT NULL DEFAULT 0,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_fetch_at        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The last fetches of each source, for staff; older rows are pruned.
CREATE TABLE fetch_log (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources(id),
    at           INTEGER NOT NULL,
    duration     INTEGER NOT NULL, -- nanoseconds
    status       INTEGER NOT NULL,
    not_modified INTEGER NOT NULL,
    error_kind   TEXT NOT NULL,
    error        TEXT NOT NULL,
    new          INTEGER NOT NULL,
    updated      INTEGER NOT NULL,
    duplicate    INTEGER NOT NULL
) STRICT;
CREATE INDEX fetch_log_source ON fetch_log(source_id, id);

-- A story is one article merged across sources. Its text is that of its
-- primary copy (the item with the lowest id), kept here so that reading a
-- feed needs no join.
CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE, -- bantin.Story.ID, never changes
    title       TEXT NOT NULL,
    link        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    content     TEXT NOT NULL,
    author      TEXT NOT NULL,
    published   INTEGER NOT NULL, -- earliest copy's
    updated     INTEGER NOT NULL, -- last visible change
    fingerprint BLOB,             -- the primary copy's, for the Matcher
    bands       BLOB              -- its band keys in story_bands, 8 bytes each, little-endian
) STRICT;

-- One row per article per source, every copy kept.
CREATE TABLE items (
    id             INTEGER PRIMARY KEY,
    story_id       INTEGER NOT NULL REFERENCES stories(id),
    source_id      INTEGER NOT NULL REFERENCES sources(id),
    unit_id        TEXT NOT NULL REFERENCES units(id),
    guid           TEXT NOT NULL,
    link           TEXT NOT NULL,
    canonical_link TEXT NOT NULL,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL,
    content        TEXT NOT NULL,
    author         TEXT NOT NULL,
    published      INTEGER NOT NULL,
    source_updated INTEGER NOT NULL,
    first_seen     INTEGER NOT NULL,
    changed_at     INTEGER NOT NULL,
    fingerprint    BLOB,
    UNIQUE (source_id, guid)
) STRICT;
CREATE INDEX items_link ON items(canonical_link, source_id);
CREATE INDEX items_story ON items(story_id, source_id);
CREATE INDEX items_unit_published ON items(unit_id, published);

-- Which units published which story, with the story's published time
-- copied in, so that "newest N of a unit" is one index range read.
CREATE TABLE story_units (
    unit_id   TEXT NOT NULL REFERENCES units(id),
    story_id  INTEGER NOT NULL REFERENCES stories(id),
    published INTEGER NOT NULL,
    PRIMARY KEY (unit_id, story_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX story_units_recent ON story_units(unit_id, published DESC, story_id DESC);
CREATE INDEX story_units_story ON story_units(story_id);

-- LSH band keys of each story's fingerprint: candidates for the Matcher
-- without scanning every story. No index by story: stories.bands says
-- which rows to delete when the fingerprint changes, and a second index
-- would double the cost of the largest table.
CREATE TABLE story_bands (
    band     INTEGER NOT NULL, -- uint64 key stored bit for bit
    story_id INTEGER NOT NULL REFERENCES stories(id),
    PRIMARY KEY (band, story_id)
) STRICT, WITHOUT ROWID;
