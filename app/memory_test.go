package app

import (
	"runtime/debug"
	"testing"
)

// gcPercent reads the collector's GOGC.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// The backlog hook raises GOGC while any pass is behind and puts back
// what was in force once none is; it leaves a higher GOGC, and one the
// environment set, alone.
func TestGCForBacklog(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(DefaultGCPercent))
	t.Setenv("GOGC", "")
	tests := []struct {
		name   string
		env    string
		before int
		calls  []bool
		want   []int // GOGC after each call
	}{
		{"one pass", "", 50, []bool{true, false}, []int{100, 50}},
		{"two passes at once", "", 50, []bool{true, true, false, false}, []int{100, 100, 100, 50}},
		{"a false with no pass behind", "", 50, []bool{false, true, false}, []int{50, 100, 50}},
		{"higher already", "", 200, []bool{true, false}, []int{200, 200}},
		{"collector off", "", -1, []bool{true, false}, []int{-1, -1}},
		{"GOGC from the environment", "30", 30, []bool{true, false}, []int{30, 30}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.env)
			debug.SetGCPercent(tc.before)
			var g gcForBacklog
			for i, behind := range tc.calls {
				g.backlog(behind)
				if got := gcPercent(); got != tc.want[i] {
					t.Errorf("after backlog(%v) (call %d): GOGC %d, want %d", behind, i, got, tc.want[i])
				}
			}
		})
	}
}
