package clean

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"bantin/vntext"
)

// Years outside this range are typing slips or placeholders (0001-01-01,
// 9999), not publication dates of a government portal.
const (
	minYear = 1970
	maxYear = 2099
)

// maxDateLen bounds what is worth reading as a date: the longest real
// string seen is under 40 bytes; a paragraph is not a date line.
const maxDateLen = 120

// vietnamZone is used when no zone is given: Vietnam has kept UTC+7
// without daylight saving since 1975.
var vietnamZone = time.FixedZone("+07", 7*60*60)

// ParseDate reads a date as Vietnamese portals and feeds write it:
// RFC 822/1123/3339 with any offset, and the day-first forms
// ("21/12/2020 08:30", "07:00 - 14/09/2023", "12:07:05 04/12/2013",
// "Thứ 2 Ngày 21/12/2020", "Thứ ba, 25 Tháng 1 2022 16:22",
// "Thứ Ba, ngày 05 tháng 2 năm 2008", "Đăng ngày 17 - 05 - 2024",
// "Thứ 5, 28/05/2026 17:00:00 GMT+7", SA/CH for AM/PM). A time without a
// zone is read in loc (UTC+7 when loc is nil). The whole string must be a
// date: "Ngày 16/12/2020, Ban Dân vận..." is a sentence and reports false,
// and so does a time without a day ("12:29 CH"). The result is in loc.
func ParseDate(s string, loc *time.Location) (time.Time, bool) {
	t, ok, _, _, _ := parseDate(s, loc)
	return t, ok
}

// parseDate is ParseDate that also returns the stamp it read, when it
// read one (stamped), so parseDateAt does not read it twice.
func parseDate(s string, loc *time.Location) (t time.Time, ok bool, st stamp, stOK, stamped bool) {
	if loc == nil {
		loc = vietnamZone
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxDateLen {
		return time.Time{}, false, stamp{}, false, false
	}
	if t, ok := parseLayouts(s, loc); ok {
		t, ok = inRange(t, loc)
		return t, ok, stamp{}, false, false
	}
	st, stOK = parseStamp(s)
	if !stOK || !st.hasDate {
		return time.Time{}, false, st, stOK, true
	}
	t, ok = inRange(st.time(loc), loc)
	return t, ok, st, stOK, true
}

// parseDateAt is ParseDate that also reads a time without a day: listing
// pages write only the time for today's news, so it means the last such
// moment at or before now.
func parseDateAt(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	t, ok, st, stOK, stamped := parseDate(s, loc)
	if ok {
		return t, true
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxDateLen {
		return time.Time{}, false
	}
	if !stamped {
		st, stOK = parseStamp(s)
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

func inRange(t time.Time, loc *time.Location) (time.Time, bool) {
	if y := t.Year(); y < minYear || y > maxYear {
		return time.Time{}, false
	}
	return t.In(loc), true
}

// Layouts time.Parse reads whole: ISO 8601 with a T, which the tokenizer
// below does not split.
var (
	zonedLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00"}
	localLayouts = []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", time.ANSIC}
)

func parseLayouts(s string, loc *time.Location) (time.Time, bool) {
	// Each layout has a shape a string must have before time.Parse is
	// worth its error value: "2006-01-02T" or "Mon ".
	switch {
	case len(s) > 10 && s[4] == '-' && s[10] == 'T' && '0' <= s[0] && s[0] <= '9':
		// A zoned layout ends in Z or an offset; without either, each
		// would fail, and a failure costs time.Parse four allocations.
		if strings.ContainsAny(s[10:], "Zz+-") {
			for _, l := range zonedLayouts {
				if t, err := time.Parse(l, s); err == nil {
					return t, true
				}
			}
		}
		for _, l := range localLayouts[:2] {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, true
			}
		}
	case len(s) > 3 && s[3] == ' ':
		if t, err := time.ParseInLocation(localLayouts[2], s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// stamp is what a date string said, field by field.
type stamp struct {
	year, month, day       int
	hour, min, sec         int
	offset                 int // seconds east of UTC
	hasDate, hasTime, hasZ bool
}

func (st stamp) zone(loc *time.Location) *time.Location {
	if st.hasZ {
		return time.FixedZone("", st.offset)
	}
	return loc
}

func (st stamp) time(loc *time.Location) time.Time {
	return time.Date(st.year, time.Month(st.month), st.day, st.hour, st.min, st.sec, 0, st.zone(loc))
}

// Words that may stand around a date without changing it.
var dateFillers = map[string]bool{
	"đăng": true, "ngày": true, "cập": true, "nhật": true, "lúc": true, "vào": true,
	"xuất": true, "bản": true, "thời": true, "gian": true, "gửi": true, "viết": true,
	"posted": true, "published": true, "updated": true, "on": true, "at": true, "date": true,
}

var vnWeekdays = map[string]bool{
	"hai": true, "ba": true, "tư": true, "bốn": true, "năm": true, "sáu": true, "bảy": true, "bẩy": true,
}

var enWeekdays = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true,
	"wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true,
	"friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
}

var enMonths = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// zoneWords are the zone names seen in feeds, with their offsets in hours.
// RFC 822 names the US zones; ICT is Indochina Time.
var zoneWords = map[string]int{
	"gmt": 0, "utc": 0, "ut": 0, "z": 0, "ict": 7,
	"est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}

// Punctuation that only separates the parts of a date.
const dateSeparators = ",;|()[]-–—/.:·•"

type tokKind uint8

const (
	tokNum tokKind = iota
	tokWord
	tokPunct
)

type token struct {
	kind   tokKind
	s      string
	n      int  // value of a number of at most 9 digits
	spaced bool // a space came before it
}

func (t token) num(maxWidth int) bool {
	return t.kind == tokNum && len(t.s) <= maxWidth
}

// tokenize splits a folded date string into numbers, words and single
// punctuation runes.
func tokenize(s string) []token {
	out := make([]token, 0, 16)
	z := tokenizer{s: s}
	for {
		t, ok := z.next()
		if !ok {
			return out
		}
		out = append(out, t)
	}
}

// tokenizer is tokenize one token at a time: a string that is no date
// fails at its first words, and the rest is never read.
type tokenizer struct {
	s string
	i int
}

// next returns the next token, or false at the end.
func (z *tokenizer) next() (token, bool) {
	s := z.s
	spaced := false
	for z.i < len(s) && s[z.i] == ' ' {
		spaced = true
		z.i++
	}
	if z.i == len(s) {
		return token{}, false
	}
	i := z.i
	r, n := utf8.DecodeRuneInString(s[i:])
	var t token
	switch {
	case '0' <= r && r <= '9':
		j := i
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		t = token{kind: tokNum, s: s[i:j], spaced: spaced}
		if j-i <= 9 {
			t.n, _ = strconv.Atoi(t.s)
		}
		z.i = j
	case unicode.IsLetter(r):
		j := i + n
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r2) && !unicode.IsMark(r2) {
				break
			}
			j += n2
		}
		t = token{kind: tokWord, s: s[i:j], spaced: spaced}
		z.i = j
	default:
		p := s[i : i+n]
		if r == utf8.RuneError && n == 1 {
			p = "\uFFFD" // a stray byte reads as U+FFFD, never as part of a separator
		}
		t = token{kind: tokPunct, s: p, spaced: spaced}
		z.i = i + n
	}
	return t, true
}

// stampParser reads tokens left to right; every token must belong to a
// date, a time, a zone, a weekday, a filler word or a separator.
type stampParser struct {
	z    tokenizer
	toks [tokenRing]token // token n at n % tokenRing
	read int              // tokens read so far
	i    int
	st   stamp
}

// tokenRing holds the tokens a step looks at: a step looks at most 7
// tokens past the current one (dayMonthWords), and never back.
const tokenRing = 16

func parseStamp(s string) (stamp, bool) {
	p := stampParser{z: tokenizer{s: vntext.Fold(s)}}
	for p.has(p.i) {
		if !p.step() {
			return stamp{}, false
		}
	}
	return p.st, p.valid()
}

// has reports whether there is a token n, reading up to it.
func (p *stampParser) has(n int) bool {
	for n >= p.read {
		t, ok := p.z.next()
		if !ok {
			return false
		}
		p.toks[p.read%tokenRing] = t
		p.read++
	}
	return true
}

// at returns the token k places ahead, or a zero token past the end.
func (p *stampParser) at(k int) token {
	if p.has(p.i + k) {
		return p.toks[(p.i+k)%tokenRing]
	}
	return token{kind: tokPunct}
}

func (p *stampParser) isPunct(k int, set string) bool {
	t := p.at(k)
	return t.kind == tokPunct && t.s != "" && strings.Contains(set, t.s)
}

func (p *stampParser) isWord(k int, w string) bool {
	t := p.at(k)
	return t.kind == tokWord && t.s == w
}

func (p *stampParser) step() bool {
	t := p.at(0)
	switch t.kind {
	case tokNum:
		return p.timeOf() || p.dateOf()
	case tokWord:
		return p.word(t.s)
	default:
		if (t.s == "+" || t.s == "-") && p.st.hasTime && !p.st.hasZ && p.offset() {
			return true
		}
		if strings.Contains(dateSeparators, t.s) {
			p.i++
			return true
		}
		return false
	}
}

func (p *stampParser) word(w string) bool {
	switch {
	case w == "thứ":
		next := p.at(1)
		if (next.kind == tokWord && vnWeekdays[next.s]) || (next.num(1) && next.n >= 2 && next.n <= 7) {
			p.i += 2
			return true
		}
		return false
	case w == "chủ" && p.isWord(1, "nhật"):
		p.i += 2
		return true
	case w == "cn" || enWeekdays[w] || dateFillers[w]:
		p.i++
		return true
	case enMonths[w] != 0:
		return p.monthFirst()
	}
	if h, ok := zoneWords[w]; ok && !p.st.hasZ {
		p.i++
		p.st.hasZ, p.st.offset = true, h*3600
		if (p.isPunct(0, "+-")) && !p.at(1).spaced && p.at(1).kind == tokNum {
			return p.offset()
		}
		return true
	}
	return false
}

// offset reads "+0700", "+07:00", "+7" after a time or a zone name.
func (p *stampParser) offset() bool {
	sign := 1
	if p.at(0).s == "-" {
		sign = -1
	}
	n := p.at(1)
	if n.kind != tokNum || n.spaced {
		return false
	}
	var h, m int
	used := 2
	switch {
	case len(n.s) == 4:
		h, m = n.n/100, n.n%100
	case len(n.s) <= 2:
		if p.isPunct(2, "/.") {
			return false // "-14/09/2023" is a date after a dash, not a zone
		}
		h = n.n
		if p.isPunct(2, ":") && len(p.at(3).s) == 2 && p.at(3).kind == tokNum && !p.at(3).spaced {
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
func (p *stampParser) timeOf() bool {
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
			if p.isPunct(0, ".,") && p.at(1).kind == tokNum && !p.at(1).spaced {
				p.i += 2 // fractions of a second say nothing a reader needs
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
func (p *stampParser) meridiem(h int) (int, bool) {
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
func (p *stampParser) dateOf() bool {
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
func (p *stampParser) dayMonthWords() bool {
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
	case p.at(k).kind == tokWord && enMonths[p.at(k).s] != 0:
		month = enMonths[p.at(k).s]
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
func (p *stampParser) monthFirst() bool {
	if p.st.hasDate || !p.at(1).num(2) {
		return false
	}
	month, day := enMonths[p.at(0).s], p.at(1).n
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
func (p *stampParser) yearAt(k int) (int, bool) {
	t := p.at(k)
	switch {
	case t.kind == tokNum && len(t.s) == 4:
		return t.n, true
	case t.kind == tokNum && len(t.s) == 2 && !p.isPunct(k+1, ":"):
		if t.n < 70 {
			return 2000 + t.n, true
		}
		return 1900 + t.n, true
	}
	return 0, false
}

func (p *stampParser) setDate(y, m, d, used int) bool {
	p.st.year, p.st.month, p.st.day, p.st.hasDate = y, m, d, true
	p.i += used
	return true
}

// valid checks the fields against the calendar: 31/02 is not a date.
func (p *stampParser) valid() bool {
	st := p.st
	if !st.hasDate {
		return st.hasTime
	}
	if st.year < minYear || st.year > maxYear || st.month < 1 || st.month > 12 || st.day < 1 {
		return false
	}
	t := time.Date(st.year, time.Month(st.month), st.day, 0, 0, 0, 0, time.UTC)
	return t.Day() == st.day && int(t.Month()) == st.month
}

// Dates written into article URLs: "d20110119095900000.htm" (provincial
// party newspaper) and "/Pages/2024-5-17/" (SharePoint), or "/2024/05/17/".
var (
	urlStampDate = regexp.MustCompile(`(?:^|[/_-])d((?:19|20)\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{0,6}\.(?:html?|aspx?)(?:$|[?#])`)
	urlPathDate  = regexp.MustCompile(`/((?:19|20)\d{2})[-/](\d{1,2})[-/](\d{1,2})(?:/|$)`)
)

// dateFromURL finds a publication date written into an article's URL.
func dateFromURL(link string, loc *time.Location) (time.Time, bool) {
	if m := urlStampDate.FindStringSubmatch(link); m != nil {
		n := make([]int, 6)
		for i := range n {
			n[i], _ = strconv.Atoi(m[i+1])
		}
		return checkedDate(n[0], n[1], n[2], n[3], n[4], n[5], loc)
	}
	if m := urlPathDate.FindStringSubmatch(link); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return checkedDate(y, mo, d, 0, 0, 0, loc)
	}
	return time.Time{}, false
}

func checkedDate(y, mo, d, h, mi, s int, loc *time.Location) (time.Time, bool) {
	if y < minYear || y > maxYear || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59 {
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
var zoneSuffix = regexp.MustCompile(`(?i)(?:\dZ|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[A-Z]{2,3}T)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?)\)?\s*$`)

// feedDate returns the time a feed gave in raw (and gofeed's reading of
// it, parsed). Our reading comes first: gofeed takes "01/02/2020" month
// first and reads a zone-less time as UTC, where Vietnamese portals mean
// day first and UTC+7.
func feedDate(raw string, parsed *time.Time, loc *time.Location, now time.Time) (time.Time, bool) {
	raw = strings.TrimSpace(raw)
	if raw != "" {
		if t, ok := parseDateAt(raw, loc, now); ok {
			return t, true
		}
	}
	if parsed == nil || parsed.IsZero() {
		return time.Time{}, false
	}
	t := *parsed
	if raw != "" && !zoneSuffix.MatchString(raw) {
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	}
	return inRange(t, loc)
}

// itemDates picks an item's times: the feed's publication time, else its
// update time, else the page's date line, else a date in the article's
// URL, else now (the time first seen). None is after now. dated reports
// whether the time came from the source rather than the clock.
func itemDates(it *gofeed.Item, b body, link string, loc *time.Location, now time.Time) (published, updated time.Time, dated bool) {
	published, dated = feedDate(it.Published, it.PublishedParsed, loc, now)
	updated, hasUpdated := feedDate(it.Updated, it.UpdatedParsed, loc, now)
	switch {
	case dated:
	case hasUpdated:
		published, dated = updated, true
	case b.hasDate:
		published, dated = b.date, true
	default:
		published, dated = dateFromURL(link, loc)
	}
	if !dated {
		published = now.In(loc)
	}
	published = notAfter(published, now, loc)
	if hasUpdated {
		updated = notAfter(updated, now, loc)
	}
	return published, updated, dated
}

// notAfter clamps t to now: a portal's clock or a typing slip must not
// pin an item to the top of every feed.
func notAfter(t, now time.Time, loc *time.Location) time.Time {
	if t.After(now) {
		return now.In(loc)
	}
	return t
}
