package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"bantin"
)

// batchScenario is a morning of fetches across the test province: new
// items, a city's re-post of the province's article (same link), a ward
// re-printing it under its own link (same fingerprint), a 304, a failure
// and the city fetched twice, the second time with an edit.
func batchScenario(at time.Time) []*bantin.Fetch {
	next := at.Add(15 * time.Minute)
	hn := printed(srcProvince, "hn-1", "https://hanam.example.gov.vn/tin/1", "Hội nghị dân vận", "fp-dan-van", 1, 2, 3)
	repost := printed(srcCity, "pl-9", "https://hanam.example.gov.vn/tin/1", "Hội nghị dân vận", "fp-dan-van", 1, 2, 3)
	ward := printed(srcWard, "pv-4", "https://phuvan.example.gov.vn/tin/4", "Phường Phù Vân: Hội nghị dân vận", "fp-dan-van", 3, 4)
	own := printed(srcCity, "pl-1", "https://phuly.example.gov.vn/tin/1", "Lịch tiếp dân", "fp-lich", 9)
	edited := own
	edited.Title, edited.Content = "Lịch tiếp công dân", "<p>Lịch tiếp công dân tuần này</p>"
	return []*bantin.Fetch{
		{Source: srcProvince, Started: at, Status: 200, ETag: `"a"`, NextFetchAt: next, Items: []bantin.Item{hn}},
		{Source: srcCity, Started: at, Status: 200, NextFetchAt: next, Items: []bantin.Item{repost, own}},
		{Source: srcWard, Started: at, Status: 200, NextFetchAt: next, Items: []bantin.Item{ward}},
		{Source: srcCity2, Started: at, Status: 503, Error: "HTTP 503", ErrorKind: bantin.ErrHTTP, NextFetchAt: at.Add(time.Minute)},
		{Source: srcProvince, Started: at, Status: 304, NotModified: true, NextFetchAt: next},
		{Source: srcCity, Started: at, Status: 200, NextFetchAt: next, Items: []bantin.Item{repost, edited}},
	}
}

// What readers and staff can see of a store.
type storeView struct {
	Stories []bantin.Story
	States  []bantin.SourceState
	Logs    [][]bantin.FetchRecord
	Changed []time.Time // per unit; the version's count moves once per batch, not per fetch
}

func viewOf(t *testing.T, s *Store) storeView {
	t.Helper()
	ctx := context.Background()
	v := storeView{Stories: stories(t, s, allUnits, 100)}
	var err error
	if v.States, err = s.SourceStates(ctx); err != nil {
		t.Fatal(err)
	}
	for _, st := range v.States {
		log, err := s.FetchLog(ctx, st.URL, 10)
		if err != nil {
			t.Fatal(err)
		}
		v.Logs = append(v.Logs, log)
	}
	for _, u := range allUnits {
		n, at := s.Version([]string{u})
		if n == 0 {
			t.Errorf("version of %s did not move", u)
		}
		v.Changed = append(v.Changed, at)
	}
	return v
}

func TestRecordFetchesMatchesOneByOne(t *testing.T) {
	c := newClock()
	batched, single := openTest(t, c, &equalBytes{}), openTest(t, c, &equalBytes{})
	ctx := context.Background()
	got, err := batched.RecordFetches(ctx, batchScenario(c.Now()))
	if err != nil {
		t.Fatal(err)
	}
	var want []bantin.IngestStats
	for _, f := range batchScenario(c.Now()) {
		st, err := single.RecordFetch(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, st)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("batch stats %+v, one by one %+v", got, want)
	}
	if want[2].Duplicate != 1 || want[5].Updated != 1 {
		t.Fatalf("the scenario no longer merges and edits: %+v", want)
	}
	if g, w := viewOf(t, batched), viewOf(t, single); !reflect.DeepEqual(g, w) {
		t.Errorf("batched store differs from one-by-one:\n got %+v\nwant %+v", g, w)
	}
}

// A fetch that cannot be recorded is rolled back alone; the rest of its
// batch commits.
func TestRecordFetchesFailingFetchRollsBackAlone(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	failInsertOf(t, s, "bad")
	ok := func(src, guid string) *bantin.Fetch {
		return &bantin.Fetch{Source: src, Started: c.Now(), Status: 200,
			Items: []bantin.Item{item(src, guid, src+"/"+guid, "Tin "+guid, c.Now())}}
	}
	half := ok(srcCity2, "good")
	half.Items = append(half.Items, item(srcCity2, "bad", srcCity2+"/bad", "Hỏng", c.Now()))
	fs := []*bantin.Fetch{
		ok(srcCity, "1"),
		{Source: "https://nowhere.example/rss", Started: c.Now()},
		nil,
		half,
		ok(srcWard, "2"),
	}
	stats, err := s.RecordFetches(ctx, fs)
	fe, isBatch := errors.AsType[FetchErrors](err)
	if !isBatch || len(fe) != len(fs) {
		t.Fatalf("err = %v, want FetchErrors for %d fetches", err, len(fs))
	}
	for i, failed := range []bool{false, true, true, true, false} {
		if (fe[i] != nil) != failed {
			t.Errorf("fetch %d: err = %v, want failed = %v", i, fe[i], failed)
		}
		if !failed && stats[i].New != 1 {
			t.Errorf("fetch %d: stats %+v, want 1 new", i, stats[i])
		}
	}
	if n := count(t, s, "SELECT COUNT(*) FROM items"); n != 2 {
		t.Errorf("%d items stored, want the 2 of the fetches that succeeded", n)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM fetch_log"); n != 2 {
		t.Errorf("%d fetch log rows, want 2", n)
	}
	if st, _ := s.SourceState(ctx, srcCity2); !st.LastFetchAt.IsZero() {
		t.Errorf("state recorded for the rolled-back fetch: %+v", st)
	}
	if _, err := s.RecordFetch(ctx, ok(srcCity2, "later")); err != nil {
		t.Errorf("after a rolled-back fetch the next one fails: %v", err)
	}
}

func TestRecordFetchesCancelledRecordsNothing(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.RecordFetches(ctx, batchScenario(c.Now()))
	if err == nil {
		t.Fatal("a cancelled batch reported success")
	}
	if _, isBatch := errors.AsType[FetchErrors](err); isBatch {
		t.Errorf("a cancelled batch blamed single fetches: %v", err)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM fetch_log"); n != 0 {
		t.Errorf("%d fetches recorded by a cancelled batch", n)
	}
}

// A batch whose context ends between two of its items stops there and
// records nothing: its statements run without the context (batch.stmtCtx),
// so the batch itself must notice.
func TestRecordFetchesCancelledMidwayRecordsNothing(t *testing.T) {
	c := newClock()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	items := 0
	s := openWith(t, Options{Clock: c.Now, ReadersActive: func() bool {
		if items++; items == 2 {
			cancel()
		}
		return false
	}})
	fs := batchScenario(c.Now())
	_, err := s.RecordFetches(ctx, fs)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("batch cancelled after its second item: err %v, want context.Canceled", err)
	}
	if items != 2 {
		t.Errorf("%d items done, want the batch to stop after the second", items)
	}
	for _, table := range []string{"fetch_log", "items", "stories"} {
		if n := count(t, s, "SELECT COUNT(*) FROM "+table); n != 0 {
			t.Errorf("%d rows in %s after a cancelled batch", n, table)
		}
	}
	if _, err := s.RecordFetches(context.Background(), fs); err != nil {
		t.Fatalf("the same batch again: %v", err)
	}
}

func TestRecordFetchesEmpty(t *testing.T) {
	s := openTest(t, newClock(), nil)
	if st, err := s.RecordFetches(context.Background(), nil); err != nil || len(st) != 0 {
		t.Errorf("empty batch: %v, %v", st, err)
	}
}

func TestWriterHasLargerPageCache(t *testing.T) {
	s := openTest(t, newClock(), nil)
	var kib int
	if err := s.wconn.QueryRowContext(context.Background(), "PRAGMA cache_size").Scan(&kib); err != nil {
		t.Fatal(err)
	}
	if kib != -writerCacheKiB {
		t.Errorf("writer cache_size = %d, want %d", kib, -writerCacheKiB)
	}
}
