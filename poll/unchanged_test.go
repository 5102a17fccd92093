package poll

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin"
	"bantin/clean"
	"bantin/dedup"
	"bantin/fetch"
	"bantin/store"
)

// fill gives every field reachable from v (settable) a value of its own:
// strings and numbers from n, one element in each slice and map, a value
// behind each pointer. Types that nest themselves stop at depth 3.
func fill(v reflect.Value, n *int, depth int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("v%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Pointer:
		if depth > 3 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n, depth+1)
	case reflect.Slice:
		if depth > 3 {
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), n, depth+1)
	case reflect.Map:
		if depth > 3 {
			return
		}
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, n, depth+1)
		fill(e, n, depth+1)
		v.SetMapIndex(k, e)
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 13, 7, 20, *n%60, 0, time.FixedZone("+07", 7*3600))))
			return
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				fill(v.Field(i), n, depth+1)
			}
		}
	}
}

// leaves calls visit with a description and a change of every string,
// number, flag and time reachable from v; the change returns an undo.
func leaves(v reflect.Value, path string, visit func(path string, change func() (undo func()))) {
	switch v.Kind() {
	case reflect.String:
		visit(path, func() func() { old := v.String(); v.SetString(old + "!"); return func() { v.SetString(old) } })
	case reflect.Bool:
		visit(path, func() func() { old := v.Bool(); v.SetBool(!old); return func() { v.SetBool(old) } })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		visit(path, func() func() { old := v.Int(); v.SetInt(old + 1); return func() { v.SetInt(old) } })
	case reflect.Pointer:
		if !v.IsNil() {
			leaves(v.Elem(), path, visit)
		}
	case reflect.Slice:
		for i := range v.Len() {
			leaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), visit)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			// Map values cannot be set in place: change a copy and put it back.
			k := it.Key()
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			leaves(e, fmt.Sprintf("%s[%v]", path, k), func(p string, change func() func()) {
				visit(p, func() func() {
					undo := change()
					v.SetMapIndex(k, e)
					return func() { undo(); v.SetMapIndex(k, e) }
				})
			})
		}
	case reflect.Struct:
		if v.Type() == timeType {
			visit(path, func() func() {
				old := v.Interface().(time.Time)
				v.Set(reflect.ValueOf(old.Add(time.Second)))
				return func() { v.Set(reflect.ValueOf(old)) }
			})
			return
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				leaves(v.Field(i), path+"."+v.Type().Field(i).Name, visit)
			}
		}
	}
}

// Every field of an item, however deep (authors, enclosures, extension
// attributes and children), changes its hash: an item edited anywhere is
// cleaned again. So do the source, the URL and the fields of the feed
// that cleaning reads (clean.ItemContext); the feed's other fields, such
// as the lastBuildDate portals set on every request, do not.
func TestItemHashCoversEveryField(t *testing.T) {
	r := newRecordedFeeds()
	var n int
	feed := &gofeed.Feed{}
	fill(reflect.ValueOf(feed).Elem(), &n, 0)
	feed.Items = nil
	it := &gofeed.Item{}
	fill(reflect.ValueOf(it).Elem(), &n, 0)
	src := bantin.Source{URL: "http://ward.example/rss", Unit: "ward", Schedule: "@hourly"}
	hash := func() uint64 { return r.newFeedHash(src, "http://ward.example/rss", feed).item(it) }
	base := hash()
	if hash() != base {
		t.Fatal("the same item hashes differently twice")
	}
	count := 0
	check := func(path string, change func() func()) {
		count++
		undo := change()
		changed := hash() != base
		undo()
		if hash() != base {
			t.Fatalf("undoing the change of %s does not give the hash back", path)
		}
		read := !strings.HasPrefix(path, "feed.")
		for _, f := range []string{"feed.Link", "feed.FeedLink", "feed.Author.", "feed.Authors["} {
			read = read || strings.HasPrefix(path, f) && (path == f || strings.HasSuffix(f, ".") || strings.HasSuffix(f, "["))
		}
		switch {
		case read && !changed:
			t.Errorf("changing %s leaves the hash as it was", path)
		case !read && changed:
			t.Errorf("changing %s, which cleaning does not read, changes the hash", path)
		}
	}
	leaves(reflect.ValueOf(it).Elem(), "item", check)
	leaves(reflect.ValueOf(feed).Elem(), "feed", check)
	leaves(reflect.ValueOf(&src).Elem(), "source", check)
	if count < 100 {
		t.Errorf("only %d fields visited: the filler missed some", count)
	}
}

// Neighbouring fields cannot trade bytes unseen, an empty value differs
// from an absent one, and map entries count whatever their order.
func TestItemHashKeepsValuesApart(t *testing.T) {
	r := newRecordedFeeds()
	hash := func(it *gofeed.Item) uint64 { return r.newFeedHash(bantin.Source{}, "", &gofeed.Feed{}).item(it) }
	pairs := []struct {
		name string
		a, b *gofeed.Item
	}{
		{"bytes moved between fields", &gofeed.Item{Title: "ab", Description: "c"}, &gofeed.Item{Title: "a", Description: "bc"}},
		{"nil and empty author", &gofeed.Item{}, &gofeed.Item{Author: &gofeed.Person{}}},
		{"elements moved between slices", &gofeed.Item{Links: []string{"a", "b"}, Categories: []string{}}, &gofeed.Item{Links: []string{"a"}, Categories: []string{"b"}}},
		{"same instant, other zone", &gofeed.Item{PublishedParsed: ptr(time.Date(2026, 11, 13, 0, 0, 0, 0, time.UTC))},
			&gofeed.Item{PublishedParsed: ptr(time.Date(2026, 11, 13, 7, 0, 0, 0, time.FixedZone("+07", 7*3600)))}},
	}
	for _, p := range pairs {
		if hash(p.a) == hash(p.b) {
			t.Errorf("%s: same hash", p.name)
		}
	}
	custom := map[string]string{}
	for i := range 50 {
		custom[fmt.Sprint("k", i)] = fmt.Sprint("v", i)
	}
	want := hash(&gofeed.Item{Custom: custom})
	for range 20 {
		copied := make(map[string]string)
		for k, v := range custom {
			copied[k] = v
		}
		if hash(&gofeed.Item{Custom: copied}) != want {
			t.Fatal("the same map hashes differently")
		}
	}
}

func ptr[T any](v T) *T { return &v }

// mutableFeed serves an RSS feed whose items a test changes between
// passes, with no validators, as many portals do.
type mutableFeed struct {
	mu     sync.Mutex
	items  []feedItem
	broken bool // answer 500
}

type feedItem struct {
	guid, title, body string
	hour              int // of its date, 13 November 2026
}

func (m *mutableFeed) set(items []feedItem) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items = append([]feedItem(nil), items...)
}

func (m *mutableFeed) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	m.mu.Lock()
	broken := m.broken
	m.mu.Unlock()
	if broken {
		http.Error(w, "portal down", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Write(m.body())
}

// body is the feed as it stands.
func (m *mutableFeed) body() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Phường Lê Hồng Phong</title><link>/</link>`)
	for _, it := range m.items {
		fmt.Fprintf(&b, `<item><guid>%s</guid><title>%s</title><link>/tin/%s.html</link><pubDate>Fri, 13 Nov 2026 %02d:20:00 +0700</pubDate><description><![CDATA[%s]]></description></item>`,
			it.guid, it.title, it.guid, it.hour, it.body)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func articles(n int) []feedItem {
	var out []feedItem
	for i := range n {
		out = append(out, feedItem{
			guid:  fmt.Sprintf("tin-%d", i),
			hour:  7 + i%12,
			title: fmt.Sprintf("Hội nghị triển khai nhiệm vụ số %d của phường", i),
			body: fmt.Sprintf(`<p>Sáng ngày 13/11, UBND phường tổ chức hội nghị lần thứ %d về công tác cải cách hành chính, chuyển đổi số và xây dựng chính quyền điện tử.</p>
<p>Tham dự hội nghị có đại diện các ban, ngành, đoàn thể và %d tổ dân phố trên địa bàn.</p><img src="/anh/%d.jpg">`, i, i+3, i),
		})
	}
	return out
}

// pipeline is a store and a poller on one fake portal, with a clock that
// moves a minute a pass.
type pipeline struct {
	st    *store.Store
	p     *Poller
	src   bantin.Source
	clock *time.Time
}

func newPipeline(t *testing.T, url string) *pipeline {
	t.Helper()
	ctx := context.Background()
	clock := time.Date(2026, 11, 13, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	fp := dedup.NewFingerprinter()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "t.db"), Matcher: fp, Clock: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	src := bantin.Source{URL: url, Unit: "le-hong-phong", Schedule: "@hourly"}
	cfg := &bantin.Config{Units: []bantin.Unit{{ID: src.Unit, Name: "Phường Lê Hồng Phong", Sources: []bantin.Source{src}}}}
	if err := st.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	p := New(Options{
		Client:        fetch.NewClient(fetch.Options{AllowPrivateNetworks: true}),
		Cleaner:       clean.NewCleaner(time.UTC, now),
		Fingerprinter: fp, Store: st, Clock: now, Workers: 1,
	})
	return &pipeline{st: st, p: p, src: src, clock: &clock}
}

// pass fetches the source once, as a pass does, keeping the items.
func (pl *pipeline) pass(t *testing.T) Result {
	t.Helper()
	*pl.clock = pl.clock.Add(time.Minute)
	r := pl.p.FetchOne(context.Background(), pl.src)
	if r.Failed() {
		t.Fatalf("fetch: %+v", r)
	}
	return r
}

func (pl *pipeline) stories(t *testing.T) []bantin.Story {
	t.Helper()
	s, err := pl.st.Stories(context.Background(), []string{pl.src.Unit}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A feed sent again whole (no validators) goes through the pipeline as
// far as it changed: an identical body is not parsed, unchanged items are
// not cleaned or stored again, edited and new ones are. The stories
// stored are exactly those of a poller that forgets every pass, as every
// poller did before; so is the effect of an edit undone, and of a reload.
func TestPassSkipsWhatWasRecorded(t *testing.T) {
	portal := &mutableFeed{}
	srv := httptest.NewServer(portal)
	defer srv.Close()
	remembering := newPipeline(t, srv.URL+"/rss")
	forgetting := newPipeline(t, srv.URL+"/rss")

	first := articles(10)
	second := append([]feedItem{{guid: "tin-new", title: "Tin mới", hour: 20, body: "<p>Phường ra quân dọn vệ sinh môi trường cuối tuần.</p>"}}, first[:9]...)
	second[1+5].body = first[5].body + "<p>Cập nhật: danh sách khen thưởng.</p>"
	second[1+3].title = first[3].title + " (sửa)"
	third := append([]feedItem(nil), second...)
	third[1+5] = first[5] // the edit undone
	steps := []struct {
		name             string
		items            []feedItem
		reload           bool
		changed, skipped int
		stats            bantin.IngestStats // counted alike: the skipped as unchanged
	}{
		{"first pass", first, false, 10, 0, bantin.IngestStats{New: 10}},
		{"one new, two edited, one gone", second, false, 3, 7, bantin.IngestStats{New: 1, Updated: 2, Unchanged: 7}},
		{"the same bytes again", second, false, 0, 10, bantin.IngestStats{Unchanged: 10}},
		{"an edit undone", third, false, 1, 9, bantin.IngestStats{Updated: 1, Unchanged: 9}},
		{"after a reload nothing is taken as known", third, true, 10, 0, bantin.IngestStats{Unchanged: 10}},
	}
	for _, step := range steps {
		portal.set(step.items)
		if step.reload {
			remembering.p.Reconfigure(fetch.NewClient(fetch.Options{AllowPrivateNetworks: true}),
				clean.NewCleaner(time.UTC, func() time.Time { return *remembering.clock }), nil)
		}
		forgetting.p.recorded.forget()
		got, want := remembering.pass(t), forgetting.pass(t)
		if len(got.Fetch.Items) != step.changed || got.Fetch.Unchanged != step.skipped || got.Items != len(step.items) {
			t.Errorf("%s: %d items cleaned, %d unchanged, %d in all; want %d, %d, %d", step.name,
				len(got.Fetch.Items), got.Fetch.Unchanged, got.Items, step.changed, step.skipped, len(step.items))
		}
		if got.Stats != step.stats || want.Stats != step.stats {
			t.Errorf("%s: stats %+v, forgetting poller %+v, want %+v", step.name, got.Stats, want.Stats, step.stats)
		}
		if g, w := remembering.stories(t), forgetting.stories(t); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: stories differ from the forgetting poller's:\n%+v\n%+v", step.name, g, w)
		}
	}
	states, err := remembering.st.SourceStates(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 1 || !states[0].LastOKAt.Equal(*remembering.clock) {
		t.Errorf("source state %+v: the last fetch, unchanged as it was, is not recorded as ok at %v", states, *remembering.clock)
	}
}

// A fetch the store could not record is not remembered: the same items
// sent again are cleaned and offered to the store again. A fetch that
// fails forgets nothing.
func TestUnrecordedFetchIsNotRemembered(t *testing.T) {
	portal := &mutableFeed{}
	portal.set(articles(4))
	srv := httptest.NewServer(portal)
	defer srv.Close()
	url := srv.URL + "/rss"
	st := &fakeStore{fail: map[string]bool{url: true}}
	p := New(Options{
		Client:        fetch.NewClient(fetch.Options{AllowPrivateNetworks: true}),
		Cleaner:       clean.NewCleaner(time.UTC, nil),
		Fingerprinter: dedup.NewFingerprinter(), Store: st, Workers: 1,
	})
	src := bantin.Source{URL: url, Unit: "u"}
	if r := p.FetchOne(context.Background(), src); r.Err == nil {
		t.Fatalf("the store refused the fetch, yet the result has no error: %+v", r)
	}
	st.mu.Lock()
	st.fail = nil
	st.mu.Unlock()
	if r := p.FetchOne(context.Background(), src); r.Err != nil || len(r.Fetch.Items) != 4 || r.Fetch.Unchanged != 0 {
		t.Fatalf("after a refused record: err %v, %d items, %d unchanged; want 4 items offered again", r.Err, len(r.Fetch.Items), r.Fetch.Unchanged)
	}
	if r := p.FetchOne(context.Background(), src); r.Err != nil || len(r.Fetch.Items) != 0 || r.Fetch.Unchanged != 4 {
		t.Fatalf("once recorded: err %v, %d items, %d unchanged; want all 4 unchanged", r.Err, len(r.Fetch.Items), r.Fetch.Unchanged)
	}
	// A fetch that fails in between changes nothing that was recorded.
	portal.mu.Lock()
	portal.broken = true
	portal.mu.Unlock()
	if r := p.FetchOne(context.Background(), src); r.Err != nil || !r.Fetch.Failed() {
		t.Fatalf("the portal answered 500, yet: err %v, fetch %+v", r.Err, r.Fetch)
	}
	portal.mu.Lock()
	portal.broken = false
	portal.mu.Unlock()
	if r := p.FetchOne(context.Background(), src); r.Err != nil || len(r.Fetch.Items) != 0 || r.Fetch.Unchanged != 4 {
		t.Fatalf("after a failed fetch: err %v, %d items, %d unchanged; want all 4 still unchanged", r.Err, len(r.Fetch.Items), r.Fetch.Unchanged)
	}
}

// BenchmarkUnchangedItems is what telling an unchanged item costs, next
// to the cleaning and fingerprinting it saves.
func BenchmarkUnchangedItems(b *testing.B) {
	portal := &mutableFeed{}
	portal.set(articles(50))
	body := portal.body()
	feed, err := fetch.Parse(body, "application/rss+xml")
	if err != nil {
		b.Fatal(err)
	}
	src := bantin.Source{URL: "http://ward.example/rss", Unit: "u"}
	r := newRecordedFeeds()
	_, _, last := r.unchangedItems(recordedFeed{}, 1, 0, src, src.URL, feed)
	resp := &fetch.Response{URL: src.URL, ContentType: "application/rss+xml", Body: body}
	b.Run("hash", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.bodyHash(resp)
			r.unchangedItems(last, 1, 0, src, src.URL, feed)
		}
	})
	cleaner, fp := clean.NewCleaner(time.UTC, nil), dedup.NewFingerprinter()
	b.Run("clean+fingerprint", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, it := range cleaner.Feed(feed, src, src.URL) {
				fp.Fingerprint(it.Title, it.Text)
			}
		}
	})
}

// Whatever a source sends, hashing its items never fails, and the same
// feed parsed again is all unchanged: nothing is cleaned twice, and
// nothing a feed holds is lost from what a fetch remembers.
func FuzzUnchangedItems(f *testing.F) {
	portal := &mutableFeed{}
	portal.set(articles(3))
	f.Add(portal.body())
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><author><name>UBND</name></author><entry><id>1</id><title>a</title></entry><entry><id>1</id><title>a</title></entry></feed>`))
	f.Add([]byte(`<rss><channel><item><title>x</title><media:content xmlns:media="http://search.yahoo.com/mrss/" url="/a.jpg"><media:title>t</media:title></media:content></item></channel></rss>`))
	src := bantin.Source{URL: "http://ward.example/rss", Unit: "u"}
	f.Fuzz(func(t *testing.T, body []byte) {
		feed, err := fetch.Parse(body, "application/xml")
		if err != nil {
			return
		}
		items := 0
		for _, it := range feed.Items {
			if it != nil {
				items++
			}
		}
		r := newRecordedFeeds()
		changed, unchanged, first := r.unchangedItems(recordedFeed{}, 1, 7, src, src.URL, feed)
		if len(changed) != items || unchanged != 0 || len(first.items) != items {
			t.Fatalf("first fetch: %d changed, %d unchanged, %d remembered of %d items", len(changed), unchanged, len(first.items), items)
		}
		again, err := fetch.Parse(body, "application/xml")
		if err != nil {
			t.Fatalf("parsed once, not twice: %v", err)
		}
		changed, unchanged, second := r.unchangedItems(first, 1, 7, src, src.URL, again)
		if len(changed) != 0 || unchanged != items || !slices.Equal(first.items, second.items) {
			t.Fatalf("the same bytes again: %d changed, %d unchanged of %d; remembered %v then %v", len(changed), unchanged, items, first.items, second.items)
		}
	})
}

// The same bytes from another final URL (a portal that starts redirecting
// to a new address) are read again: relative links resolve against it.
func TestSameBytesFromElsewhereAreReadAgain(t *testing.T) {
	portal := &mutableFeed{}
	portal.set(articles(3))
	var mu sync.Mutex
	target := "/a.rss"
	mux := http.NewServeMux()
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	})
	mux.Handle("/a.rss", portal)
	mux.Handle("/b.rss", portal)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	pl := newPipeline(t, srv.URL+"/rss")
	pl.pass(t)
	if r := pl.pass(t); r.Fetch.Unchanged != 3 {
		t.Fatalf("the same bytes from the same place: %d unchanged, want 3", r.Fetch.Unchanged)
	}
	mu.Lock()
	target = "/b.rss"
	mu.Unlock()
	if r := pl.pass(t); r.Fetch.Unchanged != 0 || len(r.Fetch.Items) != 3 || r.Stats.Unchanged != 3 {
		t.Errorf("the same bytes from elsewhere: %d skipped, %d read, %d unchanged in the store; want 0, 3, 3",
			r.Fetch.Unchanged, len(r.Fetch.Items), r.Stats.Unchanged)
	}
}

// A reload forgets what every source held, so that a source the reload
// dropped leaves nothing behind; a fetch in flight through the reload
// is remembered under the stages it ran with, which no later fetch takes
// as its own.
func TestReloadForgetsRecordedFeeds(t *testing.T) {
	p := New(Options{Store: &fakeStore{}})
	before := p.stages.Load().gen
	for _, src := range []string{"http://a/rss", "http://b/rss"} {
		p.recorded.remember(src, recordedFeed{gen: before, body: 1, items: []uint64{1, 2}})
	}
	p.Reconfigure(nil, nil, nil)
	if n := len(p.recorded.m); n != 0 {
		t.Fatalf("%d sources remembered after a reload, want none", n)
	}
	p.recorded.remember("http://a/rss", recordedFeed{gen: before, body: 1, items: []uint64{1, 2}})
	if last := p.recorded.last("http://a/rss", p.stages.Load().gen); last.sameBody(1) || last.has(1) {
		t.Errorf("a fetch cleaned before the reload is taken as the new stages': %+v", last)
	}
}
