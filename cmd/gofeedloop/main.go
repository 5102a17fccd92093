// Command gofeedloop times bare gofeed.Parser.Parse over feed files, in
// one loop: the baseline of goal 1 in BENCHMARKS.md as it is measured
// from outside, beside a `bantin fetch` of the same feeds
// (cmd/bantinload/outside.sh):
//
//	gofeedloop bodies/*
//
// It prints how many feeds it read and how many gofeed refused, the items
// parsed and the items per second over the loop's wall time.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mmcdole/gofeed"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: gofeedloop FILE...")
		return 2
	}
	bodies := make([][]byte, 0, len(args))
	for _, name := range args {
		b, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(stderr, "gofeedloop:", err)
			return 1
		}
		bodies = append(bodies, b)
	}
	items, refused, took := parseAll(bodies)
	fmt.Fprintf(stdout, "gofeed, one loop: %d feeds (%d refused), %d items in %v: %.0f items/s\n",
		len(bodies), refused, items, took.Round(time.Millisecond), float64(items)/took.Seconds())
	return 0
}

// parseAll parses every body with one parser, as a loop of bare
// gofeed.Parser.Parse does, and counts the items of those it reads.
func parseAll(bodies [][]byte) (items, refused int, took time.Duration) {
	p := gofeed.NewParser()
	start := time.Now()
	for _, b := range bodies {
		f, err := p.Parse(bytes.NewReader(b))
		if err != nil {
			refused++
			continue
		}
		items += len(f.Items)
	}
	return items, refused, time.Since(start)
}
