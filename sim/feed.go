package sim

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"bantin/vntext"

	"golang.org/x/text/unicode/norm"
)

// feed is one feed URL of a unit. A good feed (and the feed behind the
// self-signed certificate) serves its articles with ETag, Last-Modified
// and 304s; a hostile one has only its handler.
type feed struct {
	unit     *unit
	host     *host
	uri      string // request URI on host
	url      string
	kind     Kind
	prof     profile
	delivers bool // bantin must get its items
	insecure bool // listed with tls_insecure: true
	title    string
	loc      *time.Location

	mu       sync.Mutex
	items    []*article // newest first
	body     []byte     // rendered; nil when items changed since
	gz       []byte
	etag     string
	modified time.Time
}

// pathFor is the request URI of a unit's k-th feed, in one of the shapes
// real portals use (gov-feed-urls.tsv).
func pathFor(u *unit, k, shape int) string {
	name := []string{"tin-tuc", "thong-bao", "su-kien", "van-ban"}[k%4]
	if k >= 4 {
		name = fmt.Sprintf("%s-%d", name, k/4+1)
	}
	switch shape {
	case 1:
		return fmt.Sprintf("/%s/Rss.aspx?catid=%d&rec=50", u.id, 1000+u.index*10+k)
	case 2:
		return fmt.Sprintf("/%s/rss/%s.rss", u.id, name)
	case 3:
		return fmt.Sprintf("/%s/Pages/rss.aspx?list=%s", u.id, name)
	case 4:
		return fmt.Sprintf("/%s/rss/-/asset_publisher/%s%d/rss", u.id, strings.ToUpper(name[:3]), k)
	}
	return fmt.Sprintf("/%s/rss.aspx?cat=%s", u.id, name)
}

// articlePath is where an article lives, shaped like the feed's portal.
func (f *feed) articlePath(a *article) string {
	u := f.unit.id
	switch f.prof.paths {
	case 1:
		return fmt.Sprintf("/%s/ChiTiet.aspx?id=%d", u, a.seq)
	case 3:
		d := a.published.In(f.loc)
		return fmt.Sprintf("/%s/portal/Pages/%d-%d-%d/%s-%d.aspx", u, d.Year(), d.Month(), d.Day(), shorten(vntext.Slug(a.title), 50), a.seq)
	}
	return fmt.Sprintf("/%s/tin-tuc/%s-%d.html", u, shorten(vntext.Slug(a.title), 60), a.seq)
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimRight(s[:n], "-")
}

// add puts an article in the feed, giving it its own page unless it
// links to another copy's.
func (f *feed) add(a *article) {
	a.feed = f
	if a.link == "" {
		a.path = f.articlePath(a)
		a.link = f.host.base() + a.path
		f.host.handle(a.path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f.page(w, a) }), false)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	i, _ := slices.BinarySearchFunc(f.items, a, func(x, y *article) int { return y.published.Compare(x.published) })
	f.items = slices.Insert(f.items, i, a)
	f.body = nil
}

// settle fixes what depends on the other articles: the "other news" list
// (the articles published before, so it never changes afterwards) and
// the Last-Modified time.
func (f *feed) settle(modified time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, a := range f.items {
		if a.others == nil {
			a.others = f.items[i+1 : min(i+4, len(f.items))]
		}
	}
	f.modified = modified
	f.body = nil
}

// ServeHTTP answers a good feed: 304 when the validators match, gzip when
// the portal does it and the client takes it.
func (f *feed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, gz, etag, modified := f.rendered()
	h := w.Header()
	h.Set("Content-Type", f.prof.contentType())
	h.Set("ETag", etag)
	if f.prof.gzip {
		h.Set("Vary", "Accept-Encoding")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			body = gz
		}
	}
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

// rendered returns the feed's bytes, rendering them once per change.
func (f *feed) rendered() (body, gz []byte, etag string, modified time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.body == nil {
		f.body = f.prof.encode(f.document())
		sum := fnv.New64a()
		sum.Write(f.body)
		f.etag = fmt.Sprintf("\"%x\"", sum.Sum64())
		f.gz = nil
		if f.prof.gzip {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write(f.body)
			zw.Close()
			f.gz = b.Bytes()
		}
	}
	return f.body, f.gz, f.etag, f.modified
}

// document writes the feed as NFC UTF-8 text, without its prolog.
func (f *feed) document() string {
	var b strings.Builder
	if f.prof.format == "atom" {
		f.atom(&b)
	} else {
		f.rss(&b)
	}
	return b.String()
}

func (f *feed) rss(b *strings.Builder) {
	fmt.Fprintf(b, "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n")
	fmt.Fprintf(b, "<title>%s</title>\n<link>%s/%s/</link>\n<description>%s</description>\n<language>vi-VN</language>\n",
		esc(f.title), f.host.base(), f.unit.id, esc("Tin tức, sự kiện của "+f.unit.name))
	for _, a := range f.items {
		b.WriteString("<item>\n")
		fmt.Fprintf(b, "<title>%s</title>\n<link>%s</link>\n", f.titleXML(a), esc(f.itemLink(a)))
		if f.prof.guid {
			fmt.Fprintf(b, "<guid isPermaLink=\"false\">%s</guid>\n", esc(f.guid(a)))
		}
		if d := f.dateText(a); d != "" {
			fmt.Fprintf(b, "<pubDate>%s</pubDate>\n", esc(d))
		}
		desc, content := f.html(a)
		if desc != "" {
			fmt.Fprintf(b, "<description>%s</description>\n", esc(desc))
			fmt.Fprintf(b, "<content:encoded>%s</content:encoded>\n", f.markup(content))
		} else {
			fmt.Fprintf(b, "<description>%s</description>\n", f.markup(content))
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel>\n</rss>\n")
}

func (f *feed) atom(b *strings.Builder) {
	fmt.Fprintf(b, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n")
	fmt.Fprintf(b, "<title>%s</title>\n<link href=\"%s/%s/\"/>\n<link rel=\"self\" href=\"%s\"/>\n<id>%s</id>\n<updated>%s</updated>\n",
		esc(f.title), f.host.base(), f.unit.id, attr(f.url), esc(f.url), f.modified.In(f.loc).Format(time.RFC3339))
	for _, a := range f.items {
		b.WriteString("<entry>\n")
		fmt.Fprintf(b, "<title type=\"text\">%s</title>\n<link rel=\"alternate\" href=\"%s\"/>\n<id>%s</id>\n",
			f.titleXML(a), attr(f.itemLink(a)), esc(f.guid(a)))
		if d := f.dateText(a); d != "" {
			fmt.Fprintf(b, "<published>%s</published>\n<updated>%s</updated>\n", esc(d), esc(d))
		}
		desc, content := f.html(a)
		if desc != "" {
			fmt.Fprintf(b, "<summary type=\"text\">%s</summary>\n", esc(desc))
		}
		fmt.Fprintf(b, "<content type=\"html\">%s</content>\n", f.markup(content))
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
}

// markup puts HTML into an element, in a CDATA section or escaped.
func (f *feed) markup(s string) string {
	if f.prof.cdata && !strings.Contains(s, "]]>") {
		return "<![CDATA[" + s + "]]>"
	}
	return esc(s)
}

// guid is the item's id: its own when the portal gives one, else (Atom
// needs an id) the link.
func (f *feed) guid(a *article) string {
	if f.prof.guid {
		return fmt.Sprintf("%s-%d", f.unit.id, a.seq)
	}
	return f.itemLink(a)
}

// itemLink is the article's link as the feed writes it.
func (f *feed) itemLink(a *article) string {
	link := a.link
	if f.prof.tracking {
		link = withTracking(link)
	}
	if a.path == "" {
		return link // another host's article: only an absolute link works
	}
	return f.ref(strings.TrimPrefix(link, f.host.base()))
}

// withTracking adds the parameters portals' share buttons add.
func withTracking(link string) string {
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	return link + sep + "utm_source=rss&utm_medium=feed"
}

// ref writes a path of the feed's host as the portal links to it.
func (f *feed) ref(path string) string {
	switch f.prof.links {
	case "relative":
		return path
	case "scheme-less":
		return "//" + f.host.addr + path
	}
	return f.host.base() + path
}

// tones renders text in the feed's tone style. In the mixed style the
// odd paragraphs use the new one, as the real article mixes "thành ủy"
// and "Thành uỷ".
func (f *feed) tones(s string, k int) string {
	switch f.prof.tones {
	case "new":
		return newTones(s)
	case "mixed":
		if k%2 == 1 {
			return newTones(s)
		}
	}
	return s
}

// shownTitle is the headline as the feed spells it, before escaping.
func (f *feed) shownTitle(a *article) string {
	t := f.tones(a.title, 0)
	if f.prof.spaces {
		t = strings.Replace(t, " ", "  ", 1)
		t = strings.Replace(t, " ", "\u00a0", 3) + "\u00a0"
	}
	return t
}

// titleXML escapes the headline, twice for the portals that do so.
func (f *feed) titleXML(a *article) string {
	t := f.shownTitle(a)
	if !f.prof.double {
		return esc(t)
	}
	var b strings.Builder
	for _, r := range t {
		if r < 0x80 {
			b.WriteString(esc(string(r)))
		} else {
			fmt.Fprintf(&b, "&amp;#%d;", r)
		}
	}
	return b.String()
}

// dateText is the item's date as the feed writes it; "" when the feed
// gives none and the date is only in the body's date line.
func (f *feed) dateText(a *article) string {
	t := a.published.In(f.loc)
	switch f.prof.dates {
	case "rfc1123z":
		return t.Format(time.RFC1123Z)
	case "gmt":
		return t.UTC().Format(http.TimeFormat)
	case "rfc3339":
		return t.Format(time.RFC3339)
	case "zone-less":
		return t.Format([]string{"2006-01-02T15:04:05", "2006-01-02 15:04:05"}[a.seq%2])
	case "day-first":
		return t.Format([]string{"02/01/2006 15:04", "15:04 - 02/01/2006", "15:04:05 02/01/2006", "02/01/2006 15:04:05"}[a.seq%4])
	}
	return ""
}

// expected is the instant bantin must give the item: its own, or
// midnight of the date line's day when the feed gives no date.
func (f *feed) expected(a *article) time.Time {
	if f.prof.dates == "date-line" {
		t := a.published.In(f.loc)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	}
	return a.published.In(f.loc)
}

// dateLine is the page's own date line, "Thứ 2 Ngày 21/12/2020".
func (f *feed) dateLine(a *article) string {
	t := a.published.In(f.loc)
	return weekday(t) + " Ngày " + t.Format("02/01/2006")
}

// html renders an article's description (the sapo, or "" when the feed
// has none beside the content) and content.
func (f *feed) html(a *article) (desc, content string) {
	lead := f.tones(a.lead, 0)
	var b strings.Builder
	if f.prof.dates == "date-line" {
		fmt.Fprintf(&b, "<p class=\"date\">%s</p>", esc(f.dateLine(a)))
	}
	switch f.prof.lead {
	case "strong":
		fmt.Fprintf(&b, "<p><strong>%s</strong></p>", esc(lead))
	case "summary-div":
		fmt.Fprintf(&b, "<div class=\"ArticleSummary\">%s</div><div class=\"ArticleContent\">", esc(lead))
	default:
		desc = lead
	}
	fmt.Fprintf(&b, "<p>%s</p>", esc(f.repeat(a, lead)))
	f.writeBody(&b, a)
	if f.prof.lead == "summary-div" {
		b.WriteString("</div>")
	}
	return desc, b.String()
}

// repeat is the lead again as the first body paragraph, differing only
// in the ways SPEC.md lists: a final period, spacing, case, Unicode form,
// tone placement.
func (f *feed) repeat(a *article, lead string) string {
	switch a.seq % 6 {
	case 1:
		return lead
	case 2:
		return strings.Replace(lead, " ", "  ", 1) + "."
	case 3:
		if f.prof.tones == "new" {
			return a.lead + "."
		}
		return newTones(lead) + "."
	case 4:
		word, rest, _ := strings.Cut(lead, " ")
		return strings.ToUpper(word) + " " + rest + "."
	case 5:
		return decomposed(lead) + "."
	}
	return lead + "."
}

func (f *feed) writeBody(b *strings.Builder, a *article) {
	for k, p := range a.paras {
		text := esc(f.tones(p.text, k+1))
		switch {
		case p.img != "":
			fmt.Fprintf(b, "<p style=\"text-align: center;\"><img alt=\"%s\" src=\"%s\" /></p><p style=\"text-align: center;\"><em>%s</em></p>",
				attr(f.tones(p.text, k+1)), attr(f.ref(p.img)), text)
		case p.signature:
			fmt.Fprintf(b, "<p style=\"text-align: right;\"><strong>%s</strong></p>", text)
		default:
			fmt.Fprintf(b, "<p>%s</p>", text)
		}
	}
	if !f.prof.furniture {
		return
	}
	b.WriteString("<p>&nbsp;</p><p><a href=\"javascript:window.print()\">In bài</a> | <a href=\"#\" onclick=\"share()\">Chia sẻ</a></p>")
	if len(a.others) == 0 {
		return
	}
	fmt.Fprintf(b, "<p><strong>%s</strong></p><ul>", furnitureHeadings[a.seq%len(furnitureHeadings)])
	for _, o := range a.others {
		fmt.Fprintf(b, "<li><a href=\"%s\">%s</a> (%s)</li>", attr(o.feed.itemLink(o)), esc(o.feed.tones(o.title, 0)),
			o.published.In(f.loc).Format("02/01/2006"))
	}
	b.WriteString("</ul>")
}

// page serves the article itself, as the portal's web page.
func (f *feed) page(w http.ResponseWriter, a *article) {
	f.mu.Lock()
	_, content := f.html(a)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n"+
		"<div class=\"date\">%s</div><h1>%s</h1><div class=\"ArticleSummary\">%s</div><div class=\"ArticleContent\">%s</div>\n</body></html>\n",
		esc(collapse(f.shownTitle(a))), esc(f.dateLine(a)), esc(f.shownTitle(a)), esc(f.tones(a.lead, 0)), content)
}

// decomposed is s in NFD, the form Mac and some CMS editors save.
func decomposed(s string) string { return norm.NFD.String(s) }

// esc escapes text for element content, XML or HTML alike. Quotes stay
// as they are, as portals leave them.
func esc(s string) string { return textEscaper.Replace(s) }

// attr escapes text for an attribute value in double quotes.
func attr(s string) string { return attrEscaper.Replace(s) }

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;")
)
