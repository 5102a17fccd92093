package fetch

import (
	"bytes"
	"net/url"
	"strings"
)

// xmlReader reads a prepared document (see prepare) the way gofeed's
// stack reads it (encoding/xml in its lenient mode, under goxpp), for the
// subset of XML that real feeds are written in: ASCII names with at most
// one prefix, quoted attributes without duplicates, no DOCTYPE or
// xml:base inside the document. Whatever falls outside, or would make
// encoding/xml fail or guess, sets bad, and the caller hands the document
// to gofeed instead: the reader never decides anything gofeed would
// decide differently, it only gets there with fewer copies.
//
// The document has been through repairXML, so it is UTF-8 without the
// characters XML forbids, raw or as references: the reader checks that
// again only where it decodes references itself (charData).
type xmlReader struct {
	doc  []byte
	pos  int
	bad  bool
	tag  startTag   // the start tag last read
	open []openElem // the elements entered, root first
	ns   []nsDecl   // namespace declarations of the open elements
	nest [][]byte   // names of the elements open inside content()
	buf  []byte     // scratch for decoded text
	end  []byte     // name of the end tag last read
	text []byte     // the text, CDATA or comment last read
	kind tokenKind  // what the last token was
}

type tokenKind int

const (
	tokNone tokenKind = iota
	tokText
	tokCDATA
	tokStart
	tokEnd
	tokOther // a comment or a processing instruction: skipped
)

type startTag struct {
	prefix, local []byte
	name          []byte // the qualified name, to match the end tag
	attrs         []rawAttr
	empty         bool // "<a/>"
	child         bool // reached as a child of a parsed element: gofeed resolves its URI attributes
}

type rawAttr struct {
	prefix, local []byte
	value         []byte // between the quotes, undecoded
}

type openElem struct {
	name  []byte
	nsLen int // len(ns) before the element's declarations
	empty bool
}

type nsDecl struct {
	prefix, uri []byte
}

// Namespaces encoding/xml and goxpp give a meaning of their own.
const (
	xmlNamespace = "http://www.w3.org/XML/1998/namespace"
	maxDepth     = 64 // of extension elements; deeper ones go to gofeed
	maxAttrs     = 64 // of one element, so that looking for duplicates stays cheap
	// detectionWindow is how much of the document gofeed looks at to find
	// the root element; a root tag that does not end in it is not a feed.
	detectionWindow = 4096
)

var (
	cdataStart = []byte("<![CDATA[")
	cdataEnd   = []byte("]]>")
)

func (r *xmlReader) fail() {
	r.bad = true
	r.pos = len(r.doc)
	r.kind = tokNone
}

// next reads the next token. At the end of the document, or on anything
// outside the subset, it fails: every caller is inside an element, where
// the end of the document is an error for encoding/xml too.
func (r *xmlReader) next() tokenKind {
	if r.bad {
		return tokNone
	}
	rest := r.doc[r.pos:]
	if len(rest) == 0 {
		r.fail()
		return tokNone
	}
	if rest[0] != '<' {
		n := bytes.IndexByte(rest, '<')
		if n < 0 {
			r.fail() // the document ends inside an element
			return tokNone
		}
		r.text = rest[:n]
		if bytes.Contains(r.text, cdataEnd) {
			r.fail() // "unescaped ]]> not in CDATA section"
			return tokNone
		}
		r.pos += n
		r.kind = tokText
		return tokText
	}
	if len(rest) < 2 {
		r.fail()
		return tokNone
	}
	switch rest[1] {
	case '/':
		r.endTag()
	case '?':
		r.procInst()
	case '!':
		r.bang()
	default:
		r.startTag()
	}
	return r.kind
}

// bang reads a comment or a CDATA section; a DOCTYPE or other directive
// inside the document is left to gofeed.
func (r *xmlReader) bang() {
	rest := r.doc[r.pos:]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		// encoding/xml ends a comment at the first "--", which must be
		// followed by '>'.
		i := bytes.Index(rest[4:], []byte("--"))
		if i < 0 || 4+i+2 >= len(rest) || rest[4+i+2] != '>' {
			r.fail()
			return
		}
		r.text = rest[4 : 4+i]
		r.pos += 4 + i + 3
		r.kind = tokOther
	case bytes.HasPrefix(rest, cdataStart):
		i := bytes.Index(rest[len(cdataStart):], cdataEnd)
		if i < 0 {
			r.fail()
			return
		}
		r.text = rest[len(cdataStart) : len(cdataStart)+i]
		r.pos += len(cdataStart) + i + len(cdataEnd)
		r.kind = tokCDATA
	default:
		r.fail()
	}
}

// procInst reads a processing instruction. A second "<?xml" could switch
// encoding/xml to another charset: gofeed's business.
func (r *xmlReader) procInst() {
	rest := r.doc[r.pos:]
	n := nameLen(rest[2:])
	if n == 0 || !validName(rest[2:2+n]) || string(rest[2:2+n]) == "xml" {
		r.fail()
		return
	}
	i := 2 + n + spaceLen(rest[2+n:])
	end := bytes.Index(rest[i:], []byte("?>"))
	if end < 0 {
		r.fail()
		return
	}
	r.pos += i + end + 2
	r.kind = tokOther
}

// endTag reads "</name>", with optional space before the '>'.
func (r *xmlReader) endTag() {
	rest := r.doc[r.pos:]
	n := nameLen(rest[2:])
	name := rest[2 : 2+n]
	if _, _, ok := splitName(name); !ok {
		r.fail()
		return
	}
	i := 2 + n + spaceLen(rest[2+n:])
	if i >= len(rest) || rest[i] != '>' {
		r.fail()
		return
	}
	r.end = name
	r.pos += i + 1
	r.kind = tokEnd
}

// startTag reads "<name attr='v'...>" or "<name .../>" into r.tag.
func (r *xmlReader) startTag() {
	rest := r.doc[r.pos:]
	n := nameLen(rest[1:])
	name := rest[1 : 1+n]
	prefix, local, ok := splitName(name)
	if !ok {
		r.fail()
		return
	}
	t := &r.tag
	t.prefix, t.local, t.name, t.empty, t.child = prefix, local, name, false, false
	t.attrs = t.attrs[:0]
	i := 1 + n
	for {
		i += spaceLen(rest[i:])
		if i >= len(rest) {
			r.fail()
			return
		}
		switch rest[i] {
		case '>':
			r.pos += i + 1
			r.kind = tokStart
			return
		case '/':
			if i+1 >= len(rest) || rest[i+1] != '>' {
				r.fail()
				return
			}
			t.empty = true
			r.pos += i + 2
			r.kind = tokStart
			return
		}
		m, ok := r.attr(rest[i:])
		if !ok {
			r.fail()
			return
		}
		i += m
	}
}

// attr reads one name="value" at the start of b into r.tag.attrs and says
// how long it was. Unquoted values and names without a value, which
// lenient encoding/xml takes, are left to gofeed, as are two attributes
// of one local name: which of them a reader sees differs between goxpp
// and encoding/xml.
func (r *xmlReader) attr(b []byte) (int, bool) {
	n := nameLen(b)
	prefix, local, ok := splitName(b[:n])
	if !ok {
		return 0, false
	}
	i := n + spaceLen(b[n:])
	if i >= len(b) || b[i] != '=' {
		return 0, false
	}
	i++
	i += spaceLen(b[i:])
	if i >= len(b) || b[i] != '"' && b[i] != '\'' {
		return 0, false
	}
	q := b[i]
	end := bytes.IndexByte(b[i+1:], q)
	if end < 0 {
		return 0, false
	}
	value := b[i+1 : i+1+end]
	if bytes.IndexByte(value, '<') >= 0 {
		return 0, false // "unescaped < inside quoted string"
	}
	if len(r.tag.attrs) >= maxAttrs {
		return 0, false
	}
	for _, a := range r.tag.attrs {
		if bytes.Equal(a.local, local) {
			return 0, false
		}
	}
	if string(local) == "base" && len(prefix) > 0 {
		return 0, false // xml:base: gofeed resolves links against it
	}
	r.tag.attrs = append(r.tag.attrs, rawAttr{prefix: prefix, local: local, value: value})
	return i + 1 + end + 1, true
}

// nameLen is the length of the run of XML name bytes at the start of b,
// or 0 when a byte beyond ASCII follows it: encoding/xml would read that
// into the name, and such names are gofeed's to judge.
func nameLen(b []byte) int {
	for i, c := range b {
		if !isASCIINameByte(c) {
			if c >= 0x80 {
				return 0
			}
			return i
		}
	}
	return len(b)
}

func isASCIINameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// validName reports whether an ASCII name is one encoding/xml accepts and
// is followed by a byte that cannot continue a name.
func validName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	c := b[0]
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':'
}

// splitName splits a qualified name as encoding/xml does. Names it reads
// in a way of its own (two colons, an empty prefix or local part) and
// names beyond ASCII are refused.
func splitName(name []byte) (prefix, local []byte, ok bool) {
	if !validName(name) {
		return nil, nil, false
	}
	i := bytes.IndexByte(name, ':')
	if i < 0 {
		return nil, name, true
	}
	prefix, local = name[:i], name[i+1:]
	if len(prefix) == 0 || len(local) == 0 || bytes.IndexByte(local, ':') >= 0 || !validName(local) {
		return nil, nil, false
	}
	return prefix, local, true
}

func spaceLen(b []byte) int {
	for i, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return i
		}
	}
	return len(b)
}

// enter makes the start tag just read the element whose children
// nextChild walks.
func (r *xmlReader) enter() {
	e := openElem{name: r.tag.name, nsLen: len(r.ns), empty: r.tag.empty}
	for _, a := range r.tag.attrs {
		if p, ok := declares(a); ok {
			r.ns = append(r.ns, nsDecl{prefix: p, uri: a.value})
		}
	}
	r.open = append(r.open, e)
}

// declares returns the prefix a namespace declaration binds.
func declares(a rawAttr) ([]byte, bool) {
	switch {
	case len(a.prefix) == 0 && string(a.local) == "xmlns":
		return nil, true
	case string(a.prefix) == "xmlns":
		return a.local, true
	}
	return nil, false
}

// checkDecls refuses namespace declarations that encoding/xml and goxpp
// would read apart (space around the URI, entities in it) or that rebind
// the reserved prefixes.
func (r *xmlReader) checkDecls() {
	for _, a := range r.tag.attrs {
		p, ok := declares(a)
		if !ok {
			continue
		}
		v := a.value
		if len(v) == 0 || bytes.IndexByte(v, '&') >= 0 || spaceLen(v) > 0 || isSpaceByte(v[len(v)-1]) ||
			string(p) == "xml" || string(p) == "xmlns" {
			r.fail()
			return
		}
	}
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// nextChild moves to the next child element of the element entered last
// and reads its start tag into r.tag; it returns false, leaving that
// element, at its end tag. Text and comments between children are
// skipped, as gofeed's ForEachChild does.
func (r *xmlReader) nextChild() bool {
	top := &r.open[len(r.open)-1]
	if top.empty {
		r.leave()
		return false
	}
	for {
		switch r.next() {
		case tokNone:
			return false
		case tokStart:
			r.checkDecls()
			if r.bad {
				return false
			}
			r.tag.child = true
			return true
		case tokEnd:
			if !bytes.Equal(r.end, top.name) {
				r.fail() // lenient encoding/xml closes elements of its own choosing
				return false
			}
			r.leave()
			return false
		}
	}
}

func (r *xmlReader) leave() {
	top := r.open[len(r.open)-1]
	r.ns = r.ns[:top.nsLen]
	r.open = r.open[:len(r.open)-1]
}

// content consumes the content and end tag of the element whose start tag
// was just read and returns the content as it stands in the document:
// what encoding/xml gives an ",innerxml" field.
func (r *xmlReader) content() []byte {
	if r.tag.empty {
		return nil
	}
	start := r.pos
	r.nest = append(r.nest[:0], r.tag.name)
	for {
		at := r.pos
		switch r.next() {
		case tokNone:
			return nil
		case tokStart:
			if !r.tag.empty {
				r.nest = append(r.nest, r.tag.name)
			}
		case tokEnd:
			if !bytes.Equal(r.end, r.nest[len(r.nest)-1]) {
				r.fail()
				return nil
			}
			r.nest = r.nest[:len(r.nest)-1]
			if len(r.nest) == 0 {
				return r.doc[start:at]
			}
		}
	}
}

// skip consumes the element whose start tag was just read.
func (r *xmlReader) skip() { r.content() }

// lookup returns the URI a prefix is bound to, considering the start tag
// just read (its own declarations count for its name) and the open
// elements.
func (r *xmlReader) lookup(prefix []byte) ([]byte, bool) {
	for _, a := range r.tag.attrs {
		if p, ok := declares(a); ok && bytes.Equal(p, prefix) {
			return a.value, true
		}
	}
	for i := len(r.ns) - 1; i >= 0; i-- {
		if bytes.Equal(r.ns[i].prefix, prefix) {
			return r.ns[i].uri, true
		}
	}
	return nil, false
}

// space is the namespace of the start tag just read as encoding/xml
// resolves it: the URI its prefix is bound to; an unbound prefix stands
// for itself, no prefix and no default namespace is "".
func (r *xmlReader) space() string {
	p := r.tag.prefix
	switch string(p) {
	case "xml":
		return xmlNamespace
	case "xmlns":
		r.fail()
		return ""
	}
	if uri, ok := r.lookup(p); ok {
		return string(uri)
	}
	return string(p)
}

// spaceIs reports whether the start tag just read is in one of spaces.
func (r *xmlReader) spaceIs(spaces []string) bool {
	s := r.space()
	for _, ns := range spaces {
		if s == ns {
			return true
		}
	}
	return false
}

// prefixFor is gofeed's PrefixForNamespace: the canonical prefix of a
// namespace, else the prefix the document last bound to it, else the
// namespace itself.
func (r *xmlReader) prefixFor(space string) string {
	if p, ok := canonicalNamespaces[space]; ok {
		return p
	}
	if p := r.prefixForURI(space); p != "" {
		return p
	}
	return space
}

// prefixForURI is goxpp's PrefixForURI: the most recently declared prefix
// still bound to uri.
func (r *xmlReader) prefixForURI(uri string) string {
	attrs := r.tag.attrs
	for i := len(attrs) - 1; i >= 0; i-- {
		if p, ok := declares(attrs[i]); ok && string(attrs[i].value) == uri {
			if cur, _ := r.lookup(p); string(cur) == uri {
				return string(p)
			}
		}
	}
	for i := len(r.ns) - 1; i >= 0; i-- {
		d := r.ns[i]
		if string(d.uri) == uri {
			if cur, _ := r.lookup(d.prefix); string(cur) == uri {
				return string(d.prefix)
			}
		}
	}
	return ""
}

// rawAttr returns the attribute of the start tag just read with this
// local name.
func (r *xmlReader) rawAttr(local string) (rawAttr, bool) {
	for _, a := range r.tag.attrs {
		if string(a.local) == local {
			return a, true
		}
	}
	return rawAttr{}, false
}

// attrValue is goxpp's Attribute(local) on the start tag just read, with
// the URI attributes of a child element resolved as gofeed's NextTag
// resolves them.
func (r *xmlReader) attrValue(local string) string {
	a, ok := r.rawAttr(local)
	if !ok {
		return ""
	}
	return r.value(a)
}

// value decodes an attribute as encoding/xml does; gofeed then passes the
// URI attributes of child elements through url.Parse (against no base:
// the reader refuses xml:base).
func (r *xmlReader) value(a rawAttr) string {
	v := r.charData(a.value)
	if r.tag.child && isURIAttr(a.local) {
		if u, err := url.Parse(strings.TrimLeft(v, " ")); err == nil {
			return u.String()
		}
	}
	return v
}

// isURIAttr lists the attributes gofeed's resolveAttrs rewrites, matched
// without regard to case.
func isURIAttr(local []byte) bool {
	if len(local) < 3 || len(local) > 6 {
		return false
	}
	var low [6]byte
	for i, c := range local {
		low[i] = lowerByte(c)
	}
	switch string(low[:len(local)]) {
	case "href", "scheme", "src", "uri":
		return true
	}
	return false
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lowerLocal is the local name of the start tag just read in lower case,
// for the switch on child names gofeed does with strings.ToLower.
func (r *xmlReader) lowerLocal(buf *[32]byte) []byte {
	l := r.tag.local
	if len(l) > len(buf) {
		return nil // longer than any name a switch looks for
	}
	for i, c := range l {
		buf[i] = lowerByte(c)
	}
	return buf[:len(l)]
}
