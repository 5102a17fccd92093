// This file is clean/*.go but the tests as of commit 23c043e (before the
// speed round of issue 6), with every package-level name given the
// prefix "old" or "Old" (OldCleaner, oldSegment, OldCanonical ...) and
// the comments inside functions left out: the reference the differential
// tests (differential_test.go) hold the package to, byte for byte. It is
// made, not written; do not edit it. A change meant to alter the output
// shows up there first: in that commit delete this file and
// differential_test.go, and regenerate the golden file (golden_gen_test.go),
// which then holds the new output.
package clean

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	stdhtml "html"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"bantin"
	"bantin/vntext"
)

// Cleaner cleans feed items. It holds no state between calls, only
// memory one call lends the next, and is safe for concurrent use.
type OldCleaner struct {
	Location *time.Location   // zone for zone-less times
	Now      func() time.Time // first-seen time
	// Policy, when set, sanitizes content in place of the built-in
	// allow-list (newPolicy), which clean applies in one walk of the tree.
	Policy *bluemonday.Policy

	std     *bluemonday.Policy // newPolicy(), for trees the walk leaves to bluemonday
	scratch sync.Pool          // of *scratch
}

// scratch is the memory cleaning one item needs and the next can reuse:
// the tree's nodes and the parser's stacks, the reparse's buffers.
// Nothing that points into it outlives the call.
type oldScratch struct {
	tree     oldBuilder
	segments oldSegScratch
	reparse  oldReparse
}

func (c *OldCleaner) getScratch() *oldScratch {
	if s, ok := c.scratch.Get().(*oldScratch); ok {
		return s
	}
	return new(oldScratch)
}

// NewCleaner returns a Cleaner reading zone-less times in loc (UTC+7
// when nil) and taking now as the clock (time.Now when nil).
func OldNewCleaner(loc *time.Location, now func() time.Time) *OldCleaner {
	if loc == nil {
		loc = oldVietnamZone
	}
	if now == nil {
		now = time.Now
	}
	return &OldCleaner{Location: loc, Now: now, std: oldNewPolicy()}
}

// Feed turns every item of a parsed feed into a bantin.Item of src.
// feedURL is the URL the feed was fetched from (final URL after redirects).
// Fingerprint/Bands are left empty (dedup fills them).
func (c *OldCleaner) Feed(feed *gofeed.Feed, src bantin.Source, feedURL string) []bantin.Item {
	if feed == nil {
		return nil
	}
	out := make([]bantin.Item, 0, len(feed.Items))
	for _, it := range feed.Items {
		if it != nil {
			out = append(out, c.Item(feed, it, src, feedURL))
		}
	}
	return out
}

func (c *OldCleaner) location() *time.Location {
	if c.Location == nil {
		return oldVietnamZone
	}
	return c.Location
}

func (c *OldCleaner) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// sanitize returns the sanitized HTML of root's children, trimmed, and
// its PlainText. clean says the tree's text is NFC and repaired.
func (c *OldCleaner) sanitize(root *html.Node, sizeHint int, clean bool, sc *oldScratch) (content, text string) {
	if c.Policy == nil {
		if content, text, ok := oldSanitizeTreeWith(root, sizeHint, clean, &sc.reparse); ok {
			return content, text
		}
	}
	p := c.Policy
	if p == nil {
		if p = c.std; p == nil {

			p = oldNewPolicy()
		}
	}
	content = strings.TrimSpace(p.Sanitize(oldRenderChildren(root)))
	return content, OldPlainText(content)
}

// Years outside this range are typing slips or placeholders (0001-01-01,
// 9999), not publication dates of a government portal.
const (
	oldMinYear = 1970
	oldMaxYear = 2099
)

// maxDateLen bounds what is worth reading as a date: the longest real
// string seen is under 40 bytes; a paragraph is not a date line.
const oldMaxDateLen = 120

// vietnamZone is used when no zone is given: Vietnam has kept UTC+7
// without daylight saving since 1975.
var oldVietnamZone = time.FixedZone("+07", 7*60*60)

// ParseDate reads a date as Vietnamese portals and feeds write it:
// RFC 822/1123/3339 with any offset, and the day-first forms
// ("21/12/2020 08:30", "07:00 - 14/09/2023", "12:07:05 04/12/2013",
// "Thứ 2 Ngày 21/12/2020", "Thứ ba, 25 Tháng 1 2022 16:22",
// "Thứ Ba, ngày 05 tháng 2 năm 2008", "Đăng ngày 17 - 05 - 2024",
// "Thứ 5, 28/05/2026 17:00:00 GMT+7", SA/CH for AM/PM). A time without a
// zone is read in loc (UTC+7 when loc is nil). The whole string must be a
// date: "Ngày 16/12/2020, Ban Dân vận..." is a sentence and reports false,
// and so does a time without a day ("12:29 CH"). The result is in loc.
func OldParseDate(s string, loc *time.Location) (time.Time, bool) {
	t, ok, _, _, _ := oldParseDate(s, loc)
	return t, ok
}

// parseDate is ParseDate that also returns the stamp it read, when it
// read one (stamped), so parseDateAt does not read it twice.
func oldParseDate(s string, loc *time.Location) (t time.Time, ok bool, st oldStamp, stOK, stamped bool) {
	if loc == nil {
		loc = oldVietnamZone
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > oldMaxDateLen {
		return time.Time{}, false, oldStamp{}, false, false
	}
	if t, ok := oldParseLayouts(s, loc); ok {
		t, ok = oldInRange(t, loc)
		return t, ok, oldStamp{}, false, false
	}
	st, stOK = oldParseStamp(s)
	if !stOK || !st.hasDate {
		return time.Time{}, false, st, stOK, true
	}
	t, ok = oldInRange(st.time(loc), loc)
	return t, ok, st, stOK, true
}

// parseDateAt is ParseDate that also reads a time without a day: listing
// pages write only the time for today's news, so it means the last such
// moment at or before now.
func oldParseDateAt(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	t, ok, st, stOK, stamped := oldParseDate(s, loc)
	if ok {
		return t, true
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > oldMaxDateLen {
		return time.Time{}, false
	}
	if !stamped {
		st, stOK = oldParseStamp(s)
	}
	if !stOK || st.hasDate || !st.hasTime {
		return time.Time{}, false
	}
	zone := st.zone(loc)
	day := now.In(zone)
	t = time.Date(day.Year(), day.Month(), day.Day(), st.hour, st.min, st.sec, 0, zone)
	if t.After(now) {
		t = t.AddDate(0, 0, -1)
	}
	return t.In(loc), true
}

func oldInRange(t time.Time, loc *time.Location) (time.Time, bool) {
	if y := t.Year(); y < oldMinYear || y > oldMaxYear {
		return time.Time{}, false
	}
	return t.In(loc), true
}

// Layouts time.Parse reads whole: ISO 8601 with a T, which the tokenizer
// below does not split.
var (
	oldZonedLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00"}
	oldLocalLayouts = []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", time.ANSIC}
)

func oldParseLayouts(s string, loc *time.Location) (time.Time, bool) {

	switch {
	case len(s) > 10 && s[4] == '-' && s[10] == 'T' && '0' <= s[0] && s[0] <= '9':
		for _, l := range oldZonedLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, true
			}
		}
		for _, l := range oldLocalLayouts[:2] {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, true
			}
		}
	case len(s) > 3 && s[3] == ' ':
		if t, err := time.ParseInLocation(oldLocalLayouts[2], s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// stamp is what a date string said, field by field.
type oldStamp struct {
	year, month, day       int
	hour, min, sec         int
	offset                 int // seconds east of UTC
	hasDate, hasTime, hasZ bool
}

func (st oldStamp) zone(loc *time.Location) *time.Location {
	if st.hasZ {
		return time.FixedZone("", st.offset)
	}
	return loc
}

func (st oldStamp) time(loc *time.Location) time.Time {
	return time.Date(st.year, time.Month(st.month), st.day, st.hour, st.min, st.sec, 0, st.zone(loc))
}

// Words that may stand around a date without changing it.
var oldDateFillers = map[string]bool{
	"đăng": true, "ngày": true, "cập": true, "nhật": true, "lúc": true, "vào": true,
	"xuất": true, "bản": true, "thời": true, "gian": true, "gửi": true, "viết": true,
	"posted": true, "published": true, "updated": true, "on": true, "at": true, "date": true,
}

var oldVnWeekdays = map[string]bool{
	"hai": true, "ba": true, "tư": true, "bốn": true, "năm": true, "sáu": true, "bảy": true, "bẩy": true,
}

var oldEnWeekdays = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true,
	"wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true,
	"friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
}

var oldEnMonths = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// zoneWords are the zone names seen in feeds, with their offsets in hours.
// RFC 822 names the US zones; ICT is Indochina Time.
var oldZoneWords = map[string]int{
	"gmt": 0, "utc": 0, "ut": 0, "z": 0, "ict": 7,
	"est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}

// Punctuation that only separates the parts of a date.
const oldDateSeparators = ",;|()[]-–—/.:·•"

type oldTokKind uint8

const (
	oldTokNum oldTokKind = iota
	oldTokWord
	oldTokPunct
)

type oldToken struct {
	kind   oldTokKind
	s      string
	n      int  // value of a number of at most 9 digits
	spaced bool // a space came before it
}

func (t oldToken) num(maxWidth int) bool {
	return t.kind == oldTokNum && len(t.s) <= maxWidth
}

// tokenize splits a folded date string into numbers, words and single
// punctuation runes.
func oldTokenize(s string) []oldToken {
	out := make([]oldToken, 0, 16)
	spaced := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ' ':
			spaced = true
			i++
			continue
		case '0' <= r && r <= '9':
			j := i
			for j < len(s) && '0' <= s[j] && s[j] <= '9' {
				j++
			}
			t := oldToken{kind: oldTokNum, s: s[i:j], spaced: spaced}
			if j-i <= 9 {
				t.n, _ = strconv.Atoi(t.s)
			}
			out = append(out, t)
			i = j
		case unicode.IsLetter(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) && !unicode.IsMark(r2) {
					break
				}
				j += n2
			}
			out = append(out, oldToken{kind: oldTokWord, s: s[i:j], spaced: spaced})
			i = j
		default:
			p := s[i : i+n]
			if r == utf8.RuneError && n == 1 {
				p = "\uFFFD"
			}
			out = append(out, oldToken{kind: oldTokPunct, s: p, spaced: spaced})
			i += n
		}
		spaced = false
	}
	return out
}

// stampParser reads tokens left to right; every token must belong to a
// date, a time, a zone, a weekday, a filler word or a separator.
type oldStampParser struct {
	toks []oldToken
	i    int
	st   oldStamp
}

func oldParseStamp(s string) (oldStamp, bool) {
	p := oldStampParser{toks: oldTokenize(vntext.Fold(s))}
	for p.i < len(p.toks) {
		if !p.step() {
			return oldStamp{}, false
		}
	}
	return p.st, p.valid()
}

// at returns the token k places ahead, or a zero token past the end.
func (p *oldStampParser) at(k int) oldToken {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return oldToken{kind: oldTokPunct}
}

func (p *oldStampParser) isPunct(k int, set string) bool {
	t := p.at(k)
	return t.kind == oldTokPunct && t.s != "" && strings.Contains(set, t.s)
}

func (p *oldStampParser) isWord(k int, w string) bool {
	t := p.at(k)
	return t.kind == oldTokWord && t.s == w
}

func (p *oldStampParser) step() bool {
	t := p.at(0)
	switch t.kind {
	case oldTokNum:
		return p.timeOf() || p.dateOf()
	case oldTokWord:
		return p.word(t.s)
	default:
		if (t.s == "+" || t.s == "-") && p.st.hasTime && !p.st.hasZ && p.offset() {
			return true
		}
		if strings.Contains(oldDateSeparators, t.s) {
			p.i++
			return true
		}
		return false
	}
}

func (p *oldStampParser) word(w string) bool {
	switch {
	case w == "thứ":
		next := p.at(1)
		if (next.kind == oldTokWord && oldVnWeekdays[next.s]) || (next.num(1) && next.n >= 2 && next.n <= 7) {
			p.i += 2
			return true
		}
		return false
	case w == "chủ" && p.isWord(1, "nhật"):
		p.i += 2
		return true
	case w == "cn" || oldEnWeekdays[w] || oldDateFillers[w]:
		p.i++
		return true
	case oldEnMonths[w] != 0:
		return p.monthFirst()
	}
	if h, ok := oldZoneWords[w]; ok && !p.st.hasZ {
		p.i++
		p.st.hasZ, p.st.offset = true, h*3600
		if (p.isPunct(0, "+-")) && !p.at(1).spaced && p.at(1).kind == oldTokNum {
			return p.offset()
		}
		return true
	}
	return false
}

// offset reads "+0700", "+07:00", "+7" after a time or a zone name.
func (p *oldStampParser) offset() bool {
	sign := 1
	if p.at(0).s == "-" {
		sign = -1
	}
	n := p.at(1)
	if n.kind != oldTokNum || n.spaced {
		return false
	}
	var h, m int
	used := 2
	switch {
	case len(n.s) == 4:
		h, m = n.n/100, n.n%100
	case len(n.s) <= 2:
		if p.isPunct(2, "/.") {
			return false
		}
		h = n.n
		if p.isPunct(2, ":") && len(p.at(3).s) == 2 && p.at(3).kind == oldTokNum && !p.at(3).spaced {
			m = p.at(3).n
			used = 4
		}
	default:
		return false
	}
	if h > 14 || m > 59 {
		return false
	}
	p.i += used
	p.st.hasZ, p.st.offset = true, sign*(h*3600+m*60)
	return true
}

// timeOf reads "16:22", "17:00:00", "12:29 CH", "8:15 PM", "8h30".
func (p *oldStampParser) timeOf() bool {
	if p.st.hasTime || !p.at(0).num(2) {
		return false
	}
	h := p.at(0).n
	var m, sec int
	switch {
	case p.isPunct(1, ":") && p.at(2).num(2):
		m = p.at(2).n
		p.i += 3
		if p.isPunct(0, ":") && p.at(1).num(2) {
			sec = p.at(1).n
			p.i += 2
			if p.isPunct(0, ".,") && p.at(1).kind == oldTokNum && !p.at(1).spaced {
				p.i += 2
			}
		}
	case (p.isWord(1, "h") || p.isWord(1, "giờ")) && p.at(2).num(2):
		m = p.at(2).n
		p.i += 3
		if p.isWord(0, "phút") {
			p.i++
		}
	default:
		return false
	}
	h, ok := p.meridiem(h)
	if !ok || h > 23 || m > 59 || sec > 59 {
		return false
	}
	p.st.hour, p.st.min, p.st.sec, p.st.hasTime = h, m, sec, true
	return true
}

// meridiem applies SA/CH (sáng/chiều) or AM/PM after a time.
func (p *oldStampParser) meridiem(h int) (int, bool) {
	pm, am := false, false
	switch {
	case p.isWord(0, "ch") || p.isWord(0, "pm"):
		pm = true
		p.i++
	case p.isWord(0, "sa") || p.isWord(0, "am"):
		am = true
		p.i++
	case (p.isWord(0, "p") || p.isWord(0, "a")) && p.isPunct(1, ".") && p.isWord(2, "m"):
		pm, am = p.at(0).s == "p", p.at(0).s == "a"
		p.i += 3
		if p.isPunct(0, ".") {
			p.i++
		}
	}
	switch {
	case !pm && !am:
		return h, true
	case h < 1 || h > 12:
		return 0, false
	case pm && h < 12:
		return h + 12, true
	case am && h == 12:
		return 0, true
	}
	return h, true
}

// dateOf reads a day-first or year-first date starting at a number.
func (p *oldStampParser) dateOf() bool {
	if p.st.hasDate {
		return false
	}
	a := p.at(0)
	switch {
	case a.num(2) && p.isPunct(1, "/-.") && p.at(2).num(2) && p.isPunct(3, "/-.") && p.at(4).num(4) && len(p.at(4).s) == 4:
		return p.setDate(p.at(4).n, p.at(2).n, a.n, 5)
	case len(a.s) == 4 && p.isPunct(1, "/-.") && p.at(2).num(2) && p.isPunct(3, "/-.") && p.at(4).num(2):
		return p.setDate(a.n, p.at(2).n, p.at(4).n, 5)
	case a.num(2):
		return p.dayMonthWords()
	}
	return false
}

// dayMonthWords reads "25 tháng 1 2022", "05 tháng 2 năm 2008",
// "19 apr 2017".
func (p *oldStampParser) dayMonthWords() bool {
	day := p.at(0).n
	k := 1
	if p.isPunct(k, ",") {
		k++
	}
	var month int
	switch {
	case p.isWord(k, "tháng") && p.at(k+1).num(2):
		month = p.at(k + 1).n
		k += 2
	case p.at(k).kind == oldTokWord && oldEnMonths[p.at(k).s] != 0:
		month = oldEnMonths[p.at(k).s]
		k++
		if p.isPunct(k, ".") {
			k++
		}
	default:
		return false
	}
	if p.isPunct(k, ",") {
		k++
	}
	if p.isWord(k, "năm") {
		k++
	}
	year, ok := p.yearAt(k)
	if !ok {
		return false
	}
	return p.setDate(year, month, day, k+1)
}

// monthFirst reads "march 28, 2025" and "apr 19 2017".
func (p *oldStampParser) monthFirst() bool {
	if p.st.hasDate || !p.at(1).num(2) {
		return false
	}
	month, day := oldEnMonths[p.at(0).s], p.at(1).n
	k := 2
	if p.isPunct(k, ",") {
		k++
	}
	year, ok := p.yearAt(k)
	if !ok {
		return false
	}
	return p.setDate(year, month, day, k+1)
}

// yearAt reads a four-digit year, or the two-digit one RFC 822 allows.
func (p *oldStampParser) yearAt(k int) (int, bool) {
	t := p.at(k)
	switch {
	case t.kind == oldTokNum && len(t.s) == 4:
		return t.n, true
	case t.kind == oldTokNum && len(t.s) == 2 && !p.isPunct(k+1, ":"):
		if t.n < 70 {
			return 2000 + t.n, true
		}
		return 1900 + t.n, true
	}
	return 0, false
}

func (p *oldStampParser) setDate(y, m, d, used int) bool {
	p.st.year, p.st.month, p.st.day, p.st.hasDate = y, m, d, true
	p.i += used
	return true
}

// valid checks the fields against the calendar: 31/02 is not a date.
func (p *oldStampParser) valid() bool {
	st := p.st
	if !st.hasDate {
		return st.hasTime
	}
	if st.year < oldMinYear || st.year > oldMaxYear || st.month < 1 || st.month > 12 || st.day < 1 {
		return false
	}
	t := time.Date(st.year, time.Month(st.month), st.day, 0, 0, 0, 0, time.UTC)
	return t.Day() == st.day && int(t.Month()) == st.month
}

// Dates written into article URLs: "d20110119095900000.htm" (provincial
// party newspaper) and "/Pages/2024-5-17/" (SharePoint), or "/2024/05/17/".
var (
	oldUrlStampDate = regexp.MustCompile(`(?:^|[/_-])d((?:19|20)\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{0,6}\.(?:html?|aspx?)(?:$|[?#])`)
	oldUrlPathDate  = regexp.MustCompile(`/((?:19|20)\d{2})[-/](\d{1,2})[-/](\d{1,2})(?:/|$)`)
)

// dateFromURL finds a publication date written into an article's URL.
func oldDateFromURL(link string, loc *time.Location) (time.Time, bool) {
	if m := oldUrlStampDate.FindStringSubmatch(link); m != nil {
		n := make([]int, 6)
		for i := range n {
			n[i], _ = strconv.Atoi(m[i+1])
		}
		return oldCheckedDate(n[0], n[1], n[2], n[3], n[4], n[5], loc)
	}
	if m := oldUrlPathDate.FindStringSubmatch(link); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return oldCheckedDate(y, mo, d, 0, 0, 0, loc)
	}
	return time.Time{}, false
}

func oldCheckedDate(y, mo, d, h, mi, s int, loc *time.Location) (time.Time, bool) {
	if y < oldMinYear || y > oldMaxYear || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, 0, loc)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// zoneSuffix finds a zone at the end of a raw date string: an offset, Z,
// or a zone name, alone or with an offset (GMT+7).
var oldZoneSuffix = regexp.MustCompile(`(?i)(?:\dZ|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[A-Z]{2,3}T)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?)\)?\s*$`)

// feedDate returns the time a feed gave in raw (and gofeed's reading of
// it, parsed). Our reading comes first: gofeed takes "01/02/2020" month
// first and reads a zone-less time as UTC, where Vietnamese portals mean
// day first and UTC+7.
func oldFeedDate(raw string, parsed *time.Time, loc *time.Location, now time.Time) (time.Time, bool) {
	raw = strings.TrimSpace(raw)
	if raw != "" {
		if t, ok := oldParseDateAt(raw, loc, now); ok {
			return t, true
		}
	}
	if parsed == nil || parsed.IsZero() {
		return time.Time{}, false
	}
	t := *parsed
	if raw != "" && !oldZoneSuffix.MatchString(raw) {
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	}
	return oldInRange(t, loc)
}

// itemDates picks an item's times: the feed's publication time, else its
// update time, else the page's date line, else a date in the article's
// URL, else now (the time first seen). None is after now. dated reports
// whether the time came from the source rather than the clock.
func oldItemDates(it *gofeed.Item, b oldBody, link string, loc *time.Location, now time.Time) (published, updated time.Time, dated bool) {
	published, dated = oldFeedDate(it.Published, it.PublishedParsed, loc, now)
	updated, hasUpdated := oldFeedDate(it.Updated, it.UpdatedParsed, loc, now)
	switch {
	case dated:
	case hasUpdated:
		published, dated = updated, true
	case b.hasDate:
		published, dated = b.date, true
	default:
		published, dated = oldDateFromURL(link, loc)
	}
	if !dated {
		published = now.In(loc)
	}
	published = oldNotAfter(published, now, loc)
	if hasUpdated {
		updated = oldNotAfter(updated, now, loc)
	}
	return published, updated, dated
}

// notAfter clamps t to now: a portal's clock or a typing slip must not
// pin an item to the top of every feed.
func oldNotAfter(t, now time.Time, loc *time.Location) time.Time {
	if t.After(now) {
		return now.In(loc)
	}
	return t
}

// blockTags are the elements that start a new line of text in a browser.
// A run of inline content between two of them is one paragraph to the
// reader, whatever element holds it.
var oldBlockTags = map[string]bool{
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
var oldSkipContent = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"head": true, "title": true, "textarea": true, "select": true,
	"object": true, "embed": true, "applet": true, "svg": true, "math": true,
	"button": true, "iframe": true, "frame": true, "frameset": true, "noframes": true,
	"xmp": true, "plaintext": true, "noembed": true, "video": true, "audio": true,
	"canvas": true, "map": true, "input": true, "link": true, "meta": true, "base": true,
}

// mediaTags are elements that carry something to see without any text.
var oldMediaTags = map[string]bool{"img": true, "iframe": true, "video": true, "audio": true, "picture": true}

// parseFragment parses HTML as the content of a <body> and returns a body
// element holding it, detached from any document.
func oldParseFragment(s string) *html.Node {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), body)
	if err != nil {

		body.AppendChild(&html.Node{Type: html.TextNode, Data: s})
		return body
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	return body
}

// renderChildren serializes the children of n.
func oldRenderChildren(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {

		_ = html.Render(&b, c)
	}
	return b.String()
}

// isElement reports whether n is an element named name.
func oldIsElement(n *html.Node, name string) bool {
	return n != nil && n.Type == html.ElementNode && n.Data == name
}

// attr returns the value of n's attribute key, or "".
func oldAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// setAttr sets n's attribute key, adding it when absent.
func oldSetAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// removeAttr drops n's attribute key.
func oldRemoveAttr(n *html.Node, key string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Namespace != "" || a.Key != key {
			out = append(out, a)
		}
	}
	n.Attr = out
}

// detach removes n from its parent, if it has one.
func oldDetach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// walkElements calls visit for every element under root in document
// order, then walks what are then its children: an element visit
// detaches is not walked into, and children it adds are.
func oldWalkElements(root *html.Node, visit func(*html.Node)) {
	for c := root.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			visit(c)
			if c.Parent == root {
				oldWalkElements(c, visit)
			}
		}
		c = next
	}
}

// textOf returns the text under n, without script or style content.
func oldTextOf(n *html.Node) string {
	if c := n.FirstChild; c != nil && c == n.LastChild && c.Type == html.TextNode && !oldIs(n.Data, oldFSkipContent) {
		return c.Data
	}
	var b strings.Builder
	oldAppendText(&b, n)
	return b.String()
}

func oldAppendText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if oldIs(n.Data, oldFSkipContent) {
			return
		}
		if n.Data == "br" {
			b.WriteByte(' ')
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		oldAppendText(b, c)
	}
}

// hasMedia reports whether n is or holds an image or player.
func oldHasMedia(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if oldIs(n.Data, oldFMedia) {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if oldHasMedia(c) {
			return true
		}
	}
	return false
}

// breaksLines reports whether n must be walked into rather than kept
// whole in a paragraph: it is a block, or an inline element that holds a
// block or a <br> (a <strong> lead ending in <br>, a <span> of lines).
func oldBreaksLines(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.Data == "br" || oldIs(n.Data, oldFBlock) {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if oldBreaksLines(c) {
			return true
		}
	}
	return false
}

// A segment is one paragraph as a reader sees it: a run of inline sibling
// nodes between two blocks or <br>s. Portals wrap paragraphs in <p>, in
// <div>, in <strong> lines split by <br>, or in nothing at all; segments
// let one set of rules see them all the same way.
type oldSegment struct {
	nodes []*html.Node
	br    *html.Node // the <br> that ended it, removed with it
	text  string     // its text on one line, NFC
	media bool       // it holds an image or player
	fold  string     // vntext.Fold(text), once folded
	keyed bool       // fold is computed
}

// key returns the segment's text under vntext.Fold. Every rule compares
// paragraphs under it, several times each, so it is computed once.
func (s *oldSegment) key() string {
	if !s.keyed {
		s.fold, s.keyed = vntext.Fold(s.text), true
	}
	return s.fold
}

// segments returns the paragraphs under root in document order. clean
// says every text node is NFC and repaired (see repairText). ss is
// memory to use, valid until the next call with it.
func oldSegments(root *html.Node, clean bool, ss *oldSegScratch) []*oldSegment {
	out, block := ss.out[:0], ss.block[:0]
	ss.nodes = oldWalkSegments(root, ss.nodes[:0], func(nodes []*html.Node, br *html.Node) {
		if len(block) == cap(block) {

			block = make([]oldSegment, 0, max(32, 2*cap(block)))
			ss.block = block
		}
		block = block[:len(block)+1]
		seg := &block[len(block)-1]
		*seg = oldSegment{br: br}
		if len(nodes) > 0 {
			seg.nodes = nodes
			seg.text, ss.buf = oldSegmentText(nodes, ss.buf, clean)
			for _, n := range nodes {
				if oldHasMedia(n) {
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
type oldSegScratch struct {
	out   []*oldSegment
	block []oldSegment
	nodes []*html.Node
	buf   []byte
}

// walkSegments calls emit for every paragraph under root in document
// order: the inline nodes it is made of and the <br> that ended it. A
// <br> with nothing before it is an empty line of its own. nodes is
// valid until all is used again: every call gets its own part of all,
// or of a larger array that replaces it, which walkSegments returns.
func oldWalkSegments(root *html.Node, all []*html.Node, emit func(nodes []*html.Node, br *html.Node)) []*html.Node {
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
			case oldIsElement(c, "br"):
				flush(c)
			case oldBreaksLines(c):
				flush(nil)
				if !oldIs(c.Data, oldFSkipContent) {
					walk(c)
				}
			case c.Type == html.ElementNode && oldElementFlags[c.Data]&(oldFSkipContent|oldFMedia) == oldFSkipContent:
				continue
			default:
				if len(all) == cap(all) {

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
// single node needs only its spaces collapsed.
func oldSegmentText(nodes []*html.Node, buf []byte, clean bool) (string, []byte) {
	if len(nodes) == 1 && nodes[0].Type == html.TextNode {
		if clean {
			return oldCollapseSpaces(nodes[0].Data), buf
		}
		return oldOneLine(nodes[0].Data), buf
	}
	buf = buf[:0]
	joinsNFC := clean
	for _, n := range nodes {
		buf, joinsNFC = oldAppendTextNFC(buf, n, joinsNFC)
	}
	if joinsNFC {
		return oldCollapseSpaces(string(buf)), buf
	}
	return oldOneLine(string(buf)), buf
}

// appendTextNFC is appendText into bytes, and keeps nfc true while the text
// stays NFC: pieces that are, joined where the next one starts with a
// rune that never combines with what comes before it.
func oldAppendTextNFC(b []byte, n *html.Node, nfc bool) ([]byte, bool) {
	switch n.Type {
	case html.TextNode:
		if nfc && len(b) > 0 && n.Data != "" {
			r, _ := utf8.DecodeRuneInString(n.Data)

			nfc = r < 0x300 || 0x1e00 <= r && r <= 0x1eff
		}
		return append(b, n.Data...), nfc
	case html.ElementNode:
		if oldIs(n.Data, oldFSkipContent) {
			return b, nfc
		}
		if n.Data == "br" {
			b = append(b, ' ')
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b, nfc = oldAppendTextNFC(b, c, nfc)
	}
	return b, nfc
}

// collapseSpaces is oneLine for text that is NFC and repaired: only
// runs of ASCII spaces and spaces at the ends are left to remove.
func oldCollapseSpaces(s string) string {
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
func (s *oldSegment) remove() {
	for _, n := range s.nodes {
		if oldHasMedia(n) {
			oldKeepOnlyMedia(n)
		} else {
			oldDetach(n)
		}
	}
	if s.br != nil {
		oldDetach(s.br)
	}
	s.nodes, s.br, s.text, s.fold, s.keyed = nil, nil, "", "", false
}

// keepOnlyMedia strips every text and media-free element under n.
func oldKeepOnlyMedia(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if !oldHasMedia(c) {
			n.RemoveChild(c)
		} else {
			oldKeepOnlyMedia(c)
		}
		c = next
	}
}

// removeFrom removes n and everything after it in document order, up to
// and excluding root: the way to drop a trailing block of furniture. The
// ancestors of n stay, since they also hold what came before it.
func oldRemoveFrom(root, n *html.Node) {
	for a := n; a != nil && a != root && a.Parent != nil; a = a.Parent {
		for c := a.NextSibling; c != nil; {
			next := c.NextSibling
			a.Parent.RemoveChild(c)
			c = next
		}
	}
	oldDetach(n)
}

// elemFlags says which of the package's element sets a name is in. The
// tree walks ask several of them of every element; one lookup in
// elementFlags answers them all.
type oldElemFlags uint32

const (
	oldFBlock           oldElemFlags = 1 << iota // blockTags
	oldFSkipContent                              // skipContent
	oldFMedia                                    // mediaTags
	oldFKeepEmpty                                // keepWhenEmpty
	oldFSpecial                                  // the parser's special elements
	oldFClosesP                                  // start tags that close an open <p>
	oldFHeading                                  // h1 to h6
	oldFVoidInBody                               // voids the parser opens and closes at once
	oldFDroppedVoid                              // voids prepare removes
	oldFRawDropped                               // raw text elements prepare removes
	oldFDeclined                                 // elements buildTree leaves to the parser
	oldFFormatting                               // the parser's formatting elements
	oldFBlockEnd                                 // end tags closed by "generate implied end tags"
	oldFVoid                                     // written as <x/> by the renderer
	oldFAllowed                                  // on newPolicy's allow-list
	oldFNeedAttrs                                // dropped by bluemonday without an attribute
	oldFSkipWhenDropped                          // content dropped with the element by bluemonday
	oldFRawText                                  // text written unescaped by the renderer
)

var oldElementFlags = func() map[string]oldElemFlags {
	m := map[string]oldElemFlags{}
	for _, set := range []struct {
		names map[string]bool
		flag  oldElemFlags
	}{
		{oldBlockTags, oldFBlock}, {oldSkipContent, oldFSkipContent}, {oldMediaTags, oldFMedia}, {oldKeepWhenEmpty, oldFKeepEmpty},
		{oldSpecial, oldFSpecial}, {oldClosesP, oldFClosesP}, {oldHeadings, oldFHeading}, {oldVoidInBody, oldFVoidInBody},
		{oldDroppedVoid, oldFDroppedVoid}, {oldRawDropped, oldFRawDropped}, {oldDeclined, oldFDeclined},
		{oldFormatting, oldFFormatting}, {oldBlockEnds, oldFBlockEnd}, {oldVoidElement, oldFVoid}, {oldNeedAttrs, oldFNeedAttrs},
		{oldSkipContentOf, oldFSkipWhenDropped}, {oldRawTextElements, oldFRawText},
	} {
		for n := range set.names {
			m[n] |= set.flag
		}
	}
	for n := range oldWriterElements {
		m[n] |= oldFAllowed
	}
	return m
}()

// is reports whether the element name is in any of the sets of f.
func oldIs(name string, f oldElemFlags) bool { return oldElementFlags[name]&f != 0 }

// key is the comparison key of a line of page furniture: vntext.Fold
// without the arrows, bullets and brackets portals decorate it with.
func oldKey(s string) string {
	return strings.Trim(vntext.Fold(s), oldDecoration)
}

const oldDecoration = " »«>›‹<•*·|[](){}-–—:.…/\\+#=~_"

func oldFoldSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[oldKey(w)] = true
	}
	return m
}

// trailingHeadings open the block of other articles a portal appends to
// every page; it and everything after it go.
var oldTrailingHeadings = oldFoldSet(
	"Các tin khác", "Tin khác", "Các tin bài khác", "Tin bài khác", "Các bài viết khác", "Bài viết khác",
	"Tin liên quan", "Các tin liên quan", "Tin bài liên quan", "Tin tức liên quan",
	"Bài viết liên quan", "Bài liên quan", "Các bài liên quan",
	"Tin cùng chuyên mục", "Các tin cùng chuyên mục", "Tin cùng chủ đề", "Bài cùng chuyên mục",
	"Xem thêm", "Đọc thêm", "Tin đã đưa", "Các tin đã đưa", "Tin mới hơn", "Tin cũ hơn",
	"Tin mới nhất", "Có thể bạn quan tâm", "Tin đọc nhiều",
)

// toolLinks are the page's own tools when they are the whole text of a
// link: share, print, back, top, e-mail.
var oldToolLinks = oldFoldSet(
	"Chia sẻ", "Chia sẻ bài viết", "Chia sẻ Facebook", "Chia sẻ Zalo",
	"In", "In bài", "In bài viết", "In trang", "Bản in", "Xem bản in", "Phiên bản in", "Bản để in",
	"Quay lại", "Trở lại", "Trở về", "Về đầu trang", "Lên đầu trang", "Đầu trang", "Về trang trước",
	"Gửi email", "Gửi e-mail", "Gửi bài viết", "Gửi cho bạn bè", "Gửi bài này cho bạn bè",
	"Lưu bài viết", "Lưu tin",
)

// toolWords may also stand alone on a line of tools; inside a sentence a
// link named "Facebook" is content, so they do not remove links.
var oldToolWords = oldFoldSet("Facebook", "Twitter", "Zalo", "Email", "E-mail", "Print", "Share",
	"Tweet", "Top", "Back", "Lưu", "Like", "Thích", "Bình luận", "Góp ý", "Phản hồi")

// viewCount is a page's hit counter: "Lượt xem: 400", "Số lượt đọc 1.234".
var oldViewCount = regexp.MustCompile(`(?:số\s+)?lượt\s+(?:xem|đọc|truy cập)\s*:?\s*[0-9][0-9.,]*|views?\s*:?\s*[0-9][0-9.,]*`)

// removeToolLinks drops links whose whole text is a page tool.
func oldRemoveToolLinks(root *html.Node) {
	oldWalkElements(root, func(n *html.Node) {
		if n.Data != "a" {
			return
		}

		text := vntext.NFC(oldTextOf(n))
		if oldMayBeToolLine(text) && oldToolLinks[oldKey(text)] && !oldHasMedia(n) {
			oldDetach(n)
		}
	})
}

// maxToolLine bounds a line of page tools; longer, it is prose.
const oldMaxToolLine = 200

// isToolLine reports a paragraph made only of page tools:
// "Chia sẻ | In bài | Quay lại", "Chia sẻ: Facebook Zalo".
func oldIsToolLine(text string) bool {
	return oldIsToolLineFolded(text, vntext.Fold(text))
}

// isToolLineFolded is isToolLine given folded, vntext.Fold(text).
func oldIsToolLineFolded(text, folded string) bool {
	if len(text) > oldMaxToolLine {
		return false
	}
	if r := oldFirstRun(folded); r != "" && !oldToolRuns[r] {
		return false
	}
	return oldAllToolWords(folded)
}

// allToolWords reports whether every piece of a folded line, split at
// separators, is a page tool's link or words.
func oldAllToolWords(folded string) bool {
	pieces := strings.FieldsFunc(folded, func(r rune) bool {
		return strings.ContainsRune("|•·/:,;", r)
	})
	if len(pieces) == 0 {
		return false
	}
	for _, p := range pieces {
		p = oldKey(p)
		if p == "" || oldToolLinks[p] || oldToolWords[p] {
			continue
		}
		for _, w := range strings.Fields(p) {
			if !oldToolWords[oldKey(w)] && !oldToolLinks[oldKey(w)] {
				return false
			}
		}
	}
	return true
}

// toolRuns are the runs of letters and digits in the words of page tools.
// A line of tools begins with one of them, which spares folding the
// pieces of every short paragraph.
var oldToolRuns = func() map[string]bool {
	m := map[string]bool{}
	for _, set := range []map[string]bool{oldToolLinks, oldToolWords} {
		for k := range set {
			for rest := k; rest != ""; {
				r := oldFirstRun(rest)
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
func oldMayBeToolLine(text string) bool {
	var buf [32]byte
	w, ok := oldAppendLowerRun(buf[:0], text)
	return !ok || len(w) == 0 || oldToolRuns[string(w)]
}

// firstRun returns the first run of letters, digits and marks in s.
func oldFirstRun(s string) string {
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
func oldMayBeDateLine(text string) bool {
	return len(text) <= 2*oldMaxDateLen && strings.ContainsAny(text, "0123456789")
}

// dateLine reads a paragraph that only gives the page's date and
// counters: "Thứ 2 Ngày 21/12/2020", "Cập nhật: 21/12/2020 08:30",
// "Đăng ngày 17 - 05 - 2024", "Lượt xem: 400". It reports whether the
// paragraph is such a line, and the date when it holds one.
func oldDateLine(text string, loc *time.Location, now time.Time) (t time.Time, hasDate, isLine bool) {
	return oldDateLineFolded(text, vntext.Fold(text), loc, now)
}

// dateLineFolded is dateLine given f, vntext.Fold(text).
func oldDateLineFolded(text, f string, loc *time.Location, now time.Time) (t time.Time, hasDate, isLine bool) {

	if len(text) > 2*oldMaxDateLen || !strings.ContainsAny(f, "0123456789") {
		return time.Time{}, false, false
	}
	counted := false
	if strings.Contains(f, "lượt") || strings.Contains(f, "view") {
		counted = oldViewCount.MatchString(f)
		if counted {
			f = oldViewCount.ReplaceAllString(f, "|")
		}
	}
	for rest := f; rest != ""; {
		piece, after, _ := strings.Cut(rest, "|")
		rest = after
		piece = strings.Trim(piece, oldDecoration)
		if piece == "" {
			continue
		}
		d, ok := oldParseDateAt(piece, loc, now)
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
const oldMaxHeaderLines = 4

// headerLines removes the lines a page puts above the article, in any
// order: its date line, its counters, and the title repeated. It returns
// the date the page gave, if any.
func oldHeaderLines(texts []*oldSegment, title string, loc *time.Location, now time.Time) (date time.Time, found bool) {
	titleSig := oldFoldSig(title)
	titleKey, titleKeyed := "", false
	n := 0
	for _, s := range texts {
		if s.text == "" {
			continue
		}
		if n++; n > oldMaxHeaderLines {
			break
		}
		if oldMayBeDateLine(s.text) {
			if d, ok, line := oldDateLineFolded(s.text, s.key(), loc, now); line {
				if ok && !found {
					date, found = d, true
				}
				s.remove()
				continue
			}
		}
		if s.keyed || oldFoldSig(s.text) == titleSig {
			if !titleKeyed {
				titleKey, titleKeyed = oldKey(title), true
			}
			if titleKey != "" && strings.Trim(s.key(), oldDecoration) == titleKey {
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
func oldFooterLines(texts []*oldSegment, loc *time.Location, now time.Time) (date time.Time, found bool) {
	for _, s := range texts {
		if s.text != "" && len(s.text) <= oldMaxToolLine && oldMayBeToolLine(s.text) && oldIsToolLineFolded(s.text, s.key()) {
			s.remove()
		}
	}
	for i, n := len(texts)-1, 0; i >= 0 && n < 3; i-- {
		s := texts[i]
		if s.text == "" {
			continue
		}
		n++
		if !oldMayBeDateLine(s.text) {
			break
		}
		d, ok, line := oldDateLineFolded(s.text, s.key(), loc, now)
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
func oldTrimTrailingBlocks(root *html.Node, texts []*oldSegment) (kept []*oldSegment, stale bool) {
	removed := false
	for i := 0; i < len(texts); i++ {
		s := texts[i]
		if s.text == "" || len(s.nodes) == 0 || len(s.text) > oldMaxHeadingLine || !oldMayBeHeading(s.text) {
			continue
		}
		k := strings.Trim(s.key(), oldDecoration)
		if !oldTrailingHeadings[k] {
			if oldHeadingWithLinks(s, k) {
				s.remove()
				removed = true
			}
			continue
		}
		end := i + 1
		for end < len(texts) && !oldIsArticleParagraph(texts[end]) {
			end++
		}
		if end == len(texts) {
			parent := s.nodes[0].Parent
			oldRemoveFrom(root, s.nodes[0])
			return texts[:i], removed || !oldStillBreaks(root, parent)
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
func oldStillBreaks(root, n *html.Node) bool {
	for ; n != nil && n != root; n = n.Parent {
		if n.Type == html.ElementNode && !oldIs(n.Data, oldFBlock) && !oldBreaksLines(n) {
			return false
		}
	}
	return true
}

// headingRuns are the first words of the trailing headings.
var oldHeadingRuns = func() map[string]bool {
	m := map[string]bool{}
	for h := range oldTrailingHeadings {
		m[oldFirstRun(h)] = true
	}
	return m
}()

// mayBeHeading is a cheap test that text (on one line, NFC) may fold to
// a trailing heading or begin with one: its first word, lower-cased, is
// the first word of one. Folding a text does nothing else to a word
// without an oa, oe or uy (TestFirstWordsFoldAsLowered).
func oldMayBeHeading(text string) bool {
	var buf [32]byte
	w, ok := oldAppendLowerRun(buf[:0], text)
	return !ok || oldHeadingRuns[string(w)]
}

// appendLowerRun appends the first run of letters, digits and marks of s
// to b, lower-cased as vntext.Fold does. ok is false when the run does
// not fit in b's capacity.
func oldAppendLowerRun(b []byte, s string) ([]byte, bool) {
	started := false
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
			if started {
				break
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
			return b, false
		}
		b = utf8.AppendRune(b, r)
	}
	return b, true
}

// maxHeadingLine bounds a heading of furniture, with the links of a
// "Xem thêm: ..." line; longer, it is prose.
const oldMaxHeadingLine = 400

// headingWithLinks reports a line such as "Xem thêm: <a>…</a>": a
// furniture heading followed only by links.
func oldHeadingWithLinks(s *oldSegment, k string) bool {
	for h := range oldTrailingHeadings {
		rest, ok := strings.CutPrefix(k, h)
		if ok && strings.HasPrefix(strings.TrimLeft(rest, " "), ":") {
			return oldLinkShare(s) >= 0.5
		}
	}
	return false
}

// isArticleParagraph tells a paragraph of prose from the headlines of a
// list of other articles: it is mostly not link text, and either long or
// a finished sentence.
func oldIsArticleParagraph(s *oldSegment) bool {
	if s.text == "" || oldLinkShare(s) >= 0.5 {
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
func oldLinkShare(s *oldSegment) float64 {
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
			walk(c, in || oldIsElement(n, "a"))
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
func oldRemoveEmpty(root *html.Node) {
	// Children before their parent, last to first: what a parent holds
	// is known once its empty children are gone.
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.LastChild; c != nil; {
			prev := c.PrevSibling
			if c.Type == html.ElementNode {
				walk(c)
				oldRemoveIfEmpty(c)
			}
			c = prev
		}
	}
	walk(root)
	oldTrimBreaks(root)
	oldWalkElements(root, oldTrimBreaks)
}

// removeIfEmpty detaches n when it shows nothing. A block of separators
// alone (" | " between removed share links, a row of dashes) shows
// nothing a reader wants either.
func oldRemoveIfEmpty(n *html.Node) {
	f := oldElementFlags[n.Data]
	if f&oldFKeepEmpty != 0 || oldHasMedia(n) {
		return
	}
	shown, word := oldTextTraits(n, false, false)
	if !shown || f&oldFBlock != 0 && !word {
		oldDetach(n)
	}
}

// textTraits reports whether the text under n (as textOf reads it) has a
// rune that is not a space, and one that is a letter or a digit, adding
// to what shown and word already say.
func oldTextTraits(n *html.Node, shown, word bool) (bool, bool) {
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
		if oldIs(n.Data, oldFSkipContent) {
			return shown, word
		}
	}
	for c := n.FirstChild; c != nil && !(shown && word); c = c.NextSibling {
		shown, word = oldTextTraits(c, shown, word)
	}
	return shown, word
}

// keepWhenEmpty are elements whose emptiness still means something.
var oldKeepWhenEmpty = map[string]bool{
	"br": true, "hr": true, "td": true, "th": true, "tr": true, "col": true, "colgroup": true,
	"thead": true, "tbody": true, "tfoot": true, "img": true, "iframe": true, "video": true,
	"audio": true, "source": true, "picture": true,
}

// trimBreaks removes <br>s at the start and end of n's content and keeps
// at most two in a row (one blank line) in between.
func oldTrimBreaks(n *html.Node) {
	if n.Type != html.ElementNode || (!oldBlockTags[n.Data] && n.Data != "body") {
		return
	}
	run := 0
	seenContent := false
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case oldIsElement(c, "br"):
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
		if oldIsElement(c, "br") {
			n.RemoveChild(c)
		} else if !(c.Type == html.TextNode && strings.TrimSpace(c.Data) == "") {
			break
		}
		c = prev
	}
}

// maxSummaryRunes bounds the summary: a lead is a few sentences; a feed
// whose body is one unbroken block must not make its summary the article.
const oldMaxSummaryRunes = 600

// maxTitleRunes bounds a title made from the text when the feed gave none.
const oldMaxTitleRunes = 120

// Item cleans one item. It never fails: whatever arrives gets a best effort.
func (c *OldCleaner) Item(feed *gofeed.Feed, it *gofeed.Item, src bantin.Source, feedURL string) bantin.Item {
	if it == nil {
		it = &gofeed.Item{}
	}
	if feed == nil {
		feed = &gofeed.Feed{}
	}
	now, loc := c.now(), c.location()
	out := bantin.Item{Source: src.URL, Unit: src.Unit, Title: oldPlainTitle(it.Title)}
	out.Link = oldItemLink(it, oldParseBase(feedURL, feed.Link, feed.FeedLink))
	if out.Link != "" {
		out.CanonicalLink = OldCanonical(out.Link)
	}
	out.Author = oldAuthor(it, feed)

	b := c.body(it, out.Title, oldParseBase(out.Link, feedURL, feed.Link), loc, now)
	out.Content, out.Summary = b.content, oldTruncateWords(b.summary, oldMaxSummaryRunes)
	out.Text = b.text
	if out.Title == "" {
		out.Title = oldTruncateWords(oldFirstLine(out.Text), oldMaxTitleRunes)
	}
	var dated bool
	out.Published, out.Updated, dated = oldItemDates(it, b, out.Link, loc, now)
	out.DateOnly = dated && oldIsMidnight(out.Published, loc)
	out.GUID = oldGuid(it.GUID, out, dated)
	return out
}

// isMidnight reports a time that is exactly the start of its day in loc:
// what the day-only dates of portals ("13/11/2026", a page's date line)
// become. A story really published at 00:00:00 is rare enough to share it.
func oldIsMidnight(t time.Time, loc *time.Location) bool {
	t = t.In(loc)
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// body is what the content of an item becomes.
type oldBody struct {
	content string // sanitized HTML
	text    string // PlainText(content)
	summary string // plain text lead
	date    time.Time
	hasDate bool // the page's date line gave date
}

// body runs the pipeline on an item's content: filter (furniture, date
// lines, repeated title and lead), rewrite (links), sanitize last.
func (c *OldCleaner) body(it *gofeed.Item, title string, base *url.URL, loc *time.Location, now time.Time) oldBody {
	content, desc := it.Content, it.Description
	if strings.TrimSpace(content) == "" {
		content, desc = desc, ""
	}
	content = oldMarkupOf(content)
	if !oldTagLike.MatchString(content) {
		content = oldTextToHTML(content)
	}
	sc := c.getScratch()
	defer c.scratch.Put(sc)
	root, clean := oldParseContent(content, &sc.tree)

	oldRemoveToolLinks(root)
	segs, stale := oldTrimTrailingBlocks(root, oldTextSegments(oldSegments(root, clean, &sc.segments)))
	if stale {
		segs = oldTextSegments(oldSegments(root, clean, &sc.segments))
	}
	var b oldBody
	b.date, b.hasDate = oldHeaderLines(segs, title, loc, now)
	if d, ok := oldFooterLines(segs, loc, now); ok && !b.hasDate {
		b.date, b.hasDate = d, true
	}
	texts := oldTextSegments(segs)
	descLead := oldDescriptionLead(desc, title, texts)
	lead, known, inContent := oldLeadOnce(root, texts, descLead)
	switch {
	case descLead != "":
		b.summary = descLead
		if !inContent {
			oldPrependLead(root, descLead)
		}
	case known:
		b.summary = lead
	default:
		b.summary = oldFirstParagraph(texts)
	}

	oldRemoveEmpty(root)
	oldNormalizeBlocks(root)
	oldRewriteLinks(root, base)
	b.content, b.text = c.sanitize(root, len(content), clean, sc)
	return b
}

// dropElements are removed with their content before anything else:
// nothing in them is article text, and left in place they would count as
// paragraphs.
var oldDropElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "object": true,
	"embed": true, "applet": true, "svg": true, "math": true, "input": true, "button": true,
	"select": true, "textarea": true, "link": true, "meta": true, "base": true, "head": true,
	"title": true, "frame": true, "frameset": true, "noframes": true, "canvas": true, "map": true,
}

// prepare removes what is never content and repairs text and the
// readable attributes (alt, title): NFC, entities encoded twice, no-break
// and zero-width spaces. A <form> (ASP.NET
// portals wrap whole pages in one) is unwrapped, not removed.
func oldPrepare(root *html.Node) {
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch {
			case c.Type == html.CommentNode || c.Type == html.DoctypeNode:
				n.RemoveChild(c)
			case c.Type == html.ElementNode && oldDropElements[c.Data]:
				n.RemoveChild(c)
			case c.Type == html.TextNode:
				c.Data = oldRepairText(c.Data)
			default:
				for i, a := range c.Attr {
					if a.Key == "alt" || a.Key == "title" {
						c.Attr[i].Val = oldOneLine(oldDecodeEntities(a.Val))
					}
				}
				walk(c)
				if oldIsElement(c, "form") {
					oldUnwrap(c)
				}
			}
			c = next
		}
	}
	walk(root)
}

// unwrap replaces n by its children.
func oldUnwrap(n *html.Node) {
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
	}
	oldDetach(n)
}

// repairText fixes one text node: NFC, twice-encoded entities decoded,
// NBSP and other spaces as plain spaces, zero-width and invisible runes
// dropped. Runs of spaces stay: HTML shows them as one.
func oldRepairText(s string) string {
	s, _ = oldRepairTextNFC(s)
	return s
}

// repairTextNFC is repairText that also reports a result known to be in
// NFC: dropping a rune after normalizing can leave a mark unjoined.
func oldRepairTextNFC(s string) (string, bool) {
	if strings.IndexByte(s, '&') < 0 && oldIsPlainVietnamese(s) {
		return s, true
	}
	s = vntext.NFC(oldDecodeEntities(s))
	if oldIsRepaired(s) {
		return s, true
	}
	if len(s) <= len(oldSpaces) && strings.Trim(s, " \t\n\r\f\v") == "" {

		return oldSpaces[:len(s)], true
	}
	var b strings.Builder
	b.Grow(len(s))

	nfc := true
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u180e':
			nfc = false
		case oldIsSpaceRune(r):
			b.WriteByte(' ')
		case oldIsInvisibleRune(r):
			nfc = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nfc
}

// spaces backs the repaired form of short runs of white space.
const oldSpaces = "                                                                "

// isPlainVietnamese reports text that is NFC and repaired as it is, told
// in one pass for the runes Vietnamese is written with: printable ASCII,
// the Latin blocks below the combining marks, the precomposed letters
// of U+1E00-U+1EFF and the dashes and quotes of U+2010-U+2027, all of
// them starters that never compose. Any other rune says "don't know".
func oldIsPlainVietnamese(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
		case c == 0xc2:
			if i+1 >= len(s) || s[i+1] < 0xa1 || s[i+1] > 0xbf || s[i+1] == 0xad {
				return false
			}
			i += 2
		case 0xc3 <= c && c <= 0xcb:
			if i+1 >= len(s) || s[i+1]&0xc0 != 0x80 {
				return false
			}
			i += 2
		case c == 0xe1:
			if i+2 >= len(s) || s[i+1] < 0xb8 || s[i+1] > 0xbb || s[i+2]&0xc0 != 0x80 {
				return false
			}
			i += 3
		case c == 0xe2:
			if i+2 >= len(s) || s[i+1] != 0x80 || s[i+2] < 0x90 || s[i+2] > 0xa7 {
				return false
			}
			i += 3
		default:
			return false
		}
	}
	return true
}

// isRepaired reports whether repairText would leave s (NFC, decoded) as
// it is, the common case that needs no copy.
func oldIsRepaired(s string) bool {
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
		if !oldPlainRune(r) {
			return false
		}
		i += n
	}
	return true
}

// itemLink returns the item's link made absolute: its link, else another
// of its links, else its guid when that is a URL (RSS permalinks).
func oldItemLink(it *gofeed.Item, base *url.URL) string {
	candidates := append([]string{it.Link}, it.Links...)
	candidates = append(candidates, it.GUID)
	for _, l := range candidates {
		if abs := oldAbsolute(base, l); abs != "" {
			if l == it.GUID && !strings.Contains(l, "://") {
				continue
			}
			return abs
		}
	}
	return ""
}

// author names the item's authors, else the feed's.
func oldAuthor(it *gofeed.Item, feed *gofeed.Feed) string {
	names := oldPersonNames(it.Authors, it.Author)
	if len(names) == 0 && it.DublinCoreExt != nil {
		for _, n := range it.DublinCoreExt.Creator {
			if n = oldPlainTitle(n); n != "" {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		names = oldPersonNames(feed.Authors, feed.Author)
	}
	return strings.Join(names, ", ")
}

func oldPersonNames(people []*gofeed.Person, single *gofeed.Person) []string {
	if len(people) == 0 && single != nil {
		people = []*gofeed.Person{single}
	}
	var out []string
	for _, p := range people {
		if p == nil {
			continue
		}
		name := oldPlainTitle(p.Name)
		if name == "" {
			name = oldPlainTitle(p.Email)
		}
		if name != "" && !oldContainsString(out, name) {
			out = append(out, name)
		}
	}
	return out
}

func oldContainsString(list []string, s string) bool {
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
func oldGuid(raw string, it bantin.Item, dated bool) string {
	if g := oldOneLine(raw); g != "" {
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

func oldFirstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// maxLeadRunes bounds a description that can be a lead: longer, it is the
// article itself or a long extract, not a sapo.
const oldMaxLeadRunes = 1200

// sapoClass reports a class naming the lead block of a portal's article
// template: ".ArticleSummary", ".sapo", ".chapeau".
func oldSapoClass(class string) bool {
	for _, c := range strings.Fields(strings.ToLower(class)) {
		switch {
		case strings.Contains(c, "sapo"), strings.Contains(c, "summary"), strings.Contains(c, "chapeau"),
			c == "lead", c == "lede", c == "tomtat", c == "tom-tat":
			return true
		}
	}
	return false
}

// findSapo returns the first element under root marked as the lead block
// and holding a lead-sized text: a "summary" class on a wrapper of the
// whole article does not make the article a lead.
func oldFindSapo(root *html.Node) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if class := oldAttr(c, "class"); class != "" && oldMayBeSapoClass(class) && oldSapoClass(class) {
				if text := oldOneLine(oldTextOf(c)); text != "" && utf8.RuneCountInString(text) <= oldMaxLeadRunes {
					found = c
					return
				}
			}
			walk(c)
		}
	}
	walk(root)
	return found
}

// mayBeSapoClass is a cheap test that sapoClass may hold: one of its
// words is in class, in any case. Lower-casing a non-ASCII rune never
// makes one of their letters.
func oldMayBeSapoClass(class string) bool {
	for _, w := range []string{"sapo", "summary", "chapeau", "lead", "lede", "tomtat", "tom-tat"} {
		if oldContainsFoldASCII(class, w) {
			return true
		}
	}
	return false
}

// containsFoldASCII reports whether s holds the lower-case ASCII word w
// in any case.
func oldContainsFoldASCII(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				break
			}
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

func oldContains(ancestor, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == ancestor {
			return true
		}
	}
	return false
}

// textSegments keeps the segments that hold text, in segs' own array.
func oldTextSegments(segs []*oldSegment) []*oldSegment {
	out := segs[:0]
	for _, s := range segs {
		if s.text != "" {
			out = append(out, s)
		}
	}
	return out
}

// leadOnce keeps the lead paragraph once in the content. The lead is the
// portal's marked lead block, else the description when it is a lead
// (descLead, may be ""), else a paragraph written twice in a row near the
// top. Every other paragraph equal to it under vntext.Fold (a final
// period, spacing, case, Unicode form, tone placement) is a repeat and
// goes; a paragraph that is only similar stays. It returns the lead's text, whether it is known to be
// the lead (marked, given, or repeated) rather than just the first
// paragraph, and whether the content holds it.
func oldLeadOnce(root *html.Node, texts []*oldSegment, descLead string) (lead string, known, inContent bool) {
	var kept *oldSegment
	switch sapo := oldFindSapo(root); {
	case sapo != nil:
		lead, known = oldOneLine(oldTextOf(sapo)), true
		for _, s := range texts {
			if oldContains(sapo, oldFirstNode(s)) {
				kept = s
				break
			}
		}
	case descLead != "":
		lead, known = descLead, true
	default:
		if s := oldRepeatedOpening(texts); s != nil {
			lead, kept, known = s.text, s, true
		}
	}
	var leadKey string
	if kept != nil && kept.text == lead {
		leadKey = kept.key()
	} else {
		leadKey = vntext.Fold(lead)
	}
	if leadKey == "" {
		return "", false, false
	}
	leadSig := oldFoldSig(lead)
	for _, s := range texts {
		if s == kept || s.text == "" || !oldSameSize(s.text, leadKey) {
			continue
		}
		if !oldSameBeforeFinal(s.text, lead) && (!s.keyed && oldFoldSig(s.text) != leadSig || s.key() != leadKey) {
			continue
		}
		if kept == nil {
			kept = s
			continue
		}
		s.remove()
	}
	return lead, known, kept != nil
}

// leadWindow is how far into the text a lead and its repeat are looked
// for when nothing marks the lead: past a kicker or a subtitle, not into
// the body.
const oldLeadWindow = 4

// repeatedOpening finds the lead a page writes twice in a row near its
// top, as a sapo and again as the first body paragraph.
func oldRepeatedOpening(texts []*oldSegment) *oldSegment {
	for i := 0; i+1 < len(texts) && i < oldLeadWindow; i++ {
		a, b := texts[i], texts[i+1]
		if oldSameBeforeFinal(a.text, b.text) {
			if strings.TrimRight(a.text, oldFoldFinal) != "" {
				return a
			}
			continue
		}
		if (!a.keyed || !b.keyed) && oldFoldSig(a.text) != oldFoldSig(b.text) {
			continue
		}
		if k := a.key(); k != "" && k == b.key() {
			return texts[i]
		}
	}
	return nil
}

// foldFinal is what vntext.Fold trims from the end of a text: final
// punctuation and spaces.
const oldFoldFinal = ".…;:!?/\"'“”‘’«»„-‐‑‒–—― "

// sameBeforeFinal reports two texts (on one line, NFC) that fold alike
// because they differ only in what folding trims from their end: a lead
// and its repeat with a period. It spares folding both.
func oldSameBeforeFinal(a, b string) bool {
	return strings.TrimRight(a, oldFoldFinal) == strings.TrimRight(b, oldFoldFinal)
}

// foldSig is a cheap test that two texts (on one line, NFC) may fold to
// the same key: folding keeps their ASCII digits and consonants, in
// order, and only lower-cases them, so texts whose sequences differ fold
// apart. It hashes the start of that sequence.
func oldFoldSig(s string) uint64 {

	h := uint64(14695981039346656037)
	n := 0
	for i := 0; i < len(s) && n < 48; i++ {
		if c := oldSigByte[s[i]]; c != 0 {
			h = (h ^ uint64(c)) * 1099511628211
			n++
		}
	}
	return h
}

// sigByte maps the bytes foldSig reads (ASCII digits and consonants) to
// themselves in lower case, and every other byte to 0.
var oldSigByte = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			continue
		}
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

// sameSize is a cheap test that text may fold to key: folding trims final
// punctuation and lower-cases, so it never halves a text nor more than
// doubles it. Most paragraphs of an article fail it and are never folded.
func oldSameSize(text, key string) bool {
	return len(text) >= len(key)/2 && len(text) <= 2*len(key)+64
}

func oldFirstNode(s *oldSegment) *html.Node {
	if len(s.nodes) == 0 {
		return s.br
	}
	return s.nodes[0]
}

// prependLead puts the lead at the top of the content, as portals show
// their sapo: in bold, above the body.
func oldPrependLead(root *html.Node, lead string) {
	frag := oldParseFragment("<p><strong>" + stdhtml.EscapeString(lead) + "</strong></p>")
	for c := frag.LastChild; c != nil; c = frag.LastChild {
		frag.RemoveChild(c)
		root.InsertBefore(c, root.FirstChild)
	}
}

// descriptionLead returns the description's text when it is a lead
// beside the content: short, one paragraph, not the title, not the
// content itself, and not an excerpt cut from the start of the content
// ("Ngày 16/12/2020, Ban Dân vận...").
func oldDescriptionLead(desc, title string, texts []*oldSegment) string {
	d := OldPlainText(desc)
	if d == "" || strings.Contains(d, "\n\n") || utf8.RuneCountInString(d) > oldMaxLeadRunes || len(texts) == 0 {
		return ""
	}
	dk := vntext.Fold(d)
	if dk == "" {
		return ""
	}
	if ft := vntext.Fold(title); dk == ft || dk == strings.Trim(ft, oldDecoration) {
		return ""
	}

	prefix, whole := oldSigPrefixOf(d, texts)
	if !prefix {
		return d
	}
	if whole {
		var all strings.Builder
		for _, s := range texts {
			all.WriteString(s.text)
			all.WriteByte(' ')
		}
		if dk == vntext.Fold(all.String()) {
			return ""
		}
	}
	trimmed := strings.TrimRight(d, " .…[]()")
	if tk := vntext.Fold(trimmed); tk != "" && strings.HasPrefix(oldFoldedStart(texts, len(tk)), tk) && tk != texts[0].key() {
		return ""
	}
	return d
}

// foldedStart returns vntext.Fold of the texts joined by spaces, or a
// prefix of it at least n bytes long: folding paragraph by paragraph
// gives the start of the whole folded, since nothing carries across the
// space between two.
func oldFoldedStart(texts []*oldSegment, n int) string {
	if k := texts[0].key(); len(k) >= n || len(texts) == 1 {
		return k
	}
	var b strings.Builder
	for _, s := range texts {
		b.WriteString(s.text)
		b.WriteByte(' ')
		if b.Len() >= n+n/2+16 {
			if k := vntext.Fold(b.String()); len(k) >= n {
				return k
			}
		}
	}
	return vntext.Fold(b.String())
}

// sigPrefixOf reports whether the ASCII digits and consonants of d (the
// bytes foldSig reads) begin those of the texts joined, what folding
// keeps of a text that begins the content; whole, whether they are all
// of them.
func oldSigPrefixOf(d string, texts []*oldSegment) (prefix, whole bool) {
	i := 0
	next := func() byte {
		for ; i < len(d); i++ {
			if c := oldSigByte[d[i]]; c != 0 {
				i++
				return c
			}
		}
		return 0
	}
	want := next()
	for _, s := range texts {
		for j := 0; j < len(s.text); j++ {
			if c := oldSigByte[s.text[j]]; c != 0 {
				if want == 0 {
					return true, false
				}
				if c != want {
					return false, false
				}
				want = next()
			}
		}
	}
	return want == 0, want == 0
}

// firstParagraph picks the summary when nothing marks a lead: the first
// paragraph long enough to say something (a photo caption does not).
func oldFirstParagraph(texts []*oldSegment) string {
	for _, s := range texts {
		if s.text != "" && len(vntext.Words(s.text)) >= 8 {
			return s.text
		}
	}
	for _, s := range texts {
		if s.text != "" {
			return s.text
		}
	}
	return ""
}

// trackingParams are query parameters that say who shared a link, not
// which article it is. Prefixes end in "_".
var oldTrackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true,
	"_ga": true, "_gl": true, "zarsrc": true, "gidzl": true, "spm": true,
	"fb_action_ids": true, "fb_action_types": true, "fb_source": true, "fb_ref": true,
	"__twitter_impression": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
}

var oldTrackingPrefixes = []string{"utm_", "pk_", "mtm_"}

func oldIsTracking(key string) bool {
	key = strings.ToLower(key)
	if oldTrackingParams[key] {
		return true
	}
	for _, p := range oldTrackingPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// Canonical returns the identity form of a link: absolute, scheme and host
// lower case, default port dropped, fragment dropped, tracking parameters
// (utm_*, fbclid, gclid, zarsrc, ...) dropped, remaining query kept in
// order. A link that is not an absolute http(s) URL is returned trimmed:
// there is no identity to compute without a base.
func OldCanonical(link string) string {
	link = strings.TrimSpace(link)
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return link
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return link
	}
	u.Host = oldCanonicalHost(u.Scheme, u.Host)
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = oldStripTracking(u.RawQuery)
	u.ForceQuery = false
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	if !strings.Contains(strings.ToLower(u.RawPath), "%2f") {

		u.RawPath = ""
	}
	if strings.Contains(u.Path, "/.") {

		u = u.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery})
	}
	return u.String()
}

// canonicalHost lower-cases a host and drops the port its scheme implies.
func oldCanonicalHost(scheme, host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		return host
	}
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") || port == "" {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return host
}

// stripTracking removes tracking parameters from a raw query and keeps
// the others byte for byte, in their order: re-encoding could turn one
// article's URL into another's.
func oldStripTracking(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	kept := parts[:0]
	for _, p := range parts {
		if p == "" {
			continue
		}
		key, _, _ := strings.Cut(p, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if !oldIsTracking(key) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "&")
}

// absolute resolves ref against base and returns it only when the result
// is an http(s) URL; "" otherwise (javascript:, mailto: and the like are
// not article links).
func oldAbsolute(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// parseBase returns the first of the candidates that is an absolute
// http(s) URL, to resolve relative references against.
func oldParseBase(candidates ...string) *url.URL {
	for _, c := range candidates {
		u, err := url.Parse(strings.TrimSpace(c))
		if err == nil && u.Host != "" && (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) {
			return u
		}
	}
	return nil
}

// lazySrc are the attributes lazy-loading scripts keep the real image in,
// leaving a placeholder in src that is useless without the script.
var oldLazySrc = []string{"data-src", "data-original", "data-lazy-src", "data-lazyload", "data-url"}

// rewriteLinks makes every href and src under root absolute against
// base. Links that cannot be (javascript:, vbscript:, data: outside
// images) lose their href; players not on the allow-list are removed.
func oldRewriteLinks(root *html.Node, base *url.URL) {
	oldWalkElements(root, func(n *html.Node) {
		switch n.Data {
		case "a", "area":
			oldRewriteHref(n, base)
		case "img":
			oldRewriteImg(n, base)
		case "iframe":
			if src, ok := oldAllowedPlayer(base, oldAttr(n, "src")); ok {
				oldSetAttr(n, "src", src)

				oldSetAttr(n, "sandbox", oldPlayerSandbox)
			} else {
				oldDetach(n)
			}
		}
	})
}

func oldRewriteHref(n *html.Node, base *url.URL) {
	href := strings.TrimSpace(oldAttr(n, "href"))
	switch {
	case href == "":
		oldRemoveAttr(n, "href")
	case oldHasScheme(href, "mailto") || oldHasScheme(href, "tel"):

	case strings.HasPrefix(href, "#"):

		oldRemoveAttr(n, "href")
	default:
		if abs := oldAbsolute(base, href); abs != "" {
			oldSetAttr(n, "href", abs)
		} else {
			oldRemoveAttr(n, "href")
		}
	}
}

func oldRewriteImg(n *html.Node, base *url.URL) {
	src := strings.TrimSpace(oldAttr(n, "src"))
	for _, k := range oldLazySrc {
		if v := strings.TrimSpace(oldAttr(n, k)); v != "" && (src == "" || oldHasScheme(src, "data") && !oldHasScheme(v, "data")) {
			src = v
			break
		}
	}
	switch {
	case src == "":
		oldDetach(n)
	case oldHasScheme(src, "data"):
		oldSetAttr(n, "src", src)
	default:
		if abs := oldAbsolute(base, src); abs != "" {
			oldSetAttr(n, "src", abs)
		} else {
			oldDetach(n)
		}
	}
}

func oldHasScheme(ref, scheme string) bool {
	return len(ref) > len(scheme) && ref[len(scheme)] == ':' && strings.EqualFold(ref[:len(scheme)], scheme)
}

// playerHosts are the video hosts whose embedded players are kept, with
// the path prefix a player lives under ("" for any path).
var oldPlayerHosts = map[string]string{
	"youtube.com":              "/embed/",
	"www.youtube.com":          "/embed/",
	"youtube-nocookie.com":     "/embed/",
	"www.youtube-nocookie.com": "/embed/",
}

// playerDomains are domains whose own players, on any of their hosts, are
// kept: the national broadcasters.
var oldPlayerDomains = []string{"vtv.vn", "vtv.gov.vn", "vov.vn"}

const oldPlayerSandbox = "allow-scripts allow-same-origin allow-presentation allow-popups"

// allowedPlayer reports whether an iframe src is a player from the
// allow-list, and returns it absolute over https.
func oldAllowedPlayer(base *url.URL, src string) (string, bool) {
	abs := oldAbsolute(base, src)
	if abs == "" {
		return "", false
	}
	u, err := url.Parse(abs)
	if err != nil || u.User != nil || u.Port() != "" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	ok := false
	if prefix, found := oldPlayerHosts[host]; found {
		ok = strings.HasPrefix(u.Path, prefix)
	}
	for _, d := range oldPlayerDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			ok = true
		}
	}
	if !ok {
		return "", false
	}
	u.Scheme, u.Host = "https", host
	return u.String(), true
}

// reparse follows the tokens the sanitizer writes.
type oldReparse struct {
	ok     bool
	clean  bool // the text written is NFC and repaired
	open   []oldReparseFrame
	run    []byte          // text of the paragraph being read
	pieces []int           // where in run each text after the first starts
	out    strings.Builder // the paragraphs so far
}

// reparseFrame is an open element: its name and how its content counts
// towards paragraphs.
type oldReparseFrame struct {
	name string
	kind oldFrameKind
	off  int // for inline: where in run its text starts
}

type oldFrameKind uint8

const (
	oldWalked  oldFrameKind = iota // a block: its children are paragraphs of their own
	oldInline                      // part of the paragraph, until a break inside makes it walked
	oldSkipped                     // content that is no text (an iframe's)
)

// reset readies r for a tree, keeping the memory of its last use but
// for the text, which the caller keeps.
func (r *oldReparse) reset(clean bool, sizeHint int) {
	r.ok, r.clean = true, clean
	r.open, r.run, r.pieces = r.open[:0], r.run[:0], r.pieces[:0]
	r.out = strings.Builder{}
	r.out.Grow(sizeHint)
}

func (r *oldReparse) top() string {
	if len(r.open) == 0 {
		return ""
	}
	return r.open[len(r.open)-1].name
}

// tableTop reports whether the current node puts the parser in one of
// the table modes, where text and tags other than the table's own are
// moved out of the table.
func (r *oldReparse) tableTop() bool {
	switch r.top() {
	case "table", "tbody", "thead", "tfoot", "tr", "colgroup":
		return true
	}
	return false
}

// pInButtonScope reports an open <p> a block start tag would close.
func (r *oldReparse) pInButtonScope() bool {
	for i := len(r.open) - 1; i >= 0; i-- {
		switch r.open[i].name {
		case "p":
			return true
		case "table", "td", "th", "caption":
			return false
		}
	}
	return false
}

// nests reports whether the parser would insert start tag name as a
// child of the current node and change nothing else.
func (r *oldReparse) nests(name string) bool {
	if len(r.open) >= oldMaxFastDepth {
		return false
	}
	switch r.top() {
	case "colgroup":
		return name == "col"
	case "table":
		switch name {
		case "caption", "colgroup", "tbody", "thead", "tfoot":
			return true
		}
		return false
	case "tbody", "thead", "tfoot":
		return name == "tr"
	case "tr":
		return name == "td" || name == "th"
	}
	f := oldElementFlags[name]
	switch {
	case name == "caption" || name == "col" || name == "colgroup" || name == "tbody" || name == "td" ||
		name == "tfoot" || name == "th" || name == "thead" || name == "tr":
		return false
	case f&(oldFClosesP|oldFHeading) != 0 || name == "hr" || name == "table" || name == "li":
		if r.pInButtonScope() {
			return false
		}
		if f&oldFHeading != 0 && oldIs(r.top(), oldFHeading) {
			return false
		}
		if name == "li" {
			for i := len(r.open) - 1; i >= 0; i-- {
				d := r.open[i].name
				if d == "li" {
					return false
				}
				if oldIs(d, oldFSpecial) && d != "p" {
					break
				}
			}
		}
	case f&oldFFormatting != 0:
		same := 0
		for i := len(r.open) - 1; i >= 0; i-- {
			d := r.open[i].name
			if d == "td" || d == "th" || d == "caption" {
				break
			}
			if d == name {
				if name == "a" {
					return false
				}
				same++
			}
		}
		return same < 2
	case f&oldFDeclined != 0 || f&(oldFRawDropped|oldFSkipContent) != 0 && name != "iframe":
		return false
	}
	return true
}

// start follows a start tag the sanitizer wrote.
func (r *oldReparse) start(name string) {
	if !r.ok {
		return
	}
	if !r.nests(name) {
		r.ok = false
		return
	}
	var kind oldFrameKind
	switch {
	case len(r.open) > 0 && r.open[len(r.open)-1].kind == oldSkipped || name == "iframe":
		kind = oldSkipped
	case oldIs(name, oldFBlock):
		r.breakInline()
		r.flush()
		kind = oldWalked
	default:
		kind = oldInline
	}
	r.open = append(r.open, oldReparseFrame{name: name, kind: kind, off: len(r.run)})
}

// void follows a void element (br, img, hr, col) the sanitizer wrote.
func (r *oldReparse) void(name string) {
	if !r.ok {
		return
	}
	if r.tableTop() && !(name == "col" && r.top() == "colgroup") || !r.nests(name) {
		r.ok = false
		return
	}
	if len(r.open) > 0 && r.open[len(r.open)-1].kind == oldSkipped {
		return
	}
	if name == "br" || oldIs(name, oldFBlock) {
		r.breakInline()
		r.flush()
	}
}

// end follows an end tag the sanitizer wrote. The parser closes exactly
// the current node when the names match: the checks in nests kept every
// open element where the parser would have it.
func (r *oldReparse) end(name string) {
	if !r.ok {
		return
	}
	if r.top() != name {
		r.ok = false
		return
	}
	f := r.open[len(r.open)-1]
	r.open = r.open[:len(r.open)-1]
	if f.kind == oldWalked {
		r.flush()
	}
}

// text follows text the sanitizer wrote.
func (r *oldReparse) text(s string) {
	if !r.ok || s == "" {
		return
	}
	if r.tableTop() {
		if strings.Trim(s, oldTableSpace) != "" {
			r.ok = false
			return
		}
	}
	if len(r.open) > 0 && r.open[len(r.open)-1].kind == oldSkipped {
		return
	}
	if len(r.run) > 0 {
		r.pieces = append(r.pieces, len(r.run))
	}
	r.run = append(r.run, s...)
}

// breakInline handles a break inside inline elements: walkSegments walks
// into every inline element that holds one, so each such element ends
// the paragraph before it, and its text so far starts a new one.
func (r *oldReparse) breakInline() {
	first := len(r.open)
	for first > 0 && r.open[first-1].kind == oldInline {
		first--
	}
	if first == len(r.open) {
		return
	}
	last := 0
	for i := first; i < len(r.open); i++ {
		r.emit(last, r.open[i].off)
		last = r.open[i].off
		r.open[i].kind = oldWalked
	}
	r.keepFrom(last)
}

// flush ends the paragraph being read.
func (r *oldReparse) flush() {
	r.emit(0, len(r.run))
	r.run, r.pieces = r.run[:0], r.pieces[:0]
}

// keepFrom drops the run's text before from.
func (r *oldReparse) keepFrom(from int) {
	n := copy(r.run, r.run[from:])
	r.run = r.run[:n]
	kept := r.pieces[:0]
	for _, p := range r.pieces {
		if p > from {
			kept = append(kept, p-from)
		}
	}
	r.pieces = kept
}

// emit adds run[a:b] as a paragraph, on one line, when it has text.
func (r *oldReparse) emit(a, b int) {
	if a >= b {
		return
	}
	part := r.run[a:b]
	nfc := r.clean
	for _, p := range r.pieces {
		if nfc && a < p && p < b {
			c, _ := utf8.DecodeRune(r.run[p:])
			nfc = c < 0x300 || 0x1e00 <= c && c <= 0x1eff
		}
	}
	if !nfc {
		t := oldOneLine(string(part))
		if t == "" {
			return
		}
		if r.out.Len() > 0 {
			r.out.WriteString("\n\n")
		}
		r.out.WriteString(t)
		return
	}

	for len(part) > 0 && part[0] == ' ' {
		part = part[1:]
	}
	for len(part) > 0 && part[len(part)-1] == ' ' {
		part = part[:len(part)-1]
	}
	if len(part) == 0 {
		return
	}
	if r.out.Len() > 0 {
		r.out.WriteString("\n\n")
	}
	for len(part) > 0 {
		k := bytes.Index(part, oldDoubleSpace)
		if k < 0 {
			r.out.Write(part)
			break
		}
		r.out.Write(part[:k+1])
		part = bytes.TrimLeft(part[k+1:], " ")
	}
}

var oldDoubleSpace = []byte("  ")

// finish returns the text, or false when the tokens needed a repair.
func (r *oldReparse) finish() (string, bool) {
	if !r.ok {
		return "", false
	}
	r.flush()
	return r.out.String(), true
}

// Allowed values of the attributes the policy keeps.
var (
	oldSafeHref    = regexp.MustCompile(`^(?i)(?:https?://|mailto:|tel:)`)
	oldSafeImgSrc  = regexp.MustCompile(`^(?i)(?:https?://|data:image/(?:gif|jpeg|png|webp);base64,)`)
	oldDimension   = regexp.MustCompile(`^[0-9]{1,4}(?:%|px)?$`)
	oldPlayerSrc   = regexp.MustCompile(`^https://(?:(?:www\.)?youtube(?:-nocookie)?\.com/embed/|(?:[a-z0-9-]+\.)*(?:vtv\.vn|vtv\.gov\.vn|vov\.vn)/)[^\s"'<>\\]*$`)
	oldCellSpan    = regexp.MustCompile(`^[0-9]{1,3}$`)
	oldPlainString = regexp.MustCompile(`^[^<>]*$`)
)

// newPolicy builds the allow-list for published content: text structure,
// tables, figures, images and links; players from the video allow-list;
// nothing that runs code or loads a document. Links open without telling
// the portal who followed them.
func oldNewPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "b", "i", "u", "s", "sub", "sup", "hr",
		"ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6",
		"figure", "figcaption",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col")
	p.AllowAttrs("colspan", "rowspan").Matching(oldCellSpan).OnElements("td", "th")

	p.RequireParseableURLs(true)
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowDataURIImages()

	p.AllowAttrs("href").Matching(oldSafeHref).OnElements("a")
	p.AllowAttrs("title").Matching(oldPlainString).OnElements("a", "img")
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)

	p.AllowAttrs("src").Matching(oldSafeImgSrc).OnElements("img")
	p.AllowAttrs("alt").Matching(oldPlainString).OnElements("img")
	p.AllowAttrs("width", "height").Matching(oldDimension).OnElements("img", "iframe")

	p.AllowAttrs("src").Matching(oldPlayerSrc).OnElements("iframe")
	p.AllowAttrs("allowfullscreen", "frameborder").OnElements("iframe")
	p.AllowIFrames(bluemonday.SandboxAllowScripts, bluemonday.SandboxAllowSameOrigin,
		bluemonday.SandboxAllowPresentation, bluemonday.SandboxAllowPopups)
	return p
}

// PlainText returns the readable text of sanitized HTML (for Summary and
// for fingerprints): no tags, entities decoded, NFC, spaces collapsed
// within a paragraph and paragraphs separated by a blank line.
func OldPlainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return oldJoinParagraphs(strings.Split(s, "\n\n"))
	}
	var b strings.Builder
	b.Grow(len(s))
	var buf []byte
	oldWalkSegments(oldParseHTML(s), nil, func(nodes []*html.Node, _ *html.Node) {
		var text string
		if text, buf = oldSegmentText(nodes, buf, false); text == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(text)
	})
	return b.String()
}

func oldJoinParagraphs(paras []string) string {
	var b strings.Builder
	for _, p := range paras {
		p = oldOneLine(p)
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
var oldLeafBlockRename = map[string]string{
	"div": "p", "section": "p", "article": "p", "header": "p", "footer": "p",
	"main": "p", "aside": "p", "center": "p", "address": "p", "dd": "p", "dt": "p",
	"pre": "p", "summary": "p", "details": "p", "nav": "p", "h1": "h2",
}

// normalizeBlocks prepares the tree for the allow-list: a block the policy
// does not know and that holds only inline content becomes a <p>; text
// running loose beside blocks is wrapped in <p>; h1 (the page's own
// title level) becomes h2.
func oldNormalizeBlocks(root *html.Node) {
	oldWalkElements(root, func(n *html.Node) {
		to, ok := oldLeafBlockRename[n.Data]
		if !ok {
			return
		}
		if to == "p" && oldHasBlockChild(n) {
			oldWrapLooseText(n)
			return
		}
		n.Data, n.DataAtom, n.Attr = to, 0, nil
	})
	if oldHasBlockChild(root) {
		oldWrapLooseText(root)
	}
}

func oldHasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (oldBlockTags[c.Data] || oldBreaksLines(c) && c.Data != "br") {
			return true
		}
	}
	return false
}

// wrapLooseText wraps each run of inline children of n that sits beside
// block children into a <p> of its own.
func oldWrapLooseText(n *html.Node) {
	var run []*html.Node
	flush := func(before *html.Node) {
		if len(run) > 0 && (oldOneLine(oldTextOfNodes(run)) != "" || oldAnyMedia(run)) {
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
		if c.Type == html.ElementNode && (oldBlockTags[c.Data] || oldBreaksLines(c) && c.Data != "br") {
			flush(c)
		} else if c.Type != html.CommentNode {
			run = append(run, c)
		}
		c = next
	}
	flush(nil)
}

func oldTextOfNodes(nodes []*html.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		oldAppendText(&b, n)
	}
	return b.String()
}

func oldAnyMedia(nodes []*html.Node) bool {
	for _, n := range nodes {
		if oldHasMedia(n) {
			return true
		}
	}
	return false
}

// writerElements are the elements newPolicy allows, with the attributes
// it allows on each and the pattern their value must match (nil: any).
var oldWriterElements = func() map[string]map[string]*regexp.Regexp {
	m := map[string]map[string]*regexp.Regexp{}
	for _, e := range strings.Fields(`p br strong em b i u s sub sup hr ul ol li blockquote h2 h3 h4 h5 h6
		figure figcaption table caption thead tbody tfoot tr th td colgroup col a img iframe`) {
		m[e] = map[string]*regexp.Regexp{}
	}
	m["td"]["colspan"], m["td"]["rowspan"] = oldCellSpan, oldCellSpan
	m["th"]["colspan"], m["th"]["rowspan"] = oldCellSpan, oldCellSpan
	m["a"]["href"], m["a"]["title"] = oldSafeHref, oldPlainString
	m["img"]["src"], m["img"]["alt"], m["img"]["title"] = oldSafeImgSrc, oldPlainString, oldPlainString
	m["img"]["width"], m["img"]["height"] = oldDimension, oldDimension
	m["iframe"]["src"], m["iframe"]["width"], m["iframe"]["height"] = oldPlayerSrc, oldDimension, oldDimension
	m["iframe"]["allowfullscreen"], m["iframe"]["frameborder"], m["iframe"]["sandbox"] = nil, nil, nil
	return m
}()

// needAttrs are allowed elements bluemonday drops (keeping their
// content) when no attribute survives.
var oldNeedAttrs = map[string]bool{"a": true, "img": true, "iframe": true}

// skipContentOf are the elements whose content bluemonday drops with
// them when they are not allowed.
var oldSkipContentOf = oldSetOf(`frame frameset iframe noembed noframes noscript nostyle object script style title`)

// sandboxTokens are the sandbox values newPolicy lets through.
var oldSandboxTokens = map[string]bool{"allow-scripts": true, "allow-same-origin": true, "allow-presentation": true, "allow-popups": true}

// rawTextElements are those whose text the renderer writes unescaped.
var oldRawTextElements = oldSetOf(`iframe noembed noframes noscript plaintext script style xmp`)

// treeWriter is the state bluemonday keeps while it reads tokens.
type oldTreeWriter struct {
	out         strings.Builder
	skipping    int      // open elements whose content is dropped
	closingSkip []string // dropped start tags whose end tag goes too
	attrs       []html.Attribute

	// reparse follows the tokens written, for Item.Text.
	reparse *oldReparse
}

// sanitizeTree returns the sanitized HTML of root's children, trimmed,
// and its PlainText, or false when the tree is one the writer leaves to
// bluemonday. clean says the tree's text is NFC and repaired.
func oldSanitizeTree(root *html.Node, sizeHint int, clean bool) (content, text string, ok bool) {
	return oldSanitizeTreeWith(root, sizeHint, clean, new(oldReparse))
}

// sanitizeTreeWith is sanitizeTree with the memory of rp.
func oldSanitizeTreeWith(root *html.Node, sizeHint int, clean bool, rp *oldReparse) (content, text string, ok bool) {
	rp.reset(clean, sizeHint)
	w := oldTreeWriter{reparse: rp}
	w.out.Grow(sizeHint + sizeHint/8 + 64)
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if !w.node(c) {
			return "", "", false
		}
	}
	content = strings.TrimSpace(w.out.String())

	if text, ok := w.reparse.finish(); ok {
		return content, text, true
	}
	return content, OldPlainText(content), true
}

func (w *oldTreeWriter) node(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		if strings.IndexByte(n.Data, 0) >= 0 {
			return false
		}
		if w.skipping == 0 {
			oldWriteEscaped(&w.out, n.Data)
			w.reparse.text(n.Data)
		}
		return true
	case html.ElementNode:
	default:
		return false
	}
	name := n.Data
	f := oldElementFlags[name]
	if n.Namespace != "" || f&oldFRawText != 0 && name != "iframe" || f == 0 && !oldPlainName(name) {
		return false
	}
	switch name {
	case "pre", "listing", "textarea", "title":
		return false
	}
	if name == "iframe" {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.TextNode || strings.Contains(c.Data, "</") {
				return false
			}
		}
	}
	for _, a := range n.Attr {
		if a.Namespace != "" || !oldPlainName(a.Key) || strings.IndexByte(a.Val, 0) >= 0 {
			return false
		}
	}
	if f&oldFVoid != 0 {
		if n.FirstChild != nil {
			return false
		}
		w.selfClosing(n)
		return true
	}
	w.start(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !w.node(c) {
			return false
		}
	}
	w.end(name)
	return true
}

// voidElement are the elements the renderer writes as "<x/>", which read
// back as self-closing tags.
var oldVoidElement = oldSetOf(`area base br col embed hr img input keygen link meta param source track wbr`)

// plainName reports a tag or attribute name that reads back as itself.
func oldPlainName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !oldNameByte(s[i]) || 'A' <= s[i] && s[i] <= 'Z' {
			return false
		}
	}
	return true
}

func (w *oldTreeWriter) start(n *html.Node) {
	f := oldElementFlags[n.Data]
	if f&oldFAllowed == 0 {
		if f&oldFSkipWhenDropped != 0 {
			w.skipping++
		}
		return
	}
	attrs := w.sanitizeAttrs(n.Data, n.Attr)
	if len(attrs) == 0 && f&oldFNeedAttrs != 0 {
		w.closingSkip = append(w.closingSkip, n.Data)
		return
	}
	if w.skipping == 0 {
		w.writeTag(n.Data, attrs, ">")
		w.reparse.start(n.Data)
	}
}

func (w *oldTreeWriter) end(name string) {
	if len(w.closingSkip) > 0 && w.closingSkip[len(w.closingSkip)-1] == name {
		w.closingSkip = w.closingSkip[:len(w.closingSkip)-1]
		return
	}
	if f := oldElementFlags[name]; f&oldFAllowed == 0 {
		if f&oldFSkipWhenDropped != 0 {
			w.skipping--
		}
		return
	}
	if w.skipping == 0 {
		w.out.WriteString("</")
		w.out.WriteString(name)
		w.out.WriteByte('>')
		w.reparse.end(name)
	}
}

func (w *oldTreeWriter) selfClosing(n *html.Node) {
	f := oldElementFlags[n.Data]
	if f&oldFAllowed == 0 {
		return
	}
	attrs := w.sanitizeAttrs(n.Data, n.Attr)
	if len(attrs) == 0 && f&oldFNeedAttrs != 0 {
		return
	}
	if w.skipping == 0 {
		w.writeTag(n.Data, attrs, "/>")
		w.reparse.void(n.Data)
	}
}

func (w *oldTreeWriter) writeTag(name string, attrs []html.Attribute, close string) {
	w.out.WriteByte('<')
	w.out.WriteString(name)
	for _, a := range attrs {
		w.out.WriteByte(' ')
		w.out.WriteString(a.Key)
		w.out.WriteString(`="`)
		oldWriteEscaped(&w.out, a.Val)
		w.out.WriteByte('"')
	}
	w.out.WriteString(close)
}

// sanitizeAttrs is bluemonday's sanitizeAttrs for newPolicy: the allowed
// attributes whose value matches, URLs checked and normalized, links
// given rel and target, players a sandbox. The result is only valid
// until the next call.
func (w *oldTreeWriter) sanitizeAttrs(name string, in []html.Attribute) []html.Attribute {
	out := w.attrs[:0]
	if len(in) == 0 {
		return out
	}
	allowed := oldWriterElements[name]
	for _, a := range in {
		re, ok := allowed[a.Key]
		if !ok || re != nil && !oldMatches(re, a.Val) {
			continue
		}
		if a.Key == "href" && name == "a" || a.Key == "src" && (name == "img" || name == "iframe") {
			u, ok := oldValidURL(a.Val)
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
			if a.Key == "href" {
				if u, err := url.Parse(a.Val); err == nil && u.Host != "" {
					external = true
				}
			}
		}
		if oldHasAttr(out, "href") {
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
				out[i].Val = oldCleanSandbox(a.Val)
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
func oldMatches(re *regexp.Regexp, v string) bool {
	switch re {
	case oldPlainString:
		return !strings.ContainsAny(v, "<>")
	case oldDimension:
		n := len(v)
		switch {
		case strings.HasSuffix(v, "%"):
			n--
		case strings.HasSuffix(v, "px"):
			n -= 2
		}
		return 1 <= n && n <= 4 && oldAllDigits(v[:n])
	case oldCellSpan:
		return 1 <= len(v) && len(v) <= 3 && oldAllDigits(v)
	case oldSafeHref, oldSafeImgSrc:

		if strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") {
			return true
		}
	}
	return re.MatchString(v)
}

func oldAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cleanSandbox keeps the allowed sandbox values, once each, in order.
func oldCleanSandbox(v string) string {
	var kept []string
	for _, f := range strings.Fields(v) {
		if oldSandboxTokens[f] && !slices.Contains(kept, f) {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " ")
}

// validURL is bluemonday's validURL for newPolicy: a URL without spaces
// (a data: URL may have line breaks) that parses, with a scheme of the
// allow-list, written back as url.URL writes it.
func oldValidURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if strings.ContainsAny(raw, " \t\n") {
		if !strings.HasPrefix(raw, "data:") {
			return "", false
		}
		if m := oldDataBase64Prefix.FindString(raw); m != "" {
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
		m := oldDataImagePrefix.FindString(u.Opaque)
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
	oldDataBase64Prefix = regexp.MustCompile(`^data:[^,]*;base64,`)
	oldDataImagePrefix  = regexp.MustCompile(`^image/(gif|jpeg|png|svg\+xml|webp);base64,`)
)

// writeEscaped writes s escaped as html.EscapeString does.
func oldWriteEscaped(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if !oldMustEscape[s[i]] {
			continue
		}
		b.WriteString(s[last:i])
		switch s[i] {
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\r':
			b.WriteString("&#13;")
		}
		last = i + 1
	}
	b.WriteString(s[last:])
}

// mustEscape marks the bytes html.EscapeString replaces.
var oldMustEscape = [256]bool{'&': true, '\'': true, '<': true, '>': true, '"': true, '\r': true}

// isSpaceRune reports the runes portals put where a space belongs: ASCII
// and Unicode spaces (NBSP above all) and the zero-width ones, which
// unicode.IsSpace does not count.
func oldIsSpaceRune(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e':
		return true
	}
	return unicode.IsSpace(r)
}

// isInvisibleRune reports runes that render as nothing and only break
// comparisons and search: soft hyphens and stray control characters.
func oldIsInvisibleRune(r rune) bool {
	return r == '\u00ad' || r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\t') || (0x7f <= r && r < 0xa0)
}

// oneLine returns s in NFC with every run of space-like runes turned into
// one ASCII space, invisible runes dropped, and no space at either end.
// The spelling itself is kept: this is for what is stored, not a key.
func oldOneLine(s string) string {
	s = vntext.NFC(s)
	if oldIsOneLine(s) {

		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		switch {
		case oldIsSpaceRune(r):
			space = len(b) > 0
			continue
		case oldIsInvisibleRune(r):
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, s[i-n:i]...)
	}
	return string(b)
}

// isOneLine reports whether oneLine would leave s as it is: single ASCII
// spaces between words only, nothing invisible, valid UTF-8.
func oldIsOneLine(s string) bool {
	afterSpace := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ':
				if afterSpace {
					return false
				}
				afterSpace = true
			case c < 0x20 || c == 0x7f:
				return false
			default:
				afterSpace = false
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !oldPlainRune(r) {
			return false
		}
		i += n
		afterSpace = false
	}
	return !afterSpace || s == ""
}

// plainRune reports a non-ASCII rune that is neither a space of any kind
// nor invisible (see isSpaceRune, isInvisibleRune), without the unicode
// tables for the runes Vietnamese text is made of.
func oldPlainRune(r rune) bool {
	if r < 0x2000 {
		return r > 0xa0 && r != 0xad && r != 0x1680 && r != 0x180e
	}
	return !oldIsSpaceRune(r) && !oldIsInvisibleRune(r)
}

// tagLike finds what a browser would read as a tag; "Tỷ lệ <5%" has none.
var oldTagLike = regexp.MustCompile(`<(?:/?[A-Za-z][^<>]*|!--.*?--)>`)

// entityLike finds an entity left encoded after the first decoding, the
// trace of portals that encode twice ("&amp;#225;" for "á").
var oldEntityLike = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// plainTitle turns a feed title into plain text: tags stripped, entities
// decoded (twice-encoded ones too), NFC, spaces cleaned. The words keep
// the source's spelling.
func oldPlainTitle(s string) string {
	if oldTagLike.MatchString(s) {
		s = oldTextOfFragment(s)
	}
	return oldOneLine(oldDecodeEntities(s))
}

// decodeEntities decodes the entities left in text that was already
// decoded once, so "&amp;#225;" shown as "&#225;" becomes "á". It runs at
// most twice: a third level is no longer a portal slip but content.
func oldDecodeEntities(s string) string {
	for range 2 {
		if !strings.Contains(s, "&") || !oldEntityLike.MatchString(s) {
			break
		}
		s = stdhtml.UnescapeString(s)
	}
	return s
}

// textOfFragment returns the text of an HTML fragment, without any tag,
// script or style content.
func oldTextOfFragment(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			if oldSkipContent[string(name)] {
				skip++
			} else if oldBlockTags[string(name)] || string(name) == "br" {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if oldSkipContent[string(name)] && skip > 0 {
				skip--
			} else if oldBlockTags[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

// escapedTag finds markup escaped once too often: "&lt;p&gt;" where the
// portal meant <p>.
var oldEscapedTag = regexp.MustCompile(`&lt;/?(?:p|div|br|span|strong|b|i|em|img|a|table|tr|td|ul|ol|li|h[1-6])(?:\s|/?&gt;)`)

// markupOf returns content as markup. A portal that escapes its HTML
// twice sends no tag at all and its tags as text; they are decoded once,
// and the sanitizer runs on the result as on any other content.
func oldMarkupOf(s string) string {
	if !oldTagLike.MatchString(s) && oldEscapedTag.MatchString(s) {
		return stdhtml.UnescapeString(s)
	}
	return s
}

// blankLines splits plain text into paragraphs.
var oldBlankLines = regexp.MustCompile(`\r?\n[ \t\p{Zs}\x{200b}\x{feff}]*\r?\n\s*`)

// textToHTML turns a description written as plain text (no tag at all)
// into paragraphs, so the same lead and furniture rules apply to it. It
// is not escaped: a feed's description is HTML text by convention, and
// without a tag its entities are all it can hold.
func oldTextToHTML(s string) string {
	var b strings.Builder
	for _, para := range oldBlankLines.Split(strings.TrimSpace(s), -1) {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(para, "\r\n", "\n"), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}

// truncateWords cuts s to at most max runes at a word boundary, marking
// the cut with an ellipsis.
func oldTruncateWords(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut := 0
	for i := range s {
		if cut >= max {
			s = s[:i]
			break
		}
		cut++
	}
	if sp := strings.LastIndexByte(s, ' '); sp > len(s)/2 {
		s = s[:sp]
	}
	return strings.TrimRight(s, " ,;:-–") + "…"
}

// maxFastDepth is below the depth at which x/net/html gives up on a
// document, so such input takes the parser's path and keeps its result.
const oldMaxFastDepth = 500

// parseContent parses an item's content into b and prepares the tree
// for the filters (see prepare). clean reports that every text node is
// in NFC besides repaired, which spares segments a pass over the text.
func oldParseContent(s string, b *oldBuilder) (root *html.Node, clean bool) {
	b.reset(s, true)
	if b.run() {
		return b.root, b.nfc
	}
	root = oldParseFragment(s)
	oldPrepare(root)
	return root, false
}

// parseHTML is parseFragment, fast for the markup buildTree reads.
func oldParseHTML(s string) *html.Node {
	if root, ok := oldBuildTree(s, false); ok {
		return root
	}
	return oldParseFragment(s)
}

// buildTree parses s as parseFragment does, then with prepared as
// prepare leaves the tree. ok is false when s needs the real parser.
func oldBuildTree(s string, prepared bool) (root *html.Node, ok bool) {
	b := new(oldBuilder)
	b.reset(s, prepared)
	if !b.run() {
		return nil, false
	}
	return b.root, true
}

// reset readies b to parse s, keeping the memory of its last use: a
// block of a little more than one node per '<', about what portal markup
// needs, and of one attribute per '='.
func (b *oldBuilder) reset(s string, prepared bool) {
	n := strings.Count(s, "<")
	if need := n + n/8 + 8; cap(b.slab) < need {
		b.slab = make([]html.Node, 0, need)
	}
	b.nodes = b.slab[:0]
	if need := strings.Count(s, "=") + 4; cap(b.attrs) < need {
		b.attrs = make([]html.Attribute, 0, need)
	}
	b.attrs = b.attrs[:0]
	b.s, b.i, b.prepared, b.nfc = s, 0, prepared, true
	b.afe = b.afe[:0]
	b.droppedIn, b.droppedAfter = nil, nil
	b.root = b.node()
	b.root.Type, b.root.Data, b.root.DataAtom = html.ElementNode, "body", atom.Body
	b.stack = append(b.stack[:0], b.root)
}

// builder is the state of buildTree: the tokenizer's position, the
// parser's stack of open elements and list of active formatting
// elements (nil for a marker).
type oldBuilder struct {
	s        string
	i        int
	prepared bool
	root     *html.Node
	stack    []*html.Node
	afe      []*html.Node
	slab     []html.Node // the first block of nodes, kept by reset
	nodes    []html.Node // the block nodes come from
	attrs    []html.Attribute
	nfc      bool // every text node repaired so far was in NFC

	// dropped* say where prepare removed a node last: text after it must
	// not join the text before it.
	droppedIn, droppedAfter *html.Node
}

// node returns a zeroed node from the current block. Blocks are never
// grown in place: nodes point at each other.
func (b *oldBuilder) node() *html.Node {
	if len(b.nodes) == cap(b.nodes) {
		b.nodes = make([]html.Node, 0, 32)
	}
	b.nodes = b.nodes[:len(b.nodes)+1]
	n := &b.nodes[len(b.nodes)-1]
	*n = html.Node{}
	return n
}

func (b *oldBuilder) top() *html.Node { return b.stack[len(b.stack)-1] }

// run reads every token. It returns false at the first thing it does not
// model.
func (b *oldBuilder) run() bool {
	s := b.s
	if strings.IndexByte(s, 0) >= 0 {
		return false
	}
	for b.i < len(s) {
		if s[b.i] != '<' || b.i+1 == len(s) || !oldTagStart(s[b.i+1]) {
			if !b.text(b.readText()) {
				return false
			}
			continue
		}
		var ok bool
		switch c := s[b.i+1]; {
		case c == '/':
			ok = b.endTagToken()
		case c == '!' || c == '?':
			ok = b.markup()
		default:
			ok = b.startTagToken()
		}
		if !ok {
			return false
		}
	}
	return true
}

// tagStart reports a byte after '<' that starts a tag, comment or
// declaration rather than text.
func oldTagStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

// readText reads text up to the next tag, decoded as the tokenizer does.
func (b *oldBuilder) readText() string {
	s, start := b.s, b.i
	j := start
	for {
		k := strings.IndexByte(s[j:], '<')
		if k < 0 {
			j = len(s)
			break
		}
		j += k
		if j+1 < len(s) && oldTagStart(s[j+1]) {
			break
		}
		j++
	}
	b.i = j
	return oldDecodeText(s[start:j], false)
}

// decodeText turns raw text into what the tokenizer returns: CR LF and
// CR as LF, and unless raw, character references decoded.
func oldDecodeText(t string, raw bool) string {
	if strings.IndexByte(t, '\r') >= 0 {
		t = strings.ReplaceAll(strings.ReplaceAll(t, "\r\n", "\n"), "\r", "\n")
	}
	if !raw && strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	return t
}

// markup reads a comment, a bogus comment or a declaration.
func (b *oldBuilder) markup() bool {
	s := b.s
	var data string
	switch {
	case strings.HasPrefix(s[b.i:], "<!--"):
		start := b.i + 4
		end, next, ok := oldCommentEnd(s, start)
		if !ok {
			return false
		}
		data, b.i = s[start:end], next
	case b.i+2 < len(s) && (s[b.i+2] == 'd' || s[b.i+2] == 'D') && s[b.i+1] == '!':
		return false
	default:
		start := b.i + 2
		if s[b.i+1] == '?' {
			start--
		}
		k := strings.IndexByte(s[start:], '>')
		if k < 0 {
			return false
		}
		data, b.i = s[start:start+k], start+k+1
	}
	if b.prepared {
		b.drop()
		return true
	}
	n := b.node()
	n.Type, n.Data = html.CommentNode, oldDecodeText(data, false)
	b.top().AppendChild(n)
	return true
}

// commentEnd finds the end of a comment whose text starts at start, as
// the tokenizer's readComment does: "-->", "--!>", or "<!-->" and
// "<!--->" closing at once. It returns the end of the text and the
// position after the comment.
func oldCommentEnd(s string, start int) (end, next int, ok bool) {
	dashes, beginning := 0, true
	for i := start; i < len(s); i++ {
		switch s[i] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return max(start, i-2), i + 1, true
			}
		case '!':
			if dashes >= 2 {
				if i+1 >= len(s) {
					return 0, 0, false
				}
				i++
				if s[i] == '>' {
					return i - 3, i + 1, true
				}
				if s[i] == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return 0, 0, false
}

// tag is a start or end tag as read.
type oldTag struct {
	name        string
	atom        atom.Atom
	attr        []html.Attribute
	selfClosing bool
}

// readTag reads a tag whose name starts at b.i. Attributes are kept
// only when keep (end tags drop theirs).
func (b *oldBuilder) readTag(keep bool) (t oldTag, ok bool) {
	s := b.s
	i := b.i
	start := i
	for i < len(s) && !oldIsTagSpace(s[i]) && s[i] != '/' && s[i] != '>' {
		if !oldNameByte(s[i]) {
			return t, false
		}
		i++
	}
	t.name = oldLowerName(s[start:i])
	t.atom = atom.Lookup([]byte(t.name))
	if t.atom != 0 {
		t.name = t.atom.String()
	}
	var first int
	if keep {
		first = len(b.attrs)
	}
	for {
		i = oldSkipTagSpace(s, i)
		if i >= len(s) {
			return t, false
		}
		switch s[i] {
		case '>':
			b.i = i + 1
			if keep {
				t.attr = b.attrs[first:len(b.attrs):len(b.attrs)]
			}
			return t, true
		case '/':
			if i+1 >= len(s) || s[i+1] != '>' {
				return t, false
			}
			t.selfClosing = true
			i++
			continue
		}
		var key, val string
		key, val, i, ok = oldReadAttr(s, i)
		if !ok {
			return t, false
		}
		if keep && !oldHasAttr(b.attrs[first:], key) {
			if len(b.attrs) == cap(b.attrs) {

				grown := make([]html.Attribute, len(b.attrs)-first, max(16, 2*(len(b.attrs)-first)+4))
				copy(grown, b.attrs[first:])
				b.attrs, first = grown, 0
			}
			b.attrs = append(b.attrs, html.Attribute{Key: key, Val: val})
		}
	}
}

// readAttr reads one attribute at i: a name, and a value quoted, bare
// or absent.
func oldReadAttr(s string, i int) (key, val string, next int, ok bool) {
	start := i
	for i < len(s) && !oldIsTagSpace(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=' {
		if !oldNameByte(s[i]) {
			return "", "", 0, false
		}
		i++
	}
	if i == start {
		return "", "", 0, false
	}
	key = oldLowerName(s[start:i])
	j := oldSkipTagSpace(s, i)
	if j >= len(s) || s[j] != '=' {
		return key, "", i, true
	}
	j = oldSkipTagSpace(s, j+1)
	if j >= len(s) {
		return "", "", 0, false
	}
	switch q := s[j]; q {
	case '"', '\'':
		k := strings.IndexByte(s[j+1:], q)
		if k < 0 {
			return "", "", 0, false
		}
		raw := s[j+1 : j+1+k]
		val, ok = oldAttrValue(raw)
		return key, val, j + k + 2, ok
	case '>':
		return "", "", 0, false
	default:
		k := j
		for k < len(s) && !oldIsTagSpace(s[k]) && s[k] != '>' {
			switch s[k] {
			case '"', '\'', '<', '=', '`':
				return "", "", 0, false
			}
			k++
		}
		if k < len(s) && s[k] == '>' && s[k-1] == '/' {

			return "", "", 0, false
		}
		val, ok = oldAttrValue(s[j:k])
		return key, val, k, ok
	}
}

// attrValue decodes an attribute value as the tokenizer does. It gives
// up where an attribute decodes a reference differently from text (a
// legacy name without ';', as in "?a=1&copy=2"), so decoding as text is
// exact for what it accepts.
func oldAttrValue(raw string) (string, bool) {
	if strings.IndexByte(raw, '\r') >= 0 {
		raw = strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\r", "\n")
	}
	amp := strings.IndexByte(raw, '&')
	if amp < 0 {
		return raw, true
	}
	for rest := raw[amp:]; ; {
		if !oldSafeReference(rest[1:]) {
			return "", false
		}
		k := strings.IndexByte(rest[1:], '&')
		if k < 0 {
			break
		}
		rest = rest[1+k:]
	}
	return html.UnescapeString(raw), true
}

// safeReference reports whether what follows an '&' in an attribute
// decodes the same in text: a numeric reference, one of the common named
// ones with its ';', or a name no legacy entity begins.
func oldSafeReference(s string) bool {
	if s == "" || s[0] == '#' {
		return true
	}
	n := 0
	for n < len(s) && oldIsAlnum(s[n]) {
		n++
	}
	if n == 0 {
		return true
	}
	if n < len(s) && s[n] == ';' {
		switch s[:n] {
		case "amp", "lt", "gt", "quot", "apos", "nbsp", "#39":
			return true
		}
	}
	for j := 2; j <= n; j++ {
		if oldLegacyEntities[s[:j]] {
			return false
		}
	}
	return true
}

// legacyEntities are the named references a browser decodes without a
// final ';'. Only they decode differently in an attribute.
var oldLegacyEntities = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH
		Eacute Ecirc Egrave Euml GT Iacute Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde
		Ouml QUOT REG THORN Uacute Ucirc Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring
		atilde auml brvbar ccedil cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12
		frac14 frac34 gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro middot nbsp not ntilde
		oacute ocirc ograve ordf ordm oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1
		sup2 sup3 szlig thorn times uacute ucirc ugrave uml uuml yacute yen yuml`) {
		m[n] = true
	}
	return m
}()

func oldIsAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// nameByte is what buildTree accepts in tag and attribute names; the
// tokenizer accepts more, which buildTree leaves to it.
func oldNameByte(c byte) bool {
	return oldIsAlnum(c) || c == '-' || c == '_' || c == ':' || c == '.'
}

func oldIsTagSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'
}

func oldSkipTagSpace(s string, i int) int {
	for i < len(s) && oldIsTagSpace(s[i]) {
		i++
	}
	return i
}

// lowerName lower-cases an ASCII name, without a copy when it is already.
func oldLowerName(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func oldHasAttr(attrs []html.Attribute, key string) bool {
	for _, a := range attrs {
		if a.Key == key {
			return true
		}
	}
	return false
}

func (b *oldBuilder) startTagToken() bool {
	b.i++
	t, ok := b.readTag(true)
	if !ok {
		return false
	}
	return b.startTag(t)
}

func (b *oldBuilder) endTagToken() bool {
	s := b.s
	if b.i+2 >= len(s) {
		return false
	}
	c := s[b.i+2]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false
	}
	b.i += 2
	t, ok := b.readTag(false)
	if !ok {
		return false
	}
	return b.endTag(t)
}

// Insertion modes, as far as buildTree tells them apart.
type oldInsertionMode uint8

const (
	oldInBody oldInsertionMode = iota
	oldInTable
	oldInTableBody
	oldInRow
	oldInCell
	oldInCaption
	oldInColumnGroup
)

// mode is the parser's insertion mode, which for the markup buildTree
// accepts follows from the stack of open elements.
func (b *oldBuilder) mode() oldInsertionMode {
	switch b.top().Data {
	case "table":
		return oldInTable
	case "tbody", "thead", "tfoot":
		return oldInTableBody
	case "tr":
		return oldInRow
	case "colgroup":
		return oldInColumnGroup
	}
	for i := len(b.stack) - 1; i > 0; i-- {
		switch b.stack[i].Data {
		case "td", "th":
			return oldInCell
		case "caption":
			return oldInCaption
		case "table":
			return oldInTable
		}
	}
	return oldInBody
}

// text inserts a text token.
func (b *oldBuilder) text(t string) bool {
	if t == "" {
		return true
	}
	switch b.mode() {
	case oldInTable, oldInTableBody, oldInRow:
		if strings.Trim(t, oldTableSpace) != "" {
			return false
		}
	case oldInColumnGroup:
		if strings.Trim(t, oldTableSpace) != "" {
			return false
		}
	}
	return b.addText(t)
}

const oldTableSpace = " \t\r\n\f"

func (b *oldBuilder) addText(t string) bool {
	parent := b.top()
	if last := parent.LastChild; last != nil && last.Type == html.TextNode &&
		!(b.droppedIn == parent && b.droppedAfter == last) {
		return false
	}
	if b.prepared {
		var nfc bool
		t, nfc = oldRepairTextNFC(t)
		b.nfc = b.nfc && nfc
	}
	n := b.node()
	n.Type, n.Data = html.TextNode, t
	parent.AppendChild(n)
	return true
}

// drop records that prepare would remove a node inserted here now.
func (b *oldBuilder) drop() {
	b.droppedIn = b.top()
	b.droppedAfter = b.droppedIn.LastChild
}

// insert adds an element for t under the current node and, unless void,
// opens it.
func (b *oldBuilder) insert(t oldTag, void bool) *html.Node {
	n := b.node()
	n.Type, n.Data, n.DataAtom, n.Attr = html.ElementNode, t.name, t.atom, t.attr
	if b.prepared {
		for i, a := range n.Attr {
			if a.Key == "alt" || a.Key == "title" {
				n.Attr[i].Val = oldOneLine(oldDecodeEntities(a.Val))
			}
		}
	}
	b.top().AppendChild(n)
	if !void {
		b.stack = append(b.stack, n)
	}
	return n
}

// implied inserts an element the markup left out (tbody, tr, colgroup).
func (b *oldBuilder) implied(name string) {
	a := atom.Lookup([]byte(name))
	b.insert(oldTag{name: a.String(), atom: a}, false)
}

// Element sets of the parser's "in body" rules.
var (
	oldClosesP = oldSetOf(`address article aside blockquote center details dialog dir div dl fieldset
		figcaption figure footer header hgroup main menu nav ol p search section summary ul`)
	oldHeadings   = oldSetOf(`h1 h2 h3 h4 h5 h6`)
	oldFormatting = oldSetOf(`a b big code em font i s small strike strong tt u`)
	// voids the parser inserts and closes at once, none of them special
	// to prepare.
	oldVoidInBody = oldSetOf(`area br img wbr param source track`)
	// droppedVoid are voids prepare removes.
	oldDroppedVoid = oldSetOf(`embed input link meta base`)
	// rawDropped hold raw text and are removed by prepare; iframe, whose
	// content is raw text too, stays.
	oldRawDropped = oldSetOf(`script style noscript noframes title`)
	// declined are elements whose rules buildTree does not model.
	oldDeclined = oldSetOf(`html body head frameset frame form pre listing plaintext button nobr applet
		marquee object image textarea xmp noembed select option optgroup rb rtc rp rt math svg
		template basefont bgsound keygen isindex menuitem canvas map caption col colgroup tbody td tfoot th
		thead tr`)
	// blockEnds are the end tags the parser closes with "generate implied
	// end tags" and a pop to the element.
	oldBlockEnds = oldSetOf(`address article aside blockquote center details dialog dir div dl fieldset
		figcaption figure footer header hgroup main menu nav ol search section summary ul`)
	oldSpecial = oldSetOf(`address applet area article aside base basefont bgsound blockquote body br
		button caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure
		footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input
		keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p param
		plaintext pre script section select source style summary table tbody td template textarea
		tfoot th thead title tr track ul wbr xmp`)
)

func oldSetOf(names string) map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(names) {
		m[n] = true
	}
	return m
}

func (b *oldBuilder) startTag(t oldTag) bool {
	if t.selfClosing && (oldIs(t.name, oldFRawDropped) || t.name == "iframe") {
		return false
	}
	switch b.mode() {
	case oldInTable, oldInTableBody, oldInRow, oldInColumnGroup:
		return b.startInTable(t)
	case oldInCell:
		switch t.name {
		case "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr":
			if !b.closeCell() {
				return false
			}
			return b.startTag(t)
		}
	case oldInCaption:
		switch t.name {
		case "caption", "col", "colgroup", "tbody", "td", "tfoot", "thead", "tr", "th":
			return false
		}
	}
	return b.startInBody(t)
}

func (b *oldBuilder) startInBody(t oldTag) bool {
	if len(b.stack) > oldMaxFastDepth {
		return false
	}
	name := t.name
	f := oldElementFlags[name]
	switch {
	case f&oldFDeclined != 0:
		return false
	case f&oldFRawDropped != 0:
		return b.rawElement(t)
	case name == "iframe":
		return b.rawElement(t)
	case f&oldFDroppedVoid != 0:
		if b.prepared {
			b.drop()
			return true
		}
		b.insert(t, true)
	case f&oldFClosesP != 0:
		if !b.closeP() {
			return false
		}
		b.insert(t, false)
	case f&oldFHeading != 0:
		if !b.closeP() {
			return false
		}
		if oldIs(b.top().Data, oldFHeading) {
			return false
		}
		b.insert(t, false)
	case name == "li" || name == "dd" || name == "dt":
		if !b.closeListItem(name) || !b.closeP() {
			return false
		}
		b.insert(t, false)
	case name == "table":
		if !b.closeP() {
			return false
		}
		b.insert(t, false)
	case name == "hr":
		if !b.closeP() {
			return false
		}
		b.insert(t, true)
	case f&oldFVoidInBody != 0:
		b.insert(t, true)
	case f&oldFFormatting != 0:
		same := 0
		for i := len(b.afe) - 1; i >= 0 && b.afe[i] != nil; i-- {
			if b.afe[i].Data == name {
				if name == "a" {
					return false
				}
				same++
			}
		}
		if same >= 2 {
			return false
		}

		slices.SortFunc(t.attr, func(x, y html.Attribute) int { return strings.Compare(x.Key, y.Key) })
		b.afe = append(b.afe, b.insert(t, false))
	default:
		b.insert(t, false)
	}
	return true
}

// rawElement reads an element whose content is text up to its end tag:
// script, style, title, iframe and the like.
func (b *oldBuilder) rawElement(t oldTag) bool {
	s := b.s
	start := b.i
	end := start
	for {
		k := strings.Index(s[end:], "</")
		if k < 0 {
			return false
		}
		end += k
		j := end + 2 + len(t.name)
		if j < len(s) && oldAsciiEqualFold(s[end+2:j], t.name) && (oldIsTagSpace(s[j]) || s[j] == '/' || s[j] == '>') {
			break
		}
		end += 2
	}
	content := s[start:end]
	if t.name == "script" && strings.Contains(content, "<!-") {
		return false
	}
	b.i = end + 2
	if _, ok := b.readTag(false); !ok {
		return false
	}
	if b.prepared && t.name != "iframe" {
		b.drop()
		return true
	}
	n := b.insert(t, false)
	if content != "" {
		txt := b.node()
		txt.Type = html.TextNode
		txt.Data = oldDecodeText(content, t.name != "title")
		if b.prepared {
			txt.Data = oldRepairText(txt.Data)
		}
		n.AppendChild(txt)
	}
	b.stack = b.stack[:len(b.stack)-1]
	return true
}

// asciiEqualFold compares s with a lower-case ASCII name, as the
// tokenizer looks for the end of raw text.
func oldAsciiEqualFold(s, name string) bool {
	for i := 0; i < len(name); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[i] {
			return false
		}
	}
	return true
}

// inScope returns the index of the nearest open element named name that
// is in the parser's scope kind (default, button, list or table), or -1.
func (b *oldBuilder) inScope(name string, kind string) int {
	for i := len(b.stack) - 1; i > 0; i-- {
		d := b.stack[i].Data
		if d == name {
			return i
		}
		switch d {
		case "table":
			return -1
		case "td", "th", "caption":
			if kind != "table" {
				return -1
			}
		case "ol", "ul":
			if kind == "list" {
				return -1
			}
		}
	}
	return -1
}

// popTo closes the open elements from index i up. An active formatting
// element closed on the way would be reopened by the parser later: that
// is not modelled.
func (b *oldBuilder) popTo(i int) bool {
	for _, n := range b.stack[i:] {
		if b.active(n) >= 0 {
			return false
		}
	}
	b.stack = b.stack[:i]
	return true
}

func (b *oldBuilder) active(n *html.Node) int {
	for i := len(b.afe) - 1; i >= 0; i-- {
		if b.afe[i] == n {
			return i
		}
	}
	return -1
}

// closeP closes an open <p> in button scope, as block start tags do.
func (b *oldBuilder) closeP() bool {
	if i := b.inScope("p", "button"); i >= 0 {
		return b.popTo(i)
	}
	return true
}

// closeListItem is the loop of the li, dd and dt start tags: an open
// item of the same kind, not behind another block, is closed.
func (b *oldBuilder) closeListItem(name string) bool {
	for i := len(b.stack) - 1; i > 0; i-- {
		d := b.stack[i].Data
		if d == name || name != "li" && (d == "dd" || d == "dt") {
			return b.popTo(i)
		}
		if oldIs(d, oldFSpecial) && d != "address" && d != "div" && d != "p" {
			return true
		}
	}
	return true
}

// closeCell closes the open cell, as a new cell, row or the table's end
// does. The cell's formatting elements go with its marker.
func (b *oldBuilder) closeCell() bool {
	for i := len(b.stack) - 1; i > 0; i-- {
		switch b.stack[i].Data {
		case "td", "th":
			b.stack = b.stack[:i]
			b.clearToMarker()
			return true
		case "table":
			return false
		}
	}
	return false
}

func (b *oldBuilder) clearToMarker() {
	for len(b.afe) > 0 {
		n := b.afe[len(b.afe)-1]
		b.afe = b.afe[:len(b.afe)-1]
		if n == nil {
			return
		}
	}
}

// startInTable follows the table modes for the tags of a well-formed
// table; anything the parser would foster-parent is declined.
func (b *oldBuilder) startInTable(t oldTag) bool {
	top := b.top().Data
	if top == "colgroup" {
		if t.name == "col" {
			b.insert(t, true)
			return true
		}
		b.stack = b.stack[:len(b.stack)-1]
		return b.startTag(t)
	}
	if t.name == "style" || t.name == "script" {
		return b.rawElement(t)
	}
	switch top {
	case "tr":
		switch t.name {
		case "td", "th":
			b.insert(t, false)
			b.afe = append(b.afe, nil)
			return true
		case "caption", "col", "colgroup", "tbody", "tfoot", "thead", "tr":
			b.stack = b.stack[:len(b.stack)-1]
			return b.startTag(t)
		}
	case "tbody", "thead", "tfoot":
		switch t.name {
		case "tr":
			b.insert(t, false)
			return true
		case "td", "th":
			b.implied("tr")
			return b.startTag(t)
		case "caption", "col", "colgroup", "tbody", "tfoot", "thead":
			b.stack = b.stack[:len(b.stack)-1]
			return b.startTag(t)
		}
	case "table":
		switch t.name {
		case "caption":
			b.afe = append(b.afe, nil)
			b.insert(t, false)
			return true
		case "colgroup", "tbody", "tfoot", "thead":
			b.insert(t, false)
			return true
		case "col":
			b.implied("colgroup")
			return b.startTag(t)
		case "td", "th", "tr":
			b.implied("tbody")
			return b.startTag(t)
		}
	}
	return false
}

func (b *oldBuilder) endTag(t oldTag) bool {
	switch b.mode() {
	case oldInColumnGroup:
		if t.name == "colgroup" {
			b.stack = b.stack[:len(b.stack)-1]
			return true
		}
		if t.name == "col" {
			return false
		}
		b.stack = b.stack[:len(b.stack)-1]
		return b.endTag(t)
	case oldInTable, oldInTableBody, oldInRow:
		return b.endInTable(t)
	case oldInCell:
		switch t.name {
		case "td", "th":
			i := b.inScope(t.name, "table")
			if i < 0 {
				return false
			}
			b.stack = b.stack[:i]
			b.clearToMarker()
			return true
		case "table", "tbody", "tfoot", "thead", "tr":
			if b.inScope(t.name, "table") < 0 || !b.closeCell() {
				return false
			}
			return b.endTag(t)
		case "body", "caption", "col", "colgroup", "html":
			return false
		}
	case oldInCaption:
		switch t.name {
		case "caption":
			i := b.inScope("caption", "table")
			if i < 0 {
				return false
			}
			b.stack = b.stack[:i]
			b.clearToMarker()
			return true
		case "table", "body", "col", "colgroup", "html", "tbody", "td", "tfoot", "th", "thead", "tr":
			return false
		}
	}
	return b.endInBody(t)
}

func (b *oldBuilder) endInTable(t oldTag) bool {
	top := b.top().Data
	switch t.name {
	case "table":
		if top != "table" {
			b.stack = b.stack[:len(b.stack)-1]
			return b.endTag(t)
		}
		b.stack = b.stack[:len(b.stack)-1]
		return true
	case "tr":
		if top != "tr" {
			return false
		}
		b.stack = b.stack[:len(b.stack)-1]
		return true
	case "tbody", "thead", "tfoot":
		if top == "tr" && b.inScope(t.name, "table") >= 0 {
			b.stack = b.stack[:len(b.stack)-1]
			return b.endTag(t)
		}
		if top != t.name {
			return false
		}
		b.stack = b.stack[:len(b.stack)-1]
		return true
	}
	return false
}

func (b *oldBuilder) endInBody(t oldTag) bool {
	name := t.name
	f := oldElementFlags[name]
	switch {
	case name == "br":
		t.attr = nil
		return b.startTag(t)
	case name == "p":
		i := b.inScope("p", "button")
		return i >= 0 && b.popTo(i)
	case name == "li":
		i := b.inScope("li", "list")
		return i >= 0 && b.popTo(i)
	case name == "dd" || name == "dt":
		i := b.inScope(name, "default")
		return i >= 0 && b.popTo(i)
	case f&oldFHeading != 0:
		for i := len(b.stack) - 1; i > 0; i-- {
			d := b.stack[i].Data
			if oldIs(d, oldFHeading) {
				return b.popTo(i)
			}
			if d == "table" || d == "td" || d == "th" || d == "caption" {
				return false
			}
		}
		return false
	case f&oldFBlockEnd != 0:
		i := b.inScope(name, "default")
		return i >= 0 && b.popTo(i)
	case f&oldFFormatting != 0:
		return b.endFormatting(name)
	case f&oldFDeclined != 0 || name == "body" || name == "html":
		return false
	}

	for i := len(b.stack) - 1; i > 0; i-- {
		n := b.stack[i]
		if n.Data == name {
			return b.popTo(i)
		}
		if oldIs(n.Data, oldFSpecial) {
			return false
		}
	}
	return false
}

// endFormatting is the adoption agency for the case without a furthest
// block: the element and whatever is open inside it close.
func (b *oldBuilder) endFormatting(name string) bool {
	top := b.top()
	if top.Data == name && b.active(top) < 0 {
		b.stack = b.stack[:len(b.stack)-1]
		return true
	}
	var fe *html.Node
	k := -1
	for i := len(b.afe) - 1; i >= 0 && b.afe[i] != nil; i-- {
		if b.afe[i].Data == name {
			fe, k = b.afe[i], i
			break
		}
	}
	if fe == nil {
		return false
	}
	at := -1
	for i := len(b.stack) - 1; i > 0; i-- {
		n := b.stack[i]
		if n == fe {
			at = i
			break
		}
		if oldIs(n.Data, oldFSpecial) {
			return false
		}
	}
	if at < 0 {
		return false
	}
	b.afe = slices.Delete(b.afe, k, k+1)
	return b.popTo(at)
}
