package poll

import (
	"container/heap"
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"bantin"
	"bantin/config"
)

// Backoff spaces out retries of a failing source. A source is never given
// up on: the delay only grows to Max.
type Backoff struct {
	Base, Max     time.Duration
	Jitter        float64       // ± fraction of the delay, so retries of many sources spread out
	MaxRetryAfter time.Duration // a server's Retry-After is honoured up to this
}

// DefaultBackoff retries after about a minute, doubling up to six hours.
var DefaultBackoff = Backoff{Base: time.Minute, Max: 6 * time.Hour, Jitter: 0.2, MaxRetryAfter: 24 * time.Hour}

// Delay returns the wait before retry number failures (1 for the first).
func (b Backoff) Delay(failures int) time.Duration {
	d := b.Base
	for i := 1; i < failures && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	if b.Jitter > 0 {
		d += time.Duration((rand.Float64()*2 - 1) * b.Jitter * float64(d))
	}
	return d
}

// NextScheduled returns the first time after t that src's cron spec
// fires, read in loc. A spec that does not parse (config validation
// prevents it) falls back to every 15 minutes rather than never.
func NextScheduled(src bantin.Source, t time.Time, loc *time.Location) time.Time {
	sched, err := config.ParseSchedule(src.Schedule)
	if err != nil {
		return t.Add(15 * time.Minute)
	}
	if loc != nil {
		t = t.In(loc)
	}
	return sched.Next(t)
}

// nextFetch decides when src is fetched again after f.
func (p *Poller) nextFetch(src bantin.Source, f *bantin.Fetch, state bantin.SourceState) time.Time {
	now := p.now()
	if !f.Failed() {
		return NextScheduled(src, now, p.stages.Load().loc)
	}
	failures := state.ConsecutiveFailures
	if !f.Offline {
		failures++
	}
	next := now.Add(p.backoff.Delay(max(failures, 1)))
	if ra := f.RetryAfter; ra.After(next) {
		// Honour the server, but a hostile Retry-After cannot stop polling.
		next = ra
		if limit := now.Add(p.backoff.MaxRetryAfter); next.After(limit) {
			next = limit
		}
	}
	return next
}

// Scheduler keeps every source on its own schedule and feeds due sources
// to a bounded pool of workers.
type Scheduler struct {
	p       *Poller
	mu      sync.Mutex
	update  chan []bantin.Source
	observe func(Result) // see Observe
}

// NewScheduler returns a scheduler for p.
func NewScheduler(p *Poller) *Scheduler {
	return &Scheduler{p: p, update: make(chan []bantin.Source, 1)}
}

// Observe has Run hand f every Result, once the source's next fetch is
// planned, on Run's own goroutine: f must return at once. Call it before
// Run. The load command counts a round of the daemon's passes with it.
func (s *Scheduler) Observe(f func(Result)) { s.observe = f }

// SetSources replaces the set of sources (after a config reload). Known
// sources keep their due times; new ones are fetched at once.
func (s *Scheduler) SetSources(sources []bantin.Source) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.update: // an unapplied update is superseded
	default:
	}
	s.update <- sources
}

// Run fetches every source at once, then each on its schedule, until stop
// is cancelled. Fetches in flight then run to completion under work,
// which the caller cancels to abandon them (a drain timeout).
//
// The workers hand what they fetched to one writer, which records it in
// batches and reports each Result back here; a source stays in flight
// until then, so its next fetch is planned from what was recorded. On
// stop, the writer records everything handed to it before Run returns.
func (s *Scheduler) Run(stop, work context.Context, sources []bantin.Source) {
	jobs := make(chan bantin.Source)
	done := make(chan Result)
	rec := s.p.startRecorder(work, func(r Result) { done <- r })
	var wg sync.WaitGroup
	for range s.p.workers {
		wg.Go(func() {
			for src := range jobs {
				rec.hand(s.p.fetchSource(work, src))
			}
		})
	}
	d := newDispatch(sources, s.p.now())
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		send, head := d.head(jobs)
		select {
		case send <- head:
			d.pop()
		case r := <-done:
			d.finished(r, s.p.now())
			if s.observe != nil {
				s.observe(r)
			}
		case srcs := <-s.update:
			d.replace(srcs, s.p.now())
		case <-timer.C:
		case <-stop.Done():
			close(jobs)
			go func() {
				wg.Wait()
				rec.stop()
				close(done)
			}()
			for range done {
			}
			return
		}
		d.enqueueDue(s.p.now())
		timer.Reset(d.untilNext(s.p.now()))
	}
}

// dispatch is the scheduler's bookkeeping, owned by Run's goroutine. Run
// asks it what is due after every send and every result, so that is a
// look at the heap's top, not a walk over every source: walking them all
// twice a step was 0.8 s of CPU a pass of 4,000 sources
// (BenchmarkDispatchPass), more than a pass answered 304 costs.
type dispatch struct {
	sources  map[string]bantin.Source
	order    map[string]int // place in the list of sources: due ones are queued in it
	due      map[string]time.Time
	inflight map[string]bool // queued or being fetched
	waiting  dueHeap         // the sources not in flight, soonest due first
	queue    []bantin.Source
}

// dueEntry is a source waiting for its time; ties go by the source's
// place in the list.
type dueEntry struct {
	at    time.Time
	order int
	url   string
}

// dueHeap is a container/heap of the sources waiting, soonest first.
type dueHeap []dueEntry

func (h dueHeap) Len() int { return len(h) }
func (h dueHeap) Less(i, j int) bool {
	if c := h[i].at.Compare(h[j].at); c != 0 {
		return c < 0
	}
	return h[i].order < h[j].order
}
func (h dueHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)   { *h = append(*h, x.(dueEntry)) }
func (h *dueHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

func newDispatch(sources []bantin.Source, now time.Time) *dispatch {
	d := &dispatch{due: map[string]time.Time{}, inflight: map[string]bool{}}
	d.replace(sources, now)
	return d
}

func (d *dispatch) replace(sources []bantin.Source, now time.Time) {
	next := make(map[string]bantin.Source, len(sources))
	d.order = make(map[string]int, len(sources))
	for i, src := range sources {
		next[src.URL] = src
		d.order[src.URL] = i
		if _, known := d.due[src.URL]; !known {
			d.due[src.URL] = now
		}
	}
	for url := range d.due {
		if _, keep := next[url]; !keep {
			delete(d.due, url)
		}
	}
	d.sources = next
	kept := d.queue[:0]
	for _, src := range d.queue {
		if cur, ok := next[src.URL]; ok {
			kept = append(kept, cur)
		} else {
			delete(d.inflight, src.URL)
		}
	}
	d.queue = kept
	d.waiting = d.waiting[:0]
	for url, at := range d.due {
		if !d.inflight[url] {
			d.waiting = append(d.waiting, dueEntry{at, d.order[url], url})
		}
	}
	heap.Init(&d.waiting)
}

func (d *dispatch) head(jobs chan bantin.Source) (chan bantin.Source, bantin.Source) {
	if len(d.queue) == 0 {
		return nil, bantin.Source{}
	}
	return jobs, d.queue[0]
}

func (d *dispatch) pop() { d.queue = d.queue[1:] }

func (d *dispatch) finished(r Result, now time.Time) {
	url := r.Source.URL
	delete(d.inflight, url)
	if _, ok := d.sources[url]; !ok {
		return
	}
	switch {
	case r.Fetch != nil && !r.Fetch.NextFetchAt.IsZero():
		d.due[url] = r.Fetch.NextFetchAt
	default: // the store failed us: try again soon rather than never
		d.due[url] = now.Add(time.Minute)
	}
	heap.Push(&d.waiting, dueEntry{d.due[url], d.order[url], url})
}

// enqueueDue queues the sources due by now, the soonest first and those
// due at once in the order of the list Run was given (Config.FetchOrder
// puts originals before re-posts).
func (d *dispatch) enqueueDue(now time.Time) {
	for len(d.waiting) > 0 && !d.waiting[0].at.After(now) {
		e := heap.Pop(&d.waiting).(dueEntry)
		src, ok := d.sources[e.url]
		if !ok || d.inflight[e.url] {
			continue
		}
		d.inflight[e.url] = true
		d.queue = append(d.queue, src)
	}
}

func (d *dispatch) untilNext(now time.Time) time.Duration {
	wait := time.Hour
	if len(d.waiting) > 0 {
		wait = min(wait, d.waiting[0].at.Sub(now))
	}
	return max(wait, 0)
}
