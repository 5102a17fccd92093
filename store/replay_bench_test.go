package store

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"bantin"
	"bantin/clean"
	"bantin/config"
	"bantin/dedup"
	"bantin/fetch"
	"bantin/sim"
)

// replayBatchItems is the poller's batch size (poll.batchItems).
const replayBatchItems = 400

// BenchmarkWriterReplay records a simulated country's first pass, fetched,
// parsed, cleaned and fingerprinted once in setup, into a new store in the
// poller's batches: the single writer's work alone (with the look-ahead
// the poller runs beside it), in ns per item, apart from the fetch side
// that bantinload's profile mixes it with. It runs on a database of
// SQLite's default 4 KiB pages and on one of pageSize.
func BenchmarkWriterReplay(b *testing.B) {
	cfg, fetches, items := replayCountry(b, 300)
	for _, size := range []int{4096, pageSize} {
		b.Run(fmt.Sprintf("page=%d", size), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := openReplayStore(b, cfg, size)
				b.StartTimer()
				for batch := range replayBatches(fetches) {
					if _, err := s.RecordFetches(context.Background(), batch); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*items), "ns/item")
		})
	}
}

// openReplayStore opens a new store for cfg with pages of pageBytes.
func openReplayStore(b *testing.B, cfg *bantin.Config, pageBytes int) *Store {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "bantin.db")
	createWithPageSize(b, path, pageBytes)
	s, err := Open(ctx, Options{Path: path, Matcher: dedup.NewFingerprinter(),
		PlainText: clean.PlainText, IndexIdle: -1})
	if err != nil {
		b.Fatal(err)
	}
	if n := pageSizeOf(b, s); n != pageBytes {
		b.Fatalf("page size %d, want %d", n, pageBytes)
	}
	if err := s.SyncConfig(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	for _, q := range replayDrop {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// replayDrop is SQL run on each new store before the replay, empty in the
// benchmark as committed: set it by hand to bound what taking something
// out of the schema would buy (an index dropped, say; see BENCHMARKS.md).
var replayDrop []string

// replayBatches cuts fs into batches of about replayBatchItems items.
func replayBatches(fs []*bantin.Fetch) func(func([]*bantin.Fetch) bool) {
	return func(yield func([]*bantin.Fetch) bool) {
		for len(fs) > 0 {
			n, items := 0, 0
			for n < len(fs) && items < replayBatchItems {
				items += max(1, len(fs[n].Items))
				n++
			}
			if !yield(fs[:n]) {
				return
			}
			fs = fs[n:]
		}
	}
}

// replayCountry serves a simulated country of about sources feeds of 50
// items, as bantinload does, and returns its config and every feed as the
// poller hands it to the store.
func replayCountry(b *testing.B, sources int) (*bantin.Config, []*bantin.Fetch, int) {
	b.Helper()
	cities := max(1, sources/100)
	p, err := sim.Start(sim.Options{Cities: cities, WardsPerCity: (sources - 1) / cities, ItemsPerFeed: 50,
		Hosts: 8, CrossPosts: 0.1, Families: 1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	cfg, err := config.Parse("feeds.yaml", p.ConfigYAML(""))
	if err != nil {
		b.Fatal(err)
	}
	cleaner := clean.NewCleaner(cfg.Location, nil)
	fp := dedup.NewFingerprinter()
	var fetches []*bantin.Fetch
	items := 0
	for _, u := range cfg.Units {
		for _, src := range u.Sources {
			f := replayFetch(b, src, cleaner, fp)
			items += len(f.Items)
			fetches = append(fetches, f)
		}
	}
	return cfg, fetches, items
}

func replayFetch(b *testing.B, src bantin.Source, cleaner *clean.Cleaner, fp *dedup.Fingerprinter) *bantin.Fetch {
	resp, err := http.Get(src.URL)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.Fatal(err)
	}
	f := &bantin.Fetch{Source: src.URL, Status: resp.StatusCode, Started: time.Now()}
	feed, err := fetch.Parse(body, resp.Header.Get("Content-Type"))
	if err != nil {
		f.Error = err.Error()
		return f
	}
	f.Items = cleaner.Feed(feed, src, src.URL)
	for i := range f.Items {
		it := &f.Items[i]
		it.Fingerprint, it.Bands = fp.Fingerprint(it.Title, it.Text)
	}
	return f
}
