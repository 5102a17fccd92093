package publish

import (
	"slices"
	"testing"
	"time"
)

func TestSparkline(t *testing.T) {
	now := time.Date(2024, 12, 16, 10, 0, 0, 0, ict)
	counts := make([]int, sparkDays)
	counts[0], counts[10], counts[28], counts[29] = 1, 8, 4, 2
	sp := vi.sparklineOf(counts, now, ict, sparkSmall)
	if sp.Width != 30*4-1 || sp.Height != 20 || sp.BaseY != 19 {
		t.Errorf("geometry %+v", sp)
	}
	var xs, hs []int
	for _, b := range sp.Bars {
		xs, hs = append(xs, b.X), append(hs, b.H)
		if b.Y+b.H != sp.BaseY || b.Title != "" {
			t.Errorf("bar %+v does not stand on the baseline, or has a tooltip", b)
		}
	}
	// The busiest day is full height, the others in proportion, rounded up.
	if !slices.Equal(xs, []int{0, 40, 112, 116}) || !slices.Equal(hs, []int{3, 19, 10, 5}) {
		t.Errorf("bars at %v with heights %v", xs, hs)
	}
	if !sp.Bars[3].Today || sp.Bars[2].Today {
		t.Error("today is not the last bar")
	}
	if want := "15 tin trong 30 ngày; nhiều nhất 8 tin ngày 27/11"; sp.Label != want {
		t.Errorf("label %q, want %q", sp.Label, want)
	}

	large := en.sparklineOf(counts, now, ict, sparkLarge)
	if len(large.Bars) != sparkDays || large.Bars[0].Title != "17 Nov: 1 item" || large.Bars[1].Title != "18 Nov: 0 items" ||
		large.Bars[29].Title != "16 Dec: 2 items" {
		t.Errorf("large sparkline: %d bars, first %+v", len(large.Bars), large.Bars[0])
	}
	if quiet := vi.sparklineOf(make([]int, sparkDays), now, ict, sparkSmall); len(quiet.Bars) != 0 || quiet.Label != "0 tin trong 30 ngày" {
		t.Errorf("a silent month: %+v", quiet)
	}
}
