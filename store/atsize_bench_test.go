package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"bantin"
)

// atSizeEnv overrides how many items BenchmarkAtSize stores first.
const atSizeEnv = "BANTIN_STORE_AT_SIZE"

// BenchmarkAtSize is issue 6's goal 5: a store of 1,000,000 items (4,000
// units, every item its own story with a fingerprint and 42 band keys),
// filled through RecordFetches in batches of 5,000, closed and opened
// again (the band index rebuilt), then asked for a duplicate (an item
// whose fingerprint matches a stored story), for a unit's newest 50
// stories and for the newest 50 of all units (what the root's feed
// reads). The first line reports the fill: its duration, the store's
// CPU per item over it and over its last 100,000 items (does the cost
// hold at size?), the file's bytes per item, and the reopening. It
// writes about 8 GB and takes minutes; it is skipped under -short. Run
// (-v shows the progress of the fill):
//
//	go test -run XXX -bench BenchmarkAtSize -benchtime=200x ./store
//	BANTIN_STORE_AT_SIZE=200000 go test -run XXX -bench BenchmarkAtSize ./store
func BenchmarkAtSize(b *testing.B) {
	if testing.Short() {
		b.Skip("fills a store of a million items")
	}
	total := 1_000_000
	if v := os.Getenv(atSizeEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10_000 {
			b.Fatalf("%s=%q: want a number of items, at least 10000", atSizeEnv, v)
		}
		total = n
	}
	c := newClock()
	path := filepath.Join(b.TempDir(), "bantin.db")
	s, urls := manySourcesAt(b, path, c, 4000)
	start := time.Now()
	const perFetch, fetches = 100, 50
	var cpu, lastCPU time.Duration
	for n := 0; n < total; {
		var fs []*bantin.Fetch
		for i := 0; i < fetches && n < total; i++ {
			u := urls[(n/perFetch)%len(urls)]
			k := min(perFetch, total-n)
			fs = append(fs, &bantin.Fetch{Source: u, Started: c.Now(), Status: 200,
				Items: benchItems(u, fmt.Sprintf("size-%d", n), k, c.Now())})
			n += k
		}
		cpu0 := cpuTime(b)
		recordBatch(b, s, fs)
		d := cpuTime(b) - cpu0
		cpu += d
		if n > total-100_000 {
			lastCPU += d
		}
		c.Advance(time.Minute)
		if n%100_000 == 0 {
			b.Logf("%d items stored, %v, %v of CPU in the store", n, time.Since(start).Round(time.Second), cpu.Round(time.Second))
		}
	}
	fill := time.Since(start)
	var pages, pageSize int
	s.db.QueryRow("PRAGMA page_count").Scan(&pages)
	s.db.QueryRow("PRAGMA page_size").Scan(&pageSize)

	ctx := context.Background()
	s.Close()
	opened := time.Now()
	// The fill's stories wait for the search index, which a daemon builds
	// between passes; building it for a million at once would run under
	// the lookups measured here, which do not use it.
	s, err := Open(ctx, Options{Path: path, Clock: c.Now, Matcher: &equalBytes{}, IndexIdle: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	reopen := time.Since(opened)
	report := func(b *testing.B) {
		b.ReportMetric(fill.Seconds(), "fill-s")
		b.ReportMetric(float64(cpu.Microseconds())/float64(total), "fill-cpu-µs/item")
		b.ReportMetric(float64(lastCPU.Microseconds())/float64(min(total, 100_000)), "last100k-cpu-µs/item")
		b.ReportMetric(float64(pages*pageSize)/float64(total), "file-B/item")
		b.ReportMetric(reopen.Seconds(), "reopen-s")
		b.ReportMetric(float64(s.bands.bytes()>>20), "index-MB")
	}

	// The stored stories duplicates re-post, each from another source
	// than its own: those of the last batch, as cross-posts come within
	// days. The j-th (j < 5,000) and the id of its source.
	first := total - fetches*perFetch
	dupOf := func(j int) (bantin.Item, int64) {
		n := first + j/perFetch*perFetch
		src := urls[(n/perFetch+1)%len(urls)]
		d := benchItems(src, fmt.Sprintf("size-%d", n), j%perFetch+1, c.Now())[j%perFetch]
		d.GUID = fmt.Sprint("repost-", j)
		d.Link, d.CanonicalLink = src+"/"+d.GUID, src+"/"+d.GUID
		var id int64
		if err := s.db.QueryRow("SELECT id FROM sources WHERE url = ?", src).Scan(&id); err != nil {
			b.Fatal(err)
		}
		return d, id
	}
	dup, srcID := dupOf(0)
	dupValues := s.values(dup.Source, &dup, toDB(c.Now()))
	// What the Store does for an item that re-posts a stored story: its
	// candidates from the band index, their fingerprints read and
	// compared, the source's copies checked.
	b.Run("duplicate-lookup", func(b *testing.B) {
		err := s.write(ctx, func(tx *sql.Tx) error {
			in := &ingest{batch: s.newBatch(ctx, tx, newBandWriter(s.bands)), sourceID: srcID}
			defer in.close()
			for b.Loop() {
				story, found, err := in.storyByFingerprint(dupValues)
				if err != nil || !found || story == 0 {
					return fmt.Errorf("duplicate not found: %d %v %v", story, found, err)
				}
			}
			return errLeftOut // leave nothing behind
		})
		if !errors.Is(err, errLeftOut) {
			b.Fatal(err)
		}
		report(b)
	})
	// The same through RecordFetch: a transaction of one item.
	b.Run("record-duplicate", func(b *testing.B) {
		j := 0
		for b.Loop() {
			d, _ := dupOf(j % (fetches * perFetch))
			j++
			st, err := s.RecordFetch(ctx, &bantin.Fetch{Source: d.Source, Started: c.Now(), Status: 200, Items: []bantin.Item{d}})
			if err != nil || st.Duplicate+st.Unchanged != 1 {
				b.Fatal(st, err)
			}
		}
	})
	b.Run("stories-newest-50-of-a-unit", func(b *testing.B) {
		for b.Loop() {
			got, err := s.Stories(ctx, []string{"xa-0042"}, 50)
			if err != nil || len(got) != 50 {
				b.Fatal(len(got), err)
			}
		}
	})
	all := make([]string, len(urls))
	for i := range all {
		all[i] = fmt.Sprintf("xa-%04d", i)
	}
	b.Run("stories-newest-50-of-all", func(b *testing.B) {
		for b.Loop() {
			got, err := s.Stories(ctx, all, 50)
			if err != nil || len(got) != 50 {
				b.Fatal(len(got), err)
			}
		}
	})
}
