package poll

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bantin"
	"bantin/clean"
	"bantin/dedup"
	"bantin/fetch"
)

// fakeStore records which fetches came in which batch. fail names
// sources whose fetch it refuses alone; down refuses whole batches.
type fakeStore struct {
	mu      sync.Mutex
	batches [][]string
	states  int
	fail    map[string]bool
	down    bool
}

func (s *fakeStore) SourceState(_ context.Context, url string) (bantin.SourceState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.states++
	if s.fail[url+"#state"] {
		return bantin.SourceState{}, errors.New("state unreadable")
	}
	return bantin.SourceState{URL: url}, nil
}

type perFetch []error

func (e perFetch) Error() string   { return fmt.Sprint([]error(e)) }
func (e perFetch) Unwrap() []error { return e }

func (s *fakeStore) RecordFetches(_ context.Context, fs []*bantin.Fetch) ([]bantin.IngestStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		return nil, errors.New("disk full")
	}
	var names []string
	stats := make([]bantin.IngestStats, len(fs))
	errs := make(perFetch, len(fs))
	failed := false
	for i, f := range fs {
		names = append(names, f.Source)
		if s.fail[f.Source] {
			errs[i], failed = errors.New("refused "+f.Source), true
			continue
		}
		stats[i].New = len(f.Items)
	}
	s.batches = append(s.batches, names)
	if failed {
		return stats, errs
	}
	return stats, nil
}

// PrepareFetches prepares nothing: what it returns records fs.
func (s *fakeStore) PrepareFetches(_ context.Context, fs []*bantin.Fetch) func(context.Context) ([]bantin.IngestStats, error) {
	return func(ctx context.Context) ([]bantin.IngestStats, error) { return s.RecordFetches(ctx, fs) }
}

func (s *fakeStore) sizes() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for _, b := range s.batches {
		out = append(out, len(b))
	}
	return out
}

func fetchedWith(src string, items int) fetched {
	return fetched{src: bantin.Source{URL: src}, f: &bantin.Fetch{Source: src, Status: 200, Items: make([]bantin.Item, items)}}
}

func TestRecorderBatches(t *testing.T) {
	tests := []struct {
		name  string
		items []int // items of each fetch handed, at once
		want  []int // fetches per committed batch
	}{
		{"a first pass commits every 400 items", slices.Repeat([]int{30}, 30), []int{14, 14, 2}},
		{"a big feed is a batch of its own", []int{500, 10}, []int{1, 1}},
		{"304s count one each", slices.Repeat([]int{0}, 450), []int{400, 50}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &fakeStore{}
			p := New(Options{Store: st, Workers: 200})
			var got []Result
			rec := p.startRecorder(context.Background(), func(r Result) { got = append(got, r) })
			for i, n := range tc.items {
				rec.hand(fetchedWith(fmt.Sprintf("http://s%d/rss", i), n))
			}
			rec.stop()
			if sizes := st.sizes(); !slices.Equal(sizes, tc.want) {
				t.Errorf("batches of %v fetches, want %v", sizes, tc.want)
			}
			if len(got) != len(tc.items) {
				t.Fatalf("%d results for %d fetches", len(got), len(tc.items))
			}
			for i, r := range got {
				if r.Source.URL != fmt.Sprintf("http://s%d/rss", i) || r.Err != nil || r.Stats.New != tc.items[i] || r.Items != tc.items[i] {
					t.Errorf("result %d = %+v, want source s%d with %d new", i, r, i, tc.items[i])
				}
			}
		})
	}
}

// The Backlog hook hears of batches full of new items, and of their end,
// however the pass ends; 304s and small fetches never fill a batch.
func TestRecorderTellsBacklog(t *testing.T) {
	tests := []struct {
		name  string
		items []int // items of each fetch handed, at once
		want  []bool
	}{
		{"a first pass", slices.Repeat([]int{30}, 30), []bool{true, false}},
		{"a pass that ends full", slices.Repeat([]int{30}, 14), []bool{true, false}},
		{"a big feed, then a small one", []int{500, 10}, []bool{true, false}},
		{"304s", slices.Repeat([]int{0}, 450), nil},
		{"a steady pass", slices.Repeat([]int{2}, 150), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []bool
			p := New(Options{Store: &fakeStore{}, Workers: 200, Backlog: func(behind bool) {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, behind)
			}})
			rec := p.startRecorder(context.Background(), func(Result) {})
			for i, n := range tc.items {
				rec.hand(fetchedWith(fmt.Sprintf("http://s%d/rss", i), n))
			}
			rec.stop()
			mu.Lock()
			defer mu.Unlock()
			if !slices.Equal(got, tc.want) {
				t.Errorf("backlog told %v, want %v", got, tc.want)
			}
		})
	}
}

// A recorder that lives on after a full batch (the daemon's, from pass to
// pass) says the backlog is over once nothing has come for a batch's wait.
func TestRecorderBacklogEndsWhenIdle(t *testing.T) {
	told := make(chan bool, 4)
	p := New(Options{Store: &fakeStore{}, Workers: 200, Backlog: func(behind bool) { told <- behind }})
	rec := p.startRecorder(context.Background(), func(Result) {})
	defer rec.stop()
	for i := range 14 {
		rec.hand(fetchedWith(fmt.Sprintf("http://s%d/rss", i), 30))
	}
	for _, want := range []bool{true, false} {
		select {
		case got := <-told:
			if got != want {
				t.Fatalf("backlog told %v, want %v", got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("backlog not told %v while the recorder idled", want)
		}
	}
}

// A lone fetch of a quiet hour is committed after batchWait, not held
// until more arrive.
func TestRecorderCommitsAfterWait(t *testing.T) {
	st := &fakeStore{}
	p := New(Options{Store: st})
	got := make(chan Result, 1)
	rec := p.startRecorder(context.Background(), func(r Result) { got <- r })
	defer rec.stop()
	start := time.Now()
	rec.hand(fetchedWith("http://a/rss", 3))
	select {
	case r := <-got:
		if waited := time.Since(start); waited < batchWait {
			t.Errorf("committed after %v, before the batch's wait of %v", waited, batchWait)
		}
		if r.Err != nil || r.Stats.New != 3 {
			t.Errorf("result %+v", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a lone fetch was not committed")
	}
}

func TestRecorderSpreadsErrors(t *testing.T) {
	tests := []struct {
		name    string
		store   *fakeStore
		wantErr []bool
	}{
		{"one refused fetch fails alone", &fakeStore{fail: map[string]bool{"http://b/rss": true}}, []bool{false, true, false, true}},
		{"a failed commit fails all", &fakeStore{down: true}, []bool{true, true, true, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := New(Options{Store: tc.store})
			var got []Result
			rec := p.startRecorder(context.Background(), func(r Result) { got = append(got, r) })
			rec.hand(fetchedWith("http://a/rss", 1))
			rec.hand(fetchedWith("http://b/rss", 1))
			rec.hand(fetchedWith("http://c/rss", 1))
			rec.hand(fetched{src: bantin.Source{URL: "http://d/rss"}, err: errors.New("state unreadable")})
			rec.stop()
			if len(got) != len(tc.wantErr) {
				t.Fatalf("%d results, want %d", len(got), len(tc.wantErr))
			}
			for i, r := range got {
				if (r.Err != nil) != tc.wantErr[i] {
					t.Errorf("%s: err = %v, want failed = %v", r.Source.URL, r.Err, tc.wantErr[i])
				}
				if r.Err == nil && r.Stats.New != 1 {
					t.Errorf("%s: stats %+v", r.Source.URL, r.Stats)
				}
			}
		})
	}
}

// Stopping the scheduler while portals are slow to answer still records
// every fetch that had started: nothing fetched is lost on SIGTERM.
func TestSchedulerDrainRecordsFetchesInFlight(t *testing.T) {
	started := make(chan struct{}, 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		time.Sleep(300 * time.Millisecond)
		writeOneItemFeed(w, r)
	}))
	defer srv.Close()
	sources := hourlySources(srv.URL, 6)
	st := &fakeStore{}
	p := New(Options{
		Client:        fetch.NewClient(fetch.Options{AllowPrivateNetworks: true}),
		Cleaner:       clean.NewCleaner(time.UTC, nil),
		Fingerprinter: dedup.NewFingerprinter(),
		Store:         st,
		Workers:       4,
	})
	stop, stopScheduling := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		NewScheduler(p).Run(stop, context.Background(), sources)
	}()
	<-started // a fetch is in flight
	stopScheduling()
	select {
	case <-ran:
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after stop")
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	recorded := 0
	for _, b := range st.batches {
		recorded += len(b)
	}
	if recorded == 0 || recorded != st.states {
		t.Errorf("%d fetches started, %d recorded", st.states, recorded)
	}
}

// Observe hands over every source's result of a round once, each after
// its next fetch is planned.
func TestSchedulerObservesEachResult(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(writeOneItemFeed))
	defer srv.Close()
	sources := hourlySources(srv.URL, 6)
	p := New(Options{
		Client:        fetch.NewClient(fetch.Options{AllowPrivateNetworks: true}),
		Cleaner:       clean.NewCleaner(time.UTC, nil),
		Fingerprinter: dedup.NewFingerprinter(),
		Store:         &fakeStore{},
		Workers:       2,
	})
	sched := NewScheduler(p)
	seen := make(map[string]int)
	all := make(chan struct{})
	sched.Observe(func(r Result) {
		seen[r.Source.URL]++
		if r.Fetch == nil || r.Fetch.NextFetchAt.IsZero() {
			t.Errorf("%s observed without its next fetch planned", r.Source.URL)
		}
		if len(seen) == len(sources) {
			close(all)
		}
	})
	stop, stopScheduling := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		sched.Run(stop, context.Background(), sources)
	}()
	select {
	case <-all:
	case <-time.After(30 * time.Second):
		t.Fatal("not every source was observed")
	}
	stopScheduling()
	<-ran
	for _, src := range sources {
		if seen[src.URL] != 1 {
			t.Errorf("%s observed %d times in a round, want once", src.URL, seen[src.URL])
		}
	}
}

// writeOneItemFeed answers with a feed of one item named after the path.
func writeOneItemFeed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Xã</title>
<item><title>Tin %s</title><link>%s/tin/1</link><guid>%s-1</guid><pubDate>Mon, 01 Jul 2024 08:00:00 +0700</pubDate></item>
</channel></rss>`, r.URL.Path, "http://"+r.Host+r.URL.Path, r.URL.Path)
}

// hourlySources returns n sources under base, fetched hourly.
func hourlySources(base string, n int) []bantin.Source {
	out := make([]bantin.Source, n)
	for i := range out {
		out[i] = bantin.Source{URL: fmt.Sprintf("%s/xa-%d/rss", base, i), Schedule: "@hourly"}
	}
	return out
}

// preparingFake is a fakeStore that prepares batches: recording the
// first batch waits until the second has been prepared, which only a
// recorder that prepares while it writes can do.
type preparingFake struct {
	fakeStore
	prepared     int
	secondPrep   chan struct{}
	events       []string
	eventsMu     sync.Mutex
	waitedForTwo bool
}

func (s *preparingFake) event(e string) {
	s.eventsMu.Lock()
	defer s.eventsMu.Unlock()
	s.events = append(s.events, e)
}

func (s *preparingFake) PrepareFetches(_ context.Context, fs []*bantin.Fetch) func(context.Context) ([]bantin.IngestStats, error) {
	s.prepared++
	n := s.prepared
	s.event(fmt.Sprint("prepare ", n))
	if n == 2 {
		close(s.secondPrep)
	}
	return func(ctx context.Context) ([]bantin.IngestStats, error) {
		if n == 1 {
			select {
			case <-s.secondPrep:
				s.waitedForTwo = true
			case <-time.After(5 * time.Second):
			}
		}
		s.event(fmt.Sprint("record ", n))
		return s.RecordFetches(ctx, fs)
	}
}

func TestRecorderPreparesWhileWriting(t *testing.T) {
	st := &preparingFake{secondPrep: make(chan struct{})}
	p := New(Options{Store: st, Workers: 200})
	var got []Result
	rec := p.startRecorder(context.Background(), func(r Result) { got = append(got, r) })
	items := slices.Repeat([]int{100}, 12) // three batches of 400
	for i, n := range items {
		rec.hand(fetchedWith(fmt.Sprintf("http://s%d/rss", i), n))
	}
	rec.stop()
	if !st.waitedForTwo {
		t.Fatalf("batch 2 was not prepared while batch 1 was written: %v", st.events)
	}
	var records []string
	for _, e := range st.events {
		if strings.HasPrefix(e, "record") {
			records = append(records, e)
		}
	}
	if want := []string{"record 1", "record 2", "record 3"}; !slices.Equal(records, want) || len(st.events) != 6 {
		t.Errorf("events %v, want three prepares and the records in order", st.events)
	}
	if sizes := st.sizes(); !slices.Equal(sizes, []int{4, 4, 4}) {
		t.Errorf("batches of %v fetches, want 4 each", sizes)
	}
	for i, r := range got {
		if r.Source.URL != fmt.Sprintf("http://s%d/rss", i) || r.Err != nil || r.Stats.New != items[i] {
			t.Errorf("result %d = %+v, want source s%d with %d new", i, r, i, items[i])
		}
	}
	if len(got) != len(items) {
		t.Errorf("%d results for %d fetches", len(got), len(items))
	}
}
