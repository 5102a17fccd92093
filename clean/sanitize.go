package clean

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"regexp"
	"slices"
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
		if !strings.Contains(s, "\n\n") {
			return oneLine(s) // joinParagraphs of the one paragraph
		}
		return joinParagraphs(strings.Split(s, "\n\n"))
	}
	var b strings.Builder
	b.Grow(len(s))
	var buf []byte
	walkSegments(parseHTML(s), nil, func(nodes []*html.Node, _ *html.Node) {
		var text string
		if text, buf = segmentText(nodes, buf, false, false); text == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(text)
	})
	return b.String()
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

// renamed are the names leafBlockRename renames.
var renamed = func() map[string]bool {
	m := map[string]bool{}
	for n := range leafBlockRename {
		m[n] = true
	}
	return m
}()

// normalizeBlocks prepares the tree for the allow-list: a block the policy
// does not know and that holds only inline content becomes a <p>; text
// running loose beside blocks is wrapped in <p>; h1 (the page's own
// title level) becomes h2.
func normalizeBlocks(root *html.Node) {
	walkElements(root, func(n *html.Node) {
		if !isNode(n, fRenamed) {
			return
		}
		to := leafBlockRename[n.Data]
		if to == "p" && hasBlockChild(n) {
			wrapLooseText(n)
			return
		}
		n.Data, n.DataAtom, n.Attr = to, 0, nil
	})
	if hasBlockChild(root) {
		wrapLooseText(root)
	}
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isNode(c, fBlock) || breaksLines(c) && c.Data != "br") {
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
		if c.Type == html.ElementNode && (isNode(c, fBlock) || breaksLines(c) && c.Data != "br") {
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

// The sanitizer used to render the tree and hand the string to
// bluemonday, which tokenized it again; a quarter of an item's time. The
// writer below walks the tree once and writes what that pair wrote: the
// token stream a rendered tree yields is the tree itself, so the same
// decisions (newPolicy's allow-list, bluemonday's handling of dropped
// start and end tags, its URL checks and the rel, target and sandbox it
// adds) apply node by node. Trees whose rendering would not read back as
// themselves (raw text holding an end tag, foreign content, odd names)
// go the old way. FuzzSanitizeTree and the golden test hold the two to
// the same output.

// writerElements are the elements newPolicy allows, with the attributes
// it allows on each and the pattern their value must match (nil: any).
var writerElements = func() map[string]map[string]*regexp.Regexp {
	m := map[string]map[string]*regexp.Regexp{}
	for _, e := range strings.Fields(`p br strong em b i u s sub sup hr ul ol li blockquote h2 h3 h4 h5 h6
		figure figcaption table caption thead tbody tfoot tr th td colgroup col a img iframe`) {
		m[e] = map[string]*regexp.Regexp{}
	}
	m["td"]["colspan"], m["td"]["rowspan"] = cellSpan, cellSpan
	m["th"]["colspan"], m["th"]["rowspan"] = cellSpan, cellSpan
	m["a"]["href"], m["a"]["title"] = safeHref, plainString
	m["img"]["src"], m["img"]["alt"], m["img"]["title"] = safeImgSrc, plainString, plainString
	m["img"]["width"], m["img"]["height"] = dimension, dimension
	m["iframe"]["src"], m["iframe"]["width"], m["iframe"]["height"] = playerSrc, dimension, dimension
	m["iframe"]["allowfullscreen"], m["iframe"]["frameborder"], m["iframe"]["sandbox"] = nil, nil, nil
	return m
}()

// needAttrs are allowed elements bluemonday drops (keeping their
// content) when no attribute survives.
var needAttrs = map[string]bool{"a": true, "img": true, "iframe": true}

// skipContentOf are the elements whose content bluemonday drops with
// them when they are not allowed.
var skipContentOf = setOf(`frame frameset iframe noembed noframes noscript nostyle object script style title`)

// sandboxTokens are the sandbox values newPolicy lets through.
var sandboxTokens = map[string]bool{"allow-scripts": true, "allow-same-origin": true, "allow-presentation": true, "allow-popups": true}

// rawTextElements are those whose text the renderer writes unescaped.
var rawTextElements = setOf(`iframe noembed noframes noscript plaintext script style xmp`)

// treeWriter is the state bluemonday keeps while it reads tokens.
type treeWriter struct {
	out         []byte   // the HTML, in memory reparse lends
	skipping    int      // open elements whose content is dropped
	closingSkip []string // dropped start tags whose end tag goes too
	attrs       []html.Attribute

	// reparse follows the tokens written, for Item.Text.
	reparse *reparse
}

// sanitizeTree returns the sanitized HTML of root's children, trimmed,
// and its PlainText, or false when the tree is one the writer leaves to
// bluemonday. clean says the tree's text is NFC and repaired.
func sanitizeTree(root *html.Node, sizeHint int, clean bool) (content, text string, ok bool) {
	return sanitizeTreeWith(root, sizeHint, clean, false, new(reparse))
}

// sanitizeTreeWith is sanitizeTree with the memory of rp; tight says no
// text node holds two spaces in a row.
func sanitizeTreeWith(root *html.Node, sizeHint int, clean, tight bool, rp *reparse) (content, text string, ok bool) {
	rp.reset(clean, tight, sizeHint)
	w := treeWriter{reparse: rp, out: rp.html[:0], attrs: rp.attrs[:0]}
	defer func() { rp.html, rp.attrs = w.out[:0], w.attrs[:0] }()
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if !w.node(c) {
			return "", "", false
		}
	}
	content = string(bytes.TrimSpace(w.out))
	// Trimming the HTML only takes spaces off text at its two ends, which
	// never changes a paragraph's text.
	if text, ok := w.reparse.finish(); ok {
		return content, text, true
	}
	return content, PlainText(content), true
}

func (w *treeWriter) node(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		if strings.IndexByte(n.Data, 0) >= 0 {
			return false
		}
		if w.skipping == 0 {
			w.out = appendEscaped(w.out, n.Data)
			w.reparse.text(n.Data)
		}
		return true
	case html.ElementNode:
	default:
		return false // comments and doctypes are gone after prepare
	}
	name := n.Data
	f := nodeFlags(n)
	if n.Namespace != "" || f&fRawText != 0 && name != "iframe" || f == 0 && !plainName(name) {
		return false
	}
	switch name {
	case "pre", "listing", "textarea", "title":
		return false // their first newline or content reads back otherwise
	}
	if name == "iframe" {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.TextNode || strings.Contains(c.Data, "</") {
				return false
			}
		}
	}
	for _, a := range n.Attr {
		if a.Namespace != "" || !plainName(a.Key) || strings.IndexByte(a.Val, 0) >= 0 {
			return false
		}
	}
	if f&fVoid != 0 {
		if n.FirstChild != nil {
			return false
		}
		w.selfClosing(n, f)
		return true
	}
	w.start(n, f)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !w.node(c) {
			return false
		}
	}
	w.end(name, f)
	return true
}

// voidElement are the elements the renderer writes as "<x/>", which read
// back as self-closing tags.
var voidElement = setOf(`area base br col embed hr img input keygen link meta param source track wbr`)

// plainName reports a tag or attribute name that reads back as itself.
func plainName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) || 'A' <= s[i] && s[i] <= 'Z' {
			return false
		}
	}
	return true
}

// start writes n's start tag; f is its flags.
func (w *treeWriter) start(n *html.Node, f elemFlags) {
	if f&fAllowed == 0 {
		if f&fSkipWhenDropped != 0 {
			w.skipping++
		}
		return
	}
	attrs := w.sanitizeAttrs(n.Data, n.Attr)
	if len(attrs) == 0 && f&fNeedAttrs != 0 {
		w.closingSkip = append(w.closingSkip, n.Data)
		return
	}
	if w.skipping == 0 {
		w.writeTag(n.Data, attrs, ">")
		w.reparse.start(n.Data, f)
	}
}

func (w *treeWriter) end(name string, f elemFlags) {
	if len(w.closingSkip) > 0 && w.closingSkip[len(w.closingSkip)-1] == name {
		w.closingSkip = w.closingSkip[:len(w.closingSkip)-1]
		return
	}
	if f&fAllowed == 0 {
		if f&fSkipWhenDropped != 0 {
			w.skipping--
		}
		return
	}
	if w.skipping == 0 {
		w.out = append(w.out, "</"...)
		w.out = append(w.out, name...)
		w.out = append(w.out, '>')
		w.reparse.end(name)
	}
}

func (w *treeWriter) selfClosing(n *html.Node, f elemFlags) {
	if f&fAllowed == 0 {
		return
	}
	attrs := w.sanitizeAttrs(n.Data, n.Attr)
	if len(attrs) == 0 && f&fNeedAttrs != 0 {
		return
	}
	if w.skipping == 0 {
		w.writeTag(n.Data, attrs, "/>")
		w.reparse.void(n.Data, f)
	}
}

func (w *treeWriter) writeTag(name string, attrs []html.Attribute, close string) {
	w.out = append(w.out, '<')
	w.out = append(w.out, name...)
	for _, a := range attrs {
		w.out = append(w.out, ' ')
		w.out = append(w.out, a.Key...)
		w.out = append(w.out, `="`...)
		w.out = appendEscaped(w.out, a.Val)
		w.out = append(w.out, '"')
	}
	w.out = append(w.out, close...)
}

// sanitizeAttrs is bluemonday's sanitizeAttrs for newPolicy: the allowed
// attributes whose value matches, URLs checked and normalized, links
// given rel and target, players a sandbox. The result is only valid
// until the next call.
func (w *treeWriter) sanitizeAttrs(name string, in []html.Attribute) []html.Attribute {
	out := w.attrs[:0]
	if len(in) == 0 {
		return out
	}
	allowed := writerElements[name]
	for _, a := range in {
		re, ok := allowed[a.Key]
		if !ok || re != nil && !matches(re, a.Val) {
			continue
		}
		if a.Key == "href" && name == "a" || a.Key == "src" && (name == "img" || name == "iframe") {
			u, ok := validURL(a.Val)
			if !ok {
				continue
			}
			a.Val = u
		}
		out = append(out, a)
	}
	defer func() { w.attrs = out[:0] }()
	if len(out) == 0 {
		return out
	}
	switch name {
	case "a":
		external := false
		for _, a := range out {
			if a.Key == "href" && hasHost(a.Val) {
				external = true
			}
		}
		if hasAttr(out, "href") {
			if external {
				out = append(out, html.Attribute{Key: "rel", Val: "noreferrer noopener"},
					html.Attribute{Key: "target", Val: "_blank"})
			} else {
				out = append(out, html.Attribute{Key: "rel", Val: "noreferrer"})
			}
		}
	case "iframe":
		found := false
		for i, a := range out {
			if a.Key == "sandbox" {
				found = true
				out[i].Val = cleanSandbox(a.Val)
			}
		}
		if !found {
			out = append(out, html.Attribute{Key: "sandbox"})
		}
	}
	return out
}

// matches is re.MatchString(v), answered without the regexp engine for
// the patterns every image and link meets.
func matches(re *regexp.Regexp, v string) bool {
	switch re {
	case plainString:
		return !strings.ContainsAny(v, "<>")
	case dimension:
		n := len(v)
		switch {
		case strings.HasSuffix(v, "%"):
			n--
		case strings.HasSuffix(v, "px"):
			n -= 2
		}
		return 1 <= n && n <= 4 && allDigits(v[:n])
	case cellSpan:
		return 1 <= len(v) && len(v) <= 3 && allDigits(v)
	case safeHref, safeImgSrc:
		// The common case, for which the answer is yes.
		if strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") {
			return true
		}
	}
	return re.MatchString(v)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// hasHost reports a URL that parses with a host.
func hasHost(v string) bool {
	if host, _, ok := simpleURL(v); ok {
		return host != ""
	}
	u, err := url.Parse(v)
	return err == nil && u.Host != ""
}

// cleanSandbox keeps the allowed sandbox values, once each, in order.
func cleanSandbox(v string) string {
	var kept []string
	for _, f := range strings.Fields(v) {
		if sandboxTokens[f] && !slices.Contains(kept, f) {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " ")
}

// validURL is bluemonday's validURL for newPolicy: a URL without spaces
// (a data: URL may have line breaks) that parses, with a scheme of the
// allow-list, written back as url.URL writes it.
func validURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if _, _, ok := simpleURL(raw); ok {
		return raw, true
	}
	if strings.ContainsAny(raw, " \t\n") {
		if !strings.HasPrefix(raw, "data:") {
			return "", false
		}
		if m := dataBase64Prefix.FindString(raw); m != "" {
			raw = m + strings.ReplaceAll(strings.ReplaceAll(raw[len(m):], "\r", ""), "\n", "")
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	switch u.Scheme {
	case "http", "https", "mailto", "tel":
		return u.String(), true
	case "data":
		if u.RawQuery != "" || u.Fragment != "" {
			return "", false
		}
		m := dataImagePrefix.FindString(u.Opaque)
		if m == "" {
			return "", false
		}
		if _, err := base64.StdEncoding.DecodeString(u.Opaque[len(m):]); err != nil {
			return "", false
		}
		return u.String(), true
	}
	return "", false
}

// The data: URL patterns of bluemonday.
var (
	dataBase64Prefix = regexp.MustCompile(`^data:[^,]*;base64,`)
	dataImagePrefix  = regexp.MustCompile(`^image/(gif|jpeg|png|svg\+xml|webp);base64,`)
)

// appendEscaped appends s escaped as html.EscapeString does.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if !mustEscape[s[i]] {
			continue
		}
		b = append(b, s[last:i]...)
		switch s[i] {
		case '&':
			b = append(b, "&amp;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&#34;"...)
		case '\r':
			b = append(b, "&#13;"...)
		}
		last = i + 1
	}
	return append(b, s[last:]...)
}

// mustEscape marks the bytes html.EscapeString replaces.
var mustEscape = [256]bool{'&': true, '\'': true, '<': true, '>': true, '"': true, '\r': true}
