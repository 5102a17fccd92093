package fetch

import "strings"

// This file reads a time layout as Go's time.Parse does (time/format.go,
// Go 1.26: nextStdChunk, skip, getnum, lookup, parseTimeZone; Copyright
// The Go Authors, BSD licence), to tell without time.Parse's cost which
// dates a layout cannot read. It answers "maybe" where time.Parse would
// succeed and "no" only where time.Parse fails: mayParse checks what
// time.Parse checks element by element (syntax and ranges), the date as a
// whole (day of month) is time.Parse's alone.

// stdKind is an element of a layout, as time's std constants.
type stdKind uint8

const (
	stdNone                  stdKind = iota
	stdLongMonth                     // "January"
	stdMonth                         // "Jan"
	stdNumMonth                      // "1"
	stdZeroMonth                     // "01"
	stdLongWeekDay                   // "Monday"
	stdWeekDay                       // "Mon"
	stdDay                           // "2"
	stdUnderDay                      // "_2"
	stdZeroDay                       // "02"
	stdUnderYearDay                  // "__2"
	stdZeroYearDay                   // "002"
	stdHour                          // "15"
	stdHour12                        // "3"
	stdZeroHour12                    // "03"
	stdMinute                        // "4"
	stdZeroMinute                    // "04"
	stdSecond                        // "5"
	stdZeroSecond                    // "05"
	stdLongYear                      // "2006"
	stdYear                          // "06"
	stdPM                            // "PM"
	stdpm                            // "pm"
	stdTZ                            // "MST"
	stdISO8601TZ                     // "Z0700"
	stdISO8601SecondsTZ              // "Z070000"
	stdISO8601ShortTZ                // "Z07"
	stdISO8601ColonTZ                // "Z07:00"
	stdISO8601ColonSecondsTZ         // "Z07:00:00"
	stdNumTZ                         // "-0700"
	stdNumSecondsTz                  // "-070000"
	stdNumShortTZ                    // "-07"
	stdNumColonTZ                    // "-07:00"
	stdNumColonSecondsTZ             // "-07:00:00"
	stdFracSecond0                   // ".0", ".00", ...
	stdFracSecond9                   // ".9", ".99", ...
)

// std0x are the elements "01" to "06".
var std0x = [...]stdKind{stdZeroMonth, stdZeroDay, stdZeroHour12, stdZeroMinute, stdZeroSecond, stdYear}

// dateLayout is a layout cut into the chunks time.Parse reads in turn.
type dateLayout struct {
	layout    string
	namedZone bool // from dateFormatsWithNamedZone
	chunks    []layoutChunk
}

// layoutChunk is literal text and the element after it; the last chunk
// of a layout has no element (stdNone), its prefix is the layout's tail.
type layoutChunk struct {
	prefix string
	std    stdKind
	digits int  // fractional second: the digits the layout gives
	frac   bool // second: the next element is a fractional second
}

func compileLayout(layout string, namedZone bool) dateLayout {
	l := dateLayout{layout: layout, namedZone: namedZone}
	for rest := layout; ; {
		prefix, std, digits, suffix := nextStdChunk(rest)
		l.chunks = append(l.chunks, layoutChunk{prefix: prefix, std: std, digits: digits})
		if std == stdNone {
			break
		}
		rest = suffix
	}
	// time.Parse reads a fraction after the seconds itself unless the
	// next element of the layout is one.
	for i := range l.chunks[:len(l.chunks)-1] {
		next := l.chunks[i+1].std
		l.chunks[i].frac = next == stdFracSecond0 || next == stdFracSecond9
	}
	return l
}

// nextStdChunk is time's: the text before the first element of layout,
// the element (with its digits for a fractional second), and the text
// after it.
func nextStdChunk(layout string) (prefix string, std stdKind, digits int, suffix string) {
	for i := 0; i < len(layout); i++ {
		switch c := layout[i]; c {
		case 'J': // January, Jan
			if len(layout) >= i+3 && layout[i:i+3] == "Jan" {
				if len(layout) >= i+7 && layout[i:i+7] == "January" {
					return layout[0:i], stdLongMonth, 0, layout[i+7:]
				}
				if !startsWithLowerCase(layout[i+3:]) {
					return layout[0:i], stdMonth, 0, layout[i+3:]
				}
			}
		case 'M': // Monday, Mon, MST
			if len(layout) >= i+3 {
				if layout[i:i+3] == "Mon" {
					if len(layout) >= i+6 && layout[i:i+6] == "Monday" {
						return layout[0:i], stdLongWeekDay, 0, layout[i+6:]
					}
					if !startsWithLowerCase(layout[i+3:]) {
						return layout[0:i], stdWeekDay, 0, layout[i+3:]
					}
				}
				if layout[i:i+3] == "MST" {
					return layout[0:i], stdTZ, 0, layout[i+3:]
				}
			}
		case '0': // 01, 02, 03, 04, 05, 06, 002
			if len(layout) >= i+2 && '1' <= layout[i+1] && layout[i+1] <= '6' {
				return layout[0:i], std0x[layout[i+1]-'1'], 0, layout[i+2:]
			}
			if len(layout) >= i+3 && layout[i+1] == '0' && layout[i+2] == '2' {
				return layout[0:i], stdZeroYearDay, 0, layout[i+3:]
			}
		case '1': // 15, 1
			if len(layout) >= i+2 && layout[i+1] == '5' {
				return layout[0:i], stdHour, 0, layout[i+2:]
			}
			return layout[0:i], stdNumMonth, 0, layout[i+1:]
		case '2': // 2006, 2
			if len(layout) >= i+4 && layout[i:i+4] == "2006" {
				return layout[0:i], stdLongYear, 0, layout[i+4:]
			}
			return layout[0:i], stdDay, 0, layout[i+1:]
		case '_': // _2, _2006, __2
			if len(layout) >= i+2 && layout[i+1] == '2' {
				if len(layout) >= i+5 && layout[i+1:i+5] == "2006" {
					return layout[0 : i+1], stdLongYear, 0, layout[i+5:]
				}
				return layout[0:i], stdUnderDay, 0, layout[i+2:]
			}
			if len(layout) >= i+3 && layout[i+1] == '_' && layout[i+2] == '2' {
				return layout[0:i], stdUnderYearDay, 0, layout[i+3:]
			}
		case '3':
			return layout[0:i], stdHour12, 0, layout[i+1:]
		case '4':
			return layout[0:i], stdMinute, 0, layout[i+1:]
		case '5':
			return layout[0:i], stdSecond, 0, layout[i+1:]
		case 'P': // PM
			if len(layout) >= i+2 && layout[i+1] == 'M' {
				return layout[0:i], stdPM, 0, layout[i+2:]
			}
		case 'p': // pm
			if len(layout) >= i+2 && layout[i+1] == 'm' {
				return layout[0:i], stdpm, 0, layout[i+2:]
			}
		case '-', 'Z':
			if std, n := zoneElement(layout[i:]); std != stdNone {
				return layout[0:i], std, 0, layout[i+n:]
			}
		case '.', ',': // ,000 or .000 or ,999 or .999: a fractional second
			if i+1 < len(layout) && (layout[i+1] == '0' || layout[i+1] == '9') {
				ch := layout[i+1]
				j := i + 1
				for j < len(layout) && layout[j] == ch {
					j++
				}
				if !isDigitAt(layout, j) { // a fraction is all the digits there are
					std := stdFracSecond0
					if ch == '9' {
						std = stdFracSecond9
					}
					return layout[0:i], std, j - (i + 1), layout[j:]
				}
			}
		}
	}
	return layout, stdNone, 0, ""
}

// zoneElements are the numeric zone elements, in the order nextStdChunk
// tries them.
var zoneElements = [...]struct {
	text string
	std  stdKind
}{
	{"-070000", stdNumSecondsTz}, {"-07:00:00", stdNumColonSecondsTZ}, {"-0700", stdNumTZ},
	{"-07:00", stdNumColonTZ}, {"-07", stdNumShortTZ},
	{"Z070000", stdISO8601SecondsTZ}, {"Z07:00:00", stdISO8601ColonSecondsTZ}, {"Z0700", stdISO8601TZ},
	{"Z07:00", stdISO8601ColonTZ}, {"Z07", stdISO8601ShortTZ},
}

// zoneElement is the zone element layout starts with, and its length.
func zoneElement(layout string) (stdKind, int) {
	for _, z := range zoneElements {
		if len(layout) >= len(z.text) && layout[:len(z.text)] == z.text {
			return z.std, len(z.text)
		}
	}
	return stdNone, 0
}

func startsWithLowerCase(s string) bool {
	return len(s) > 0 && 'a' <= s[0] && s[0] <= 'z'
}

func isDigitAt(s string, i int) bool {
	return i < len(s) && '0' <= s[i] && s[i] <= '9'
}

// mayParse reports whether time.Parse could read v with the layout: it
// reads v element by element as time.Parse does, and is false where
// time.Parse fails on an element.
func (l *dateLayout) mayParse(v string) bool {
	for i := range l.chunks {
		c := &l.chunks[i]
		var ok bool
		if v, ok = skipLiteral(v, c.prefix); !ok {
			return false
		}
		if c.std == stdNone {
			return v == ""
		}
		if v, ok = c.read(v); !ok {
			return false
		}
	}
	return true
}

// skipLiteral is time's skip: prefix taken off v, a run of spaces in
// prefix matching a run in v (or the end of v).
func skipLiteral(v, prefix string) (string, bool) {
	for len(prefix) > 0 {
		if prefix[0] == ' ' {
			if len(v) > 0 && v[0] != ' ' {
				return v, false
			}
			prefix = cutSpace(prefix)
			v = cutSpace(v)
			continue
		}
		if len(v) == 0 || v[0] != prefix[0] {
			return v, false
		}
		prefix, v = prefix[1:], v[1:]
	}
	return v, true
}

func cutSpace(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	return s
}

// read takes the chunk's element off v as time.Parse would, and reports
// false where time.Parse fails on it (its range checks included).
func (c *layoutChunk) read(v string) (string, bool) {
	switch c.std {
	case stdYear:
		return v[min(2, len(v)):], len(v) >= 2 && atoiOK(v[:2])
	case stdLongYear:
		return v[min(4, len(v)):], len(v) >= 4 && isDigitAt(v, 0) && atoiOK(v[:4])
	case stdMonth:
		return lookupName(shortMonthNames, v)
	case stdLongMonth:
		return lookupName(longMonthNames, v)
	case stdWeekDay:
		return lookupName(shortDayNames, v)
	case stdLongWeekDay:
		return lookupName(longDayNames, v)
	case stdNumMonth, stdZeroMonth:
		return getNumIn(v, c.std == stdZeroMonth, 1, 12)
	case stdDay, stdUnderDay, stdZeroDay:
		if c.std == stdUnderDay && len(v) > 0 && v[0] == ' ' {
			v = v[1:]
		}
		return getNumIn(v, c.std == stdZeroDay, 0, 99)
	case stdUnderYearDay, stdZeroYearDay:
		return readYearDay(v, c.std == stdUnderYearDay)
	case stdHour:
		return getNumIn(v, false, 0, 23)
	case stdHour12, stdZeroHour12:
		return getNumIn(v, c.std == stdZeroHour12, 0, 12)
	case stdMinute, stdZeroMinute:
		return getNumIn(v, c.std == stdZeroMinute, 0, 59)
	case stdSecond, stdZeroSecond:
		return readSecond(v, c.std == stdZeroSecond, c.frac)
	case stdPM:
		return v[min(2, len(v)):], len(v) >= 2 && (v[:2] == "PM" || v[:2] == "AM")
	case stdpm:
		return v[min(2, len(v)):], len(v) >= 2 && (v[:2] == "pm" || v[:2] == "am")
	case stdISO8601TZ, stdISO8601SecondsTZ, stdISO8601ShortTZ, stdISO8601ColonTZ, stdISO8601ColonSecondsTZ:
		if len(v) >= 1 && v[0] == 'Z' {
			return v[1:], true
		}
		return readNumericZone(v, c.std)
	case stdNumTZ, stdNumSecondsTz, stdNumShortTZ, stdNumColonTZ, stdNumColonSecondsTZ:
		return readNumericZone(v, c.std)
	case stdTZ:
		if len(v) >= 3 && v[:3] == "UTC" {
			return v[3:], true
		}
		n, ok := zoneNameLen(v)
		return v[n:], ok
	case stdFracSecond0:
		n := 1 + c.digits
		return v[min(n, len(v)):], len(v) >= n && nanosecondsOK(v, n)
	case stdFracSecond9:
		if len(v) < 2 || !commaOrPeriod(v[0]) || !isDigitAt(v, 1) {
			return v, true // the fraction is left out
		}
		n := 1 + digitRun(v[1:])
		return v[n:], nanosecondsOK(v, n)
	}
	return v, false
}

// Names as time reads them, in its order: lookup takes the first that
// matches.
var (
	shortDayNames   = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	longDayNames    = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	shortMonthNames = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	longMonthNames  = []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
)

// lookupName is time's lookup: the first name v starts with, ASCII case
// ignored, taken off v.
func lookupName(names []string, v string) (string, bool) {
	for _, n := range names {
		if len(v) >= len(n) && matchFold(v[:len(n)], n) {
			return v[len(n):], true
		}
	}
	return v, false
}

// matchFold is time's match: equal but for the case of ASCII letters.
func matchFold(s1, s2 string) bool {
	for i := 0; i < len(s1); i++ {
		c1, c2 := s1[i], s2[i]
		if c1 != c2 {
			c1 |= 'a' - 'A'
			c2 |= 'a' - 'A'
			if c1 != c2 || c1 < 'a' || c1 > 'z' {
				return false
			}
		}
	}
	return true
}

// getNumIn is time's getnum (one or two digits, two when fixed) with the
// range check time.Parse makes of the number.
func getNumIn(v string, fixed bool, lo, hi int) (string, bool) {
	if !isDigitAt(v, 0) {
		return v, false
	}
	if !isDigitAt(v, 1) {
		n := int(v[0] - '0')
		return v[1:], !fixed && lo <= n && n <= hi
	}
	n := int(v[0]-'0')*10 + int(v[1]-'0')
	return v[2:], lo <= n && n <= hi
}

// readYearDay is time.Parse on "__2" (under) or "002".
func readYearDay(v string, under bool) (string, bool) {
	for range 2 {
		if under && len(v) > 0 && v[0] == ' ' {
			v = v[1:]
		}
	}
	n := 0
	for n < 3 && isDigitAt(v, n) {
		n++
	}
	return v[n:], n > 0 && (under || n == 3)
}

// readSecond is time.Parse on seconds, which takes a fraction after them
// when the layout has none there.
func readSecond(v string, fixed, layoutFrac bool) (string, bool) {
	v, ok := getNumIn(v, fixed, 0, 59)
	if !ok {
		return v, false
	}
	if len(v) >= 2 && commaOrPeriod(v[0]) && isDigitAt(v, 1) && !layoutFrac {
		n := 1 + digitRun(v[1:])
		return v[n:], nanosecondsOK(v, n)
	}
	return v, true
}

func commaOrPeriod(c byte) bool { return c == '.' || c == ',' }

func digitRun(s string) int {
	n := 0
	for isDigitAt(s, n) {
		n++
	}
	return n
}

// nanosecondsOK is whether time's parseNanoseconds reads v[:n]: a comma
// or period, then a number that is not negative, of which only the
// first nine characters are read.
func nanosecondsOK(v string, n int) bool {
	if !commaOrPeriod(v[0]) {
		return false
	}
	x, ok := atoi(v[1:min(n, 10)])
	return ok && x >= 0
}

// atoi is time's: an optional sign, then digits only (none at all will
// do), not overflowing.
func atoi(s string) (int, bool) {
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	q, n, ok := leadingInt(s)
	if !ok || n != len(s) {
		return 0, false
	}
	x := int(q)
	if neg {
		x = -x
	}
	return x, true
}

func atoiOK(s string) bool {
	_, ok := atoi(s)
	return ok
}

// leadingInt is time's: the number the leading digits of s make, how
// many there are, and false when it overflows.
func leadingInt(s string) (x uint64, n int, ok bool) {
	for ; n < len(s) && '0' <= s[n] && s[n] <= '9'; n++ {
		if x > 1<<63/10 {
			return 0, n, false
		}
		x = x*10 + uint64(s[n]) - '0'
		if x > 1<<63 {
			return 0, n, false
		}
	}
	return x, n, true
}

// readNumericZone is time.Parse on a numeric zone offset: a sign, hours
// and (by the element) minutes and seconds, with or without colons.
func readNumericZone(v string, std stdKind) (string, bool) {
	if len(v) == 0 {
		return v, false
	}
	sign := v[0]
	var hour, minute, second string
	switch std {
	case stdISO8601ColonTZ, stdNumColonTZ:
		if len(v) < 6 || v[3] != ':' {
			return v, false
		}
		hour, minute, second, v = v[1:3], v[4:6], "00", v[6:]
	case stdISO8601ShortTZ, stdNumShortTZ:
		if len(v) < 3 {
			return v, false
		}
		hour, minute, second, v = v[1:3], "00", "00", v[3:]
	case stdISO8601ColonSecondsTZ, stdNumColonSecondsTZ:
		if len(v) < 9 || v[3] != ':' || v[6] != ':' {
			return v, false
		}
		hour, minute, second, v = v[1:3], v[4:6], v[7:9], v[9:]
	case stdISO8601SecondsTZ, stdNumSecondsTz:
		if len(v) < 7 {
			return v, false
		}
		hour, minute, second, v = v[1:3], v[3:5], v[5:7], v[7:]
	default:
		if len(v) < 5 {
			return v, false
		}
		hour, minute, second, v = v[1:3], v[3:5], "00", v[5:]
	}
	return v, (sign == '+' || sign == '-') &&
		twoDigitsUpTo(hour, 24) && twoDigitsUpTo(minute, 60) && twoDigitsUpTo(second, 60)
}

// twoDigitsUpTo is whether s is two digits making at most hi.
func twoDigitsUpTo(s string, hi int) bool {
	return isDigitAt(s, 0) && isDigitAt(s, 1) && int(s[0]-'0')*10+int(s[1]-'0') <= hi
}

// zoneNameLen is time's parseTimeZone: the length of the zone name v
// starts with (an abbreviation, GMT with an hour offset, or a bare
// signed offset), and false when there is none.
func zoneNameLen(v string) (int, bool) {
	if len(v) < 3 {
		return 0, false
	}
	if len(v) >= 4 && (v[:4] == "ChST" || v[:4] == "MeST") {
		return 4, true
	}
	if v[:3] == "GMT" {
		if len(v) == 3 {
			return 3, true
		}
		return 3 + signedOffsetLen(v[3:]), true
	}
	if v[0] == '+' || v[0] == '-' {
		n := signedOffsetLen(v)
		return n, n > 0
	}
	upper := 0
	for upper < 6 && upper < len(v) && 'A' <= v[upper] && v[upper] <= 'Z' {
		upper++
	}
	switch upper {
	case 3:
		return 3, true
	case 4:
		return 4, v[3] == 'T' || v[:4] == "WITA"
	case 5:
		return 5, v[4] == 'T'
	}
	return 0, false
}

// signedOffsetLen is time's parseSignedOffset: the length of a sign and
// a number from 0 to 23 at the start of v, or 0.
func signedOffsetLen(v string) int {
	if v[0] != '-' && v[0] != '+' {
		return 0
	}
	x, n, ok := leadingInt(v[1:])
	if !ok || n == 0 || x > 23 {
		return 0
	}
	return 1 + n
}

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(chars string) {
	for i := 0; i < len(chars); i++ {
		s[chars[i]/64] |= 1 << (chars[i] % 64)
	}
}

func (s *byteSet) has(c byte) bool { return s[c/64]&(1<<(c%64)) != 0 }

const (
	digitBytes  = "0123456789"
	upperBytes  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	letterBytes = upperBytes + "abcdefghijklmnopqrstuvwxyz"
)

// allBytes is the answer when a set is not worth working out.
var allBytes = byteSet{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}

// firstBytes are the bytes a date the layout reads may start with.
func (l *dateLayout) firstBytes() byteSet {
	c := l.chunks[0]
	var s byteSet
	switch {
	case c.prefix != "":
		s.add(c.prefix[:1]) // a space matches only a space here: the date is not empty
		return s
	case c.std == stdFracSecond9 || c.std == stdNone:
		return allBytes // may read nothing
	}
	s.add(stdFirstBytes(c.std))
	return s
}

// lastBytes are the bytes a date the layout reads may end with.
func (l *dateLayout) lastBytes() byteSet {
	tail := l.chunks[len(l.chunks)-1].prefix
	var s byteSet
	switch {
	case tail != "" && tail[len(tail)-1] != ' ':
		s.add(tail[len(tail)-1:])
		return s
	case tail != "" || len(l.chunks) < 2:
		return allBytes // a space matches the end of the date too
	}
	c := l.chunks[len(l.chunks)-2]
	if c.std == stdFracSecond9 || c.std == stdFracSecond0 && c.digits >= 10 {
		return allBytes // may read nothing, or bytes time.Parse does not look at
	}
	s.add(stdLastBytes(c.std))
	return s
}

// needs are the sets of bytes a date the layout reads holds one of each:
// every byte of its literal text but spaces, a space where more must
// follow it, and what each element may start with.
func (l *dateLayout) needs() []byteSet {
	var sets []byteSet
	for i, c := range l.chunks {
		for j := 0; j < len(c.prefix); j++ {
			if c.prefix[j] != ' ' || l.mustReadAfter(i, j+1) {
				var s byteSet
				s.add(c.prefix[j : j+1])
				sets = append(sets, s)
			}
		}
		if c.std != stdNone && c.std != stdFracSecond9 {
			var s byteSet
			s.add(stdFirstBytes(c.std))
			sets = append(sets, s)
		}
	}
	return sets
}

// mustReadAfter reports whether the layout reads a byte of the date after
// chunks[i].prefix[:j]: a space there then has a date byte to match, which
// only a space does.
func (l *dateLayout) mustReadAfter(i, j int) bool {
	for _, c := range l.chunks[i:] {
		if strings.Trim(c.prefix[j:], " ") != "" || c.std != stdNone && c.std != stdFracSecond9 {
			return true
		}
		j = 0
	}
	return false
}

// stdFirstBytes are the bytes an element may start with (not
// stdFracSecond9, which may be left out).
func stdFirstBytes(std stdKind) string {
	switch std {
	case stdLongMonth, stdMonth, stdLongWeekDay, stdWeekDay:
		return letterBytes
	case stdUnderDay, stdUnderYearDay:
		return " " + digitBytes
	case stdYear:
		return "+-" + digitBytes
	case stdPM:
		return "AP"
	case stdpm:
		return "ap"
	case stdISO8601TZ, stdISO8601SecondsTZ, stdISO8601ShortTZ, stdISO8601ColonTZ, stdISO8601ColonSecondsTZ:
		return "Z+-"
	case stdNumTZ, stdNumSecondsTz, stdNumShortTZ, stdNumColonTZ, stdNumColonSecondsTZ:
		return "+-"
	case stdTZ:
		return "+-" + upperBytes // UTC, ChST, MeST, GMT+7, +07, abbreviations
	case stdFracSecond0:
		return ".,"
	}
	return digitBytes
}

// stdLastBytes are the bytes an element may end with (not
// stdFracSecond9, nor stdFracSecond0 of ten digits or more).
func stdLastBytes(std stdKind) string {
	switch std {
	case stdLongMonth, stdMonth, stdLongWeekDay, stdWeekDay:
		return letterBytes
	case stdPM:
		return "M"
	case stdpm:
		return "m"
	case stdISO8601TZ, stdISO8601SecondsTZ, stdISO8601ShortTZ, stdISO8601ColonTZ, stdISO8601ColonSecondsTZ:
		return "Z" + digitBytes
	case stdTZ:
		return upperBytes + digitBytes // UTC, ChST, MeST, GMT, GMT+7, +07, abbreviations
	case stdFracSecond0:
		return "+-" + digitBytes // ".+" reads as a fraction of 0
	}
	return digitBytes
}
