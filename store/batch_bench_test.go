package store

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"bantin"
)

// manySources opens a store configured with n sources, one unit each.
func manySources(b *testing.B, c *clock, n int) (*Store, []string) {
	return manySourcesAt(b, filepath.Join(b.TempDir(), "bantin.db"), c, n)
}

func manySourcesAt(b *testing.B, path string, c *clock, n int) (*Store, []string) {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: path, Clock: c.Now, Matcher: &equalBytes{}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	cfg := &bantin.Config{}
	var urls []string
	for i := range n {
		id := fmt.Sprintf("xa-%04d", i)
		url := "https://" + id + ".example.gov.vn/rss"
		urls = append(urls, url)
		cfg.Units = append(cfg.Units, bantin.Unit{ID: id, Name: id, Sources: []bantin.Source{{URL: url, Unit: id}}})
	}
	if err := s.SyncConfig(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	return s, urls
}

// recordEach records fs one fetch per transaction, as before batching.
func recordEach(b *testing.B, s *Store, fs []*bantin.Fetch) {
	for _, f := range fs {
		if _, err := s.RecordFetch(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
}

func recordBatch(b *testing.B, s *Store, fs []*bantin.Fetch) {
	if _, err := s.RecordFetches(context.Background(), fs); err != nil {
		b.Fatal(err)
	}
}

var recorders = []struct {
	name   string
	record func(*testing.B, *Store, []*bantin.Fetch)
}{{"one-by-one", recordEach}, {"batched", recordBatch}}

// BenchmarkRecordFetches100NotModified records the steady state of a
// pass: 100 sources answering 304. ns/op is per 100 fetches.
func BenchmarkRecordFetches100NotModified(b *testing.B) {
	for _, r := range recorders {
		b.Run(r.name, func(b *testing.B) {
			c := newClock()
			s, urls := manySources(b, c, 100)
			for b.Loop() {
				fs := make([]*bantin.Fetch, len(urls))
				for i, u := range urls {
					fs[i] = &bantin.Fetch{Source: u, Started: c.Now(), Status: 304, NotModified: true, NextFetchAt: c.Now()}
				}
				r.record(b, s, fs)
			}
		})
	}
}

// BenchmarkRecordFetches20x50New records 20 fetches of 50 new items each,
// as a first pass brings them, into an empty store and into one that
// already holds 50,000 stories (the band index and the tables at size).
// ns/op is per 1,000 items; cpu-ns/item is the process's CPU (all
// goroutines, GC included) spent in RecordFetches per item, the figure
// the speed round's budget is stated in.
func BenchmarkRecordFetches20x50New(b *testing.B) {
	for _, r := range recorders {
		b.Run(r.name, func(b *testing.B) {
			c := newClock()
			s, urls := manySources(b, c, 20)
			benchNewItems(b, s, c, urls, r.record)
		})
	}
	b.Run("batched/stored=50000", func(b *testing.B) {
		c := newClock()
		s, urls := manySources(b, c, 20)
		fillStories(b, s, c, urls, 50_000)
		benchNewItems(b, s, c, urls, recordBatch)
	})
}

// benchNewItems records, per iteration, one fetch of 50 new items from
// each of urls, and reports the cost per item of the recording alone.
func benchNewItems(b *testing.B, s *Store, c *clock, urls []string, record func(*testing.B, *Store, []*bantin.Fetch)) {
	const perFetch = 50
	var cpu time.Duration
	var allocs uint64
	n := 0
	for b.Loop() {
		n++
		fs := make([]*bantin.Fetch, len(urls))
		for i, u := range urls {
			fs[i] = &bantin.Fetch{Source: u, Started: c.Now(), Status: 200,
				Items: benchItems(u, fmt.Sprintf("%d-%d", n, i), perFetch, c.Now())}
		}
		cpu0, allocs0 := cpuTime(b), mallocs()
		record(b, s, fs)
		cpu += cpuTime(b) - cpu0
		allocs += mallocs() - allocs0
	}
	items := float64(n * len(urls) * perFetch)
	b.ReportMetric(float64(cpu.Nanoseconds())/items, "cpu-ns/item")
	b.ReportMetric(float64(allocs)/items, "allocs/item")
}

// fillStories stores total new stories (with fingerprints and band keys)
// through RecordFetches in batches of 1,000, and logs how long it took.
func fillStories(b *testing.B, s *Store, c *clock, urls []string, total int) {
	b.Helper()
	start := time.Now()
	per := max(1, 1000/len(urls))
	for n := 0; n < total; {
		var fs []*bantin.Fetch
		for i, u := range urls {
			if n >= total {
				break
			}
			k := min(per, total-n)
			fs = append(fs, &bantin.Fetch{Source: u, Started: c.Now(), Status: 200,
				Items: benchItems(u, fmt.Sprintf("fill-%d-%d", n, i), k, c.Now())})
			n += k
		}
		recordBatch(b, s, fs)
		c.Advance(time.Minute)
	}
	b.Logf("filled %d stories in %v", total, time.Since(start).Round(time.Millisecond))
}

func mallocs() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Mallocs
}

// BenchmarkRecordBatchSize stores 20,000 new items into an empty store in
// batches of 2 and of 8 fetches of 50 (the poller's batches of 100 and
// 400 items): each batch is a commit and a new full-text segment, which
// later batches merge (FTS5 automerge).
func BenchmarkRecordBatchSize(b *testing.B) {
	for _, per := range []int{2, 8} {
		b.Run(fmt.Sprintf("items=%d", 50*per), func(b *testing.B) {
			const total = 400 // fetches
			for b.Loop() {
				b.StopTimer()
				c := newClock()
				s, urls := manySources(b, c, 20)
				b.StartTimer()
				for n := range total / per {
					fs := make([]*bantin.Fetch, per)
					for i := range fs {
						u := urls[(per*n+i)%len(urls)]
						fs[i] = &bantin.Fetch{Source: u, Started: c.Now(), Status: 200,
							Items: benchItems(u, fmt.Sprintf("%d-%d", n, i), 50, c.Now())}
					}
					recordBatch(b, s, fs)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total*50), "ns/item")
		})
	}
}
