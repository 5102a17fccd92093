package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"bantin"
)

// RecordFetch stores one fetch outcome and its items in one transaction:
// the source's state, a fetch log row and every item. Each item is, in
// this order:
//   - the same source's stored item with its GUID, or with its canonical
//     link (portals that mint a new guid on every fetch): updated in place;
//   - a new copy of the story of any stored item with its canonical link;
//   - a new copy of a story whose fingerprint the Matcher calls the same;
//   - else a new story.
//
// Nothing stored is deleted. An item with no title or no believable date is
// stored as it is (dated when first seen); it never fails the fetch.
// It is RecordFetches of one fetch.
func (s *Store) RecordFetch(ctx context.Context, f *bantin.Fetch) (bantin.IngestStats, error) {
	stats, err := s.RecordFetches(ctx, []*bantin.Fetch{f})
	if fe, ok := errors.AsType[FetchErrors](err); ok {
		return bantin.IngestStats{}, fe[0]
	}
	if err != nil {
		return bantin.IngestStats{}, fmt.Errorf("record fetch %s: %w", source(f), err)
	}
	return stats[0], nil
}

// FetchErrors is RecordFetches' error when some fetches of a batch could
// not be recorded and the others were: one entry per fetch, in order, nil
// for those recorded.
type FetchErrors []error

func (e FetchErrors) Error() string {
	var msgs []string
	for _, err := range e {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	return fmt.Sprintf("%d of %d fetches not recorded: %s", len(msgs), len(e), strings.Join(msgs, "; "))
}

func (e FetchErrors) Unwrap() []error { return e }

// RecordFetches records many fetches in one transaction, each as
// RecordFetch would, in order (a source fetched twice in the batch sees
// its first fetch's items). A fetch that cannot be recorded (an unknown
// source, a nil fetch, a failing statement) is left out and reported in a
// FetchErrors; the others commit. Any other error (the transaction could
// not begin or commit, ctx ended) means none was recorded.
//
// Everything an item needs that is not in the database is computed
// before the single writer is taken, and what the database knows of the
// items is read then on a reader connection (lookAhead), so that other
// writers wait only for the SQL that writes. It is PrepareFetches and
// then the function it returns.
func (s *Store) RecordFetches(ctx context.Context, fs []*bantin.Fetch) ([]bantin.IngestStats, error) {
	return s.PrepareFetches(ctx, fs)(ctx)
}

// PrepareFetches does for fs what RecordFetches does before taking the
// writer, and returns what records them. The poller prepares the next
// batch while the writer records this one: what the look-ahead read
// stays true unless a commit since wrote one of the same keys, which the
// Store remembers of its last few commits (writtenLog).
func (s *Store) PrepareFetches(ctx context.Context, fs []*bantin.Fetch) func(context.Context) ([]bantin.IngestStats, error) {
	s.indexer.busy()
	now := toDB(s.now())
	ahead := &lookAhead{commits: s.commits.Load()}
	if len(fs) > 0 {
		ahead.items = s.prepare(ctx, fs, now)
	}
	return func(ctx context.Context) ([]bantin.IngestStats, error) {
		return s.recordPrepared(ctx, fs, ahead, now)
	}
}

func (s *Store) recordPrepared(ctx context.Context, fs []*bantin.Fetch, ahead *lookAhead, now int64) ([]bantin.IngestStats, error) {
	if len(fs) == 0 {
		return nil, nil
	}
	s.indexer.busy()
	errs := make(FetchErrors, len(fs))
	for i, f := range fs {
		if f == nil {
			errs[i] = errors.New("record fetch: nil fetch")
		}
	}
	var stats []bantin.IngestStats
	var units map[string]bool
	for {
		var err error
		stats, units, err = s.recordBatch(ctx, fs, ahead, now, errs)
		if errors.Is(err, errLeftOut) {
			// A fetch failed half way: rather than a savepoint around
			// every fetch (a sixth of a first pass's CPU, mostly copying
			// pages to the sub-journal), the batch is rolled back and
			// done again without it. Each round leaves one more out.
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("record %d fetches: %w", len(fs), err)
		}
		break
	}
	s.units.bump(slices.Sorted(maps.Keys(units)), fromDB(now))
	failed := 0
	for i, f := range fs {
		if errs[i] != nil {
			failed++
			continue
		}
		st := stats[i]
		s.log.Debug("fetch recorded", "source", f.Source, "items", len(f.Items), "new", st.New,
			"updated", st.Updated, "unchanged", st.Unchanged, "duplicate", st.Duplicate)
	}
	if failed > 0 {
		return stats, errs
	}
	return stats, nil
}

// errLeftOut ends a batch's transaction when one of its fetches failed
// and was marked to be left out.
var errLeftOut = errors.New("a fetch of the batch failed")

// lookAhead is what RecordFetches computed and read before taking the
// writer. What it read is still true if no write has been committed
// since: none by this Store (commits) nor by another connection.
type lookAhead struct {
	items   [][]itemValues
	commits int64 // Store.commits before reading
	stale   bool  // a write was committed since
}

// recordBatch records, in one transaction, every fetch of fs that errs
// does not mark as failed. When one fails, it is marked and the
// transaction rolled back with errLeftOut.
func (s *Store) recordBatch(ctx context.Context, fs []*bantin.Fetch, ahead *lookAhead, now int64,
	errs FetchErrors) ([]bantin.IngestStats, map[string]bool, error) {
	stats := make([]bantin.IngestStats, len(fs))
	units := make(map[string]bool)
	var bands *bandWriter
	var seen *batchSeen
	err := s.writeThen(ctx, func(tx *sql.Tx) error {
		others, err := s.othersCommitted(ctx, tx)
		if err != nil {
			return err
		}
		if others && s.bands != nil {
			if err := s.syncBands(ctx, tx); err != nil {
				return err
			}
		}
		// Sticky: a batch done again after a failed fetch still runs
		// after that write.
		prior, known := s.written.since(ahead.commits, s.commits.Load())
		ahead.stale = ahead.stale || others || !known
		bands = newBandWriter(s.bands)
		b := s.newBatch(ctx, tx, bands)
		b.now, b.fresh, b.prior, seen = now, !ahead.stale, prior, b.seen
		defer b.close()
		for i, f := range fs {
			if errs[i] != nil {
				continue
			}
			st, err := b.record(f, ahead.items[i], units)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				errs[i] = fmt.Errorf("record fetch %s: %w", f.Source, err)
				return errLeftOut
			}
			stats[i] = st
		}
		return b.search.flush(b)
	}, func(committed bool) {
		if committed {
			s.written.add(s.commits.Load(), seen)
			s.indexer.ingested()
		}
		switch {
		case bands == nil:
		case committed:
			bands.commit()
		default:
			bands.rollback()
		}
	})
	return stats, units, err
}

// prepare computes the fetches' item values on every core: the caller is
// typically the poller's one writer goroutine, and what it computes here
// would otherwise be serialized with the writes.
func (s *Store) prepare(ctx context.Context, fs []*bantin.Fetch, now int64) [][]itemValues {
	out := make([][]itemValues, len(fs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(fs)) {
		wg.Go(func() {
			for i := range next {
				out[i] = s.prepareItems(ctx, fs[i], now)
			}
		})
	}
	for i, f := range fs {
		if f != nil && len(f.Items) > 0 {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	return out
}

func source(f *bantin.Fetch) string {
	if f == nil {
		return "(nil)"
	}
	return f.Source
}

// batch is the state of one RecordFetches transaction: statements are
// prepared once and reused by every fetch of the batch.
type batch struct {
	ctx context.Context
	// stmtCtx is ctx without its cancellation, for the batch's
	// statements. The driver watches a cancellable context with a
	// goroutine of its own for every statement, to interrupt it: at a
	// dozen statements of microseconds an item, that was 4% of a first
	// pass's CPU. The batch instead checks ctx between items (record),
	// and database/sql rolls the transaction back once ctx ends.
	stmtCtx  context.Context
	tx       *sql.Tx
	readers  func() bool // Store.readers
	matcher  bantin.Matcher
	sketcher bantin.SketchMatcher // nil: every candidate's fingerprint is read
	bands    *bandWriter
	search   *searchWriter
	// fresh: the look-ahead is still true, but for what the batch
	// itself wrote (seen) and what commits since it was read wrote
	// (prior).
	fresh    bool
	seen     *batchSeen
	prior    []*batchSeen // what commits since the look-ahead wrote
	lastItem int64        // the last item id given (nextItem); 0: not read yet
	log      *slog.Logger
	now      int64
	stmts    map[string]*sql.Stmt
}

// newBatch starts a batch of the Store's writes in tx, indexing new
// stories into bands.
func (s *Store) newBatch(ctx context.Context, tx *sql.Tx, bands *bandWriter) *batch {
	return &batch{ctx: ctx, stmtCtx: context.WithoutCancel(ctx), tx: tx, readers: s.readers,
		matcher: s.matcher, sketcher: s.sketcher, bands: bands, search: newSearchWriter(), log: s.log,
		seen: newBatchSeen(), stmts: make(map[string]*sql.Stmt)}
}

// batchSeen is what the batch itself gave items (guids per source,
// canonical links) and stories (ids): the look-ahead, read before the
// batch, does not know them.
type batchSeen struct {
	guids map[sourceGUID]bool
	links map[string]bool
	uids  map[string]bool
}

type sourceGUID struct {
	source int64
	guid   string
}

func newBatchSeen() *batchSeen {
	return &batchSeen{guids: make(map[sourceGUID]bool), links: make(map[string]bool), uids: make(map[string]bool)}
}

// item records that an item of source will be stored (or updated) as v.
func (s *batchSeen) item(source int64, v itemValues) {
	s.guids[sourceGUID{source, v.guid}] = true
	if v.canon != "" {
		s.links[v.canon] = true
	}
}

// unknown reports whether nothing stored has v's guid (for this source)
// or its canonical link: the look-ahead read none, and the batch wrote
// none since.
func (in *ingest) unknown(v itemValues) bool {
	if !in.fresh || !v.checked || v.guidStored || in.wrote(func(s *batchSeen) bool { return s.guids[sourceGUID{in.sourceID, v.guid}] }) {
		return false
	}
	return v.canon == "" || !v.linkStored && !in.wrote(func(s *batchSeen) bool { return s.links[v.canon] })
}

// wrote reports whether the batch, or a commit since its look-ahead,
// wrote what has tells of.
func (b *batch) wrote(has func(*batchSeen) bool) bool {
	if has(b.seen) {
		return true
	}
	for _, s := range b.prior {
		if has(s) {
			return true
		}
	}
	return false
}

// ingest is the state of one fetch within a batch.
type ingest struct {
	*batch
	source   string
	sourceID int64
	unit     string
	stats    bantin.IngestStats
	// touched holds every story added to or changed; true when the change
	// is to an existing story, whose Updated then becomes now.
	touched map[int64]bool
}

func (b *batch) record(f *bantin.Fetch, items []itemValues, units map[string]bool) (bantin.IngestStats, error) {
	in, err := b.newIngest(f.Source)
	if err != nil {
		return bantin.IngestStats{}, err
	}
	for i := range items {
		if err := b.ctx.Err(); err != nil {
			return bantin.IngestStats{}, err
		}
		if err := in.add(items[i]); err != nil {
			return bantin.IngestStats{}, fmt.Errorf("item %q: %w", f.Items[i].GUID, err)
		}
		if b.readers != nil && b.readers() {
			runtime.Gosched()
		}
	}
	changed := make(map[string]bool)
	if err := in.finish(changed); err != nil {
		return bantin.IngestStats{}, err
	}
	maps.Copy(units, changed)
	started := toDB(f.Started)
	if started == 0 {
		started = b.now
	}
	if err := b.recordState(in.sourceID, f, started); err != nil {
		return bantin.IngestStats{}, err
	}
	if err := b.appendFetchLog(in.sourceID, f, started, in.stats); err != nil {
		return bantin.IngestStats{}, err
	}
	return in.stats, nil
}

func (b *batch) newIngest(source string) (*ingest, error) {
	in := &ingest{batch: b, source: source, touched: make(map[int64]bool)}
	err := b.queryRow("SELECT id, unit_id FROM sources WHERE url = ?", []any{&in.sourceID, &in.unit}, source)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errors.New("unknown source: SyncConfig a config that lists it first")
	}
	if err != nil {
		return nil, fmt.Errorf("look up source: %w", err)
	}
	return in, nil
}

// stmt prepares q once per transaction: the same few statements run for
// every item of every fetch of a batch.
func (b *batch) stmt(q string) (*sql.Stmt, error) {
	if st, ok := b.stmts[q]; ok {
		return st, nil
	}
	st, err := b.tx.PrepareContext(b.stmtCtx, q)
	if err != nil {
		return nil, err
	}
	b.stmts[q] = st
	return st, nil
}

func (b *batch) exec(q string, args ...any) (sql.Result, error) {
	st, err := b.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(b.stmtCtx, args...)
}

func (b *batch) queryRow(q string, dest []any, args ...any) error {
	st, err := b.stmt(q)
	if err != nil {
		return err
	}
	return st.QueryRowContext(b.stmtCtx, args...).Scan(dest...)
}

func (b *batch) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}

// finish stamps changed stories and their units with now, and adds the
// units whose stories changed to units, for the in-memory versions.
func (in *ingest) finish(units map[string]bool) error {
	for story, existing := range in.touched {
		if !existing {
			// A story this fetch created has this source's unit alone.
			units[in.unit] = true
			continue
		}
		if _, err := in.exec("UPDATE stories SET updated = ? WHERE id = ?", in.now, story); err != nil {
			return fmt.Errorf("stamp story: %w", err)
		}
		if err := in.storyUnits(story, units); err != nil {
			return err
		}
	}
	for u := range units {
		if _, err := in.exec("UPDATE units SET changed_at = ? WHERE id = ?", in.now, u); err != nil {
			return fmt.Errorf("stamp unit: %w", err)
		}
	}
	return nil
}

func (in *ingest) storyUnits(story int64, into map[string]bool) error {
	st, err := in.stmt("SELECT unit_id FROM story_units WHERE story_id = ?")
	if err != nil {
		return fmt.Errorf("units of story: %w", err)
	}
	rows, err := st.QueryContext(in.stmtCtx, story)
	if err != nil {
		return fmt.Errorf("units of story: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return fmt.Errorf("units of story: %w", err)
		}
		into[u] = true
	}
	return rows.Err()
}
