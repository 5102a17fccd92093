//go:build !unix

package store

import (
	"testing"
	"time"
)

// cpuTime is not measured here: the benchmarks report 0 CPU.
func cpuTime(*testing.B) time.Duration { return 0 }
