package clean

import (
	"bytes"
	"regexp"
	"slices"
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

// mayCount is a cheap test that viewCount may match f: it needs "view",
// or "lượt" and spaces before what is counted. Sentences about people
// ("2.541 lượt người") have the word too, and the pattern, which has no
// literal start, is slow to rule them out.
func mayCount(f string) bool {
	if strings.Contains(f, "view") {
		return true
	}
	for rest := f; ; {
		i := strings.Index(rest, "lượt")
		if i < 0 {
			return false
		}
		rest = rest[i+len("lượt"):]
		j := 0
		for j < len(rest) && isRegexpSpace(rest[j]) {
			j++
		}
		if j > 0 && (strings.HasPrefix(rest[j:], "xem") || strings.HasPrefix(rest[j:], "đọc") || strings.HasPrefix(rest[j:], "truy cập")) {
			return true
		}
	}
}

// isRegexpSpace is \s of package regexp.
func isRegexpSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// removeToolLinks drops links whose whole text is a page tool.
//
// clean says every text node is NFC (see parseContent), so the text of a
// link that holds only text needs no normalizing; buf is scratch for
// folding it.
func removeToolLinks(root *html.Node, clean bool, buf *[]byte) {
	walkElements(root, func(n *html.Node) {
		if n.Data != "a" {
			return
		}
		// Text nodes are repaired (no invisible rune), so in NFC the
		// first-word test holds.
		var text string
		if c := n.FirstChild; clean && c != nil && c == n.LastChild && c.Type == html.TextNode {
			text = c.Data
		} else {
			text = vntext.NFC(textOf(n))
		}
		if mayBeToolLine(text) && isToolLink(text, buf) && !hasMedia(n) {
			detach(n)
		}
	})
}

// isToolLink is toolLinks[key(text)], with the key folded in buf: most
// texts are no tool, and their keys are not kept.
func isToolLink(text string, buf *[]byte) bool {
	*buf = vntext.AppendFold((*buf)[:0], text)
	return toolLinks[string(bytes.Trim(*buf, decoration))]
}

// maxToolLine bounds a line of page tools; longer, it is prose.
const maxToolLine = 200

// isToolLine reports a paragraph made only of page tools:
// "Chia sẻ | In bài | Quay lại", "Chia sẻ: Facebook Zalo".
func isToolLine(text string) bool {
	return isToolLineFolded(text, vntext.Fold(text))
}

// isToolLineFolded is isToolLine given folded, vntext.Fold(text).
func isToolLineFolded(text, folded string) bool {
	if len(text) > maxToolLine {
		return false
	}
	if r := firstRun(folded); r != "" && !toolRuns[r] {
		return false // a line of decoration alone is still a tool line
	}
	return allToolWords(folded)
}

// allToolWords reports whether every piece of a folded line, split at
// separators, is a page tool's link or words.
func allToolWords(folded string) bool {
	pieces := strings.FieldsFunc(folded, func(r rune) bool {
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

// toolRuns are the runs of letters and digits in the words of page tools.
// A line of tools begins with one of them, which spares folding the
// pieces of every short paragraph.
var toolRuns = func() map[string]bool {
	m := map[string]bool{}
	for _, set := range []map[string]bool{toolLinks, toolWords} {
		for k := range set {
			for rest := k; rest != ""; {
				r := firstRun(rest)
				if r == "" {
					break
				}
				m[r] = true
				rest = rest[strings.Index(rest, r)+len(r):]
			}
		}
	}
	return m
}()

// mayBeToolLine is isToolLine's first test, made on the text unfolded
// (NFC, without invisible runes): the first word, lower-cased, is a word
// of the tools. Folding such a text does nothing else to a word of theirs
// (TestFirstWordsFoldAsLowered).
func mayBeToolLine(text string) bool {
	var buf [32]byte
	w, ok := appendLowerRun(buf[:0], text)
	return !ok || len(w) == 0 || toolRuns[string(w)]
}

// firstRun returns the first run of letters, digits and marks in s.
func firstRun(s string) string {
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			return s[start:i]
		}
	}
	if start < 0 {
		return ""
	}
	return s[start:]
}

// mayBeDateLine is what dateLine asks before folding: a short text with
// a digit. Folding neither adds nor removes ASCII digits.
func mayBeDateLine(text string) bool {
	return len(text) <= 2*maxDateLen && strings.ContainsAny(text, "0123456789")
}

// dateLine reads a paragraph that only gives the page's date and
// counters: "Thứ 2 Ngày 21/12/2020", "Cập nhật: 21/12/2020 08:30",
// "Đăng ngày 17 - 05 - 2024", "Lượt xem: 400". It reports whether the
// paragraph is such a line, and the date when it holds one.
func dateLine(text string, loc *time.Location, now time.Time) (t time.Time, hasDate, isLine bool) {
	return dateLineFolded(text, vntext.Fold(text), loc, now)
}

// dateLineFolded is dateLine given f, vntext.Fold(text).
func dateLineFolded(text, f string, loc *time.Location, now time.Time) (t time.Time, hasDate, isLine bool) {
	// Dates and counters are written with digits: a paragraph without
	// one is neither, whatever else it says.
	if len(text) > 2*maxDateLen || !strings.ContainsAny(f, "0123456789") {
		return time.Time{}, false, false
	}
	counted := false
	if mayCount(f) {
		counted = viewCount.MatchString(f)
		if counted {
			f = viewCount.ReplaceAllString(f, "|")
		}
	}
	for rest := f; rest != ""; {
		piece, after, _ := strings.Cut(rest, "|")
		rest = after
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
func headerLines(texts []*segment, title *titleKey, loc *time.Location, now time.Time) (date time.Time, found bool) {
	titleSig := foldSig(title.title)
	titleKey, titleKeyed := "", false // folded when first needed
	n := 0
	for _, s := range texts {
		if s.text == "" {
			continue // removed by an earlier rule
		}
		if n++; n > maxHeaderLines {
			break
		}
		if mayBeDateLine(s.text) {
			if d, ok, line := dateLineFolded(s.text, s.key(), loc, now); line {
				if ok && !found {
					date, found = d, true
				}
				s.remove()
				continue
			}
		}
		if s.keyed || s.signature() == titleSig {
			if !titleKeyed {
				titleKey, titleKeyed = strings.Trim(title.folded(), decoration), true // key(title)
			}
			if titleKey != "" && strings.Trim(s.key(), decoration) == titleKey {
				s.remove()
				continue
			}
		}
		break
	}
	return date, found
}

// footerLines removes the date, counter and tool lines a page puts below
// the article, and tool lines anywhere. It returns a date it found.
func footerLines(texts []*segment, loc *time.Location, now time.Time) (date time.Time, found bool) {
	for _, s := range texts {
		if s.text != "" && len(s.text) <= maxToolLine && mayBeToolLine(s.text) && isToolLineFolded(s.text, s.key()) {
			s.remove()
		}
	}
	for i, n := len(texts)-1, 0; i >= 0 && n < 3; i-- {
		s := texts[i]
		if s.text == "" {
			continue
		}
		n++
		if !mayBeDateLine(s.text) {
			break
		}
		d, ok, line := dateLineFolded(s.text, s.key(), loc, now)
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
// It returns the segments still in the tree. After a cut they are texts
// before the heading, unless a segment before it was removed (its
// pictures stay and may join a neighbour) or the cut took the last line
// break out of an inline element that held the heading (the text before
// it in that element is no longer a paragraph of its own): then stale
// says to segment the tree again.
func trimTrailingBlocks(root *html.Node, texts []*segment) (kept []*segment, stale bool) {
	removed := false
	for i := 0; i < len(texts); i++ {
		s := texts[i]
		if s.text == "" || len(s.nodes) == 0 || len(s.text) > maxHeadingLine || !mayBeHeading(s.text) {
			continue
		}
		k := strings.Trim(s.key(), decoration)
		if !trailingHeadings[k] {
			if headingWithLinks(s, k) {
				s.remove()
				removed = true
			}
			continue
		}
		end := i + 1
		for end < len(texts) && !isArticleParagraph(texts[end]) {
			end++
		}
		if end == len(texts) {
			parent := s.nodes[0].Parent
			removeFrom(root, s.nodes[0])
			return texts[:i], removed || !stillBreaks(root, parent)
		}
		for _, r := range texts[i:end] {
			r.remove()
		}
		removed = true
		i = end
	}
	return texts, false
}

// stillBreaks reports whether every inline element from n up to root
// still holds a block or a <br>, so walkSegments still walks into it.
func stillBreaks(root, n *html.Node) bool {
	for ; n != nil && n != root; n = n.Parent {
		if n.Type == html.ElementNode && !isNode(n, fBlock) && !breaksLines(n) {
			return false
		}
	}
	return true
}

// headingRuns are the first words of the trailing headings.
var headingRuns = func() map[string]bool {
	m := map[string]bool{}
	for h := range trailingHeadings {
		m[firstRun(h)] = true
	}
	return m
}()

// headingInitials are the ASCII bytes headingRuns begin with.
var headingInitials = func() (t [utf8.RuneSelf]bool) {
	for r := range headingRuns {
		if r != "" && r[0] < utf8.RuneSelf {
			t[r[0]] = true
		}
	}
	return t
}()

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// mayBeHeading is a cheap test that text (on one line, NFC) may fold to
// a trailing heading or begin with one: its first two words, lower-cased,
// are the first two of one. Folding a text does nothing else to a word
// without an oa, oe or uy (TestFirstWordsFoldAsLowered).
func mayBeHeading(text string) bool {
	if text != "" && text[0] < utf8.RuneSelf && isAlnum(text[0]) && !headingInitials[lowerASCII(text[0])] {
		// Most paragraphs: the first word starts with a letter no
		// heading starts with, and so does their key (folding makes an
		// ASCII letter lower case, or gives a first o or u a tone).
		return false
	}
	var first, second [32]byte
	w, rest, ok := lowerRun(first[:0], text)
	if !ok || !headingRuns[string(w)] {
		return !ok
	}
	// Photo captions and sentences begin with "Các" and "Tin" too; the
	// second word tells most of them from the headings. A key that
	// begins with a heading has its second word at the start of its own.
	w2, _, ok := lowerRun(second[:0], rest)
	if !ok {
		return true
	}
	for _, h := range headingSeconds[string(w)] {
		if strings.HasPrefix(string(w2), h) {
			return true
		}
	}
	return false
}

// headingSeconds maps the first word of each trailing heading to the
// words that follow it ("các" to "tin" and "bài"); to "" when what
// follows is not one space and a word.
var headingSeconds = func() map[string][]string {
	m := map[string][]string{}
	for h := range trailingHeadings {
		first := firstRun(h)
		rest := h[strings.Index(h, first)+len(first):]
		second := firstRun(rest)
		if second == "" || !strings.HasPrefix(rest, " "+second) {
			second = ""
		}
		if !slices.Contains(m[first], second) {
			m[first] = append(m[first], second)
		}
	}
	return m
}()

// appendLowerRun appends the first run of letters, digits and marks of s
// to b, lower-cased as vntext.Fold does. ok is false when the run does
// not fit in b's capacity.
func appendLowerRun(b []byte, s string) ([]byte, bool) {
	b, _, ok := lowerRun(b, s)
	return b, ok
}

// lowerRun is appendLowerRun that also returns what follows the run.
func lowerRun(b []byte, s string) (out []byte, rest string, ok bool) {
	started := false
	for i, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
			if started {
				return b, s[i:], true
			}
			continue
		}
		started = true
		switch r {
		case 'Đ', 'Ð', 'ð', 'Ɖ', 'ɖ':
			r = 'đ'
		default:
			r = unicode.ToLower(r)
		}
		if len(b)+utf8.RuneLen(r) > cap(b) {
			return b, "", false
		}
		b = utf8.AppendRune(b, r)
	}
	return b, "", true
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
	if s.text == "" {
		return false
	}
	n := utf8.RuneCountInString(s.text)
	if linkShareOf(s, n) >= 0.5 {
		return false
	}
	if n >= 200 {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(s.text)
	return n >= 60 && strings.ContainsRune(".!?…", last)
}

// linkShare is the part of a segment's text that sits inside links.
func linkShare(s *segment) float64 {
	return linkShareOf(s, utf8.RuneCountInString(s.text))
}

// linkShareOf is linkShare given the runes of the segment's text.
func linkShareOf(s *segment, total int) float64 {
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
	// Children before their parent, last to first: what a parent holds
	// is known once its empty children are gone.
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.LastChild; c != nil; {
			prev := c.PrevSibling
			if c.Type == html.ElementNode {
				walk(c)
				removeIfEmpty(c)
			}
			c = prev
		}
	}
	walk(root)
	trimBreaks(root)
	walkElements(root, trimBreaks)
}

// removeIfEmpty detaches n when it shows nothing. A block of separators
// alone (" | " between removed share links, a row of dashes) shows
// nothing a reader wants either.
func removeIfEmpty(n *html.Node) {
	f := nodeFlags(n)
	if f&fKeepEmpty != 0 || hasMedia(n) {
		return
	}
	shown, word := textTraits(n, false, false)
	if !shown || f&fBlock != 0 && !word {
		detach(n)
	}
}

// textTraits reports whether the text under n (as textOf reads it) has a
// rune that is not a space, and one that is a letter or a digit, adding
// to what shown and word already say.
func textTraits(n *html.Node, shown, word bool) (bool, bool) {
	switch n.Type {
	case html.TextNode:
		for _, r := range n.Data {
			if !unicode.IsSpace(r) {
				shown = true
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					return true, true
				}
			}
		}
		return shown, word
	case html.ElementNode:
		if isNode(n, fSkipContent) {
			return shown, word
		}
	}
	for c := n.FirstChild; c != nil && !(shown && word); c = c.NextSibling {
		shown, word = textTraits(c, shown, word)
	}
	return shown, word
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
	if n.Type != html.ElementNode || (!isNode(n, fBlock) && n.Data != "body") {
		return
	}
	run := 0
	seenContent := false
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
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
		c = next
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
