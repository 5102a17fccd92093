package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bantin/config"
	"bantin/sim"
)

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	extra := filepath.Join(dir, "extra.yaml")
	os.WriteFile(extra, []byte("fetch:\n  total_timeout: 4s\n"), 0o644)
	cfgPath, truthPath := filepath.Join(dir, "sim", "feeds.yaml"), filepath.Join(dir, "truth.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	publish := make(chan struct{})
	var out, errs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-cities", "1", "-wards", "2", "-items", "3", "-hostile", "-hosts", "2",
			"-config", cfgPath, "-truth", truthPath, "-extra", extra, "-start", "2025-03-01T10:00:00Z"}, &out, &errs, publish)
	}()
	waitFor(t, func() bool { return strings.Contains(out.String(), "ready") })

	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatalf("config.Load: %v", err)
	}
	if len(cfg.Units) != 4 || cfg.Fetch.TotalTimeout != 4*time.Second || !cfg.AllowPrivateNetworks {
		t.Errorf("config: %d units, total_timeout %v", len(cfg.Units), cfg.Fetch.TotalTimeout)
	}
	before := readTruth(t, truthPath)
	if n := strings.Count(out.String(), "host http://"); n != 2 {
		t.Errorf("%d hosts printed:\n%s", n, out.String())
	}

	publish <- struct{}{}
	waitFor(t, func() bool { return strings.Contains(out.String(), "published ") })
	waitFor(t, func() bool { return len(readTruth(t, truthPath).Stories) == len(before.Stories)+1 })

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v (%s)", err, errs.String())
	}
	if n := strings.Count(out.String(), "stats http"); n != 2 {
		t.Errorf("no stats at the end:\n%s", out.String())
	}
}

func readTruth(t *testing.T, path string) sim.Truth {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var truth sim.Truth
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatalf("truth: %v", err)
	}
	return truth
}

func TestBadFlags(t *testing.T) {
	tests := [][]string{
		{"-cities", "-2"},
		{"-start", "yesterday"},
		{"-publish-every", "-1s"},
		{"-extra", "/does/not/exist"},
		{"stray"},
		{"-crossposts", "2"},
	}
	for _, args := range tests {
		var out, errs syncBuffer
		if err := run(context.Background(), args, &out, &errs, nil); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
