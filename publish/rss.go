package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"

	"github.com/gorilla/feeds"
)

// The RSS document wraps gorilla's structs to add what real readers need
// and gorilla lacks: an atom:link to itself, the language, dc:creator for
// authors that are names and not e-mail addresses, and one <category> per
// publishing unit. Fields declared here shadow gorilla's fields of the
// same element name (encoding/xml keeps the shallower one).
type rssDoc struct {
	*feeds.RssFeedXml
	AtomNS  string      `xml:"xmlns:atom,attr"`
	DCNS    string      `xml:"xmlns:dc,attr"`
	Channel *rssChannel `xml:"channel"`
}

type rssChannel struct {
	*feeds.RssFeed
	Self  rssAtomLink `xml:"atom:link"`
	Items []*rssItem  `xml:"item"`
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	*feeds.RssItem
	Creator    string   `xml:"dc:creator,omitempty"`
	Categories []string `xml:"category"`
}

func (d *feedDoc) renderRSS() ([]byte, error) {
	gf := d.gorillaFeed()
	ch := (&feeds.Rss{Feed: gf}).RssFeed()
	ch.Language = feedLanguage
	// gorilla puts the author's e-mail slot in managingEditor; a unit name
	// there is invalid RSS.
	ch.ManagingEditor = ""
	doc := &rssDoc{
		RssFeedXml: ch.FeedXml().(*feeds.RssFeedXml),
		AtomNS:     "http://www.w3.org/2005/Atom",
		DCNS:       "http://purl.org/dc/elements/1.1/",
		Channel: &rssChannel{
			RssFeed: ch,
			Self:    rssAtomLink{Href: d.selfURL(formatRSS), Rel: "self", Type: formatRSS.mediaType()},
			Items:   make([]*rssItem, len(ch.Items)),
		},
	}
	for i, it := range ch.Items {
		s := &d.stories[i]
		// RSS <author> must be an e-mail address; readers show dc:creator.
		it.Author = ""
		// <description> is HTML by the RSS spec; the summary is plain text,
		// so it is escaped once more to reach readers as the same text.
		it.Description = html.EscapeString(it.Description)
		doc.Channel.Items[i] = &rssItem{RssItem: it, Creator: xmlSafe(s.Author), Categories: d.categories(s)}
	}
	return marshalXML(doc, "rss "+d.unit)
}

// marshalXML renders v as an indented XML document.
func marshalXML(v any, what string) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(64 << 10) // a feed of 50 stories is 50-150 KB: skip the small steps
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("render %s: %w", what, err)
	}
	return append(namedQuotes(buf.Bytes()), '\n'), nil
}
