package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"testing"
	"time"

	"bantin"
)

// benchItems returns n items of src with a 3 KB body, a 600-byte
// fingerprint and 42 band keys, as package dedup makes them.
func benchItems(src, prefix string, n int, at time.Time) []bantin.Item {
	body := "<p>" + string(make([]byte, 0, 3000))
	for len(body) < 3000 {
		body += "Sáng ngày 21/12/2020, Thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020. "
	}
	out := make([]bantin.Item, n)
	for i := range out {
		key := fmt.Sprintf("%s-%d", prefix, i)
		fp := make([]byte, 600)
		copy(fp, key)
		bands := make([]uint64, 42)
		for b := range bands {
			h := fnv.New64a()
			fmt.Fprintf(h, "%s/%d", key, b)
			bands[b] = h.Sum64()
		}
		out[i] = bantin.Item{
			Source: src, GUID: key, Link: "https://phuly.example.gov.vn/tin/" + key,
			CanonicalLink: "https://phuly.example.gov.vn/tin/" + key, Title: "Hội nghị " + key,
			Summary: "Tóm tắt " + key, Content: body, Published: at.Add(-time.Duration(i) * time.Minute),
			Fingerprint: fp, Bands: bands,
		}
	}
	return out
}

func BenchmarkRecordFetch50New(b *testing.B) {
	c := newClock()
	s := openTest(b, c, &equalBytes{})
	ctx := context.Background()
	n := 0
	for b.Loop() {
		n++
		f := &bantin.Fetch{Source: srcCity, Started: c.Now(), Status: 200, Items: benchItems(srcCity, fmt.Sprint(n), 50, c.Now())}
		if _, err := s.RecordFetch(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}

// The common case of a poll: the feed is the same as last time.
func BenchmarkRecordFetch50Unchanged(b *testing.B) {
	c := newClock()
	s := openTest(b, c, &equalBytes{})
	ctx := context.Background()
	items := benchItems(srcCity, "same", 50, c.Now())
	record(b, s, c, srcCity, items...)
	for b.Loop() {
		st, err := s.RecordFetch(ctx, &bantin.Fetch{Source: srcCity, Started: c.Now(), Status: 200, Items: items})
		if err != nil || st.Unchanged != 50 {
			b.Fatal(st, err)
		}
	}
}

// storiesBench fills a store with total items spread over units units
// (one source each), items an hour apart, and returns it and its unit ids.
func storiesBench(b *testing.B, units, total int) (*Store, []string) {
	b.Helper()
	ctx := context.Background()
	c := newClock()
	s, err := Open(ctx, Options{Path: filepath.Join(b.TempDir(), "bantin.db"), Clock: c.Now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	cfg := &bantin.Config{}
	var ids []string
	for u := range units {
		id := fmt.Sprintf("xa-%03d", u)
		ids = append(ids, id)
		cfg.Units = append(cfg.Units, bantin.Unit{ID: id, Name: id, Sources: []bantin.Source{{URL: "https://" + id + ".example.gov.vn/rss", Unit: id}}})
	}
	if err := s.SyncConfig(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	const batch = 1000
	for n := 0; n < total; n += batch {
		u := (n / batch) % units
		src := cfg.Units[u].Sources[0].URL
		f := &bantin.Fetch{Source: src, Started: c.Now(), Status: 200}
		for i := range batch {
			key := fmt.Sprintf("%d", n+i)
			f.Items = append(f.Items, bantin.Item{GUID: key, Link: src + "/" + key, CanonicalLink: src + "/" + key,
				Title: "Tin " + key, Summary: "Tóm tắt", Content: "<p>Nội dung tin " + key + "</p>",
				Published: c.Now().Add(-time.Duration(total-n-i) * time.Hour)})
		}
		if _, err := s.RecordFetch(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("stored %d items in %d units in %v", total, units, time.Since(start).Round(time.Millisecond))
	return s, ids
}

// BenchmarkStories50Of100k reads the newest 50 stories of one unit, and of
// all 20 units (each unit's newest 50 merged), from 100,000 stored items.
// One fill serves both.
func BenchmarkStories50Of100k(b *testing.B) {
	s, ids := storiesBench(b, 20, 100_000)
	ctx := context.Background()
	for _, bc := range []struct {
		name  string
		units []string
	}{{"one-unit", ids[:1]}, {"all-units", ids}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				got, err := s.Stories(ctx, bc.units, 50)
				if err != nil || len(got) != 50 {
					b.Fatal(len(got), err)
				}
			}
		})
	}
}

func BenchmarkVersion(b *testing.B) {
	c := newClock()
	s := openTest(b, c, nil)
	record(b, s, c, srcCity, item(srcCity, "1", "https://phuly.example.gov.vn/1", "Tin", c.Now()))
	for b.Loop() {
		s.Version(allUnits)
	}
}
