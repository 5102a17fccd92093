package store

import (
	"context"
	"testing"

	"bantin"
)

func TestWrittenLogSince(t *testing.T) {
	var l writtenLog
	a, b := newBatchSeen(), newBatchSeen()
	l.add(5, a)
	l.add(6, b)
	tests := []struct {
		after, last int64
		want        []*batchSeen
		ok          bool
	}{
		{6, 6, nil, true},
		{5, 6, []*batchSeen{b}, true},
		{4, 6, []*batchSeen{a, b}, true},
		{3, 6, nil, false},   // commit 4 was no ingest
		{5, 7, nil, false},   // nor is 7
		{-10, 6, nil, false}, // older than the log
	}
	for _, tt := range tests {
		got, ok := l.since(tt.after, tt.last)
		if ok != tt.ok || len(got) != len(tt.want) {
			t.Errorf("since(%d, %d) = %d sets, %v; want %d, %v", tt.after, tt.last, len(got), ok, len(tt.want), tt.ok)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("since(%d, %d)[%d] is the wrong set", tt.after, tt.last, i)
			}
		}
	}
}

// A batch prepared before another commits sees what that one wrote: the
// ward's item, prepared while nothing had its link, is a copy of the
// city's story stored in between, whether the look-ahead is still of use
// (only ingest commits came between) or stale (a config sync came too).
func TestPreparedBatchSeesCommitsSince(t *testing.T) {
	for _, syncBetween := range []bool{false, true} {
		c := newClock()
		s := openTest(t, c, nil)
		ctx := context.Background()
		link := "https://phuly.example.gov.vn/tin/hoi-nghi"
		city := &bantin.Fetch{Source: srcCity, Started: c.Now(), Status: 200,
			Items: []bantin.Item{item(srcCity, "c1", link, "Hội nghị tổng kết", c.Now())}}
		ward := &bantin.Fetch{Source: srcWard, Started: c.Now(), Status: 200,
			Items: []bantin.Item{item(srcWard, "w1", link, "Phường Phù Vân: Hội nghị tổng kết", c.Now()),
				item(srcWard, "w2", "https://phuvan.example/tin/2", "Tin riêng của phường", c.Now())}}
		recordWard := s.PrepareFetches(ctx, []*bantin.Fetch{ward})
		if _, err := s.RecordFetches(ctx, []*bantin.Fetch{city}); err != nil {
			t.Fatal(err)
		}
		if syncBetween {
			if err := s.SyncConfig(ctx, testConfig()); err != nil {
				t.Fatal(err)
			}
		}
		stats, err := recordWard(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stats[0].Duplicate != 1 || stats[0].New != 1 {
			t.Errorf("sync between %v: ward stats %+v, want 1 duplicate and 1 new", syncBetween, stats[0])
		}
		if n := count(t, s, "SELECT COUNT(*) FROM stories"); n != 2 {
			t.Errorf("sync between %v: %d stories, want 2", syncBetween, n)
		}
	}
}
