package store

import (
	"math"
	"time"
)

// Times are stored as nanoseconds since the Unix epoch, 0 for the zero
// time. Nanoseconds keep a clock reading exact; their range (1678–2262) is
// clamped, and an item date outside itemTimeMin..now is treated as absent.
var (
	minStored = time.Unix(0, math.MinInt64+1)
	maxStored = time.Unix(0, math.MaxInt64)
)

// itemTimeMin is the earliest publication date taken as meant: earlier
// ones are a portal's placeholder (0001-01-01, 1900-01-01) or a typo.
var itemTimeMin = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

func toDB(t time.Time) int64 {
	switch {
	case t.IsZero():
		return 0
	case t.Before(minStored):
		return minStored.UnixNano()
	case t.After(maxStored):
		return maxStored.UnixNano()
	}
	n := t.UnixNano()
	if n == 0 {
		return 1 // the epoch itself must not read back as "never"
	}
	return n
}

func fromDB(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// plausible reports whether an item's publication time can be believed
// given that it is being seen at now.
func plausible(t, now time.Time) bool {
	return !t.IsZero() && !t.Before(itemTimeMin) && !t.After(now)
}
