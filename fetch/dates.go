package fetch

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"time"
)

// gofeed's ParseDate tries time.Parse with each of its 173 layouts in
// turn, and a failed time.Parse costs an error value. The dates portals
// write mostly match late or never ("21/12/2020 08:30", "Mon, 21 Dec 2020
// 08:30:00 GMT", "2020-12-21T08:30:00"), so that came to some 10 µs a
// date. parseDate gives the same answer with time.Parse called only on
// the layouts it can succeed with: the layouts are cut into the pieces
// time.Parse reads them in once (dateLayouts), the first and last byte
// of the date rule most of them out (dateIndex), and mayParse walks the
// rest as time.Parse would, without building a time or an error.
// TestParseDateMatchesReference and FuzzParseDateMatchesReference hold it
// to the loop it replaces.

var errEmptyDate = errors.New("date string is empty")

// parseDate is gofeed's ParseDate: the time of the first layout (in
// dateFormats, then dateFormatsWithNamedZone) time.Parse accepts, named
// zones given their usual offsets.
func parseDate(ds string) (time.Time, error) {
	d := strings.TrimSpace(ds)
	if d == "" {
		return time.Time{}, errEmptyDate
	}
	if t, ok := readDate(d); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("failed to parse date: %s", ds)
}

// readDate is parseDate of a trimmed date that is not empty, without the
// error value.
func readDate(d string) (time.Time, bool) {
	cand := dateIndex.candidates(d)
	for w, word := range cand {
		for ; word != 0; word &= word - 1 {
			l := &dateLayouts[w*64+bits.TrailingZeros64(word)]
			if !l.mayParse(d) {
				continue
			}
			if t, err := time.Parse(l.layout, d); err == nil {
				if l.namedZone {
					t = withKnownOffset(t)
				}
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// withKnownOffset is t with the offset timezoneAbbreviations gives its
// zone's name: time.Parse gives an unknown abbreviation a zero offset,
// and its handling of known ones is host-dependent. An unrecognised
// abbreviation is left as parsed (best effort).
func withKnownOffset(t time.Time) time.Time {
	if name, offset := t.Zone(); name != "" {
		if want, ok := timezoneAbbreviations[name]; ok && want != offset {
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(),
				t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, want))
		}
	}
	return t
}

// parseDateUTC is how gofeed's RSS and Atom parsers keep a date: parsed,
// in UTC, nil when no layout reads it.
func parseDateUTC(text string) *time.Time {
	d := strings.TrimSpace(text)
	if d == "" {
		return nil
	}
	if date, ok := readDate(d); ok {
		utc := date.UTC()
		return &utc
	}
	return nil
}

// layoutSet is a set of dateLayouts, by index.
type layoutSet [3]uint64

func (s *layoutSet) add(i int) { s[i/64] |= 1 << (i % 64) }

// dateLayouts are dateFormats then dateFormatsWithNamedZone, cut into
// chunks; immutable once built.
var dateLayouts = compileLayouts()

// dateIndex tells which layouts may read a date; immutable once built.
var dateIndex = buildDateIndex(dateLayouts)

func compileLayouts() []dateLayout {
	var ls []dateLayout
	for _, f := range dateFormats {
		ls = append(ls, compileLayout(f, false))
	}
	for _, f := range dateFormatsWithNamedZone {
		ls = append(ls, compileLayout(f, true))
	}
	if len(ls) > len(layoutSet{})*64 {
		panic("fetch: more date layouts than a layoutSet holds") // caught by every test
	}
	return ls
}

// layoutIndex holds, for each byte, the layouts a date may start with it
// (first) or end with it (last) and still be read; and the sets of bytes
// a date must hold one of for some layouts to read it (needs), with the
// needs each byte meets (meets: bit k for needs[k]).
type layoutIndex struct {
	first, last [256]layoutSet
	needs       []layoutNeed
	meets       [256]uint64
}

// layoutNeed is a set of bytes a date must hold one of for the layouts to
// read it.
type layoutNeed struct {
	any     byteSet
	layouts layoutSet
}

func buildDateIndex(ls []dateLayout) *layoutIndex {
	x := &layoutIndex{}
	needAt := map[byteSet]int{}
	for i, l := range ls {
		first, last := l.firstBytes(), l.lastBytes()
		for c := range 256 {
			if first.has(byte(c)) {
				x.first[c].add(i)
			}
			if last.has(byte(c)) {
				x.last[c].add(i)
			}
		}
		for _, set := range l.needs() {
			k, ok := needAt[set]
			if !ok {
				k = len(x.needs)
				needAt[set] = k
				x.needs = append(x.needs, layoutNeed{any: set})
			}
			x.needs[k].layouts.add(i)
		}
	}
	if len(x.needs) > 64 {
		panic("fetch: more sets of needed bytes than meets holds") // caught by every test
	}
	for k, n := range x.needs {
		for c := range 256 {
			if n.any.has(byte(c)) {
				x.meets[c] |= 1 << k
			}
		}
	}
	return x
}

// candidates are the layouts that may read d (trimmed, not empty).
func (x *layoutIndex) candidates(d string) layoutSet {
	f, l := &x.first[d[0]], &x.last[d[len(d)-1]]
	cand := layoutSet{f[0] & l[0], f[1] & l[1], f[2] & l[2]}
	var met uint64
	for i := 0; i < len(d); i++ {
		met |= x.meets[d[i]]
	}
	for unmet := ^met & (1<<len(x.needs) - 1); unmet != 0; unmet &= unmet - 1 {
		n := &x.needs[bits.TrailingZeros64(unmet)]
		cand[0] &^= n.layouts[0]
		cand[1] &^= n.layouts[1]
		cand[2] &^= n.layouts[2]
	}
	return cand
}
