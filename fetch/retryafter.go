package fetch

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter keeps an absurd Retry-After from overflowing a Duration.
const maxRetryAfter = 365 * 24 * time.Hour

// parseRetryAfter reads a Retry-After value, delay-seconds or an HTTP
// date. Anything else, or nothing, gives the zero time.
func parseRetryAfter(v string, now time.Time) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return time.Time{}
		}
		d := time.Duration(secs) * time.Second
		if secs > int64(maxRetryAfter/time.Second) {
			d = maxRetryAfter
		}
		return now.Add(d)
	}
	if t, err := http.ParseTime(v); err == nil {
		return t
	}
	return time.Time{}
}
