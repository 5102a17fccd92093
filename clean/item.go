package clean

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"bantin"
	"bantin/vntext"
)

// maxSummaryRunes bounds the summary: a lead is a few sentences; a feed
// whose body is one unbroken block must not make its summary the article.
const maxSummaryRunes = 600

// maxTitleRunes bounds a title made from the text when the feed gave none.
const maxTitleRunes = 120

// Item cleans one item. It never fails: whatever arrives gets a best effort.
func (c *Cleaner) Item(feed *gofeed.Feed, it *gofeed.Item, src bantin.Source, feedURL string) bantin.Item {
	if feed == nil {
		feed = &gofeed.Feed{}
	}
	fc := ItemContext(feed)
	return c.item(fc, it, src, feedURL, newLinkBase(feedURL, fc.Link, fc.FeedLink))
}

// item is Item given the feed's base, which every item of a feed shares.
func (c *Cleaner) item(feed *gofeed.Feed, it *gofeed.Item, src bantin.Source, feedURL string, feedBase *linkBase) bantin.Item {
	if it == nil {
		it = &gofeed.Item{}
	}
	now, loc := c.now(), c.location()
	out := bantin.Item{Source: src.URL, Unit: src.Unit, Title: plainTitle(it.Title)}
	out.Link = itemLink(it, feedBase)
	if out.Link != "" {
		out.CanonicalLink = Canonical(out.Link)
	}
	out.Author = author(it, feed)

	b := c.body(it, out.Title, newLinkBase(out.Link, feedURL, feed.Link), loc, now)
	out.Content, out.Summary = b.content, truncateWords(b.summary, maxSummaryRunes)
	out.Text = b.text
	if out.Title == "" {
		out.Title = truncateWords(firstLine(out.Text), maxTitleRunes)
	}
	var dated bool
	out.Published, out.Updated, dated = itemDates(it, b, out.Link, loc, now)
	out.DateOnly = dated && isMidnight(out.Published, loc)
	out.GUID = guid(it.GUID, out, dated)
	return out
}

// isMidnight reports a time that is exactly the start of its day in loc:
// what the day-only dates of portals ("13/11/2026", a page's date line)
// become. A story really published at 00:00:00 is rare enough to share it.
func isMidnight(t time.Time, loc *time.Location) bool {
	t = t.In(loc)
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// body is what the content of an item becomes.
type body struct {
	content string // sanitized HTML
	text    string // PlainText(content)
	summary string // plain text lead
	date    time.Time
	hasDate bool // the page's date line gave date
}

// body runs the pipeline on an item's content: filter (furniture, date
// lines, repeated title and lead), rewrite (links), sanitize last.
func (c *Cleaner) body(it *gofeed.Item, title string, base *linkBase, loc *time.Location, now time.Time) body {
	content, desc := it.Content, it.Description
	if strings.TrimSpace(content) == "" {
		content, desc = desc, ""
	}
	content, tagged := markupOf(content)
	if !tagged {
		content = textToHTML(content)
	}
	sc := c.getScratch()
	defer c.scratch.Put(sc)
	root, clean := parseContent(content, &sc.tree)

	removeToolLinks(root, clean, &sc.segments.fold)
	tight := sc.tree.tight
	segs, stale := trimTrailingBlocks(root, textSegments(segments(root, clean, tight, &sc.segments)))
	if stale {
		segs = textSegments(segments(root, clean, tight, &sc.segments))
	}
	var b body
	tk := &titleKey{title: title, buf: &sc.segments.fold}
	b.date, b.hasDate = headerLines(segs, tk, loc, now)
	if d, ok := footerLines(segs, loc, now); ok && !b.hasDate {
		b.date, b.hasDate = d, true
	}
	texts := textSegments(segs)
	descLead, descKey := descriptionLead(desc, tk, texts)
	lead, known, inContent := leadOnce(root, texts, descLead, descKey, sc.tree.sapoHint)
	switch {
	case descLead != "":
		b.summary = descLead
		if !inContent {
			prependLead(root, descLead)
			tight = tight && !strings.Contains(descLead, "  ")
		}
	case known:
		b.summary = lead
	default:
		b.summary = firstParagraph(texts)
	}

	removeEmpty(root)
	normalizeBlocks(root)
	rewriteLinksFrom(root, base)
	b.content, b.text = c.sanitize(root, len(content), clean, tight, sc)
	return b
}

// dropElements are removed with their content before anything else:
// nothing in them is article text, and left in place they would count as
// paragraphs.
var dropElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "object": true,
	"embed": true, "applet": true, "svg": true, "math": true, "input": true, "button": true,
	"select": true, "textarea": true, "link": true, "meta": true, "base": true, "head": true,
	"title": true, "frame": true, "frameset": true, "noframes": true, "canvas": true, "map": true,
}

// prepare removes what is never content and repairs text and the
// readable attributes (alt, title): NFC, entities encoded twice, no-break
// and zero-width spaces. A <form> (ASP.NET
// portals wrap whole pages in one) is unwrapped, not removed.
func prepare(root *html.Node) {
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch {
			case c.Type == html.CommentNode || c.Type == html.DoctypeNode:
				n.RemoveChild(c)
			case c.Type == html.ElementNode && dropElements[c.Data]:
				n.RemoveChild(c)
			case c.Type == html.TextNode:
				c.Data = repairText(c.Data)
			default:
				for i, a := range c.Attr {
					if a.Key == "alt" || a.Key == "title" {
						c.Attr[i].Val = oneLine(decodeEntities(a.Val))
					}
				}
				walk(c)
				if isElement(c, "form") {
					unwrap(c)
				}
			}
			c = next
		}
	}
	walk(root)
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
	}
	detach(n)
}

// repairText fixes one text node: NFC, twice-encoded entities decoded,
// NBSP and other spaces as plain spaces, zero-width and invisible runes
// dropped. Runs of spaces stay: HTML shows them as one.
func repairText(s string) string {
	s, _ = repairTextNFC(s)
	return s
}

// repairTextNFC is repairText that also reports a result known to be in
// NFC: dropping a rune after normalizing can leave a mark unjoined.
func repairTextNFC(s string) (string, bool) {
	s, nfc, _ := repairTextForm(s)
	return s, nfc
}

// repairTextForm is repairTextNFC that also reports a result known to
// hold no run of two spaces, which the scan for plain text tells at no
// cost, and which spares the paragraph rules looking for one.
func repairTextForm(s string) (repaired string, nfc, tight bool) {
	if strings.IndexByte(s, '&') < 0 {
		if plain, tight := plainVietnamese(s); plain {
			return s, true, tight
		}
	}
	s, nfc = repairTextSlow(s)
	return s, nfc, false
}

// repairTextSlow is repairTextNFC for text that is not plain.
func repairTextSlow(s string) (string, bool) {
	s = vntext.NFC(decodeEntities(s))
	if isRepaired(s) {
		return s, true
	}
	if len(s) <= len(spaces) && strings.Trim(s, " \t\n\r\f\v") == "" {
		// The line breaks between tags: spaces, without a copy.
		return spaces[:len(s)], true
	}
	var b strings.Builder
	b.Grow(len(s))
	// Spaces never compose with a neighbour, so turning one into ' '
	// keeps the text in NFC; only a dropped rune can join two others.
	nfc := true
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u180e':
			nfc = false
		case isSpaceRune(r):
			b.WriteByte(' ')
		case isInvisibleRune(r):
			nfc = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nfc
}

// spaces backs the repaired form of short runs of white space.
const spaces = "                                                                "

// isPlainVietnamese reports text that is NFC and repaired as it is, told
// in one pass for the runes Vietnamese is written with: printable ASCII,
// the Latin blocks below the combining marks, the precomposed letters
// of U+1E00-U+1EFF and the dashes and quotes of U+2010-U+2027, all of
// them starters that never compose. Any other rune says "don't know".
func isPlainVietnamese(s string) bool {
	plain, _ := plainVietnamese(s)
	return plain
}

// plainVietnamese is isPlainVietnamese that also reports, when s is
// plain, whether it is tight: no two spaces in a row.
func plainVietnamese(s string) (plain, tight bool) {
	tight = true
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if c <= ' ' || c == 0x7f {
				if c != ' ' {
					return false, false
				}
				if i > 0 && s[i-1] == ' ' {
					tight = false
				}
			}
			i++
		case c == 0xc2: // U+0080-U+00BF: controls, NBSP and the soft hyphen go
			if i+1 >= len(s) || s[i+1] < 0xa1 || s[i+1] > 0xbf || s[i+1] == 0xad {
				return false, false
			}
			i += 2
		case 0xc3 <= c && c <= 0xcb: // U+00C0-U+02FF
			if i+1 >= len(s) || s[i+1]&0xc0 != 0x80 {
				return false, false
			}
			i += 2
		case c == 0xe1: // U+1E00-U+1EFF
			if i+2 >= len(s) || s[i+1] < 0xb8 || s[i+1] > 0xbb || s[i+2]&0xc0 != 0x80 {
				return false, false
			}
			i += 3
		case c == 0xe2: // U+2010-U+2027
			if i+2 >= len(s) || s[i+1] != 0x80 || s[i+2] < 0x90 || s[i+2] > 0xa7 {
				return false, false
			}
			i += 3
		default:
			return false, false
		}
	}
	return true, tight
}

// isRepaired reports whether repairText would leave s (NFC, decoded) as
// it is, the common case that needs no copy.
func isRepaired(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !plainRune(r) {
			return false
		}
		i += n
	}
	return true
}

// itemLink returns the item's link made absolute: its link, else another
// of its links, else its guid when that is a URL (RSS permalinks).
func itemLink(it *gofeed.Item, base *linkBase) string {
	if abs := candidateLink(it.Link, it.GUID, base); abs != "" {
		return abs
	}
	for _, l := range it.Links {
		if abs := candidateLink(l, it.GUID, base); abs != "" {
			return abs
		}
	}
	return candidateLink(it.GUID, it.GUID, base)
}

// candidateLink is link l made absolute, or "" when it is none or is
// the guid and relative: a relative guid is an id, not a link.
func candidateLink(l, guid string, base *linkBase) string {
	abs := base.absolute(l)
	if abs != "" && l == guid && !strings.Contains(l, "://") {
		return ""
	}
	return abs
}

// author names the item's authors, else the feed's.
func author(it *gofeed.Item, feed *gofeed.Feed) string {
	names := personNames(it.Authors, it.Author)
	if len(names) == 0 && it.DublinCoreExt != nil {
		for _, n := range it.DublinCoreExt.Creator {
			if n = plainTitle(n); n != "" {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		names = personNames(feed.Authors, feed.Author)
	}
	return strings.Join(names, ", ")
}

func personNames(people []*gofeed.Person, single *gofeed.Person) []string {
	if len(people) == 0 && single != nil {
		people = []*gofeed.Person{single}
	}
	var out []string
	for _, p := range people {
		if p == nil {
			continue
		}
		name := plainTitle(p.Name)
		if name == "" {
			name = plainTitle(p.Email)
		}
		if name != "" && !containsString(out, name) {
			out = append(out, name)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// guid is the source's id for the item, else its canonical link, else a
// hash of what identifies it: title and publication time when the source
// dated it; title and text when the date is only the first-seen time,
// which changes on every fetch and would make a new item each time.
func guid(raw string, it bantin.Item, dated bool) string {
	if g := oneLine(raw); g != "" {
		return g
	}
	if it.CanonicalLink != "" {
		return it.CanonicalLink
	}
	h := sha256.New()
	h.Write([]byte(vntext.Fold(it.Title)))
	h.Write([]byte{0})
	if dated {
		h.Write([]byte(it.Published.UTC().Format(time.RFC3339)))
	} else {
		h.Write([]byte(vntext.Fold(it.Text)))
	}
	return "urn:bantin:" + hex.EncodeToString(h.Sum(nil)[:16])
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
