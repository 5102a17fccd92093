package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuTime is the user plus system CPU the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// memKB reads one "VmXxx:  1234 kB" field of /proc/self/status; 0 when
// the system has none (not Linux).
func memKB(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0
		}
		return n
	}
	return 0
}

// resetPeak starts VmHWM again from the current RSS (Linux: writing 5 to
// clear_refs), so the steady state's peak is not the first pass's.
func resetPeak() error {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("reset peak RSS: %w", err)
	}
	return nil
}

// span measures wall and CPU time of one phase.
type span struct {
	wall time.Time
	cpu0 time.Duration
}

func startSpan() span { return span{wall: time.Now(), cpu0: cpuTime()} }

func (s span) stop() (wall, cpu time.Duration) {
	return time.Since(s.wall), cpuTime() - s.cpu0
}
