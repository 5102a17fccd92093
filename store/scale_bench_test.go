package store

import (
	"context"
	"fmt"
	"testing"

	"bantin"
)

// BenchmarkRecordFetchAtSize records a fetch of 50 new items, each with
// a fingerprint and 42 band keys, into a store that already holds
// stored stories, with SQLite's default page cache (2 MB) and with the
// writer's (writerCacheKiB). It was the evidence for the page cache
// proposal in BENCHMARKS.md, when the band index was a table (42 rows per
// story, random keys) that outgrew the default cache within a few
// thousand stories; the index is in memory now (bandindex.go), and what
// the cache holds is the random-key indexes of items and stories.
func BenchmarkRecordFetchAtSize(b *testing.B) {
	for _, stored := range []int{1_000, 20_000} {
		for _, cache := range []int{2000, writerCacheKiB} {
			b.Run(fmt.Sprintf("stored=%d/cache=%dKiB", stored, cache), func(b *testing.B) {
				c := newClock()
				s := openTest(b, c, &equalBytes{})
				ctx := context.Background()
				// Every write runs on the writer's connection.
				if _, err := s.wconn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", cache)); err != nil {
					b.Fatal(err)
				}
				for n := 0; n < stored; n += 50 {
					record(b, s, c, srcCity, benchItems(srcCity, fmt.Sprintf("fill%d", n), 50, c.Now())...)
				}
				n := 0
				for b.Loop() {
					n++
					f := &bantin.Fetch{Source: srcCity, Started: c.Now(), Status: 200, Items: benchItems(srcCity, fmt.Sprint(n), 50, c.Now())}
					if _, err := s.RecordFetch(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
