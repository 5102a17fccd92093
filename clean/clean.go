// Package clean turns what a portal's feed carries into a clean
// bantin.Item: text in NFC with its spaces repaired, the lead paragraph
// kept once, page furniture and the page's own date line removed, dates
// read day-first in the configured zone and never in the future, links
// made absolute and canonical, and HTML sanitized last.
//
// Every format (RSS, Atom, JSON Feed) arrives as a gofeed item and goes
// through the same pipeline: filter, rewrite, sanitize.
package clean

import (
	"strings"
	"sync"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"bantin"
)

// Cleaner cleans feed items. It holds no state between calls, only
// memory one call lends the next, and is safe for concurrent use.
type Cleaner struct {
	Location *time.Location   // zone for zone-less times
	Now      func() time.Time // first-seen time
	// Policy, when set, sanitizes content in place of the built-in
	// allow-list (newPolicy), which clean applies in one walk of the tree.
	Policy *bluemonday.Policy

	std     *bluemonday.Policy // newPolicy(), for trees the walk leaves to bluemonday
	scratch sync.Pool          // of *scratch
}

// scratch is the memory cleaning one item needs and the next can reuse:
// the tree's nodes and the parser's stacks, the reparse's buffers.
// Nothing that points into it outlives the call.
type scratch struct {
	tree     builder
	segments segScratch
	reparse  reparse
}

func (c *Cleaner) getScratch() *scratch {
	if s, ok := c.scratch.Get().(*scratch); ok {
		return s
	}
	return new(scratch)
}

// NewCleaner returns a Cleaner reading zone-less times in loc (UTC+7
// when nil) and taking now as the clock (time.Now when nil).
func NewCleaner(loc *time.Location, now func() time.Time) *Cleaner {
	if loc == nil {
		loc = vietnamZone
	}
	if now == nil {
		now = time.Now
	}
	return &Cleaner{Location: loc, Now: now, std: newPolicy()}
}

// Feed turns every item of a parsed feed into a bantin.Item of src.
// feedURL is the URL the feed was fetched from (final URL after redirects).
// Fingerprint/Bands are left empty (dedup fills them).
func (c *Cleaner) Feed(feed *gofeed.Feed, src bantin.Source, feedURL string) []bantin.Item {
	if feed == nil {
		return nil
	}
	out := make([]bantin.Item, 0, len(feed.Items))
	fc := ItemContext(feed)
	base := newLinkBase(feedURL, fc.Link, fc.FeedLink)
	for _, it := range feed.Items {
		if it != nil {
			out = append(out, c.item(fc, it, src, feedURL, base))
		}
	}
	return out
}

// ItemContext is all of a feed that cleaning one of its items reads: the
// addresses its relative links resolve against and the feed's authors.
// Feed and Item clean with nothing more, so an item cleans the same in
// any feed with an equal ItemContext, for the same source, URL and clock:
// what lets a poller tell an item sent again unchanged, in a feed whose
// lastBuildDate moves on every request, without cleaning it again.
func ItemContext(feed *gofeed.Feed) *gofeed.Feed {
	return &gofeed.Feed{Link: feed.Link, FeedLink: feed.FeedLink, Author: feed.Author, Authors: feed.Authors}
}

func (c *Cleaner) location() *time.Location {
	if c.Location == nil {
		return vietnamZone
	}
	return c.Location
}

func (c *Cleaner) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// sanitize returns the sanitized HTML of root's children, trimmed, and
// its PlainText. clean says the tree's text is NFC and repaired, tight
// that no text node holds two spaces in a row.
func (c *Cleaner) sanitize(root *html.Node, sizeHint int, clean, tight bool, sc *scratch) (content, text string) {
	if c.Policy == nil {
		if content, text, ok := sanitizeTreeWith(root, sizeHint, clean, tight, &sc.reparse); ok {
			return content, text
		}
	}
	p := c.Policy
	if p == nil {
		if p = c.std; p == nil {
			// A Cleaner built by hand still sanitizes; NewCleaner avoids
			// building the policy on every call.
			p = newPolicy()
		}
	}
	content = strings.TrimSpace(p.Sanitize(renderChildren(root)))
	return content, PlainText(content)
}
