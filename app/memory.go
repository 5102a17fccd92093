package app

import (
	"os"
	"runtime/debug"
	"sync"
)

// DefaultMemoryLimit is the Go runtime's soft memory limit for the
// commands that run the pipeline (serve, fetch, and the load harness that
// measures them), unless GOMEMLIMIT says otherwise. A soft limit makes the
// collector return the memory of a burst (several large feeds parsed at
// once) before the RSS grows past what a small machine or container gives
// us; SQLite's page caches and the dedup index's table (mapped outside
// the heap: store/offheap.go) are outside it. It is 160 MB for the
// pipeline and 96 MB more for the rendered feeds a serving daemon keeps
// (publish's cache bound): at 160 MB, a national daemon's cache of every
// unit's feed put the live heap over the limit, and the collector ran
// without pause.
const DefaultMemoryLimit = 256 << 20

// DefaultGCPercent is the collector's GOGC for the same commands, unless
// GOGC says otherwise. With Go's default of 100 the heap between
// collections grows to twice the live heap, garbage of no use to anyone,
// which was most of the difference between the live heap and the RSS
// after a pass. (Most of that live heap was the dedup index, which now
// lives outside it, so 50 costs a first pass 3–4.5% of its CPU in the
// collector, against 2% before; the steady state's RSS needs it.)
const DefaultGCPercent = 50

// LimitMemory sets DefaultMemoryLimit unless GOMEMLIMIT is set, and
// DefaultGCPercent unless GOGC is.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(DefaultGCPercent)
	}
}

// IngestGCPercent is the collector's GOGC while the writer has a backlog
// of new items, as through a first pass. DefaultGCPercent is for the RSS
// between passes; a first pass allocates gigabytes of short-lived parse
// and clean buffers over a live heap of a few tens of MB, and at 50 it
// collected twice as often as at 100 for no lasting gain. The peak of a
// national first pass has room for the larger heap (see BENCHMARKS.md).
const IngestGCPercent = 100

// gcForBacklog is the Poller's Backlog hook: it raises the collector's
// GOGC to IngestGCPercent while any pass has a backlog and puts back the
// one in force before once none has. It leaves a GOGC from the
// environment, and one already as high, alone.
type gcForBacklog struct {
	mu     sync.Mutex
	behind int // passes with a backlog
	before int // GOGC before the first of them
}

func (g *gcForBacklog) backlog(behind bool) {
	if os.Getenv("GOGC") != "" {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case behind:
		if g.behind++; g.behind == 1 {
			g.before = debug.SetGCPercent(IngestGCPercent)
			if g.before < 0 || g.before >= IngestGCPercent {
				debug.SetGCPercent(g.before)
			}
		}
	case g.behind > 0:
		if g.behind--; g.behind == 0 {
			debug.SetGCPercent(g.before)
		}
	}
}
