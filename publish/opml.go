package publish

import (
	"encoding/xml"
)

// OPML 2.0 (opml.org/spec2): one outline per unit, nested like the units,
// so a reader imports the whole province as folders of feeds.
type opmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Title   string        `xml:"head>title"`
	Docs    string        `xml:"head>docs"`
	Body    []opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Type     string        `xml:"type,attr"`
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	HTMLURL  string        `xml:"htmlUrl,attr"`
	Language string        `xml:"language,attr"`
	Children []opmlOutline `xml:"outline"`
}

// renderOPML lists every unit of st. It depends on the config alone.
func renderOPML(st *snapshot) ([]byte, error) {
	var outline func(id string) opmlOutline
	outline = func(id string) opmlOutline {
		name := xmlSafe(st.unitName(id))
		o := opmlOutline{
			Type:     "rss",
			Text:     name,
			Title:    name,
			XMLURL:   feedURL(st.base, id, formatRSS),
			HTMLURL:  st.base + "/units/" + id,
			Language: feedLanguage,
		}
		for _, c := range st.tree.Children(id) {
			o.Children = append(o.Children, outline(c))
		}
		return o
	}
	doc := &opmlDoc{
		Version: "2.0",
		Title:   xmlSafe(st.allTitle()),
		Docs:    "http://opml.org/spec2.opml",
	}
	for _, r := range st.tree.Roots() {
		doc.Body = append(doc.Body, outline(r))
	}
	return marshalXML(doc, "opml")
}
