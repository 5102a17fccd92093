package clean

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"bantin/vntext"
)

// blockTags are the elements that start a new line of text in a browser.
// A run of inline content between two of them is one paragraph to the
// reader, whatever element holds it.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true,
	"caption": true, "center": true, "dd": true, "details": true, "dialog": true,
	"div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hgroup": true,
	"hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "summary": true, "table": true, "tbody": true,
	"td": true, "tfoot": true, "th": true, "thead": true, "tr": true, "ul": true,
	"body": true,
}

// skipContent are elements whose content is never readable text.
var skipContent = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"head": true, "title": true, "textarea": true, "select": true,
	"object": true, "embed": true, "applet": true, "svg": true, "math": true,
	"button": true, "iframe": true, "frame": true, "frameset": true, "noframes": true,
	"xmp": true, "plaintext": true, "noembed": true, "video": true, "audio": true,
	"canvas": true, "map": true, "input": true, "link": true, "meta": true, "base": true,
}

// mediaTags are elements that carry something to see without any text.
var mediaTags = map[string]bool{"img": true, "iframe": true, "video": true, "audio": true, "picture": true}

// parseFragment parses HTML as the content of a <body> and returns a body
// element holding it, detached from any document.
func parseFragment(s string) *html.Node {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		// The x/net parser only fails when its reader does; keep the text.
		body.AppendChild(&html.Node{Type: html.TextNode, Data: s})
		return body
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	return body
}

// renderChildren serializes the children of n.
func renderChildren(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		// Render only fails on a broken writer or tree; strings.Builder
		// never fails and the tree comes from the parser.
		_ = html.Render(&b, c)
	}
	return b.String()
}

// isElement reports whether n is an element named name.
func isElement(n *html.Node, name string) bool {
	return n != nil && n.Type == html.ElementNode && n.Data == name
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// setAttr sets n's attribute key, adding it when absent.
func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// removeAttr drops n's attribute key.
func removeAttr(n *html.Node, key string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Namespace != "" || a.Key != key {
			out = append(out, a)
		}
	}
	n.Attr = out
}

// detach removes n from its parent, if it has one.
func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// walkElements calls visit for every element under root in document
// order, then walks what are then its children: an element visit
// detaches is not walked into, and children it adds are.
func walkElements(root *html.Node, visit func(*html.Node)) {
	for c := root.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			visit(c)
			if c.Parent == root {
				walkElements(c, visit)
			}
		}
		c = next
	}
}

// textOf returns the text under n, without script or style content.
func textOf(n *html.Node) string {
	if c := n.FirstChild; c != nil && c == n.LastChild && c.Type == html.TextNode && !isNode(n, fSkipContent) {
		return c.Data
	}
	var b strings.Builder
	appendText(&b, n)
	return b.String()
}

func appendText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if isNode(n, fSkipContent) {
			return
		}
		if n.Data == "br" {
			b.WriteByte(' ')
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		appendText(b, c)
	}
}

// hasMedia reports whether n is or holds an image or player.
func hasMedia(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if isNode(n, fMedia) {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasMedia(c) {
			return true
		}
	}
	return false
}

// breaksLines reports whether n must be walked into rather than kept
// whole in a paragraph: it is a block, or an inline element that holds a
// block or a <br> (a <strong> lead ending in <br>, a <span> of lines).
func breaksLines(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.Data == "br" || isNode(n, fBlock) {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if breaksLines(c) {
			return true
		}
	}
	return false
}

// A segment is one paragraph as a reader sees it: a run of inline sibling
// nodes between two blocks or <br>s. Portals wrap paragraphs in <p>, in
// <div>, in <strong> lines split by <br>, or in nothing at all; segments
// let one set of rules see them all the same way.
type segment struct {
	nodes []*html.Node
	br    *html.Node // the <br> that ended it, removed with it
	text  string     // its text on one line, NFC
	media bool       // it holds an image or player
	fold  string     // vntext.Fold(text), once folded
	keyed bool       // fold is computed
	sig   uint64     // foldSig(text), once computed
	sums  bool       // sig is computed
	buf   *[]byte    // scratch for folding, or nil
}

// key returns the segment's text under vntext.Fold. Every rule compares
// paragraphs under it, several times each, so it is computed once.
func (s *segment) key() string {
	if !s.keyed {
		s.fold, s.keyed = fold(s.text, s.buf), true
	}
	return s.fold
}

// signature returns foldSig(s.text), computed once: the header, the
// opening and the lead rules each ask it of the same paragraphs.
func (s *segment) signature() uint64 {
	if !s.sums {
		s.sig, s.sums = foldSig(s.text), true
	}
	return s.sig
}

// fold is vntext.Fold with one allocation rather than two: the key is
// built in buf (when not nil) and copied out.
func fold(s string, buf *[]byte) string {
	if buf == nil {
		return vntext.Fold(s)
	}
	*buf = vntext.AppendFold((*buf)[:0], s)
	return string(*buf)
}

// segments returns the paragraphs under root in document order. clean
// says every text node is NFC and repaired (see repairText), tight that
// none holds two spaces in a row. ss is memory to use, valid until the
// next call with it.
func segments(root *html.Node, clean, tight bool, ss *segScratch) []*segment {
	out, block := ss.out[:0], ss.block[:0]
	ss.nodes = walkSegments(root, ss.nodes[:0], func(nodes []*html.Node, br *html.Node) {
		if len(block) == cap(block) {
			// Segments are made in blocks, not one by one; a new block
			// keeps those already handed out.
			block = make([]segment, 0, max(32, 2*cap(block)))
			ss.block = block
		}
		block = block[:len(block)+1]
		seg := &block[len(block)-1]
		*seg = segment{br: br, buf: &ss.fold}
		if len(nodes) > 0 {
			seg.nodes = nodes
			seg.text, ss.buf = segmentText(nodes, ss.buf, clean, tight)
			for _, n := range nodes {
				if hasMedia(n) {
					seg.media = true
					break
				}
			}
		}
		out = append(out, seg)
	})
	ss.out = out
	return out
}

// segScratch is the memory of segments, kept from one call to the next.
type segScratch struct {
	out   []*segment
	block []segment
	nodes []*html.Node
	buf   []byte
	fold  []byte // for segment.key
}

// walkSegments calls emit for every paragraph under root in document
// order: the inline nodes it is made of and the <br> that ended it. A
// <br> with nothing before it is an empty line of its own. nodes is
// valid until all is used again: every call gets its own part of all,
// or of a larger array that replaces it, which walkSegments returns.
func walkSegments(root *html.Node, all []*html.Node, emit func(nodes []*html.Node, br *html.Node)) []*html.Node {
	start := 0
	flush := func(br *html.Node) {
		if len(all) > start {
			emit(all[start:len(all):len(all)], br)
			start = len(all)
		} else if br != nil {
			emit(nil, br)
		}
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.CommentNode:
				continue
			case isElement(c, "br"):
				flush(c)
			case breaksLines(c):
				flush(nil)
				if !isNode(c, fSkipContent) {
					walk(c)
				}
			case c.Type == html.ElementNode && nodeFlags(c)&(fSkipContent|fMedia) == fSkipContent:
				continue
			default:
				if len(all) == cap(all) {
					// A new array, so the slices already emitted keep theirs.
					grown := make([]*html.Node, len(all)-start, 2*cap(all)+32)
					copy(grown, all[start:])
					all, start = grown, 0
				}
				all = append(all, c)
			}
		}
		flush(nil)
	}
	walk(root)
	return all
}

// segmentText is the text of a paragraph on one line, NFC. buf is
// scratch space, returned for the next call. With clean, the text of a
// single node needs only its spaces collapsed; with tight as well, only
// a space at either end can go.
func segmentText(nodes []*html.Node, buf []byte, clean, tight bool) (string, []byte) {
	if len(nodes) == 1 {
		if t, ok := soleText(nodes[0]); ok {
			switch {
			case clean && tight:
				return strings.Trim(t, " "), buf // collapseSpaces of tight text
			case clean:
				return collapseSpaces(t), buf
			}
			return oneLine(t), buf
		}
	}
	buf = buf[:0]
	joinsNFC := clean
	for _, n := range nodes {
		buf, joinsNFC = appendTextNFC(buf, n, joinsNFC)
	}
	if joinsNFC {
		return collapseSpaces(string(buf)), buf
	}
	return oneLine(string(buf)), buf
}

// soleText returns the text under n when it is one text node, alone or
// in elements that each hold only the next (a caption in <em>, a
// heading in <strong>): what appendTextNFC would copy, uncopied.
func soleText(n *html.Node) (string, bool) {
	for n.Type == html.ElementNode {
		c := n.FirstChild
		if c == nil || c != n.LastChild || n.Data == "br" || isNode(n, fSkipContent) {
			return "", false
		}
		n = c
	}
	return n.Data, n.Type == html.TextNode
}

// appendTextNFC is appendText into bytes, and keeps nfc true while the text
// stays NFC: pieces that are, joined where the next one starts with a
// rune that never combines with what comes before it.
func appendTextNFC(b []byte, n *html.Node, nfc bool) ([]byte, bool) {
	switch n.Type {
	case html.TextNode:
		if nfc && len(b) > 0 && n.Data != "" {
			r, _ := utf8.DecodeRuneInString(n.Data)
			// Below U+0300 and the precomposed Vietnamese letters, every
			// rune is a starter that nothing before it composes with.
			nfc = r < 0x300 || 0x1e00 <= r && r <= 0x1eff
		}
		return append(b, n.Data...), nfc
	case html.ElementNode:
		if isNode(n, fSkipContent) {
			return b, nfc
		}
		if n.Data == "br" {
			b = append(b, ' ')
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b, nfc = appendTextNFC(b, c, nfc)
	}
	return b, nfc
}

// collapseSpaces is oneLine for text that is NFC and repaired: only
// runs of ASCII spaces and spaces at the ends are left to remove.
func collapseSpaces(s string) string {
	if s == "" || s[0] != ' ' && s[len(s)-1] != ' ' && !strings.Contains(s, "  ") {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, s[i])
	}
	return string(b)
}

// remove takes the segment out of the tree. Pictures inside it stay: a
// repeated lead written around a photo loses its words, not the photo.
func (s *segment) remove() {
	for _, n := range s.nodes {
		if hasMedia(n) {
			keepOnlyMedia(n)
		} else {
			detach(n)
		}
	}
	if s.br != nil {
		detach(s.br)
	}
	s.nodes, s.br, s.text, s.fold, s.keyed, s.sig, s.sums = nil, nil, "", "", false, 0, false
}

// keepOnlyMedia strips every text and media-free element under n.
func keepOnlyMedia(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if !hasMedia(c) {
			n.RemoveChild(c)
		} else {
			keepOnlyMedia(c)
		}
		c = next
	}
}

// removeFrom removes n and everything after it in document order, up to
// and excluding root: the way to drop a trailing block of furniture. The
// ancestors of n stay, since they also hold what came before it.
func removeFrom(root, n *html.Node) {
	for a := n; a != nil && a != root && a.Parent != nil; a = a.Parent {
		for c := a.NextSibling; c != nil; {
			next := c.NextSibling
			a.Parent.RemoveChild(c)
			c = next
		}
	}
	detach(n)
}
