package clean

import (
	"reflect"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"bantin"
)

// An item cleans the same whatever the feed around it says outside its
// ItemContext: a poller that skips items sent again unchanged hashes no
// more of the feed than that. Every fixture feed is cleaned as parsed and
// again with every other feed field changed.
func TestItemContextIsAllCleaningReads(t *testing.T) {
	now := time.Date(2026, 11, 13, 12, 0, 0, 0, time.UTC)
	c := NewCleaner(nil, func() time.Time { return now })
	src := bantin.Source{URL: testFeedURL, Unit: "ward"}
	later := now.Add(time.Hour)
	for _, f := range fixtureFeeds(t) {
		want := c.Feed(f.feed, src, testFeedURL)
		other := *ItemContext(f.feed)
		other.Items = f.feed.Items
		other.Title, other.Description, other.Language, other.Copyright, other.Generator = "x", "x", "en", "x", "x"
		other.Updated, other.UpdatedParsed, other.Published, other.PublishedParsed = "x", &later, "x", &later
		other.Links, other.Categories = []string{"http://elsewhere.example/"}, []string{"x"}
		other.Image = &gofeed.Image{URL: "http://elsewhere.example/logo.png"}
		other.DublinCoreExt = &ext.DublinCoreExtension{Creator: []string{"Someone else"}}
		other.ITunesExt = &ext.ITunesFeedExtension{Author: "Someone else"}
		other.Extensions = ext.Extensions{"dc": {"creator": {{Name: "creator", Value: "Someone else"}}}}
		other.Custom = map[string]string{"x": "y"}
		other.FeedType, other.FeedVersion = "atom", "1.0"
		if got := c.Feed(&other, src, testFeedURL); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: items clean differently when feed fields outside ItemContext change", f.name)
		}
	}
}
