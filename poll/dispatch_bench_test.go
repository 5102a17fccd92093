package poll

import (
	"testing"
	"time"

	"bantin"
)

// BenchmarkDispatchPass is the scheduler's bookkeeping for one pass of
// 4,000 sources: every result followed by what Run asks after it (what
// is due, how long until the next).
func BenchmarkDispatchPass(b *testing.B) {
	now := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	d := newDispatch(numberedSources(4000), now)
	b.ReportAllocs()
	for b.Loop() {
		d.enqueueDue(now)
		for len(d.queue) > 0 {
			src := d.queue[0]
			d.pop()
			d.finished(Result{Source: src, Fetch: &bantin.Fetch{NextFetchAt: now.Add(time.Hour)}}, now)
			d.enqueueDue(now)
			d.untilNext(now)
		}
		now = now.Add(time.Hour)
	}
}
