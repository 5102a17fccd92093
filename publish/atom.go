package publish

import (
	"time"

	"github.com/gorilla/feeds"
)

// The Atom document wraps gorilla's structs for what RFC 4287 and readers
// need beyond them: xml:lang, both the alternate and the self link, a
// <published> date, categories with a term attribute (gorilla writes one
// bare element, which the schema rejects), and a summary of type "text".
type atomFeed struct {
	*feeds.AtomFeed
	Lang    string           `xml:"xml:lang,attr"`
	Links   []feeds.AtomLink `xml:"link"`
	Entries []*atomEntry     `xml:"entry"`
}

type atomEntry struct {
	*feeds.AtomEntry
	Categories []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

func (d *feedDoc) renderAtom() ([]byte, error) {
	gf := d.gorillaFeed()
	af := (&feeds.Atom{Feed: gf}).AtomFeed()
	// The id must not change with the host or the limit; the feed's own
	// URL without a query is as stable as anything bantin has.
	af.Id = feedURL(d.base, d.unit, formatAtom)
	af.Link = nil
	doc := &atomFeed{
		AtomFeed: af,
		Lang:     feedLanguage,
		Links: []feeds.AtomLink{
			{Href: d.homeURL(), Rel: "alternate", Type: "text/html"},
			{Href: d.selfURL(formatAtom), Rel: "self", Type: formatAtom.mediaType()},
		},
		Entries: make([]*atomEntry, len(af.Entries)),
	}
	for i, e := range af.Entries {
		s := &d.stories[i]
		if !s.Published.IsZero() {
			e.Published = s.Published.In(d.loc).Format(time.RFC3339)
		}
		if e.Summary != nil {
			e.Summary.Type = "text"
		}
		cats := d.categories(s)
		ac := make([]atomCategory, len(cats))
		for j, c := range cats {
			ac[j] = atomCategory{Term: c}
		}
		doc.Entries[i] = &atomEntry{AtomEntry: e, Categories: ac}
	}
	return marshalXML(doc, "atom "+d.unit)
}
