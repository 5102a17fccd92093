package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"bantin"
)

// fetchLogKeep is how many past fetches of a source are kept for staff.
const fetchLogKeep = 50

const sourceColumns = `url, unit_id, etag, last_modified, last_fetch_at, last_ok_at, last_status,
	last_error, error_kind, failing_since, consecutive_failures, next_fetch_at`

type scanner interface{ Scan(dest ...any) error }

func scanSource(r scanner) (bantin.SourceState, error) {
	var st bantin.SourceState
	var fetchAt, okAt, failingSince, nextAt int64
	var kind string
	err := r.Scan(&st.URL, &st.Unit, &st.ETag, &st.LastModified, &fetchAt, &okAt, &st.LastStatus,
		&st.LastError, &kind, &failingSince, &st.ConsecutiveFailures, &nextAt)
	st.LastFetchAt, st.LastOKAt = fromDB(fetchAt), fromDB(okAt)
	st.FailingSince, st.NextFetchAt = fromDB(failingSince), fromDB(nextAt)
	st.ErrorKind = bantin.ErrorKind(kind)
	return st, err
}

// SourceState returns what is known of a source; a zero state (URL set) if
// never fetched or never configured.
func (s *Store) SourceState(ctx context.Context, url string) (bantin.SourceState, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+sourceColumns+" FROM sources WHERE url = ?", url)
	st, err := scanSource(row)
	if errors.Is(err, sql.ErrNoRows) {
		return bantin.SourceState{URL: url}, nil
	}
	if err != nil {
		return bantin.SourceState{URL: url}, fmt.Errorf("source state %s: %w", url, err)
	}
	return st, nil
}

// SourceStates returns the state of every source ever configured, those
// of the current config first, each group in the order first configured.
func (s *Store) SourceStates(ctx context.Context) ([]bantin.SourceState, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+sourceColumns+" FROM sources ORDER BY in_config DESC, id")
	if err != nil {
		return nil, fmt.Errorf("source states: %w", err)
	}
	defer rows.Close()
	var out []bantin.SourceState
	for rows.Next() {
		st, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("source states: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("source states: %w", err)
	}
	return out, nil
}

// FetchLog returns the last n fetches of a source, newest first.
func (s *Store) FetchLog(ctx context.Context, url string, n int) ([]bantin.FetchRecord, error) {
	if n <= 0 {
		return nil, nil
	}
	const q = `SELECT l.at, l.duration, l.status, l.not_modified, l.error_kind, l.error, l.new, l.updated, l.duplicate
		FROM fetch_log l JOIN sources s ON s.id = l.source_id
		WHERE s.url = ? ORDER BY l.id DESC LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, url, n)
	if err != nil {
		return nil, fmt.Errorf("fetch log %s: %w", url, err)
	}
	defer rows.Close()
	var out []bantin.FetchRecord
	for rows.Next() {
		var r bantin.FetchRecord
		var at, dur int64
		var kind string
		if err := rows.Scan(&at, &dur, &r.Status, &r.NotModified, &kind, &r.Error, &r.New, &r.Updated, &r.Duplicate); err != nil {
			return nil, fmt.Errorf("fetch log %s: %w", url, err)
		}
		r.At, r.Duration, r.ErrorKind = fromDB(at), durationFromDB(dur), bantin.ErrorKind(kind)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("fetch log %s: %w", url, err)
	}
	return out, nil
}

// durationFromDB reads a stored duration; a negative one (a clock that
// stepped back) reads as zero.
func durationFromDB(n int64) time.Duration {
	return time.Duration(max(n, 0))
}

// recordState updates the source's state after fetch f, which started at
// started, in one statement. A failure while every source failed
// (f.Offline) is our network's fault, not the source's: its error is shown
// but its failure run does not grow, so staff do not see every source as
// broken after an outage.
func (b *batch) recordState(sourceID int64, f *bantin.Fetch, started int64) error {
	const set = `UPDATE sources SET last_fetch_at = ?1, last_status = ?2, next_fetch_at = ?3, `
	var err error
	switch {
	case !f.Failed():
		_, err = b.exec(set+`last_ok_at = ?1, last_error = '', error_kind = '',
			consecutive_failures = 0, failing_since = 0,
			etag = CASE WHEN ?4 <> '' THEN ?4 ELSE etag END,
			last_modified = CASE WHEN ?5 <> '' THEN ?5 ELSE last_modified END
			WHERE id = ?6`, started, f.Status, toDB(f.NextFetchAt), f.ETag, f.LastModified, sourceID)
	case f.Offline:
		_, err = b.exec(set+`last_error = ?4, error_kind = ?5 WHERE id = ?6`,
			started, f.Status, toDB(f.NextFetchAt), f.Error, string(errorKind(f)), sourceID)
	default:
		_, err = b.exec(set+`last_error = ?4, error_kind = ?5,
			failing_since = CASE WHEN consecutive_failures = 0 OR failing_since = 0 THEN ?1 ELSE failing_since END,
			consecutive_failures = consecutive_failures + 1
			WHERE id = ?6`, started, f.Status, toDB(f.NextFetchAt), f.Error, string(errorKind(f)), sourceID)
	}
	if err != nil {
		return fmt.Errorf("update source state: %w", err)
	}
	return nil
}

// errorKind is f's kind of failure; a failure that named none is "other".
func errorKind(f *bantin.Fetch) bantin.ErrorKind {
	if f.Failed() && f.ErrorKind == bantin.ErrNone {
		return bantin.ErrOther
	}
	if !f.Failed() {
		return bantin.ErrNone
	}
	return f.ErrorKind
}

// appendFetchLog records f and what it did, and prunes the source's log
// to its last fetchLogKeep rows.
func (b *batch) appendFetchLog(sourceID int64, f *bantin.Fetch, started int64, st bantin.IngestStats) error {
	_, err := b.exec(`INSERT INTO fetch_log
		(source_id, at, duration, status, not_modified, error_kind, error, new, updated, duplicate)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sourceID, started, int64(f.Duration), f.Status, f.NotModified, string(errorKind(f)), f.Error,
		st.New, st.Updated, st.Duplicate)
	if err != nil {
		return fmt.Errorf("append fetch log: %w", err)
	}
	_, err = b.exec(`DELETE FROM fetch_log WHERE source_id = ?1 AND id <= (
		SELECT id FROM fetch_log WHERE source_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)`,
		sourceID, fetchLogKeep)
	if err != nil {
		return fmt.Errorf("prune fetch log: %w", err)
	}
	return nil
}
