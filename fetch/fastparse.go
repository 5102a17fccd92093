package fetch

import (
	"bytes"
	"strings"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// Namespaces of feed vocabularies, as gofeed spells them.
const (
	atom10Namespace   = "http://www.w3.org/2005/Atom"
	atom03Namespace   = "http://purl.org/atom/ns#"
	rdfNamespace      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	rss10Namespace    = "http://purl.org/rss/1.0/"
	rss09Namespace    = "http://channel.netscape.com/rdf/simple/0.9/"
	rss09AltNamespace = "http://my.netscape.com/rdf/simple/0.9/"
)

// fastParse reads a prepared document that is RSS 2.0 (or 0.9x) or Atom
// into the feed gofeed would give for it, or reports false when the
// document is outside what the fast reader knows: RSS 1.0, JSON, markup
// it does not read exactly like gofeed (see xmlReader), or a document
// gofeed would refuse. Then gofeed reads it.
func fastParse(d document) (*gofeed.Feed, bool) {
	if d.json != nil || !declOK(d.decl) {
		return nil, false
	}
	r := &xmlReader{doc: d.root}
	// gofeed detects the format from the first 4 KB only.
	if !r.rootTag(detectionWindow - len(d.decl) - 1) {
		return nil, false
	}
	// The reader fills gofeed's own rss.Feed and atom.Feed and hands them
	// to the translators gofeed's parser uses in Parse (see newParser), so
	// the mapping to the universal feed is gofeed's code, not a copy.
	var feed *gofeed.Feed
	var err error
	switch string(r.tag.local) {
	case "rss":
		if f := r.rss(); !r.bad {
			feed, err = (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(f)
		}
	case "feed":
		if f := r.atom(); !r.bad {
			feed, err = (&gofeed.DefaultAtomTranslator{}).Translate(f)
		}
	}
	if r.bad || err != nil || feed == nil {
		return nil, false
	}
	return feed, true
}

// rootTag reads the root start tag, which must end within the first
// window bytes.
func (r *xmlReader) rootTag(window int) bool {
	if len(r.doc) == 0 || r.doc[0] != '<' || r.next() != tokStart {
		return false
	}
	if r.pos > window || len(r.tag.prefix) > 0 {
		return false
	}
	r.checkDecls()
	return !r.bad
}

// declOK reports an XML declaration encoding/xml takes without a second
// thought: version 1.0, UTF-8, printable ASCII (gofeed's reader would drop
// a control character from it, so there is none).
func declOK(d []byte) bool {
	if !bytes.HasPrefix(d, []byte("<?xml")) || len(d) < 6 || !isSpaceByte(d[5]) {
		return false
	}
	end := bytes.Index(d, []byte("?>"))
	if end != len(d)-2 {
		return false
	}
	for _, c := range d[5:end] {
		if (c < 0x20 || c > 0x7E) && !isSpaceByte(c) {
			return false
		}
	}
	content := string(d[5+spaceLen(d[5:end]) : end])
	if v := procInst("version", content); v != "" && v != "1.0" {
		return false
	}
	if enc := procInst("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
		return false
	}
	return true
}

// procInst is encoding/xml's reading of a pseudo-attribute of the XML
// declaration.
func procInst(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// textContent reads the element whose start tag was just read as
// gofeed's ParseText does.
func (r *xmlReader) textContent() string {
	inner := r.content()
	if r.bad {
		return ""
	}
	return r.htmlText(inner)
}

// extension files the element whose start tag was just read under its
// namespace's prefix, as gofeed's ParseExtension does.
func (r *xmlReader) extension(exts ext.Extensions) ext.Extensions {
	prefix := r.prefixFor(r.space())
	e := r.extElement(0)
	if r.bad {
		return exts
	}
	if exts == nil {
		exts = ext.Extensions{}
	}
	m, ok := exts[prefix]
	if !ok {
		m = map[string][]ext.Extension{}
		exts[prefix] = m
	}
	m[e.Name] = append(m[e.Name], e)
	return exts
}

// extElement is gofeed's parseExtensionElement: the element's attributes
// by local name, its text (character data and CDATA directly inside it,
// trimmed) and its child elements by local name.
func (r *xmlReader) extElement(depth int) ext.Extension {
	if depth > maxDepth {
		r.fail()
		return ext.Extension{}
	}
	e := ext.Extension{
		Name:     string(r.tag.local),
		Children: map[string][]ext.Extension{},
		Attrs:    make(map[string]string, len(r.tag.attrs)),
	}
	for _, a := range r.tag.attrs {
		e.Attrs[string(a.local)] = r.value(a)
	}
	if r.tag.empty {
		return e
	}
	name := r.tag.name
	var value []byte
	for {
		switch r.next() {
		case tokNone:
			return e
		case tokText:
			value = r.appendCharData(value, r.text)
		case tokCDATA:
			value = appendNormalizedCR(value, r.text)
		case tokStart:
			r.tag.child = false // reached by Next, not NextTag: nothing resolved
			c := r.extElement(depth + 1)
			e.Children[c.Name] = append(e.Children[c.Name], c)
		case tokEnd:
			if !bytes.Equal(r.end, name) {
				r.fail()
				return e
			}
			e.Value = string(bytes.TrimSpace(value))
			return e
		}
	}
}

// appendNormalizedCR appends text with CR and CRLF turned into LF, as
// encoding/xml gives a CDATA section.
func appendNormalizedCR(dst, s []byte) []byte {
	for i, c := range s {
		switch {
		case c == '\r':
			dst = append(dst, '\n')
		case c == '\n' && i > 0 && s[i-1] == '\r':
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
