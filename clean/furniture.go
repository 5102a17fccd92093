package clean

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"bantin/vntext"
)

// key is the comparison key of a line of page furniture: vntext.Fold
// without the arrows, bullets and brackets portals decorate it with.
func key(s string) string {
	return strings.Trim(vntext.Fold(s), decoration)
}

const decoration = " »«>›‹<•*·|[](){}-–—:.…/\\+#=~_"

func foldSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[key(w)] = true
	}
	return m
}

// trailingHeadings open the block of other articles a portal appends to
// every page; it and everything after it go.
var trailingHeadings = foldSet(
	"Các tin khác", "Tin khác", "Các tin bài khác", "Tin bài khác", "Các bài viết khác", "Bài viết khác",
	"Tin liên quan", "Các tin liên quan", "Tin bài liên quan", "Tin tức liên quan",
	"Bài viết liên quan", "Bài liên quan", "Các bài liên quan",
	"Tin cùng chuyên mục", "Các tin cùng chuyên mục", "Tin cùng chủ đề", "Bài cùng chuyên mục",
	"Xem thêm", "Đọc thêm", "Tin đã đưa", "Các tin đã đưa", "Tin mới hơn", "Tin cũ hơn",
	"Tin mới nhất", "Có thể bạn quan tâm", "Tin đọc nhiều",
)

// toolLinks are the page's own tools when they are the whole text of a
// link: share, print, back, top, e-mail.
var toolLinks = foldSet(
	"Chia sẻ", "Chia sẻ bài viết", "Chia sẻ Facebook", "Chia sẻ Zalo",
	"In", "In bài", "In bài viết", "In trang", "Bản in", "Xem bản in", "Phiên bản in", "Bản để in",
	"Quay lại", "Trở lại", "Trở về", "Về đầu trang", "Lên đầu trang", "Đầu trang", "Về trang trước",
	"Gửi email", "Gửi e-mail", "Gửi bài viết", "Gửi cho bạn bè", "Gửi bài này cho bạn bè",
	"Lưu bài viết", "Lưu tin",
)

// toolWords may also stand alone on a line of tools; inside a sentence a
// link named "Facebook" is content, so they do not remove links.
var toolWords = foldSet("Facebook", "Twitter", "Zalo", "Email", "E-mail", "Print", "Share",
	"Tweet", "Top", "Back", "Lưu", "Like", "Thích", "Bình luận", "Góp ý", "Phản hồi")

// viewCount is a page's hit counter: "Lượt xem: 400", "Số lượt đọc 1.234".
var viewCount = regexp.MustCompile(`(?:số\s+)?lượt\s+(?:xem|đọc|truy cập)\s*:?\s*[0-9][0-9.,]*|views?\s*:?\s*[0-9][0-9.,]*`)

// removeToolLinks drops links whose whole text is a page tool.
func removeToolLinks(root *html.Node) {
	for _, n := range elements(root) {
		if n.Data == "a" && n.Parent != nil && toolLinks[key(textOf(n))] && !hasMedia(n) {
			detach(n)
		}
	}
}

// maxToolLine bounds a line of page tools; longer, it is prose.
const maxToolLine = 200

// isToolLine reports a paragraph made only of page tools:
// "Chia sẻ | In bài | Quay lại", "Chia sẻ: Facebook Zalo".
func isToolLine(text string) bool {
	if len(text) > maxToolLine {
		return false
	}
	pieces := strings.FieldsFunc(vntext.Fold(text), func(r rune) bool {
		return strings.ContainsRune("|•·/:,;", r)
	})
	if len(pieces) == 0 {
		return false
	}
	for _, p := range pieces {
		p = key(p)
		if p == "" || toolLinks[p] || toolWords[p] {
			continue
		}
		for _, w := range strings.Fields(p) {
			if !toolWords[key(w)] && !toolLinks[key(w)] {
				return false
			}
		}
	}
	return true
}

// dateLine reads a paragraph that only gives the page's date and
// counters: "Thứ 2 Ngày 21/12/2020", "Cập nhật: 21/12/2020 08:30",
// "Đăng ngày 17 - 05 - 2024", "Lượt xem: 400". It reports whether the
// paragraph is such a line, and the date when it holds one.
func dateLine(text string, loc *time.Location, now time.Time) (t time.Time, hasDate, isLine bool) {
	if len(text) > 2*maxDateLen {
		return time.Time{}, false, false
	}
	f := vntext.Fold(text)
	counted := viewCount.MatchString(f)
	f = viewCount.ReplaceAllString(f, "|")
	for _, piece := range strings.Split(f, "|") {
		piece = strings.Trim(piece, decoration)
		if piece == "" {
			continue
		}
		d, ok := parseDateAt(piece, loc, now)
		if !ok {
			return time.Time{}, false, false
		}
		if !hasDate {
			t, hasDate = d, true
		}
	}
	return t, hasDate, hasDate || counted
}

// maxHeaderLines is how many lines a page's header may take above the
// article: date, counter, title, with room for one more.
const maxHeaderLines = 4

// headerLines removes the lines a page puts above the article, in any
// order: its date line, its counters, and the title repeated. It returns
// the date the page gave, if any.
func headerLines(texts []*segment, title string, loc *time.Location, now time.Time) (date time.Time, found bool) {
	titleKey := key(title)
	n := 0
	for _, s := range texts {
		if s.text == "" {
			continue // removed by an earlier rule
		}
		if n++; n > maxHeaderLines {
			break
		}
		if d, ok, line := dateLine(s.text, loc, now); line {
			if ok && !found {
				date, found = d, true
			}
			s.remove()
			continue
		}
		if titleKey != "" && strings.Trim(s.key(), decoration) == titleKey {
			s.remove()
			continue
		}
		break
	}
	return date, found
}

// footerLines removes the date, counter and tool lines a page puts below
// the article, and tool lines anywhere. It returns a date it found.
func footerLines(texts []*segment, loc *time.Location, now time.Time) (date time.Time, found bool) {
	for _, s := range texts {
		if s.text != "" && isToolLine(s.text) {
			s.remove()
		}
	}
	for i, n := len(texts)-1, 0; i >= 0 && n < 3; i-- {
		s := texts[i]
		if s.text == "" {
			continue
		}
		n++
		d, ok, line := dateLine(s.text, loc, now)
		if !line {
			break
		}
		if ok && !found {
			date, found = d, true
		}
		s.remove()
	}
	return date, found
}

// trimTrailingBlocks removes "Các tin khác", "Tin liên quan" and the like
// with their link lists. At the end of a page (the usual case) everything
// after the heading goes. When a real paragraph follows the list, the
// block was a box in the middle of the article: only the heading and its
// links go, so no article text is lost.
// It reports whether it cut the page, which leaves texts stale.
func trimTrailingBlocks(root *html.Node, texts []*segment) (cut bool) {
	for i := 0; i < len(texts); i++ {
		s := texts[i]
		if s.text == "" || len(s.nodes) == 0 || len(s.text) > maxHeadingLine {
			continue
		}
		k := strings.Trim(s.key(), decoration)
		if !trailingHeadings[k] {
			if headingWithLinks(s, k) {
				s.remove()
			}
			continue
		}
		end := i + 1
		for end < len(texts) && !isArticleParagraph(texts[end]) {
			end++
		}
		if end == len(texts) {
			removeFrom(root, s.nodes[0])
			return true
		}
		for _, r := range texts[i:end] {
			r.remove()
		}
		i = end
	}
	return false
}

// maxHeadingLine bounds a heading of furniture, with the links of a
// "Xem thêm: ..." line; longer, it is prose.
const maxHeadingLine = 400

// headingWithLinks reports a line such as "Xem thêm: <a>…</a>": a
// furniture heading followed only by links.
func headingWithLinks(s *segment, k string) bool {
	for h := range trailingHeadings {
		rest, ok := strings.CutPrefix(k, h)
		if ok && strings.HasPrefix(strings.TrimLeft(rest, " "), ":") {
			return linkShare(s) >= 0.5
		}
	}
	return false
}

// isArticleParagraph tells a paragraph of prose from the headlines of a
// list of other articles: it is mostly not link text, and either long or
// a finished sentence.
func isArticleParagraph(s *segment) bool {
	if s.text == "" || linkShare(s) >= 0.5 {
		return false
	}
	n := utf8.RuneCountInString(s.text)
	if n >= 200 {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(s.text)
	return n >= 60 && strings.ContainsRune(".!?…", last)
}

// linkShare is the part of a segment's text that sits inside links.
func linkShare(s *segment) float64 {
	total := utf8.RuneCountInString(s.text)
	if total == 0 {
		return 0
	}
	linked := 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.TextNode && in {
			linked += utf8.RuneCountInString(strings.TrimSpace(n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in || isElement(n, "a"))
		}
	}
	for _, n := range s.nodes {
		walk(n, false)
	}
	return float64(linked) / float64(total)
}

// removeEmpty drops elements that show nothing (no text, no picture) and
// the <br>s that only pad a block: the empty paragraphs portals leave,
// often holding a lone NBSP. Table cells stay, or the table falls apart.
func removeEmpty(root *html.Node) {
	els := elements(root)
	for i := len(els) - 1; i >= 0; i-- {
		n := els[i]
		if n.Parent == nil || keepWhenEmpty[n.Data] {
			continue
		}
		if hasMedia(n) {
			continue
		}
		// A block of separators alone (" | " between removed share links,
		// a row of dashes) shows nothing a reader wants either.
		if text := textOf(n); strings.TrimSpace(text) == "" || (blockTags[n.Data] && !hasWordChar(text)) {
			detach(n)
		}
	}
	trimBreaks(root)
	for _, n := range elements(root) {
		trimBreaks(n)
	}
}

// hasWordChar reports whether s has a letter or a digit.
func hasWordChar(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// keepWhenEmpty are elements whose emptiness still means something.
var keepWhenEmpty = map[string]bool{
	"br": true, "hr": true, "td": true, "th": true, "tr": true, "col": true, "colgroup": true,
	"thead": true, "tbody": true, "tfoot": true, "img": true, "iframe": true, "video": true,
	"audio": true, "source": true, "picture": true,
}

// trimBreaks removes <br>s at the start and end of n's content and keeps
// at most two in a row (one blank line) in between.
func trimBreaks(n *html.Node) {
	if n.Type != html.ElementNode || (!blockTags[n.Data] && n.Data != "body") {
		return
	}
	run := 0
	var kids []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		kids = append(kids, c)
	}
	seenContent := false
	for _, c := range kids {
		switch {
		case isElement(c, "br"):
			run++
			if !seenContent || run > 2 {
				n.RemoveChild(c)
			}
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		default:
			seenContent, run = true, 0
		}
	}
	for c := n.LastChild; c != nil; {
		prev := c.PrevSibling
		if isElement(c, "br") {
			n.RemoveChild(c)
		} else if !(c.Type == html.TextNode && strings.TrimSpace(c.Data) == "") {
			break
		}
		c = prev
	}
}
