package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo

	"github.com/mmcdole/gofeed"

	"bantin"
	"bantin/vntext"
)

const testFeedURL = "https://phuly.hanam.gov.vn/rss/tin-tuc.rss"

var testSource = bantin.Source{URL: testFeedURL, Unit: "phu-ly"}

// testNow is the first-seen time of every test: after every date in the
// fixtures.
var testNow = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

func hoChiMinh(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	return loc
}

func testCleaner(t testing.TB) *Cleaner {
	t.Helper()
	return NewCleaner(hoChiMinh(t), func() time.Time { return testNow })
}

// cleanFixture parses testdata/items/name.xml with gofeed and cleans its
// only item, as the fetcher hands it over.
func cleanFixture(t *testing.T, name string) bantin.Item {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "items", name+".xml"))
	if err != nil {
		t.Fatalf("open fixture: %v", err)
	}
	defer f.Close()
	feed, err := gofeed.NewParser().Parse(f)
	if err != nil {
		t.Fatalf("parse fixture %s: %v", name, err)
	}
	items := testCleaner(t).Feed(feed, testSource, testFeedURL)
	if len(items) != 1 {
		t.Fatalf("fixture %s: %d items, want 1", name, len(items))
	}
	return items[0]
}

// countFolded counts how often want occurs in the plain text of content,
// both under vntext.Fold: the way a reader would count a repeated lead.
func countFolded(content, want string) int {
	return strings.Count(vntext.Fold(PlainText(content)), vntext.Fold(want))
}

// expect is what a case checks of a cleaned item.
type expect struct {
	once     []string // in the text exactly once, under Fold
	contains []string // in the HTML as written
	absent   []string // not in the HTML, as written
	gone     []string // not in the text, under Fold
	noPara   []string // no paragraph is this, under Fold
	summary  string
	title    string
	date     string // RFC 3339 of Published
}

func (e expect) check(t *testing.T, got bantin.Item) {
	t.Helper()
	for _, s := range e.once {
		if n := countFolded(got.Content, s); n != 1 {
			t.Errorf("%q appears %d times in the content, want once\ncontent: %s", s, n, got.Content)
		}
	}
	for _, s := range e.contains {
		if !strings.Contains(got.Content, s) {
			t.Errorf("content lacks %q\ncontent: %s", s, got.Content)
		}
	}
	for _, s := range e.absent {
		if strings.Contains(got.Content, s) {
			t.Errorf("content still has %q\ncontent: %s", s, got.Content)
		}
	}
	for _, s := range e.gone {
		if n := countFolded(got.Content, s); n != 0 {
			t.Errorf("%q still in the text %d times\ncontent: %s", s, n, got.Content)
		}
	}
	for _, s := range e.noPara {
		for _, p := range strings.Split(PlainText(got.Content), "\n\n") {
			if vntext.Fold(p) == vntext.Fold(s) {
				t.Errorf("paragraph %q still in the content", p)
			}
		}
	}
	if e.summary != "" && got.Summary != e.summary {
		t.Errorf("summary = %q\nwant      %q", got.Summary, e.summary)
	}
	if e.title != "" && got.Title != e.title {
		t.Errorf("title = %q, want %q", got.Title, e.title)
	}
	if e.date != "" && got.Published.Format(time.RFC3339) != e.date {
		t.Errorf("published = %s, want %s", got.Published.Format(time.RFC3339), e.date)
	}
}
