package interop

import (
	"html"
	"os"
	"path"
	"slices"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestGofeedRoundTrip reads every published feed back with gofeed, the
// parser bantin itself fetches with: what one bantin publishes another
// must read without loss, body and summary included.
func TestGofeedRoundTrip(t *testing.T) {
	fx := newFixture(t)
	for _, d := range fx.docs {
		if d.kind == "opml" {
			continue
		}
		t.Run(path.Base(d.path), func(t *testing.T) {
			f, err := os.Open(d.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			feed, err := gofeed.NewParser().Parse(f)
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if feed.FeedType != d.kind || nfc(feed.Title) != nfc(d.title) || feed.Language != "vi" {
				t.Errorf("type %q title %q language %q, want %q %q vi", feed.FeedType, feed.Title, feed.Language, d.kind, d.title)
			}
			if len(feed.Items) != len(d.want) {
				t.Fatalf("%d items, want %d", len(feed.Items), len(d.want))
			}
			for i, s := range d.want {
				it := feed.Items[i]
				if nfc(it.Title) != nfc(s.Title) {
					t.Errorf("item %d title\n got %+q\nwant %+q", i, it.Title, s.Title)
				}
				if it.Link != s.Link || it.GUID != s.ID {
					t.Errorf("item %d (%.40s) link %q guid %q, want %q %q", i, s.Title, it.Link, it.GUID, s.Link, s.ID)
				}
				if it.PublishedParsed == nil || !it.PublishedParsed.Equal(s.Published) {
					t.Errorf("item %d (%.40s) published %v, want %v", i, s.Title, it.PublishedParsed, s.Published)
				}
				if it.Content != s.Content {
					t.Errorf("item %d (%.40s) content\n got %.300q\nwant %.300q", i, s.Title, it.Content, s.Content)
				}
				summary := it.Description
				if d.kind == "rss" {
					// An RSS description is HTML: the plain summary is escaped in it.
					summary = html.UnescapeString(summary)
				}
				if summary != s.Summary {
					t.Errorf("item %d (%.40s) summary\n got %.300q\nwant %.300q", i, s.Title, summary, s.Summary)
				}
				if want := fx.unitNames(s); !slices.Equal(it.Categories, want) {
					t.Errorf("item %d (%.40s) categories %q, want %q", i, s.Title, it.Categories, want)
				}
			}
		})
	}
}
