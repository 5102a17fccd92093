package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary be its own child: measure starts
// os.Executable() with -child.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "-child" {
		if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
			os.Stderr.WriteString("bantinload child: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestSmoke runs the whole load on a tiny country: every phase runs and
// every figure is printed. The goals are not asserted: timing is the
// national run's business, not CI's.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a simulated country and a child process")
	}
	var out, errs bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := run(ctx, []string{"-sources", "20", "-items", "10", "-hosts", "2", "-readers", "4", "-serve-for", "200ms"}, nil, &out, &errs)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, errs.String())
	}
	text := out.String()
	for _, want := range []string{"ingest, items/s", "304 pass: answered 304", "20/20", "serve 304, req/s", "net/http's own 304", "p99 with 4 readers"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, " 0 items") {
		t.Errorf("the first pass stored nothing:\n%s", text)
	}
}

func TestFlagsRefuseNonsense(t *testing.T) {
	for name, args := range map[string][]string{
		"too few sources":  {"-sources", "1"},
		"no items":         {"-items", "0"},
		"no readers":       {"-readers", "0"},
		"stray argument":   {"extra"},
		"zero serve phase": {"-serve-for", "0s"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := parseFlags(args, &bytes.Buffer{}); err == nil {
				t.Errorf("%v accepted", args)
			}
		})
	}
}
