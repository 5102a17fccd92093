package main

import (
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
	"time"
)

// line is one figure beside its baseline and goal.
type line struct {
	name, value, baseline, ratio, goal string
	met                                bool
}

func (r *results) lines() []line {
	c := r.child
	baseRate := float64(r.baseItems) / r.baseWall.Seconds()
	rate := float64(c.FirstItems) / c.FirstWall.Seconds()
	baseCPURate := float64(r.baseItems) / r.baseCPU.Seconds()
	oneRate := float64(r.baseItems) / r.oneWall.Seconds()
	cpuRate := float64(c.FirstItems) / c.FirstCPU.Seconds()
	perSource := c.SteadyCPU / time.Duration(max(c.Sources, 1))
	sv, sz := c.Serve, c.Size
	bigEnough := sz.StoredItems >= 1_000_000 // goal 5 is set at a million items
	return []line{
		{"ingest, items/s (wall, all cores)", perSec(rate), perSec(baseRate) + " gofeed", ratio(rate, baseRate), "≥ 0.75× (aim 1.0×)", rate >= 0.75*baseRate},
		{"ingest, items/s, against one loop of Parse", perSec(rate), perSec(oneRate) + " gofeed", ratio(rate, oneRate), "(goal 1 read per loop)", rate >= 0.75*oneRate},
		{"ingest, items per CPU-second", perSec(cpuRate), perSec(baseCPURate) + " gofeed", ratio(cpuRate, baseCPURate), "(per core)", cpuRate >= 0.75*baseCPURate},
		{"first pass: wall, CPU", dur(c.FirstWall) + ", " + dur(c.FirstCPU), "", "", fmt.Sprintf("%d items, %d failed sources", c.FirstItems, c.FirstFailed), c.FirstFailed == 0},
		{"search index after it: wall, CPU", dur(c.IndexWall) + ", " + dur(c.IndexCPU), "", "", fmt.Sprintf("%d stories", c.Indexed), true},
		{"first pass: peak RSS", mb(c.FirstPeakKB), "", "", "≤ 256 MB", c.FirstPeakKB <= 256<<10},
		{"304 pass: CPU per source", dur(perSource), "", "", "≤ 0.3 ms", perSource <= 300*time.Microsecond},
		{"304 pass: wall", dur(c.SteadyWall), "", "", "< 30 s", c.SteadyWall < 30*time.Second},
		{"304 pass: answered 304", fmt.Sprintf("%d/%d", c.Steady304, c.Sources), "", "", "all", c.Steady304 == c.Sources},
		{"steady state: peak RSS", mb(c.SteadyPeakKB), "", "", "≤ 128 MB", c.SteadyPeakKB <= 128<<10},
		{"serve cached feed, req/s", perSec(sv.CachedRPS), perSec(sv.ServeFileRPS) + " ServeFile", ratio(sv.CachedRPS, sv.ServeFileRPS), "≥ 0.9×", sv.CachedRPS >= 0.9*sv.ServeFileRPS},
		{"serve 304, req/s", perSec(sv.NotModifiedRPS), perSec(sv.CachedRPS) + " cached 200", ratio(sv.NotModifiedRPS, sv.CachedRPS), "≥ 3×", sv.NotModifiedRPS >= 3*sv.CachedRPS},
		{"net/http's own 304 (no handler work), req/s", perSec(sv.BareNotModifiedRPS), perSec(sv.CachedRPS) + " cached 200", ratio(sv.BareNotModifiedRPS, sv.CachedRPS), "(the floor)", true},
		{fmt.Sprintf("p99 with %d readers while ingesting", r.s.readers), dur(sv.IngestP99), "p50 " + dur(sv.IngestP50), "", "< 50 ms", sv.IngestP99 < 50*time.Millisecond && sv.IngestErrors == 0},
		{"their first round, every feed rendered", dur(sv.WarmP99), "max " + dur(sv.WarmMax), "", fmt.Sprintf("%d feeds in %s, no pass", sv.Warms, dur(sv.WarmWall)), sv.WarmErrors == 0},
		{atSize(sz, "newest 50 of a ward, p50"), dur(sz.Newest50P50), "p99 " + dur(sz.Newest50P99), "", "≤ 1 ms at 1 M items", bigEnough && sz.Newest50P50 <= time.Millisecond},
		{atSize(sz, "uncached render of all, p50"), dur(sz.RenderAllP50), "max " + dur(sz.RenderAllMax), "", "≤ 5 ms at 1 M items", bigEnough && sz.RenderAllP50 <= 5*time.Millisecond},
	}
}

// atSize names a figure of goal 5 with the size it was measured at.
func atSize(sz sizeReport, what string) string {
	return fmt.Sprintf("%s (%d items)", what, sz.StoredItems)
}

func (r *results) print(w io.Writer) {
	c := r.child
	fmt.Fprintf(w, "bantinload: %d sources × %d items on %d hosts (per host %d, workers %d), %d feed bytes; simulated country built in %s\n\n",
		c.Sources, r.s.items, r.s.hosts, r.s.perHost, r.s.workers, r.feedBytes, dur(r.simStart))
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tbantin\tbaseline, same run\tratio\tgoal\tmet")
	for _, l := range r.lines() {
		met := "yes"
		if !l.met {
			met = "NO"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", l.name, l.value, l.baseline, l.ratio, l.goal, met)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nfirst pass: %d new, %d duplicate, %d updated; ingesting pass under readers took %s, %.0f req/s, max %s, %d errors\n",
		c.FirstStats.New, c.FirstStats.Duplicate, c.FirstStats.Updated, dur(c.Serve.IngestWall), c.Serve.IngestRPS, dur(c.Serve.IngestMax), c.Serve.IngestErrors)
	fmt.Fprintf(w, "baseline: gofeed on %d cores over the %d feeds it reads (%d it refuses), bytes fetched once into memory\n",
		runtime.GOMAXPROCS(0), r.feeds-r.baseRefused, r.baseRefused)
	fmt.Fprintf(w, "steady state RSS after the 304 pass: %s, of which the Go runtime holds %s (live heap %s); served feed: %d bytes\n",
		mb(c.SteadyRSSKB), mb(c.SteadyGoKB), mb(c.SteadyHeapKB), c.Serve.FeedBytes)
}

func perSec(v float64) string { return fmt.Sprintf("%.0f", v) }

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func dur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond / 10).String()
}

func mb(kb int64) string { return fmt.Sprintf("%.0f MB", float64(kb)/1024) }
