package clean

import (
	"strings"

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

// elements returns every element under root in document order. Filters
// collect first and change after, so removing a node never upsets a walk.
func elements(root *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				out = append(out, c)
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

// textOf returns the text under n, without script or style content.
func textOf(n *html.Node) string {
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
		if skipContent[n.Data] {
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
	if mediaTags[n.Data] {
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
	if blockTags[n.Data] || n.Data == "br" {
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
	fold  *string    // vntext.Fold(text), computed once when first asked
}

// key returns the segment's text under vntext.Fold. Every rule compares
// paragraphs under it, several times each, so it is computed once.
func (s *segment) key() string {
	if s.fold == nil {
		k := vntext.Fold(s.text)
		s.fold = &k
	}
	return *s.fold
}

// segments returns the paragraphs under root in document order.
func segments(root *html.Node) []*segment {
	var out []*segment
	var cur *segment
	flush := func(br *html.Node) {
		if cur != nil {
			cur.br = br
			var b strings.Builder
			for _, n := range cur.nodes {
				appendText(&b, n)
				cur.media = cur.media || hasMedia(n)
			}
			cur.text = oneLine(b.String())
			out = append(out, cur)
			cur = nil
		} else if br != nil {
			// A <br> with no text before it is an empty line of its own.
			out = append(out, &segment{br: br})
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
				if !skipContent[c.Data] {
					walk(c)
				}
			case c.Type == html.ElementNode && skipContent[c.Data] && !mediaTags[c.Data]:
				continue
			default:
				if cur == nil {
					cur = &segment{}
				}
				cur.nodes = append(cur.nodes, c)
			}
		}
		flush(nil)
	}
	walk(root)
	return out
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
	s.nodes, s.br, s.text, s.fold = nil, nil, "", nil
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
