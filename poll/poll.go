// Package poll runs the fetch → clean → deduplicate → store pipeline for
// every source: one pass at start, then each source on its own cron
// schedule, with capped exponential backoff for failing sources. It is the
// one place where the stages meet; none of them knows about the others.
package poll

import (
	"context"
	"errors"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"bantin"
	"bantin/clean"
	"bantin/dedup"
	"bantin/fetch"
)

// Store is what the poller needs of package store.
//
// PrepareFetches does, outside the store's one writer, what recording
// fetches needs first, and returns what records them in one transaction:
// the poller prepares the next batch while the writer records this one.
// When only some fetches could not be recorded, the error of what it
// returns unwraps (Unwrap() []error) to one error per fetch, nil for those
// recorded, as store.FetchErrors does; any other error means none was.
type Store interface {
	SourceState(ctx context.Context, url string) (bantin.SourceState, error)
	PrepareFetches(ctx context.Context, fs []*bantin.Fetch) func(context.Context) ([]bantin.IngestStats, error)
}

// Poller fetches sources and records what they brought.
type Poller struct {
	stages  atomic.Pointer[stages]
	reloads atomic.Uint64 // gives each stages its gen
	fp      *dedup.Fingerprinter
	store   Store
	log     *slog.Logger
	now     func() time.Time
	workers int
	metrics *Metrics
	backoff Backoff
	outage  *outageDetector
	// cpu holds a token while a fetch parses, cleans and fingerprints:
	// one per core. Sixteen fetches in flight are mostly waiting on the
	// network; when their bodies arrive together, sixteen goroutines
	// burning CPU would queue readers' requests behind them for hundreds
	// of milliseconds (the Go scheduler has no priorities).
	cpu chan struct{}
	// recorded is what each source's last recorded fetch held, so that
	// what a source sends again unchanged is not processed again.
	recorded *recordedFeeds
	backlog  func(behind bool)
}

// Options wires a Poller.
type Options struct {
	Client        *fetch.Client
	Cleaner       *clean.Cleaner
	Fingerprinter *dedup.Fingerprinter
	Store         Store
	Logger        *slog.Logger
	Clock         func() time.Time
	Location      *time.Location // zone the cron specs are read in
	Workers       int            // fetches in flight overall; 16 when zero
	Metrics       *Metrics       // nil: not measured
	Backoff       Backoff        // zero: DefaultBackoff
	// Backlog, if not nil, is told when the fetchers bring new items
	// faster than the writer's batches take them (true: a batch filled
	// with new items, as through a first pass) and when that ends (false:
	// a batch went out short, nothing came for a batch's wait, or the pass
	// is over). Calls of one pass are in order, true and false in turn;
	// passes at once call it each.
	Backlog func(behind bool)
}

// New returns a Poller.
func New(o Options) *Poller {
	p := &Poller{
		fp: o.Fingerprinter, store: o.Store,
		log: o.Logger, now: o.Clock, workers: o.Workers, metrics: o.Metrics, backoff: o.Backoff,
		recorded: newRecordedFeeds(), backlog: o.Backlog,
	}
	p.Reconfigure(o.Client, o.Cleaner, o.Location)
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.workers <= 0 {
		p.workers = 16
	}
	if p.backoff == (Backoff{}) {
		p.backoff = DefaultBackoff
	}
	p.outage = newOutageDetector(p.now)
	p.cpu = make(chan struct{}, runtime.GOMAXPROCS(0))
	return p
}

// stages are the parts a config reload may replace while fetches run.
type stages struct {
	client  *fetch.Client
	cleaner *clean.Cleaner
	loc     *time.Location
	// gen tells these stages from the ones before a reload without
	// holding on to those: a fetch in flight through a reload is
	// remembered under the old gen, which no later fetch takes as its own.
	gen uint64
}

// Reconfigure swaps the HTTP client, the cleaner and the zone cron specs
// are read in (after a config reload). Fetches in flight finish with the
// old ones. What the old ones cleaned is forgotten: the new cleaner may
// clean it differently, and a source the reload dropped leaves nothing
// behind.
func (p *Poller) Reconfigure(client *fetch.Client, cleaner *clean.Cleaner, loc *time.Location) {
	if loc == nil {
		loc = time.Local
	}
	p.stages.Store(&stages{client: client, cleaner: cleaner, loc: loc, gen: p.reloads.Add(1)})
	p.recorded.forget()
}

// Result is what one fetch of one source did.
type Result struct {
	Source bantin.Source
	Fetch  *bantin.Fetch
	Stats  bantin.IngestStats
	Err    error // the store could not record it; the fetch's own failure is in Fetch.Error
	Items  int   // items the fetch brought, unchanged ones too (Pass drops Fetch.Items once stored)
}

// Failed reports a fetch that failed or could not be recorded.
func (r Result) Failed() bool { return r.Err != nil || r.Fetch == nil || r.Fetch.Failed() }

// FetchOne fetches, cleans, fingerprints and stores one source. The
// source's own failure is recorded, not returned; only a failure to
// record it is an error.
func (p *Poller) FetchOne(ctx context.Context, src bantin.Source) Result {
	h := p.fetchSource(ctx, src)
	if h.err != nil {
		return Result{Source: src, Err: h.err}
	}
	var out Result
	p.recordBatch(ctx, p.prepareBatch(ctx, []fetched{h}), func(r Result) { out = r })
	return out
}

// fetched is a source fetched, cleaned and fingerprinted, on its way to
// the store; err is set when nothing could be fetched (the store could
// not say what is known of the source).
type fetched struct {
	src bantin.Source
	f   *bantin.Fetch
	err error
	// holds is what the store holds of the source once f is recorded;
	// its gen is 0 when that is not known (a 304, a failure).
	holds recordedFeed
}

// fetchSource runs everything of a fetch but recording it: what is known
// of the source, the stages, the outage check and the next fetch time.
func (p *Poller) fetchSource(ctx context.Context, src bantin.Source) fetched {
	state, err := p.store.SourceState(ctx, src.URL)
	if err != nil {
		return fetched{src: src, err: err}
	}
	f, holds := p.fetch(ctx, src, state)
	// Every source failing at once means our own network is down: the
	// sources are not to blame, so their failure count stays.
	f.Offline = p.outage.observe(src.URL, f.ErrorKind) && f.Failed()
	f.NextFetchAt = p.nextFetch(src, f, state)
	return fetched{src: src, f: f, holds: holds}
}

// fetch runs the stages before the store: get, parse, clean, fingerprint.
// What the source sent exactly as last recorded goes no further than it
// must (see recordedFeeds); holds is what the store will hold of the
// source once f is recorded.
func (p *Poller) fetch(ctx context.Context, src bantin.Source, state bantin.SourceState) (f *bantin.Fetch, holds recordedFeed) {
	st := p.stages.Load()
	f = &bantin.Fetch{Source: src.URL, Started: p.now()}
	defer func() { f.Duration = p.now().Sub(f.Started) }()
	resp, err := st.client.Get(ctx, src, state.ETag, state.LastModified)
	if err != nil {
		fail(f, err)
		return f, holds
	}
	f.Status = resp.Status
	if resp.NotModified {
		f.NotModified = true
		return f, holds
	}
	last := p.recorded.last(src.URL, st.gen)
	body := p.recorded.bodyHash(resp)
	if last.sameBody(body) {
		f.ETag, f.LastModified = resp.ETag, resp.LastModified
		f.Unchanged = len(last.items)
		return f, last
	}
	select {
	case p.cpu <- struct{}{}:
	case <-ctx.Done():
		fail(f, ctx.Err())
		return f, holds
	}
	defer func() { <-p.cpu }()
	feed, err := fetch.Parse(resp.Body, resp.ContentType)
	if err != nil {
		fail(f, err)
		return f, holds
	}
	f.ETag, f.LastModified = resp.ETag, resp.LastModified
	changed, unchanged, holds := p.recorded.unchangedItems(last, st.gen, body, src, resp.URL, feed)
	f.Unchanged = unchanged
	sub := *feed
	sub.Items = changed
	f.Items = st.cleaner.Feed(&sub, src, resp.URL)
	for i := range f.Items {
		it := &f.Items[i]
		it.Fingerprint, it.Bands = p.fp.Fingerprint(it.Title, it.Text)
		// A turn for the readers' goroutines between items: without it
		// they wait for the scheduler's 10 ms preemption, many times over.
		runtime.Gosched()
	}
	return f, holds
}

func fail(f *bantin.Fetch, err error) {
	f.ErrorKind = fetch.Kind(err)
	f.Error = err.Error()
	var fe *fetch.Error
	if errors.As(err, &fe) {
		if fe.Status != 0 {
			f.Status = fe.Status
		}
		f.RetryAfter = fe.RetryAfter
	}
}

func (p *Poller) logFetch(src bantin.Source, f *bantin.Fetch, s bantin.IngestStats) {
	if f.Failed() {
		p.log.Warn("fetch failed", "source", src.URL, "unit", src.Unit, "kind", string(f.ErrorKind),
			"status", f.Status, "err", f.Error, "offline", f.Offline, "next", f.NextFetchAt)
		return
	}
	p.log.Debug("fetched", "source", src.URL, "status", f.Status, "new", s.New, "updated", s.Updated,
		"duplicate", s.Duplicate, "duration", f.Duration)
}

// Pass fetches every source once with at most Workers in flight, and
// calls progress (if not nil) after each one is recorded, from one
// goroutine at a time. It returns when all are done or ctx is cancelled.
// The workers hand what they fetched to one writer, which records it in
// batches (see recorder). The results do not keep the items (Fetch.Items
// is nil, Result.Items counts them): a first pass over thousands of
// sources would otherwise hold every item of the country in memory until
// it ends.
func (p *Poller) Pass(ctx context.Context, sources []bantin.Source, progress func(Result)) []Result {
	jobs := make(chan bantin.Source)
	results := make([]Result, 0, len(sources))
	rec := p.startRecorder(ctx, func(r Result) {
		if r.Fetch != nil {
			r.Fetch.Items = nil
		}
		results = append(results, r)
		if progress != nil {
			progress(r)
		}
	})
	var wg sync.WaitGroup
	for range min(p.workers, max(len(sources), 1)) {
		wg.Go(func() {
			for src := range jobs {
				rec.hand(p.fetchSource(ctx, src))
			}
		})
	}
	for _, s := range sources {
		select {
		case jobs <- s:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	rec.stop()
	return results
}
