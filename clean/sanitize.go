package clean

import (
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// Allowed values of the attributes the policy keeps.
var (
	safeHref    = regexp.MustCompile(`^(?i)(?:https?://|mailto:|tel:)`)
	safeImgSrc  = regexp.MustCompile(`^(?i)(?:https?://|data:image/(?:gif|jpeg|png|webp);base64,)`)
	dimension   = regexp.MustCompile(`^[0-9]{1,4}(?:%|px)?$`)
	playerSrc   = regexp.MustCompile(`^https://(?:(?:www\.)?youtube(?:-nocookie)?\.com/embed/|(?:[a-z0-9-]+\.)*(?:vtv\.vn|vtv\.gov\.vn|vov\.vn)/)[^\s"'<>\\]*$`)
	cellSpan    = regexp.MustCompile(`^[0-9]{1,3}$`)
	plainString = regexp.MustCompile(`^[^<>]*$`)
)

// newPolicy builds the allow-list for published content: text structure,
// tables, figures, images and links; players from the video allow-list;
// nothing that runs code or loads a document. Links open without telling
// the portal who followed them.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "b", "i", "u", "s", "sub", "sup", "hr",
		"ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6",
		"figure", "figcaption",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col")
	p.AllowAttrs("colspan", "rowspan").Matching(cellSpan).OnElements("td", "th")

	p.RequireParseableURLs(true)
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowDataURIImages()

	p.AllowAttrs("href").Matching(safeHref).OnElements("a")
	p.AllowAttrs("title").Matching(plainString).OnElements("a", "img")
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)

	p.AllowAttrs("src").Matching(safeImgSrc).OnElements("img")
	p.AllowAttrs("alt").Matching(plainString).OnElements("img")
	p.AllowAttrs("width", "height").Matching(dimension).OnElements("img", "iframe")

	p.AllowAttrs("src").Matching(playerSrc).OnElements("iframe")
	p.AllowAttrs("allowfullscreen", "frameborder").OnElements("iframe")
	p.AllowIFrames(bluemonday.SandboxAllowScripts, bluemonday.SandboxAllowSameOrigin,
		bluemonday.SandboxAllowPresentation, bluemonday.SandboxAllowPopups)
	return p
}

// PlainText returns the readable text of sanitized HTML (for Summary and
// for fingerprints): no tags, entities decoded, NFC, spaces collapsed
// within a paragraph and paragraphs separated by a blank line.
func PlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return joinParagraphs(strings.Split(s, "\n\n"))
	}
	var paras []string
	for _, seg := range segments(parseFragment(s)) {
		paras = append(paras, seg.text)
	}
	return joinParagraphs(paras)
}

func joinParagraphs(paras []string) string {
	var b strings.Builder
	for _, p := range paras {
		p = oneLine(p)
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p)
	}
	return b.String()
}

// leafBlockRename maps blocks the policy drops (keeping their content) to
// an allowed one. Those that hold a paragraph of their own become <p>
// before the sanitizer runs, or their paragraphs would run together.
var leafBlockRename = map[string]string{
	"div": "p", "section": "p", "article": "p", "header": "p", "footer": "p",
	"main": "p", "aside": "p", "center": "p", "address": "p", "dd": "p", "dt": "p",
	"pre": "p", "summary": "p", "details": "p", "nav": "p", "h1": "h2",
}

// normalizeBlocks prepares the tree for the allow-list: a block the policy
// does not know and that holds only inline content becomes a <p>; text
// running loose beside blocks is wrapped in <p>; h1 (the page's own
// title level) becomes h2.
func normalizeBlocks(root *html.Node) {
	for _, n := range elements(root) {
		to, ok := leafBlockRename[n.Data]
		if !ok {
			continue
		}
		if to == "p" && hasBlockChild(n) {
			wrapLooseText(n)
			continue
		}
		n.Data, n.DataAtom, n.Attr = to, 0, nil
	}
	if hasBlockChild(root) {
		wrapLooseText(root)
	}
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (blockTags[c.Data] || breaksLines(c) && c.Data != "br") {
			return true
		}
	}
	return false
}

// wrapLooseText wraps each run of inline children of n that sits beside
// block children into a <p> of its own.
func wrapLooseText(n *html.Node) {
	var run []*html.Node
	flush := func(before *html.Node) {
		if len(run) > 0 && (oneLine(textOfNodes(run)) != "" || anyMedia(run)) {
			p := &html.Node{Type: html.ElementNode, Data: "p"}
			n.InsertBefore(p, before)
			for _, c := range run {
				n.RemoveChild(c)
				p.AppendChild(c)
			}
		}
		run = run[:0]
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && (blockTags[c.Data] || breaksLines(c) && c.Data != "br") {
			flush(c)
		} else if c.Type != html.CommentNode {
			run = append(run, c)
		}
		c = next
	}
	flush(nil)
}

func textOfNodes(nodes []*html.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		appendText(&b, n)
	}
	return b.String()
}

func anyMedia(nodes []*html.Node) bool {
	for _, n := range nodes {
		if hasMedia(n) {
			return true
		}
	}
	return false
}
