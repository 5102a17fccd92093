package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bantin"
)

// FuzzParse feeds Parse arbitrary files: it must never panic, and must
// return either problems that point into the file or a config whose units
// form a consistent forest.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	seeds = append(seeds, "../feeds.yaml")
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, c := range problemCases() {
		f.Add([]byte(c.file))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz.yaml", data)
		if err != nil {
			if cfg != nil {
				t.Fatal("a config beside an error")
			}
			checkProblems(t, data, err)
			return
		}
		checkConsistent(t, cfg)
	})
}

// checkProblems checks that err lists problems that name the file and a
// line within it (or just past its last line break).
func checkProblems(t *testing.T, data []byte, err error) {
	t.Helper()
	var errs Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		t.Fatalf("error %v (%T), want a non-empty Errors", err, err)
	}
	lines := 1
	for _, brk := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029"} {
		lines += strings.Count(string(data), brk)
	}
	for _, p := range errs {
		if p.File != "fuzz.yaml" || p.Line < 1 || p.Line > lines || p.Msg == "" {
			t.Fatalf("problem %+v does not point into a file of %d lines", p, lines)
		}
	}
}

// checkConsistent checks what every consumer of a Config relies on.
func checkConsistent(t *testing.T, cfg *bantin.Config) {
	t.Helper()
	if cfg.Location == nil || len(cfg.Units) == 0 || cfg.SilentDays < 1 || cfg.Path != "fuzz.yaml" {
		t.Fatalf("incomplete config: %+v", cfg)
	}
	if _, err := ParseSchedule(cfg.Schedule); err != nil {
		t.Fatalf("default schedule %q: %v", cfg.Schedule, err)
	}
	names := make(map[string]bool)
	for _, u := range cfg.Units {
		for _, n := range append([]string{u.ID}, u.Aliases...) {
			if checkID(n) != "" || names[n] {
				t.Fatalf("id or alias %q invalid or repeated", n)
			}
			names[n] = true
		}
		if u.Name == "" {
			t.Fatalf("unit %q has no name", u.ID)
		}
	}
	urls := make(map[string]bool)
	for _, s := range cfg.Sources() {
		if _, err := ParseSchedule(s.Schedule); err != nil || checkURL(s.URL) != nil || urls[sameURL(s.URL)] {
			t.Fatalf("bad source %+v", s)
		}
		urls[sameURL(s.URL)] = true
	}
	// Every unit must hang under exactly one root: no cycle, no orphan.
	tree := bantin.NewTree(cfg)
	reached := 0
	for _, r := range tree.Roots() {
		reached += len(tree.Subtree(r))
	}
	if reached != len(cfg.Units) {
		t.Fatalf("roots reach %d of %d units", reached, len(cfg.Units))
	}
}
