package fetch

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// sameDate reports whether two results of parseDate are the same: both
// errors with the same text, or the same instant in the same zone (name,
// offset, and whether it is Local or UTC).
func sameDate(t1 time.Time, err1 error, t2 time.Time, err2 error) bool {
	if err1 != nil || err2 != nil {
		return err1 != nil && err2 != nil && err1.Error() == err2.Error() && t1.IsZero() && t2.IsZero()
	}
	n1, o1 := t1.Zone()
	n2, o2 := t2.Zone()
	l1, l2 := t1.Location(), t2.Location()
	return t1.Equal(t2) && n1 == n2 && o1 == o2 && l1.String() == l2.String() &&
		(l1 == time.Local) == (l2 == time.Local) && (l1 == time.UTC) == (l2 == time.UTC) &&
		t1.Format(time.RFC3339Nano) == t2.Format(time.RFC3339Nano)
}

func checkDate(t *testing.T, d string) {
	t.Helper()
	got, gotErr := parseDate(d)
	want, wantErr := parseDateReference(d)
	if !sameDate(got, gotErr, want, wantErr) {
		t.Errorf("parseDate(%q) = %v, %v; the loop over every layout gives %v, %v", d, got, gotErr, want, wantErr)
	}
}

// portalDates are dates as the simulated and real portals write them.
var portalDates = []struct{ name, date string }{
	{"RSS date with a numeric zone", "Mon, 21 Dec 2020 08:30:00 +0700"},
	{"RSS date with a single-digit day", "Mon, 1 Feb 2021 08:30:00 +0700"},
	{"HTTP date in GMT", "Mon, 21 Dec 2020 01:30:00 GMT"},
	{"RSS date with a named zone", "Mon, 21 Dec 2020 08:30:00 ICT"},
	{"RSS date in EST", "Mon, 21 Dec 2020 08:30:00 EST"},
	{"RSS date in UTC", "Mon, 21 Dec 2020 08:30:00 UTC"},
	{"RSS date in UT", "Mon, 21 Dec 2020 08:30:00 UT"},
	{"RSS date with GMT and an hour", "Mon, 21 Dec 2020 08:30:00 GMT+7"},
	{"RSS date without seconds", "Mon, 21 Dec 2020 08:30 +0700"},
	{"RSS date without weekday", "21 Dec 2020 08:30:00 +0700"},
	{"RSS date with a wrong weekday", "Tue, 21 Dec 2020 08:30:00 +0700"},
	{"RSS date with a lower-case month", "Mon, 21 dec 2020 08:30:00 +0700"},
	{"RSS date with fractional seconds", "Mon, 21 Dec 2020 08:30:00.123 +0700"},
	{"RSS date with a day out of range", "Mon, 31 Feb 2021 08:30:00 +0700"},
	{"RSS date with a two-digit year", "Mon, 21 Dec 20 08:30:00 +0700"},
	{"Atom date", "2020-12-21T08:30:00+07:00"},
	{"Atom date in UTC", "2020-12-21T01:30:00Z"},
	{"Atom date with fractional seconds", "2020-12-21T08:30:00.5+07:00"},
	{"zone-less ISO date", "2020-12-21T08:30:00"},
	{"zone-less date and time", "2020-12-21 08:30:00"},
	{"zone-less date and minutes", "2020-12-21 08:30"},
	{"ISO date only", "2020-12-21"},
	{"day-first date and minutes", "21/12/2020 08:30"},
	{"time then day-first date", "08:30 - 21/12/2020"},
	{"time with seconds then day-first date", "08:30:05 21/12/2020"},
	{"day-first date and seconds", "21/12/2020 08:30:05"},
	{"day-first date that is also month-first", "02/01/2021 08:30:05"},
	{"day-first date only", "21/12/2020"},
	{"day-first date with dashes", "21-12-2020"},
	{"day-first date with dots", "21.12.2020 08:30"},
	{"Vietnamese weekday and date", "Thứ hai, 21/12/2020 - 08:30"},
	{"Vietnamese date line", "Thứ 2 Ngày 21/12/2020"},
	{"Vietnamese month name", "21 tháng 12 năm 2020"},
	{"month-first with PM", "12/21/2020 8:30 PM"},
	{"long month name", "December 21, 2020"},
	{"date padded with spaces", "  Mon, 21 Dec 2020 08:30:00 +0700 \n"},
	{"doubled spaces", "Mon,  21  Dec 2020 08:30:00 +0700"},
	{"empty", ""},
	{"only spaces", "   "},
	{"words", "hôm qua"},
	{"a number", "1608514200"},
	{"a sign", "+"},
}

func TestParseDateMatchesReference(t *testing.T) {
	for _, tt := range portalDates {
		t.Run(tt.name, func(t *testing.T) {
			checkDate(t, tt.date)
		})
	}
}

// dateSeeds are every layout written at instants in different zones,
// the portals' dates, and the same cut short and run on.
func dateSeeds() []string {
	zones := []*time.Location{time.UTC, time.FixedZone("ICT", 7*3600), time.FixedZone("", -(3*3600 + 30*60)),
		time.FixedZone("GMT", 0), time.FixedZone("EST", -5*3600), time.FixedZone("ChST", 10*3600),
		time.FixedZone("", 7*3600)}
	instants := []time.Time{
		time.Date(2020, 12, 21, 8, 30, 5, 0, zones[1]),
		time.Date(2021, 2, 1, 23, 4, 59, 123456789, time.UTC),
		time.Date(1999, 11, 9, 12, 0, 0, 0, zones[2]),
		time.Date(2024, 2, 29, 0, 0, 0, 500, zones[3]),
		time.Date(2026, 7, 4, 15, 45, 30, 0, zones[4]),
		time.Date(2019, 1, 12, 1, 2, 3, 0, zones[5]),
		time.Date(2023, 10, 31, 19, 59, 0, 0, zones[6]),
	}
	var seeds []string
	for _, l := range append(append([]string{}, dateFormats...), dateFormatsWithNamedZone...) {
		for _, at := range instants {
			seeds = append(seeds, at.Format(l))
		}
	}
	for _, d := range portalDates {
		seeds = append(seeds, d.date, d.date+" ", d.date+"Z", d.date[:len(d.date)/2])
	}
	return append(seeds, http.TimeFormat, time.RFC3339Nano, "2020-12-21T08:30:00.+07:00", "Mon, 02 Jan 2006 15:04:05 ChST",
		"Mon, 02 Jan 2006 15:04:05 WITA", "Mon, 02 Jan 2006 15:04:05 MeST", "2006-01-02 00:00:00.+ 15:04:05.- -0700")
}

// TestParseDateMatchesReferenceOnEveryLayout reads every layout, written
// at instants in different zones, as the loop does.
func TestParseDateMatchesReferenceOnEveryLayout(t *testing.T) {
	for _, d := range dateSeeds() {
		checkDate(t, d)
	}
}

// TestLayoutsAdmitWhatTimeParseReads holds each layout's filters (first
// and last byte, mayParse) to time.Parse: a date time.Parse reads with a
// layout must get past them, whichever layout reads it first.
func TestLayoutsAdmitWhatTimeParseReads(t *testing.T) {
	read := 0
	for _, d := range dateSeeds() {
		read += checkFilters(t, strings.TrimSpace(d))
	}
	if read < len(dateLayouts)*3 {
		t.Errorf("only %d dates read by a layout: the test proves little", read)
	}
}

// checkFilters checks every layout's filters on d, and returns how many
// layouts read it.
func checkFilters(t *testing.T, d string) int {
	t.Helper()
	if d == "" {
		return 0
	}
	read := 0
	for i := range dateLayouts {
		l := &dateLayouts[i]
		if _, err := time.Parse(l.layout, d); err != nil {
			continue
		}
		read++
		first, last := l.firstBytes(), l.lastBytes()
		switch {
		case !l.mayParse(d):
			t.Errorf("time.Parse(%q, %q) reads it, mayParse says no", l.layout, d)
		case !first.has(d[0]) || !last.has(d[len(d)-1]):
			t.Errorf("time.Parse(%q, %q) reads it, its first or last byte rules it out", l.layout, d)
		case !holdsOneOfEach(d, l.needs()):
			t.Errorf("time.Parse(%q, %q) reads it, a byte it needs is missing", l.layout, d)
		case dateIndex.candidates(d)[i/64]&(1<<(i%64)) == 0:
			t.Errorf("time.Parse(%q, %q) reads it, dateIndex rules it out", l.layout, d)
		}
	}
	return read
}

// holdsOneOfEach reports whether d has a byte of each set.
func holdsOneOfEach(d string, needs []byteSet) bool {
	for _, n := range needs {
		found := false
		for i := 0; i < len(d); i++ {
			found = found || n.has(d[i])
		}
		if !found {
			return false
		}
	}
	return true
}

// TestLayoutsCutAsTimeDoes checks the chunks against time itself: each
// layout formats an instant as the layout, and the chunks' literal text
// appears in it in order.
func TestLayoutsCutAsTimeDoes(t *testing.T) {
	at := time.Date(2020, 12, 21, 8, 30, 5, 0, time.FixedZone("ICT", 7*3600))
	for _, l := range dateLayouts {
		out := at.Format(l.layout)
		for _, c := range l.chunks {
			i := strings.Index(out, c.prefix)
			if i < 0 {
				t.Errorf("%q: literal %q not in %q", l.layout, c.prefix, out)
				break
			}
			out = out[i+len(c.prefix):]
		}
		if !l.mayParse(at.Format(l.layout)) {
			t.Errorf("%q: mayParse refuses %q", l.layout, at.Format(l.layout))
		}
	}
}

// FuzzParseDateMatchesReference holds parseDate to the loop over every
// layout, and each layout's filters to time.Parse, on any string.
func FuzzParseDateMatchesReference(f *testing.F) {
	for _, d := range dateSeeds() {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, d string) {
		checkDate(t, d)
		checkFilters(t, strings.TrimSpace(d))
	})
}

// BenchmarkParseDate reads the dates of the simulated portals with the
// loop over every layout and with parseDate.
func BenchmarkParseDate(b *testing.B) {
	at := time.Date(2020, 12, 21, 8, 30, 5, 0, time.FixedZone("ICT", 7*3600))
	dates := []struct{ name, date string }{
		{"rfc1123z", at.Format(time.RFC1123Z)},
		{"gmt", at.UTC().Format(http.TimeFormat)},
		{"rfc3339", at.Format(time.RFC3339)},
		{"zone-less", at.Format("2006-01-02T15:04:05")},
		{"zone-less-space", at.Format("2006-01-02 15:04:05")},
		{"day-first", at.Format("02/01/2006 15:04")},
		{"time-first", at.Format("15:04 - 02/01/2006")},
		{"time-first-seconds", at.Format("15:04:05 02/01/2006")},
		{"day-first-seconds", at.Format("02/01/2006 15:04:05")},
	}
	for _, impl := range []struct {
		name  string
		parse func(string) (time.Time, error)
	}{{"loop", parseDateReference}, {"indexed", parseDate}} {
		for _, d := range dates {
			b.Run(impl.name+"/"+d.name, func(b *testing.B) {
				for b.Loop() {
					impl.parse(d.date)
				}
			})
		}
	}
}
