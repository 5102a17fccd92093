package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"bantin"
	"bantin/dedup"
	"bantin/sim"
)

// countingMatcher is a plain Matcher (no sketches) that counts the pairs
// it is asked about.
type countingMatcher struct {
	m     bantin.Matcher
	calls int
}

func (c *countingMatcher) SameStory(a, b []byte) bool {
	c.calls++
	return c.m.SameStory(a, b)
}

// countingSketcher is a SketchMatcher that counts the pairs SameStory is
// asked about.
type countingSketcher struct {
	*dedup.Fingerprinter
	calls int
}

func (c *countingSketcher) SameStory(a, b []byte) bool {
	c.calls++
	return c.Fingerprinter.SameStory(a, b)
}

// simFetches is a simulated province's items, every copy of every story,
// fingerprinted by dedup and spread over the test config's sources in
// fetches of 20, oldest first, each copy under its own link so that only
// fingerprints can merge them.
func simFetches(t *testing.T, fp *dedup.Fingerprinter) []*bantin.Fetch {
	t.Helper()
	p, err := sim.Start(sim.Options{Cities: 4, WardsPerCity: 6, ItemsPerFeed: 60, Hosts: 1,
		CrossPosts: 0.3, Families: 3, Seed: 7, Start: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("start simulated province: %v", err)
	}
	defer p.Close()
	sources := []string{srcProvince, srcCity, srcCity2, srcWard}
	var items []bantin.Item
	n := 0
	stories := p.Truth().Stories
	for i := len(stories) - 1; i >= 0; i-- {
		for _, c := range stories[i].Copies {
			text := strings.Join(append([]string{c.Lead}, c.Body...), "\n\n")
			sig, bands := fp.Fingerprint(c.Title, text)
			link := fmt.Sprintf("https://example.gov.vn/%d", n)
			items = append(items, bantin.Item{Source: sources[n%len(sources)], GUID: link, Link: link,
				CanonicalLink: link, Title: c.Title, Summary: c.Lead, Content: "<p>" + text + "</p>", Text: text,
				Published: c.Published, Fingerprint: sig, Bands: bands})
			n++
		}
	}
	var fs []*bantin.Fetch
	for len(items) > 0 {
		k := min(20, len(items))
		src := items[0].Source
		var mine, rest []bantin.Item
		for _, it := range items[:k] {
			if it.Source == src {
				mine = append(mine, it)
			} else {
				rest = append(rest, it)
			}
		}
		fs = append(fs, &bantin.Fetch{Source: src, Status: 200, Items: mine})
		items = append(rest, items[k:]...)
	}
	return fs
}

// TestSketchesChangeNoMatch stores a simulated province twice, once with
// a plain Matcher and once with dedup's sketches: every item must land in
// the same story, and the sketches must spare most of the comparisons
// (each a fingerprint read from SQLite).
func TestSketchesChangeNoMatch(t *testing.T) {
	fp := dedup.NewFingerprinter()
	fs := simFetches(t, fp)
	plain := &countingMatcher{m: fp}
	sketched := &countingSketcher{Fingerprinter: fp}
	var views [2]map[string]string
	var dups [2]int
	for i, m := range []bantin.Matcher{plain, sketched} {
		c := newClock()
		s := openTest(t, c, m)
		for _, f := range fs {
			f.Started = c.Now()
			st := record(t, s, c, f.Source, f.Items...)
			dups[i] += st.Duplicate
			c.Advance(time.Minute)
		}
		views[i] = storyOfItem(t, s)
	}
	if dups[0] == 0 {
		t.Fatal("no duplicates found: the test shows nothing")
	}
	if dups[0] != dups[1] || len(views[0]) != len(views[1]) {
		t.Fatalf("plain: %d duplicates of %d items; sketched: %d of %d", dups[0], len(views[0]), dups[1], len(views[1]))
	}
	for guid, story := range views[0] {
		if views[1][guid] != story {
			t.Fatalf("item %s: story %s plain, %s sketched", guid, story, views[1][guid])
		}
	}
	t.Logf("%d items, %d duplicates: %d comparisons plain, %d with sketches", len(views[0]), dups[0], plain.calls, sketched.calls)
	if sketched.calls*10 > plain.calls {
		t.Errorf("sketches spared too little: %d comparisons of %d", sketched.calls, plain.calls)
	}
}

// storyOfItem maps every item's guid to its story's uid.
func storyOfItem(t *testing.T, s *Store) map[string]string {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(),
		"SELECT i.guid, s.uid FROM items i JOIN stories s ON s.id = i.story_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := make(map[string]string)
	for rows.Next() {
		var guid, uid string
		if err := rows.Scan(&guid, &uid); err != nil {
			t.Fatal(err)
		}
		out[guid] = uid
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// BenchmarkSketchFilter rules fifty candidates of an item in or out by
// their sketches in a ring of a full window, as the writer does, with
// and without reading their slots ahead (touch). Between items it reads
// through 64 MB, as the band index, SQLite and the parsers do between
// two lookups of a first pass, so that the slots are not in the cache.
func BenchmarkSketchFilter(b *testing.B) {
	fp := dedup.NewFingerprinter()
	const window = DefaultIndexedStories
	ring := newSketchRing(window)
	var sk bantin.Sketch
	for id := uint32(1); id <= window; id++ {
		for i := range sk {
			sk[i] = byte(id*2654435761>>uint(i%24)) ^ byte(i)
		}
		ring.set(id, &sk)
	}
	mine := sk
	other := make([]uint64, 8<<20)
	cands := make([]int64, 50)
	for _, touch := range []bool{false, true} {
		b.Run(fmt.Sprint("touch=", touch), func(b *testing.B) {
			seed, kept, sink := uint64(1), 0, uint64(0)
			for b.Loop() {
				b.StopTimer()
				for i := 0; i < len(other); i += 8 {
					other[i]++
				}
				for i := range cands {
					seed = seed*6364136223846793005 + 1442695040888963407
					cands[i] = int64(seed>>40)%window + 1
				}
				b.StartTimer()
				if touch {
					sink += ring.touch(cands)
				}
				for _, id := range cands {
					if other, ok := ring.get(uint32(id)); ok && fp.MayMatch(&mine, other) {
						kept++
					}
				}
			}
			_ = sink
		})
	}
}
