package poll

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"bantin"
)

func TestBackoffGrowsToCapAndNeverStops(t *testing.T) {
	b := Backoff{Base: time.Minute, Max: 6 * time.Hour}
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{1, time.Minute},
		{2, 2 * time.Minute},
		{5, 16 * time.Minute},
		{9, 256 * time.Minute},
		{10, 6 * time.Hour},
		{1000, 6 * time.Hour},
	}
	for _, tc := range tests {
		if got := b.Delay(tc.failures); got != tc.want {
			t.Errorf("Delay(%d) = %v, want %v", tc.failures, got, tc.want)
		}
	}
}

func TestBackoffJitterStaysWithinBounds(t *testing.T) {
	b := Backoff{Base: time.Minute, Max: time.Hour, Jitter: 0.2}
	seen := map[time.Duration]bool{}
	for range 200 {
		d := b.Delay(3)
		if d < 192*time.Second || d > 288*time.Second {
			t.Fatalf("Delay(3) = %v, outside 4m ± 20%%", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Errorf("jitter produced only %d distinct delays", len(seen))
	}
}

func TestNextScheduledReadsSpecInZone(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 7, 1, 0, 7, 0, 0, time.UTC) // 07:07 in Hồ Chí Minh
	tests := []struct {
		spec string
		want time.Time
	}{
		{"*/15 * * * *", time.Date(2025, 7, 1, 0, 15, 0, 0, time.UTC)},
		{"@every 5m", at.Add(5 * time.Minute)},
		{"@hourly", time.Date(2025, 7, 1, 1, 0, 0, 0, time.UTC)},
		{"30 8 * * *", time.Date(2025, 7, 1, 1, 30, 0, 0, time.UTC)}, // 08:30 local
		{"not a spec", at.Add(15 * time.Minute)},
	}
	for _, tc := range tests {
		got := NextScheduled(bantin.Source{Schedule: tc.spec}, at, hcm)
		if !got.Equal(tc.want) {
			t.Errorf("%q: next = %v, want %v", tc.spec, got.UTC(), tc.want)
		}
	}
}

func TestOutageNeedsEverySourceFailingAtNetworkLevel(t *testing.T) {
	now := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tests := []struct {
		name  string
		kinds []bantin.ErrorKind
		want  bool
	}{
		{"too few sources tried", []bantin.ErrorKind{bantin.ErrDNS, bantin.ErrDNS, bantin.ErrConnect}, false},
		{"all five unreachable", []bantin.ErrorKind{bantin.ErrDNS, bantin.ErrDNS, bantin.ErrConnect, bantin.ErrTimeout, bantin.ErrDNS}, true},
		{"one answered 500", []bantin.ErrorKind{bantin.ErrDNS, bantin.ErrHTTP, bantin.ErrConnect, bantin.ErrTimeout, bantin.ErrDNS}, false},
		{"one succeeded", []bantin.ErrorKind{bantin.ErrDNS, bantin.ErrNone, bantin.ErrConnect, bantin.ErrTimeout, bantin.ErrDNS, bantin.ErrDNS}, false},
	}
	for _, tc := range tests {
		o := newOutageDetector(clock)
		var got bool
		for i, k := range tc.kinds {
			got = o.observe(string(rune('a'+i)), k)
		}
		if got != tc.want {
			t.Errorf("%s: offline = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestDispatchQueuesDueSourcesOnce(t *testing.T) {
	now := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	a := bantin.Source{URL: "http://a/rss"}
	b := bantin.Source{URL: "http://b/rss"}
	d := newDispatch([]bantin.Source{a, b}, now)
	d.enqueueDue(now)
	d.enqueueDue(now)
	if len(d.queue) != 2 {
		t.Fatalf("queue = %d sources, want 2 (each once)", len(d.queue))
	}
	d.pop()
	d.pop()
	d.finished(Result{Source: a, Fetch: &bantin.Fetch{NextFetchAt: now.Add(time.Hour)}}, now)
	d.finished(Result{Source: b, Err: errTest}, now)
	if got := d.untilNext(now); got != time.Minute {
		t.Errorf("after a store error the source is due again in %v, want 1m", got)
	}
	d.replace([]bantin.Source{a, {URL: "http://c/rss"}}, now)
	d.enqueueDue(now)
	if len(d.queue) != 1 || d.queue[0].URL != "http://c/rss" {
		t.Errorf("after reload the queue is %v, want only the new source c", d.queue)
	}
	if _, kept := d.due[b.URL]; kept {
		t.Error("a removed source is still scheduled")
	}
}

// Sources due together are queued in the order Run was given them
// (Config.FetchOrder), not the order of a map.
func TestDispatchQueuesDueSourcesInOrder(t *testing.T) {
	now := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	sources := numberedSources(50)
	d := newDispatch(sources, now)
	d.enqueueDue(now)
	if !slices.Equal(d.queue, sources) {
		t.Fatalf("queue %v, want the sources' order", d.queue)
	}
	for range d.queue {
		d.pop()
	}
	for _, src := range slices.Backward(sources) {
		d.finished(Result{Source: src, Fetch: &bantin.Fetch{NextFetchAt: now.Add(time.Hour)}}, now)
	}
	d.enqueueDue(now.Add(time.Hour))
	if !slices.Equal(d.queue, sources) {
		t.Errorf("queue of the next round %v, want the sources' order", d.queue)
	}
}

// Sources that fell due at different times go soonest first; a source a
// reload removed while it waited is not fetched.
func TestDispatchQueuesSoonestFirst(t *testing.T) {
	now := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	a, b, c := bantin.Source{URL: "http://a/rss"}, bantin.Source{URL: "http://b/rss"}, bantin.Source{URL: "http://c/rss"}
	d := newDispatch([]bantin.Source{a, b, c}, now)
	d.enqueueDue(now)
	for range d.queue {
		d.pop()
	}
	d.finished(Result{Source: a, Fetch: &bantin.Fetch{NextFetchAt: now.Add(3 * time.Minute)}}, now)
	d.finished(Result{Source: b, Fetch: &bantin.Fetch{NextFetchAt: now.Add(time.Minute)}}, now)
	d.finished(Result{Source: c, Fetch: &bantin.Fetch{NextFetchAt: now.Add(2 * time.Minute)}}, now)
	if got := d.untilNext(now); got != time.Minute {
		t.Errorf("next due in %v, want 1m", got)
	}
	d.replace([]bantin.Source{a, b}, now)
	d.enqueueDue(now.Add(time.Hour))
	if want := []bantin.Source{b, a}; !slices.Equal(d.queue, want) {
		t.Errorf("queue %v, want %v", d.queue, want)
	}
	if got := d.untilNext(now); got != time.Hour {
		t.Errorf("with nothing waiting, next due in %v, want the hour's cap", got)
	}
}

// numberedSources returns n sources, http://s0/rss onwards.
func numberedSources(n int) []bantin.Source {
	out := make([]bantin.Source, n)
	for i := range out {
		out[i] = bantin.Source{URL: fmt.Sprintf("http://s%d/rss", i)}
	}
	return out
}

type testError string

func (e testError) Error() string { return string(e) }

const errTest = testError("store down")

func TestNextFetchHonoursRetryAfterAndResetsOnSuccess(t *testing.T) {
	now := time.Date(2025, 7, 1, 3, 7, 0, 0, time.UTC)
	p := New(Options{Clock: func() time.Time { return now }, Location: time.UTC,
		Backoff: Backoff{Base: time.Minute, Max: 6 * time.Hour, MaxRetryAfter: 24 * time.Hour}})
	src := bantin.Source{URL: "http://a/rss", Schedule: "*/15 * * * *"}
	failing := bantin.SourceState{ConsecutiveFailures: 3}
	tests := []struct {
		name  string
		fetch bantin.Fetch
		state bantin.SourceState
		want  time.Time
	}{
		{"success goes back to the schedule", bantin.Fetch{Status: 200}, failing, now.Add(8 * time.Minute)},
		{"304 goes back to the schedule", bantin.Fetch{Status: 304, NotModified: true}, failing, now.Add(8 * time.Minute)},
		{"fourth failure waits 8 minutes", bantin.Fetch{Error: "HTTP 500"}, failing, now.Add(8 * time.Minute)},
		{"first failure waits a minute", bantin.Fetch{Error: "HTTP 500"}, bantin.SourceState{}, now.Add(time.Minute)},
		{"Retry-After later than the backoff is honoured", bantin.Fetch{Error: "HTTP 429", RetryAfter: now.Add(2 * time.Hour)}, failing, now.Add(2 * time.Hour)},
		{"Retry-After sooner than the backoff waits the backoff", bantin.Fetch{Error: "HTTP 503", RetryAfter: now.Add(time.Second)}, failing, now.Add(8 * time.Minute)},
		{"a hostile Retry-After is capped at a day", bantin.Fetch{Error: "HTTP 503", RetryAfter: now.Add(30 * 24 * time.Hour)}, failing, now.Add(24 * time.Hour)},
		{"offline: the failure does not count", bantin.Fetch{Error: "dns", Offline: true}, failing, now.Add(4 * time.Minute)},
	}
	for _, tc := range tests {
		if got := p.nextFetch(src, &tc.fetch, tc.state); !got.Equal(tc.want) {
			t.Errorf("%s: next = %v, want %v", tc.name, got, tc.want)
		}
	}
}
