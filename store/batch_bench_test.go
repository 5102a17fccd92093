package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"bantin"
)

// manySources opens a store configured with n sources, one unit each.
func manySources(b *testing.B, c *clock, n int) (*Store, []string) {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: filepath.Join(b.TempDir(), "bantin.db"), Clock: c.Now, Matcher: &equalBytes{}})
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
// as a first pass brings them. ns/op is per 1,000 items.
func BenchmarkRecordFetches20x50New(b *testing.B) {
	for _, r := range recorders {
		b.Run(r.name, func(b *testing.B) {
			c := newClock()
			s, urls := manySources(b, c, 20)
			n := 0
			for b.Loop() {
				n++
				fs := make([]*bantin.Fetch, len(urls))
				for i, u := range urls {
					fs[i] = &bantin.Fetch{Source: u, Started: c.Now(), Status: 200,
						Items: benchItems(u, fmt.Sprintf("%d-%d", n, i), 50, c.Now())}
				}
				r.record(b, s, fs)
			}
		})
	}
}
