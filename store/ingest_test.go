package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bantin"
)

type fetchStep struct {
	src   string
	items []bantin.Item
	want  bantin.IngestStats
}

// TestItemIdentity follows one portal (or two) through successive fetches:
// what each fetch counts as new, updated, unchanged or duplicate, and what
// readers see at the end.
func TestItemIdentity(t *testing.T) {
	t0 := time.Date(2024, 3, 14, 8, 30, 0, 0, time.UTC)
	const (
		l1 = "https://phuly.example.gov.vn/tin-tuc/hoi-nghi-tong-ket.html"
		l2 = "https://phuly.example.gov.vn/tin-tuc/tiep-cong-dan.html"
		l3 = "https://phuly.example.gov.vn/tin-tuc/phong-chong-lut-bao.html"
	)
	a := item(srcCity, "101", l1, "Hội nghị tổng kết công tác dân vận năm 2023", t0)
	b := item(srcCity, "102", l2, "Tiếp công dân định kỳ tháng 3", t0.Add(time.Hour))
	c := item(srcCity, "103", l3, "Phòng, chống lụt bão & giảm nhẹ thiên tai", t0.Add(2*time.Hour))
	with := func(it bantin.Item, edit func(*bantin.Item)) bantin.Item { edit(&it); return it }

	tests := []struct {
		name        string
		steps       []fetchStep
		wantItems   int
		wantStories []string // titles, newest first
	}{
		{
			name: "portal serves the same items again",
			steps: []fetchStep{
				{srcCity, []bantin.Item{a, b}, bantin.IngestStats{New: 2}},
				{srcCity, []bantin.Item{a, b}, bantin.IngestStats{Unchanged: 2}},
			},
			wantItems: 2, wantStories: []string{b.Title, a.Title},
		},
		{
			name: "portal reorders its items",
			steps: []fetchStep{
				{srcCity, []bantin.Item{a, b, c}, bantin.IngestStats{New: 3}},
				{srcCity, []bantin.Item{c, a, b}, bantin.IngestStats{Unchanged: 3}},
				{srcCity, []bantin.Item{b, c, a}, bantin.IngestStats{Unchanged: 3}},
			},
			wantItems: 3, wantStories: []string{c.Title, b.Title, a.Title},
		},
		{
			name: "portal fixes a typo in a title",
			steps: []fetchStep{
				{srcCity, []bantin.Item{a}, bantin.IngestStats{New: 1}},
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.Title = "Hội nghị tổng kết công tác Dân vận năm 2023" })},
					bantin.IngestStats{Updated: 1}},
			},
			wantItems: 1, wantStories: []string{"Hội nghị tổng kết công tác Dân vận năm 2023"},
		},
		{
			name: "portal mints a new guid on every fetch",
			steps: []fetchStep{
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.GUID = "sess-1" })}, bantin.IngestStats{New: 1}},
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.GUID = "sess-2" })}, bantin.IngestStats{Unchanged: 1}},
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.GUID = "sess-3"; it.Content = "<p>Sửa</p>" })},
					bantin.IngestStats{Updated: 1}},
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.GUID = "sess-3"; it.Content = "<p>Sửa</p>" })},
					bantin.IngestStats{Unchanged: 1}},
			},
			wantItems: 1, wantStories: []string{a.Title},
		},
		{
			name: "portal moves an article to a new address under the same guid",
			steps: []fetchStep{
				{srcCity, []bantin.Item{a}, bantin.IngestStats{New: 1}},
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.Link, it.CanonicalLink = l1+"?id=7", l1+"?id=7" })},
					bantin.IngestStats{Updated: 1}},
			},
			wantItems: 1, wantStories: []string{a.Title},
		},
		{
			name: "portal rotates a tracking parameter in its links",
			steps: []fetchStep{
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.Link = l1 + "?utm_source=rss&s=1" })}, bantin.IngestStats{New: 1}},
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.Link = l1 + "?utm_source=rss&s=2" })}, bantin.IngestStats{Unchanged: 1}},
			},
			wantItems: 1, wantStories: []string{a.Title},
		},
		{
			name: "portal gives no guid",
			steps: []fetchStep{
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.GUID = "" })}, bantin.IngestStats{New: 1}},
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.GUID = "" })}, bantin.IngestStats{Unchanged: 1}},
			},
			wantItems: 1, wantStories: []string{a.Title},
		},
		{
			name: "portal gives neither guid nor link",
			steps: []fetchStep{
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.GUID, it.Link, it.CanonicalLink = "", "", "" })},
					bantin.IngestStats{New: 1}},
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.GUID, it.Link, it.CanonicalLink = "", "", "" })},
					bantin.IngestStats{Unchanged: 1}},
			},
			wantItems: 1, wantStories: []string{a.Title},
		},
		{
			name: "portal gives no date",
			steps: []fetchStep{
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.Published = time.Time{} })}, bantin.IngestStats{New: 1}},
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.Published = time.Time{} })}, bantin.IngestStats{Unchanged: 1}},
			},
			wantItems: 1, wantStories: []string{a.Title},
		},
		{
			name: "portal dates items in year 1 or in the future",
			steps: []fetchStep{
				{srcCity, []bantin.Item{
					with(a, func(it *bantin.Item) { it.Published = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC) }),
					with(b, func(it *bantin.Item) { it.Published = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC) }),
				}, bantin.IngestStats{New: 2}},
				{srcCity, []bantin.Item{
					with(a, func(it *bantin.Item) { it.Published = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC) }),
					with(b, func(it *bantin.Item) { it.Published = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC) }),
				}, bantin.IngestStats{Unchanged: 2}},
			},
			wantItems: 2, wantStories: []string{b.Title, a.Title},
		},
		{
			name: "portal lists one article twice in a feed",
			steps: []fetchStep{
				{srcCity, []bantin.Item{a, a}, bantin.IngestStats{New: 1, Unchanged: 1}},
			},
			wantItems: 1, wantStories: []string{a.Title},
		},
		{
			name: "portal publishes an item without a title",
			steps: []fetchStep{
				{srcCity, []bantin.Item{with(a, func(it *bantin.Item) { it.Title = "" }), b}, bantin.IngestStats{New: 2}},
			},
			wantItems: 2, wantStories: []string{b.Title, ""},
		},
		{
			name: "two feeds of one unit carry the same article",
			steps: []fetchStep{
				{srcCity, []bantin.Item{a}, bantin.IngestStats{New: 1}},
				{srcCity2, []bantin.Item{with(a, func(it *bantin.Item) { it.Source, it.GUID = srcCity2, "tb-55" })}, bantin.IngestStats{Duplicate: 1}},
				{srcCity2, []bantin.Item{with(a, func(it *bantin.Item) { it.Source, it.GUID = srcCity2, "tb-55" })}, bantin.IngestStats{Unchanged: 1}},
			},
			wantItems: 2, wantStories: []string{a.Title},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClock()
			s := openTest(t, c, nil)
			for i, step := range tt.steps {
				c.Advance(15 * time.Minute)
				if got := record(t, s, c, step.src, step.items...); got != step.want {
					t.Errorf("fetch %d: stats = %+v, want %+v", i+1, got, step.want)
				}
			}
			if got := count(t, s, "SELECT COUNT(*) FROM items"); got != tt.wantItems {
				t.Errorf("items stored = %d, want %d", got, tt.wantItems)
			}
			if got := titles(stories(t, s, allUnits, 50)); !slices.Equal(got, tt.wantStories) {
				t.Errorf("stories = %q, want %q", got, tt.wantStories)
			}
		})
	}
}

// An item without a believable date is dated when first seen, and keeps
// that date on later fetches.
func TestUndatedItemKeepsFirstSeen(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	it := item(srcWard, "1", "https://phuvan.example.gov.vn/1", "Tin không ngày", time.Time{})
	record(t, s, c, srcWard, it)
	first := c.Now()
	c.Advance(3 * time.Hour)
	record(t, s, c, srcWard, it)
	got := stories(t, s, []string{"phu-van"}, 1)
	if len(got) != 1 || !got[0].Published.Equal(first) {
		t.Fatalf("published = %v, want first seen %v", got, first)
	}
}

// A guid that changed while the link stayed is remembered: the next fetch
// with the newer guid finds the item by guid alone.
func TestGUIDChurnUpdatesStoredGUID(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	link := "https://phuly.example.gov.vn/tin/1"
	record(t, s, c, srcCity, item(srcCity, "old", link, "Tin", c.Now()))
	record(t, s, c, srcCity, item(srcCity, "new", link, "Tin", c.Now()))
	if got := count(t, s, "SELECT COUNT(*) FROM items WHERE guid = 'new'"); got != 1 {
		t.Fatalf("items with the new guid = %d, want 1", got)
	}
	// The portal now moves the article, keeping the new guid.
	st := record(t, s, c, srcCity, item(srcCity, "new", link+"-moved", "Tin", c.Now()))
	if st != (bantin.IngestStats{Updated: 1}) || count(t, s, "SELECT COUNT(*) FROM items") != 1 {
		t.Fatalf("stats = %+v, items = %d; want one updated item", st, count(t, s, "SELECT COUNT(*) FROM items"))
	}
}

func TestCrossSourceSameCanonicalLink(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	canon := "https://phuvan.phuly.example.gov.vn/tin-tuc/hoi-nghi-dan-van.html"
	ward := item(srcWard, "pv-9", canon, "Phường Phù Vân: Hội nghị dân vận", c.Now().Add(-2*time.Hour))
	city := item(srcCity, "pl-77", canon, "Hội nghị dân vận phường Phù Vân", c.Now().Add(-time.Hour))
	city.Link = canon + "?utm_source=phuly&utm_medium=rss"

	if st := record(t, s, c, srcWard, ward); st != (bantin.IngestStats{New: 1}) {
		t.Fatalf("ward fetch: %+v", st)
	}
	c.Advance(time.Hour)
	if st := record(t, s, c, srcCity, city); st != (bantin.IngestStats{Duplicate: 1}) {
		t.Fatalf("city fetch: %+v, want one duplicate", st)
	}
	got := stories(t, s, allUnits, 10)
	if len(got) != 1 {
		t.Fatalf("stories = %d, want 1", len(got))
	}
	st := got[0]
	if !slices.Equal(st.Units, []string{"phu-van", "phu-ly"}) {
		t.Errorf("units = %v, want ward first then city", st.Units)
	}
	if !slices.Equal(st.Links, []string{canon, city.Link}) {
		t.Errorf("links = %v", st.Links)
	}
	if st.Title != ward.Title || st.Link != canon {
		t.Errorf("story shows %q %q, want the ward's (first) copy", st.Title, st.Link)
	}
	if !st.Published.Equal(ward.Published) {
		t.Errorf("published = %v, want the earliest copy's %v", st.Published, ward.Published)
	}
	if !strings.HasPrefix(st.ID, "urn:bantin:") {
		t.Errorf("id = %q", st.ID)
	}
	// The city's feed has it too, as its own unit's story.
	if got := stories(t, s, []string{"phu-ly"}, 10); len(got) != 1 || got[0].ID != st.ID {
		t.Errorf("city stories = %+v", got)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM items"); n != 2 {
		t.Errorf("items = %d, want both copies kept", n)
	}
}

// A copy re-posted with an earlier date moves the story's date back for
// every unit that published it.
func TestEarlierCopyMovesStoryDate(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	canon := "https://phuvan.example.gov.vn/tin/5"
	record(t, s, c, srcCity, item(srcCity, "c5", canon, "Tin", c.Now().Add(-time.Hour)))
	other := item(srcCity, "c6", "https://phuly.example.gov.vn/6", "Tin khác", c.Now().Add(-2*time.Hour))
	record(t, s, c, srcCity, other)
	// City story is newer than the other; the ward's copy is dated earlier.
	record(t, s, c, srcWard, item(srcWard, "w5", canon, "Tin", c.Now().Add(-3*time.Hour)))
	got := titles(stories(t, s, []string{"phu-ly"}, 10))
	if !slices.Equal(got, []string{"Tin khác", "Tin"}) {
		t.Errorf("city order = %q, want the merged story moved back", got)
	}
}

func TestStoryShowsPrimaryCopy(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	canon := "https://phuvan.example.gov.vn/tin/8"
	record(t, s, c, srcWard, item(srcWard, "w8", canon, "Bản gốc", c.Now()))
	record(t, s, c, srcCity, item(srcCity, "c8", canon, "Bản đăng lại", c.Now()))
	v0, _ := s.Version(allUnits)

	// The re-post edits its summary: counted, but readers see nothing new.
	edited := item(srcCity, "c8", canon, "Bản đăng lại", c.Now())
	edited.Summary = "Tóm tắt khác"
	if st := record(t, s, c, srcCity, edited); st.Updated != 1 {
		t.Fatalf("stats = %+v, want the copy updated", st)
	}
	if v, _ := s.Version(allUnits); v != v0 {
		t.Errorf("version moved for an edit readers cannot see")
	}
	if got := stories(t, s, allUnits, 1)[0]; got.Title != "Bản gốc" {
		t.Fatalf("title = %q, want the primary copy's", got.Title)
	}

	// The original is edited: the story follows it.
	record(t, s, c, srcWard, item(srcWard, "w8", canon, "Bản gốc (sửa)", c.Now()))
	got := stories(t, s, allUnits, 1)[0]
	if got.Title != "Bản gốc (sửa)" || got.Summary != "Tóm tắt: Bản gốc (sửa)" {
		t.Errorf("story = %q / %q, want the edited primary", got.Title, got.Summary)
	}
	if v, _ := s.Version(allUnits); v == v0 {
		t.Errorf("version did not move for an edit of the primary copy")
	}
}

// A story shows the text its primary copy had when it last took it: a
// copy that stops being the primary (its date moved after another's) and
// is then edited does not change what the story shows.
func TestStoryKeepsTextOfFormerPrimary(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	canon := "https://phuvan.example.gov.vn/tin/9"
	t0 := c.Now().Add(-5 * time.Hour)
	ward := item(srcWard, "w9", canon, "Bản gốc", t0)
	record(t, s, c, srcWard, ward)
	record(t, s, c, srcCity, item(srcCity, "c9", canon, "Bản đăng lại", t0.Add(time.Hour)))
	ward.Published = t0.Add(2 * time.Hour) // now later than the city's copy
	if st := record(t, s, c, srcWard, ward); st.Updated != 1 {
		t.Fatalf("date edit: %+v", st)
	}
	ward.Content = "<p>Nội dung đã sửa</p>"
	if st := record(t, s, c, srcWard, ward); st.Updated != 1 {
		t.Fatalf("text edit: %+v", st)
	}
	got := stories(t, s, allUnits, 1)[0]
	if got.Title != "Bản gốc" || got.Content != "<p>Bản gốc</p>" {
		t.Errorf("story = %q / %q, want the text it took from the ward's first version", got.Title, got.Content)
	}
	if !got.Published.Equal(t0.Add(time.Hour)) {
		t.Errorf("published = %v, want the city's copy's date", got.Published)
	}
}

func TestRecordFetchRefusesBadInput(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	if _, err := s.RecordFetch(ctx, nil); err == nil {
		t.Error("nil fetch accepted")
	}
	_, err := s.RecordFetch(ctx, &bantin.Fetch{Source: "https://nowhere.example/rss", Started: c.Now()})
	if err == nil || !strings.Contains(err.Error(), "nowhere.example") {
		t.Errorf("unknown source: err = %v, want it named", err)
	}
}

// A failing item statement rolls the whole fetch back: no item, no state.
func TestRecordFetchIsAtomic(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	ctx := context.Background()
	failInsertOf(t, s, "bad") // the second insert fails
	_, err := s.RecordFetch(ctx, &bantin.Fetch{Source: srcCity, Started: c.Now(), Status: 200, Items: []bantin.Item{
		item(srcCity, "good", "https://phuly.example.gov.vn/good", "Tốt", c.Now()),
		item(srcCity, "bad", "https://phuly.example.gov.vn/bad", "Hỏng", c.Now()),
	}})
	if err == nil {
		t.Fatal("RecordFetch succeeded despite a failing insert")
	}
	if n := count(t, s, "SELECT COUNT(*) FROM items") + count(t, s, "SELECT COUNT(*) FROM stories") +
		count(t, s, "SELECT COUNT(*) FROM fetch_log"); n != 0 {
		t.Errorf("%d rows left by a failed fetch", n)
	}
	st, _ := s.SourceState(ctx, srcCity)
	if !st.LastFetchAt.IsZero() {
		t.Errorf("source state recorded for a failed fetch: %+v", st)
	}
	if v, _ := s.Version(allUnits); v != 0 {
		t.Errorf("version = %d after a failed fetch", v)
	}
}

// A city's re-post is often fetched before the ward's own article: when
// the original arrives, the story shows it and lists the ward first.
func TestOriginalFoundAfterRepostBecomesPrimary(t *testing.T) {
	c := newClock()
	s := openTest(t, c, nil)
	canon := "https://phuvan.example.gov.vn/tin/9"
	repost := item(srcCity, "c9", canon, "Phường Phù Vân: Hội nghị dân vận", c.Now().Add(-time.Hour))
	original := item(srcWard, "w9", canon, "Hội nghị dân vận", c.Now().Add(-3*time.Hour))
	record(t, s, c, srcCity, repost)
	v0, _ := s.Version(allUnits)
	if st := record(t, s, c, srcWard, original); st != (bantin.IngestStats{Duplicate: 1}) {
		t.Fatalf("ward fetch: %+v, want one duplicate", st)
	}
	got := stories(t, s, allUnits, 10)
	if len(got) != 1 {
		t.Fatalf("stories = %d, want 1", len(got))
	}
	st := got[0]
	if st.Title != original.Title || st.Summary != original.Summary || !st.Published.Equal(original.Published) {
		t.Errorf("story shows %q (%v), want the original %q (%v)", st.Title, st.Published, original.Title, original.Published)
	}
	if !slices.Equal(st.Units, []string{"phu-van", "phu-ly"}) {
		t.Errorf("units = %v, want the original publisher first", st.Units)
	}
	if v, _ := s.Version(allUnits); v == v0 {
		t.Error("version did not move although readers see another title")
	}
	// A later copy changes nothing readers see of the text.
	record(t, s, c, srcCity2, item(srcCity2, "x9", canon, "Bản đăng lại nữa", c.Now()))
	if st := stories(t, s, allUnits, 10)[0]; st.Title != original.Title {
		t.Errorf("a later copy replaced the title with %q", st.Title)
	}
}

// A re-post dated by its day alone does not pass for the original of
// 07:20 that day; a day-only copy from the day before does.
func TestDayOnlyCopyCountsFromTheEndOfItsDay(t *testing.T) {
	for _, tc := range []struct {
		name        string
		repostDay   time.Time
		wantPrimary string
	}{
		{"same day", time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC), "Bản gốc"},
		{"the day before", time.Date(2024, 3, 13, 0, 0, 0, 0, time.UTC), "Bản đăng lại"},
	} {
		c := newClock()
		s := openTest(t, c, nil)
		canon := "https://phuvan.example.gov.vn/tin/10"
		repost := item(srcCity, "c10", canon, "Bản đăng lại", tc.repostDay)
		repost.DateOnly = true
		original := item(srcWard, "w10", canon, "Bản gốc", time.Date(2024, 3, 14, 7, 20, 0, 0, time.UTC))
		record(t, s, c, srcWard, original)
		record(t, s, c, srcCity, repost)
		st := stories(t, s, allUnits, 10)[0]
		if st.Title != tc.wantPrimary {
			t.Errorf("%s: story shows %q, want %q", tc.name, st.Title, tc.wantPrimary)
		}
	}
}

// When a ward dates its article by the day alone and the city re-posts
// it that day at 09:30 under a "Phường X: " label, the dates cannot tell
// which came first; the label tells the re-post, in either order.
func TestLabelledRepostOfTheSameDayIsNotTheOriginal(t *testing.T) {
	for _, repostFirst := range []bool{true, false} {
		c := newClock()
		s := openTest(t, c, nil)
		canon := "https://phuvan.example.gov.vn/tin/11"
		original := item(srcWard, "w11", canon, "Diễn tập phòng, chống lụt bão tại thôn Tiên Thủy", time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC))
		original.DateOnly = true
		repost := item(srcCity, "c11", canon, "Phường Phù Vân: Diễn tập phòng, chống lụt bão tại thôn Tiên Thuỷ", time.Date(2024, 3, 14, 9, 30, 0, 0, time.UTC))
		if repostFirst {
			record(t, s, c, srcCity, repost)
			record(t, s, c, srcWard, original)
		} else {
			record(t, s, c, srcWard, original)
			record(t, s, c, srcCity, repost)
		}
		st := stories(t, s, allUnits, 10)[0]
		if st.Title != original.Title || !slices.Equal(st.Units, []string{"phu-van", "phu-ly"}) {
			t.Errorf("re-post fetched first %v: story shows %q by %v, want the ward's original first", repostFirst, st.Title, st.Units)
		}
	}
}

// What RecordFetches reads before taking the writer (lookAhead) is not
// trusted once a write was committed after it, by this Store or by
// another on the same file: an item with the link of one stored since is
// a copy of its story, not a new one.
func TestLookAheadGoesStale(t *testing.T) {
	const link = "https://phuvan.example.gov.vn/tin/moi"
	for _, other := range []bool{false, true} {
		t.Run(fmt.Sprintf("other store %v", other), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bantin.db")
			c := newClock()
			a := openAt(t, path, c, nil)
			writer := a
			if other {
				writer = openAt(t, path, c, nil)
			}
			ctx := context.Background()
			now := toDB(c.Now())
			fs := []*bantin.Fetch{{Source: srcCity, Started: c.Now(), Status: 200,
				Items: []bantin.Item{item(srcCity, "c1", link, "Tin mới", c.Now())}}}
			ahead := &lookAhead{commits: a.commits.Load()}
			ahead.items = a.prepare(ctx, fs, now)
			if !ahead.items[0][0].checked || ahead.items[0][0].linkStored {
				t.Fatalf("look-ahead: %+v, want the link read as not stored", ahead.items[0][0])
			}
			record(t, writer, c, srcWard, item(srcWard, "w1", link, "Tin mới", c.Now()))
			stats, _, err := a.recordBatch(ctx, fs, ahead, now, make(FetchErrors, 1))
			if err != nil || stats[0].Duplicate != 1 {
				t.Errorf("stats %+v, %v; want the item found a copy of the story stored since", stats, err)
			}
		})
	}
}

// TestWriterAsksWhetherReadersAreActive: the writer asks after every item it
// records whether readers are being answered, to let them go first.
func TestWriterAsksWhetherReadersAreActive(t *testing.T) {
	c := newClock()
	asked := 0
	s := openWith(t, Options{Clock: c.Now, ReadersActive: func() bool { asked++; return asked%2 == 0 }})
	var items []bantin.Item
	for i := range 7 {
		link := fmt.Sprintf("https://xa-an-binh.gov.vn/tin/%d", i)
		items = append(items, item(srcWard, link, link, fmt.Sprintf("Tin số %d", i), c.Now()))
	}
	if st := record(t, s, c, srcWard, items...); st.New != 7 {
		t.Fatalf("stored %+v, want 7 new", st)
	}
	if asked != 7 {
		t.Errorf("asked %d times whether readers wait, want once an item (7)", asked)
	}
}
