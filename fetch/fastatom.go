package fetch

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
)

// atomNative are the namespaces gofeed's Atom parser reads as Atom.
var atomNative = []string{"", atom10Namespace, atom03Namespace}

// atom reads the document from its <feed> root as gofeed's atom.Parser
// does.
func (r *xmlReader) atom() *atom.Feed {
	f := &atom.Feed{Entries: []*atom.Entry{}}
	f.Version = r.attrValue("version")
	if f.Version == "" {
		switch r.space() {
		case atom03Namespace:
			f.Version = "0.3"
		case atom10Namespace:
			f.Version = "1.0"
		}
	}
	f.Language = r.attrValue("lang")
	r.enter()
	var exts ext.Extensions
	var low [32]byte
	for r.nextChild() {
		if !r.spaceIs(atomNative) {
			exts = r.extension(exts)
			continue
		}
		switch string(r.lowerLocal(&low)) {
		case "title":
			f.Title = r.atomText()
		case "id":
			f.ID = r.atomText()
		case "updated", "modified":
			f.Updated = r.atomText()
			f.UpdatedParsed = parseDateUTC(f.Updated)
		case "subtitle", "tagline":
			f.Subtitle = r.atomText()
		case "link":
			f.Links = append(f.Links, r.atomLink())
		case "generator":
			f.Generator = r.atomGenerator()
		case "icon":
			f.Icon = r.atomText()
		case "logo":
			f.Logo = r.atomText()
		case "rights", "copyright":
			f.Rights = r.atomText()
		case "contributor":
			f.Contributors = append(f.Contributors, r.atomPerson())
		case "author":
			f.Authors = append(f.Authors, r.atomPerson())
		case "category":
			f.Categories = append(f.Categories, r.atomCategory())
		case "entry":
			f.Entries = append(f.Entries, r.atomEntry())
		default:
			r.skip()
		}
	}
	if len(exts) > 0 {
		f.Extensions = exts
	}
	return f
}

func (r *xmlReader) atomEntry() *atom.Entry {
	r.enter()
	e := &atom.Entry{}
	var exts ext.Extensions
	var low [32]byte
	for r.nextChild() {
		if !r.spaceIs(atomNative) {
			exts = r.extension(exts)
			continue
		}
		switch string(r.lowerLocal(&low)) {
		case "title":
			e.Title = r.atomText()
		case "id":
			e.ID = r.atomText()
		case "rights", "copyright":
			e.Rights = r.atomText()
		case "summary":
			e.Summary = r.atomText()
		case "updated", "modified":
			e.Updated = r.atomText()
			e.UpdatedParsed = parseDateUTC(e.Updated)
		case "contributor":
			e.Contributors = append(e.Contributors, r.atomPerson())
		case "author":
			e.Authors = append(e.Authors, r.atomPerson())
		case "category":
			e.Categories = append(e.Categories, r.atomCategory())
		case "link":
			e.Links = append(e.Links, r.atomLink())
		case "published", "issued":
			e.Published = r.atomText()
			e.PublishedParsed = parseDateUTC(e.Published)
		case "content":
			c := &atom.Content{Type: r.attrValue("type"), Src: r.attrValue("src")}
			c.Value = r.atomText()
			e.Content = c
		case "source":
			r.fail() // an entry copied from another feed: rare, left to gofeed
		default:
			r.skip()
		}
	}
	if len(exts) > 0 {
		e.Extensions = exts
	}
	return e
}

// atomText is gofeed's parseAtomText: the inner XML trimmed, then decoded
// by the construct's type. XHTML, and HTML that is markup rather than
// escaped, go through an HTML parser in gofeed (to drop a wrapping div):
// those are left to it, as are base64 contents.
func (r *xmlReader) atomText() string {
	typ := strings.ToLower(r.attrValue("type"))
	mode := strings.ToLower(r.attrValue("mode"))
	uri := atomURIElement(r.tag.local)
	inner := r.content()
	if r.bad {
		return ""
	}
	t := bytes.TrimSpace(inner)
	var s string
	switch {
	case bytes.Contains(t, cdataStart):
		s = r.stripCDATA(t)
	case typ == "text" || strings.HasPrefix(typ, "text/") || typ == "" && mode == "":
		s = r.decodeEntities(t)
	case strings.Contains(typ, "xhtml"):
		r.fail()
		return ""
	case typ == "html":
		if bytes.IndexByte(t, '<') >= 0 {
			r.fail()
			return ""
		}
		s = r.decodeEntities(t)
	case mode == "base64" || isBinaryMediaType(typ):
		r.fail()
		return ""
	default:
		s = string(t)
	}
	if uri {
		if u, err := url.Parse(strings.TrimLeft(s, " ")); err == nil {
			s = u.String()
		}
	}
	return s
}

// atomURIElement reports the elements whose text gofeed resolves as a URI.
func atomURIElement(local []byte) bool {
	if len(local) > 4 {
		return false
	}
	var low [4]byte
	for i, c := range local {
		low[i] = lowerByte(c)
	}
	switch string(low[:len(local)]) {
	case "icon", "id", "logo", "uri", "url":
		return true
	}
	return false
}

// isBinaryMediaType is gofeed's: an Atom content type read as base64.
func isBinaryMediaType(t string) bool {
	if t == "" || strings.HasPrefix(t, "text/") || strings.Contains(t, "xml") {
		return false
	}
	if strings.HasPrefix(t, "image/") || strings.HasPrefix(t, "audio/") || strings.HasPrefix(t, "video/") {
		return true
	}
	switch t {
	case "application/octet-stream", "application/pdf", "application/zip",
		"application/gzip", "application/x-gzip", "application/ogg":
		return true
	}
	return false
}

func (r *xmlReader) atomLink() *atom.Link {
	l := &atom.Link{
		Href:     r.attrValue("href"),
		Hreflang: r.attrValue("hreflang"),
		Type:     r.attrValue("type"),
		Length:   r.attrValue("length"),
		Title:    r.attrValue("title"),
		Rel:      r.attrValue("rel"),
	}
	if l.Rel == "" {
		l.Rel = "alternate"
	}
	r.skip()
	return l
}

func (r *xmlReader) atomCategory() *atom.Category {
	c := &atom.Category{Term: r.attrValue("term"), Scheme: r.attrValue("scheme"), Label: r.attrValue("label")}
	r.skip()
	return c
}

func (r *xmlReader) atomGenerator() *atom.Generator {
	g := &atom.Generator{URI: r.attrValue("uri"), Version: r.attrValue("version")}
	if g.URI == "" {
		g.URI = r.attrValue("url") // Atom 0.3
	}
	g.Value = r.atomText()
	return g
}

func (r *xmlReader) atomPerson() *atom.Person {
	r.enter()
	p := &atom.Person{}
	var low [32]byte
	for r.nextChild() {
		switch string(r.lowerLocal(&low)) {
		case "name":
			p.Name = r.atomText()
		case "email":
			p.Email = r.atomText()
		case "uri", "url", "homepage":
			p.URI = r.atomText()
		default:
			r.skip()
		}
	}
	return p
}
