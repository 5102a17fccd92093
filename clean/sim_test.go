package clean

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"bantin"
	"bantin/sim"
)

// simFeed is one good feed of a simulated province, parsed.
type simFeed struct {
	url  string
	feed *gofeed.Feed
}

// simFeeds starts a province shaped like the load test's (cross-posts, a
// template family, every quirk of the good feeds), fetches its good feeds
// once on loopback and parses them.
func simFeeds(tb testing.TB, seed uint64, cities, wards, items int) []simFeed {
	tb.Helper()
	p, err := sim.Start(sim.Options{Cities: cities, WardsPerCity: wards, ItemsPerFeed: items, Hosts: 1,
		CrossPosts: 0.1, Families: 1, Seed: seed, Start: time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		tb.Fatalf("start simulated province: %v", err)
	}
	defer p.Close()
	var out []simFeed
	for _, src := range p.Truth().Sources {
		if src.Kind != sim.Good {
			continue
		}
		b, err := getFeed(src.URL)
		if err != nil {
			tb.Fatal(err)
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(simDoc(b)))
		if err != nil {
			tb.Fatalf("parse sim feed %s: %v", src.URL, err)
		}
		out = append(out, simFeed{url: src.URL, feed: feed})
	}
	return out
}

// simDoc turns a sim feed into what fetch.Parse hands gofeed: NFC UTF-8
// without a byte order mark. Decoding here rather than calling fetch
// keeps this package's tests from building on package fetch;
// Windows-1258 is the only other charset the sim sends.
func simDoc(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if !utf8.Valid(b) {
		b, _ = charmap.Windows1258.NewDecoder().Bytes(b)
		b = bytes.Replace(b, []byte(`encoding="windows-1258"`), []byte(`encoding="utf-8"`), 1)
	}
	return norm.NFC.Bytes(b)
}

func getFeed(url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", url, err)
	}
	return b, nil
}

// BenchmarkItemSim cleans the items of a simulated province, as the
// first pass does; one op is one item. BenchmarkItemSimOld runs the
// reference (reference_test.go) on the same items: run both in one go to
// see what the speed round of issue 6 did.
func BenchmarkItemSim(b *testing.B) {
	c := NewCleaner(hoChiMinh(b), func() time.Time { return testNow })
	benchmarkSimItems(b, c.Item)
}

func BenchmarkItemSimOld(b *testing.B) {
	c := OldNewCleaner(hoChiMinh(b), func() time.Time { return testNow })
	benchmarkSimItems(b, c.Item)
}

func benchmarkSimItems(b *testing.B, clean func(*gofeed.Feed, *gofeed.Item, bantin.Source, string) bantin.Item) {
	feeds := simFeeds(b, 7, 2, 6, 40)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; {
		for _, f := range feeds {
			src := bantin.Source{URL: f.url, Unit: "sim"}
			for _, it := range f.feed.Items {
				if i == b.N {
					return
				}
				clean(f.feed, it, src, f.url)
				i++
			}
		}
	}
}
