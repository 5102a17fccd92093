package publish

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"bantin"

	"github.com/gorilla/feeds"
)

// format is one of the syndication formats a feed is served in.
type format int

const (
	formatRSS format = iota
	formatAtom
	formatJSON
)

var allFormats = []format{formatRSS, formatAtom, formatJSON}

// formatInfo is the file extension and media type of each format, and
// its Content-Type as a header value (len == cap, never appended to in
// place).
var formatInfo = [...]struct {
	ext, mediaType string
	contentType    []string
}{
	formatRSS:  {"rss", "application/rss+xml", []string{"application/rss+xml; charset=utf-8"}},
	formatAtom: {"atom", "application/atom+xml", []string{"application/atom+xml; charset=utf-8"}},
	formatJSON: {"json", "application/feed+json", []string{"application/feed+json; charset=utf-8"}},
}

func (f format) ext() string           { return formatInfo[f].ext }
func (f format) mediaType() string     { return formatInfo[f].mediaType }
func (f format) contentType() []string { return formatInfo[f].contentType }

func formatByExt(ext string) (format, bool) {
	for _, f := range allFormats {
		if f.ext() == ext {
			return f, true
		}
	}
	return 0, false
}

// feedLanguage is the language of every published feed: the portals
// publish in Vietnamese.
const feedLanguage = "vi"

// feedDoc is everything one feed is rendered from, whatever the format.
type feedDoc struct {
	unit     string // unit id or bantin.AllUnits
	title    string
	desc     string
	base     string // public URL, no trailing slash
	limit    int
	updated  time.Time // newest change among the stories, or a fallback
	loc      *time.Location
	stories  []bantin.Story
	unitName func(id string) string
}

// homeURL is the page a feed's "link" points readers to.
func (d *feedDoc) homeURL() string {
	if d.unit == bantin.AllUnits {
		return d.base + "/"
	}
	return d.base + "/units/" + d.unit
}

// selfURL is where this very document is served; a non-default limit is
// part of it.
func (d *feedDoc) selfURL(f format) string {
	u := feedURL(d.base, d.unit, f)
	if d.limit != DefaultLimit {
		u += "?limit=" + strconv.Itoa(d.limit)
	}
	return u
}

func feedURL(base, unit string, f format) string {
	return base + "/feeds/" + unit + "." + f.ext()
}

// newFeedDoc describes the feed of unit (or all) in snapshot st.
func newFeedDoc(st *snapshot, unit string, limit int, stories []bantin.Story, changed time.Time) *feedDoc {
	d := &feedDoc{
		unit:     unit,
		title:    st.unitName(unit),
		base:     st.base,
		limit:    limit,
		loc:      st.loc,
		stories:  stories,
		unitName: st.unitName,
	}
	if unit == bantin.AllUnits {
		d.desc = "Tin tức của mọi đơn vị, gộp và bỏ trùng"
	} else {
		d.desc = fmt.Sprintf("Tin tức của %s và các đơn vị trực thuộc, gộp và bỏ trùng", d.title)
	}
	d.updated = newestChange(stories)
	if d.updated.IsZero() {
		d.updated = changed
	}
	if d.updated.IsZero() {
		d.updated = st.loaded
	}
	d.updated = d.updated.In(st.loc)
	return d
}

// newestChange is the latest publication or update among stories. The
// feed's own date comes from its content, not from the clock, so the same
// stories always give the same bytes (Export and GET agree).
func newestChange(stories []bantin.Story) time.Time {
	var t time.Time
	for i := range stories {
		for _, c := range []time.Time{stories[i].Published, stories[i].Updated} {
			if c.After(t) {
				t = c
			}
		}
	}
	return t
}

// gorillaFeed is the common model gorilla/feeds renders each format from;
// its items are in the order of d.stories.
func (d *feedDoc) gorillaFeed() *feeds.Feed {
	f := &feeds.Feed{
		Title:       xmlSafe(d.title),
		Link:        &feeds.Link{Href: d.homeURL()},
		Description: xmlSafe(d.desc),
		Author:      &feeds.Author{Name: xmlSafe(d.title)},
		Updated:     d.updated,
		Items:       make([]*feeds.Item, len(d.stories)),
	}
	for i := range d.stories {
		f.Items[i] = d.gorillaItem(&d.stories[i])
	}
	return f
}

func (d *feedDoc) gorillaItem(s *bantin.Story) *feeds.Item {
	it := &feeds.Item{
		Title:       xmlSafe(s.Title),
		Link:        &feeds.Link{Href: xmlSafe(s.Link)},
		Description: xmlSafe(summaryOf(s.Summary, s.Content)),
		Content:     xmlSafe(s.Content),
		Id:          xmlSafe(s.ID),
		IsPermaLink: "false",
	}
	if isURL(s.ID) {
		it.IsPermaLink = "true"
	}
	if s.Author != "" {
		it.Author = &feeds.Author{Name: xmlSafe(s.Author)}
	}
	if !s.Published.IsZero() {
		it.Created = s.Published.In(d.loc)
	}
	if !s.Updated.IsZero() {
		it.Updated = s.Updated.In(d.loc)
	}
	return it
}

// categories are the names of the units that published a story, the
// first publisher first.
func (d *feedDoc) categories(s *bantin.Story) []string {
	out := make([]string, 0, len(s.Units))
	for _, u := range s.Units {
		out = append(out, xmlSafe(d.unitName(u)))
	}
	return out
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// render renders d in format f.
func (d *feedDoc) render(f format) ([]byte, error) {
	switch f {
	case formatRSS:
		return d.renderRSS()
	case formatAtom:
		return d.renderAtom()
	case formatJSON:
		return d.renderJSON()
	}
	return nil, fmt.Errorf("render feed %s: unknown format %d", d.unit, f)
}
