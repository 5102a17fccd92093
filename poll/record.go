package poll

import (
	"context"
	"fmt"
	"time"

	"bantin"
)

// A batch is committed when it holds this many items (a fetch without
// items counts as one) or when its first fetch has waited this long,
// whichever comes first. One transaction per fetch cost a commit and a
// rewrite of the same hot pages for every source; a batch shares them,
// and each batch is one more full-text segment for later batches to
// merge: 400 items cost a fifth less per item than 100
// (store.BenchmarkRecordBatchSize). 200 ms is nothing next to a
// 15-minute schedule.
const (
	batchItems = 400
	batchWait  = 200 * time.Millisecond
)

// recorder is the one writer: the workers hand it what they fetched, and
// it records what has arrived in batches, then delivers each fetch's
// Result, in the order handed, from its own goroutine.
type recorder struct {
	p       *Poller
	in      chan fetched
	stopped chan struct{}
}

// startRecorder starts the writer. Every fetch handed before stop is
// recorded under ctx (a cancelled ctx fails them, each with its Result).
func (p *Poller) startRecorder(ctx context.Context, deliver func(Result)) *recorder {
	// A slot per worker lets the workers go on fetching while a batch
	// commits, and bounds the items waiting in memory.
	r := &recorder{p: p, in: make(chan fetched, p.workers), stopped: make(chan struct{})}
	go r.run(ctx, deliver)
	return r
}

// hand gives the writer one fetched source; it waits while the writer's
// slots are full.
func (r *recorder) hand(f fetched) { r.in <- f }

// stop records what was handed and not yet recorded, and returns when
// every Result has been delivered. No hand may follow.
func (r *recorder) stop() {
	close(r.in)
	<-r.stopped
}

// run records batches as prepareBatches hands them over: one batch is
// prepared (store.PrepareFetches) while the one before it is written.
func (r *recorder) run(ctx context.Context, deliver func(Result)) {
	defer close(r.stopped)
	ready := make(chan preparedBatch)
	go r.prepareBatches(ctx, ready)
	for b := range ready {
		r.p.recordBatch(ctx, b, deliver)
	}
}

// prepareBatches collects batches and prepares each, then waits for the
// writer to take it: at most one batch is prepared ahead. It tells the
// Poller's Backlog when batches start and stop filling with new items.
func (r *recorder) prepareBatches(ctx context.Context, ready chan<- preparedBatch) {
	defer close(ready)
	watch := backlogWatch{tell: r.p.backlog}
	defer watch.set(false)
	for {
		var first fetched
		var ok bool
		select {
		case first, ok = <-r.in:
		case <-watch.idle():
			// Nothing came for a batch's wait after a full batch: the
			// backlog is over, though no short batch said so (a daemon's
			// recorder lives from pass to pass).
			watch.set(false)
			first, ok = <-r.in
		}
		if !ok {
			return
		}
		batch, open := r.collect(first)
		watch.set(newItems(batch) >= batchItems)
		ready <- r.p.prepareBatch(ctx, batch)
		if !open {
			return
		}
	}
}

// collect gathers fetches after first until the batch is full, batchWait
// has passed or the recorder is stopped (open is then false).
func (r *recorder) collect(first fetched) (batch []fetched, open bool) {
	batch = []fetched{first}
	items := weight(first)
	timer := time.NewTimer(batchWait)
	defer timer.Stop()
	for items < batchItems {
		select {
		case f, ok := <-r.in:
			if !ok {
				return batch, false
			}
			batch = append(batch, f)
			items += weight(f)
		case <-timer.C:
			return batch, true
		}
	}
	return batch, true
}

// backlogWatch follows whether a recorder's batches are filling with new
// items, and tells the Poller's Backlog hook when that changes.
type backlogWatch struct {
	tell   func(behind bool) // nil: no one listens
	behind bool
}

func (w *backlogWatch) set(behind bool) {
	if w.tell != nil && behind != w.behind {
		w.behind = behind
		w.tell(behind)
	}
}

// idle fires batchWait from now while behind; else never.
func (w *backlogWatch) idle() <-chan time.Time {
	if !w.behind {
		return nil
	}
	return time.After(batchWait)
}

// newItems counts the items of batch the writer has to store: 304s and
// feeds sent again unchanged bring none.
func newItems(batch []fetched) int {
	n := 0
	for _, f := range batch {
		if f.f != nil {
			n += len(f.f.Items)
		}
	}
	return n
}

func weight(f fetched) int {
	if f.f == nil {
		return 1
	}
	return max(len(f.f.Items), 1)
}

// preparedBatch is a batch and what records its fetches.
type preparedBatch struct {
	fetched []fetched
	fetches []*bantin.Fetch
	record  func(context.Context) ([]bantin.IngestStats, error)
}

func (p *Poller) prepareBatch(ctx context.Context, batch []fetched) preparedBatch {
	b := preparedBatch{fetched: batch}
	for _, f := range batch {
		if f.f != nil {
			b.fetches = append(b.fetches, f.f)
		}
	}
	if len(b.fetches) > 0 {
		b.record = p.store.PrepareFetches(ctx, b.fetches)
	}
	return b
}

// recordBatch records the fetches of batch in one transaction and
// delivers a Result for each, in order: its stats, or the error that
// kept it (or the whole batch) from being recorded.
func (p *Poller) recordBatch(ctx context.Context, pb preparedBatch, deliver func(Result)) {
	stats, errs := p.storeFetches(ctx, pb.fetches, pb.record)
	i := 0
	for _, b := range pb.fetched {
		if b.f == nil {
			deliver(Result{Source: b.src, Err: b.err})
			continue
		}
		deliver(p.finish(b, stats[i], errs[i]))
		i++
	}
}

// storeFetches records fs with what PrepareFetches returned for them and
// spreads the outcome over the fetches: a stats and an error each.
func (p *Poller) storeFetches(ctx context.Context, fs []*bantin.Fetch,
	record func(context.Context) ([]bantin.IngestStats, error)) ([]bantin.IngestStats, []error) {
	errs := make([]error, len(fs))
	if len(fs) == 0 {
		return nil, errs
	}
	stats, err := record(ctx)
	if err == nil && len(stats) == len(fs) {
		return stats, errs
	}
	if each, ok := err.(interface{ Unwrap() []error }); ok && len(each.Unwrap()) == len(fs) && len(stats) == len(fs) {
		return stats, each.Unwrap()
	}
	if err == nil {
		err = fmt.Errorf("record %d fetches: the store returned %d results", len(fs), len(stats))
	}
	for i := range errs {
		errs[i] = err
	}
	return make([]bantin.IngestStats, len(fs)), errs
}

// finish measures and logs a recorded (or not) fetch and makes its Result.
func (p *Poller) finish(b fetched, stats bantin.IngestStats, err error) Result {
	src, f := b.src, b.f
	stats.Unchanged += f.Unchanged // the store was not asked about these
	p.metrics.observe(f, stats)
	if err != nil {
		p.log.Error("record fetch", "source", src.URL, "err", err)
		return Result{Source: src, Fetch: f, Err: err}
	}
	p.recorded.remember(src.URL, b.holds)
	p.logFetch(src, f, stats)
	return Result{Source: src, Fetch: f, Stats: stats, Items: len(f.Items) + f.Unchanged}
}
