package app

import (
	"os"
	"runtime/debug"
)

// DefaultMemoryLimit is the Go runtime's soft memory limit for the
// commands that run the pipeline (serve, fetch, and the load harness that
// measures them), unless GOMEMLIMIT says otherwise. A soft limit makes the
// collector return the memory of a burst (several large feeds parsed at
// once, the dedup index doubling its table) before the RSS grows past
// what a small machine or container gives us; SQLite's page caches are
// outside it.
const DefaultMemoryLimit = 160 << 20

// LimitMemory sets DefaultMemoryLimit unless GOMEMLIMIT is set.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
}
