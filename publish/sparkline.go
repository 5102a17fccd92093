package publish

import (
	"fmt"
	"strings"
	"time"
)

// sparkDays is how many days a sparkline shows: the 30 of the overview's
// last column, today last.
const sparkDays = 30

// sparkGeometry is the size of a sparkline in SVG user units: one bar
// per day with a gap between bars, a baseline so that a silent month still
// shows as a line, and a least top of the scale, so that a day with one
// item is not drawn as a peak.
type sparkGeometry struct {
	bar, gap, height, minTop int
}

// The small sparkline of an overview row, and the large one of a unit's
// page, which has a tooltip per day.
var (
	sparkSmall = sparkGeometry{bar: 3, gap: 1, height: 20, minTop: 4}
	sparkLarge = sparkGeometry{bar: 9, gap: 3, height: 48, minTop: 4}
)

// sparkline is the activity of one unit over sparkDays days, drawn on the
// server as inline SVG: no script, no image request.
type sparkline struct {
	Width, Height int
	BarWidth      int
	BaseY         int // top of the baseline
	Bars          []sparkBarView
	Label         string // the whole chart in words, for screen readers and the tooltip
}

type sparkBarView struct {
	X, Y, H int
	Today   bool
	Title   string // "21/12: 3 tin"; set only where a tooltip per day is wanted
}

// sparklineOf draws counts (oldest first, the last being the day of now
// in loc) in geometry g; the large one gives each bar its own tooltip.
func (l *labels) sparklineOf(counts []int, now time.Time, loc *time.Location, g sparkGeometry) sparkline {
	n := len(counts)
	perDay := g == sparkLarge
	sp := sparkline{Width: n*(g.bar+g.gap) - g.gap, Height: g.height, BarWidth: g.bar, BaseY: g.height - 1}
	total, peak, peakDay := 0, 0, 0
	for i, c := range counts {
		total += c
		if c > peak {
			peak, peakDay = c, i
		}
	}
	top := max(peak, g.minTop)
	local := now.In(loc)
	dayOf := func(i int) time.Time {
		return time.Date(local.Year(), local.Month(), local.Day()-(n-1-i), 12, 0, 0, 0, loc)
	}
	for i, c := range counts {
		if c == 0 && !perDay {
			continue
		}
		h := 0
		if c > 0 {
			h = max(1, (c*(g.height-1)+top-1)/top)
		}
		bar := sparkBarView{X: i * (g.bar + g.gap), Y: g.height - 1 - h, H: h, Today: i == n-1}
		if perDay {
			bar.Title = l.SparkDay.of(c, dayOf(i).Format(l.DayFormat))
		}
		sp.Bars = append(sp.Bars, bar)
	}
	label := []string{l.SparkItems.of(total)}
	if peak > 0 {
		label = append(label, fmt.Sprintf(l.SparkPeak, peak, dayOf(peakDay).Format(l.DayFormat)))
	}
	sp.Label = strings.Join(label, "; ")
	return sp
}
