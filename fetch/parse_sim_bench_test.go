package fetch

import (
	"net/http"
	"testing"
	"time"

	"bantin/sim"
)

// simFeeds fetches once every feed of a simulated province with stories:
// the bytes and Content-Types the first pass parses, every quirk of the
// real portals in the mix (windows-1258, NFD, day-first and zone-less
// dates, double-encoded titles, RSS and Atom).
func simFeeds(tb testing.TB) (bodies [][]byte, types []string) {
	tb.Helper()
	p, err := sim.Start(sim.Options{Cities: 3, WardsPerCity: 11, ItemsPerFeed: 50, CrossPosts: 0.1, Families: 1,
		Seed: 11, Start: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		tb.Fatal(err)
	}
	defer p.Close()
	client := &http.Client{Timeout: 10 * time.Second}
	for _, src := range p.Truth().Sources {
		if !src.Delivers {
			continue
		}
		body, ct := get(tb, client, src.URL)
		bodies, types = append(bodies, body), append(types, ct)
	}
	return bodies, types
}

// BenchmarkParseSim is Parse over the feeds of a simulated province, per
// pass over all of them; it reports the cost per feed and per item too.
func BenchmarkParseSim(b *testing.B) {
	bodies, types := simFeeds(b)
	var size int64
	items := 0
	for i, body := range bodies {
		size += int64(len(body))
		feed, err := Parse(body, types[i])
		if err != nil {
			b.Fatal(err)
		}
		items += len(feed.Items)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for i, body := range bodies {
			if _, err := Parse(body, types[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	perPass := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perPass/float64(len(bodies)), "ns/feed")
	b.ReportMetric(perPass/float64(items), "ns/item")
}
