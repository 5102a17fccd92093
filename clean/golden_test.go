package clean

import (
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"bantin"
)

// goldenPath holds the inputs and outputs the cleaner had before its
// speed rewrite: this package's fixtures, the fetch corpora, items of
// simulated provinces and mutations of them (see golden_gen_test.go,
// build tag goldengen, to make it again).
var goldenPath = filepath.Join("testdata", "golden", "items.gob.gz")

// goldenNow is the clock of the golden run: after every date in it.
var goldenNow = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

// goldenCase is one feed: what clean reads of it, and what it made.
type goldenCase struct {
	Name    string
	FeedURL string
	Feed    goldenFeed
	Items   []goldenInput
	Want    []goldenOutput
}

type goldenFeed struct {
	Link, FeedLink string
	Author         *gofeed.Person
	Authors        []*gofeed.Person
}

// goldenInput is every field of a gofeed item that clean reads. Gob, not
// JSON: fuzz inputs hold invalid UTF-8, which JSON would replace.
type goldenInput struct {
	Title, Description, Content, Link string
	Links                             []string
	GUID, Published, Updated          string
	PublishedParsed, UpdatedParsed    *time.Time
	Author                            *gofeed.Person
	Authors                           []*gofeed.Person
	Creator                           []string
}

// goldenOutput is every field of bantin.Item that clean sets.
type goldenOutput struct {
	Source, Unit, GUID, Link, CanonicalLink string
	Title, Summary, Content, Text, Author   string
	Published, Updated                      string // RFC 3339 with nanoseconds; "" for zero
	DateOnly                                bool
}

func (f goldenFeed) gofeed() *gofeed.Feed {
	return &gofeed.Feed{Link: f.Link, FeedLink: f.FeedLink, Author: f.Author, Authors: f.Authors}
}

func (in goldenInput) gofeed() *gofeed.Item {
	it := &gofeed.Item{Title: in.Title, Description: in.Description, Content: in.Content, Link: in.Link,
		Links: in.Links, GUID: in.GUID, Published: in.Published, Updated: in.Updated,
		PublishedParsed: in.PublishedParsed, UpdatedParsed: in.UpdatedParsed, Author: in.Author, Authors: in.Authors}
	if in.Creator != nil {
		it.DublinCoreExt = &ext.DublinCoreExtension{Creator: in.Creator}
	}
	return it
}

func goldenOf(it bantin.Item) goldenOutput {
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339Nano)
	}
	return goldenOutput{Source: it.Source, Unit: it.Unit, GUID: it.GUID, Link: it.Link, CanonicalLink: it.CanonicalLink,
		Title: it.Title, Summary: it.Summary, Content: it.Content, Text: it.Text, Author: it.Author,
		Published: stamp(it.Published), Updated: stamp(it.Updated), DateOnly: it.DateOnly}
}

func goldenCleaner(t testing.TB) *Cleaner {
	return NewCleaner(hoChiMinh(t), func() time.Time { return goldenNow })
}

// cleanGolden cleans every item of a case as the pipeline does.
func cleanGolden(c *Cleaner, gc *goldenCase) []goldenOutput {
	feed := gc.Feed.gofeed()
	src := bantin.Source{URL: gc.FeedURL, Unit: "golden"}
	out := make([]goldenOutput, len(gc.Items))
	for i, in := range gc.Items {
		out[i] = goldenOf(c.Item(feed, in.gofeed(), src, gc.FeedURL))
	}
	return out
}

func readGolden(t testing.TB) []goldenCase {
	t.Helper()
	f, err := os.Open(goldenPath)
	if err != nil {
		t.Fatalf("open golden: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("read golden: %v", err)
	}
	var cases []goldenCase
	if err := gob.NewDecoder(zr).Decode(&cases); err != nil {
		t.Fatalf("decode golden: %v", err)
	}
	return cases
}

// The speed rewrite changed nothing a reader or the store sees: every
// item of the golden set cleans as it did before.
func TestGolden(t *testing.T) {
	cases := readGolden(t)
	c := goldenCleaner(t)
	items, diffs := 0, 0
	for i := range cases {
		gc := &cases[i]
		got := cleanGolden(c, gc)
		for j, want := range gc.Want {
			items++
			if got[j] != want {
				diffs++
				if diffs <= 10 {
					t.Errorf("%s item %d differs:\n%s", gc.Name, j, describeDiff(got[j], want))
				}
			}
		}
	}
	if items < 2000 {
		t.Errorf("golden set has %d items: too few to prove anything", items)
	}
	if diffs > 0 {
		t.Errorf("%d of %d items differ", diffs, items)
	}
	t.Logf("%d feeds, %d items", len(cases), items)
}

func describeDiff(got, want goldenOutput) string {
	var s string
	field := func(name, g, w string) {
		if g != w {
			at := firstDiff(g, w)
			s += fmt.Sprintf("%s differs at byte %d:\n  got  %s\n  want %s\n", name, at, around(g, at), around(w, at))
		}
	}
	field("Source", got.Source, want.Source)
	field("Unit", got.Unit, want.Unit)
	field("GUID", got.GUID, want.GUID)
	field("Link", got.Link, want.Link)
	field("CanonicalLink", got.CanonicalLink, want.CanonicalLink)
	field("Title", got.Title, want.Title)
	field("Summary", got.Summary, want.Summary)
	field("Content", got.Content, want.Content)
	field("Text", got.Text, want.Text)
	field("Author", got.Author, want.Author)
	field("Published", got.Published, want.Published)
	field("Updated", got.Updated, want.Updated)
	if got.DateOnly != want.DateOnly {
		s += "DateOnly differs\n"
	}
	return s
}

// firstDiff is the index of the first byte where a and b differ.
func firstDiff(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// around quotes s near byte at.
func around(s string, at int) string {
	lo, hi := max(0, at-120), min(len(s), at+200)
	return fmt.Sprintf("…%q…", s[lo:hi])
}
