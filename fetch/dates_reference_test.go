package fetch

import (
	"fmt"
	"strings"
	"time"
)

// parseDateReference is parseDate as it was, the loop over every layout
// that gofeed's ParseDate is: the first layout time.Parse accepts, named
// zones given their usual offsets. A date that starts "Mon," cannot match
// the first three layouts (a day number, a year, "Mon Jan"), so it starts
// at the fourth. parseDate must give what this gives, for every string.
func parseDateReference(ds string) (t time.Time, err error) {
	d := strings.TrimSpace(ds)
	if d == "" {
		return t, errEmptyDate
	}
	formats := dateFormats
	if len(d) >= 4 && d[3] == ',' && ('a' <= d[0] && d[0] <= 'z' || 'A' <= d[0] && d[0] <= 'Z') {
		formats = dateFormats[3:]
	}
	for _, f := range formats {
		if t, err = time.Parse(f, d); err == nil {
			return
		}
	}
	for _, f := range dateFormatsWithNamedZone {
		t, err = time.Parse(f, d)
		if err != nil {
			continue
		}

		// time.Parse gives an unknown zone abbreviation a zero offset, and its
		// handling of known ones is host-dependent. If we recognise the
		// abbreviation, rebuild the time with our own offset so the result is
		// correct and deterministic. An unrecognised abbreviation is left as
		// parsed (best effort).
		if name, offset := t.Zone(); name != "" {
			if want, ok := timezoneAbbreviations[name]; ok && want != offset {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(),
					t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, want))
			}
		}
		return t, nil
	}

	return t, fmt.Errorf("failed to parse date: %s", ds)
}
