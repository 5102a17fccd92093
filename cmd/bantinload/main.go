// Command bantinload measures bantin at national scale on one machine: a
// simulated country of fake portals on several loopback hosts (package
// bantin/sim), bantin's real pipeline run in a child process so its CPU
// and memory are its own, and beside every figure the baseline it is held
// to, measured in the same run:
//
//	go run ./cmd/bantinload -sources 4000 -items 50 -hosts 8
//
// It prints, for the goals of BENCHMARKS.md: the first pass's items per
// second against bare gofeed.Parser.Parse of the same bytes, peak RSS,
// the CPU and wall time of a pass of 304s, and serving against
// http.ServeFile of the same bytes, 304s, and latency while a pass
// ingests.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bantinload:", err)
		os.Exit(1)
	}
}

// settings is what the command line asks for.
type settings struct {
	sources, items, hosts int
	perHost, workers      int
	readers               int
	serveFor              time.Duration
	dir                   string
	seed                  uint64
	child                 childSettings
	isChild               bool
}

func parseFlags(args []string, stderr io.Writer) (*settings, error) {
	s := &settings{}
	fs := flag.NewFlagSet("bantinload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&s.sources, "sources", 4000, "sources (one feed per unit) in the simulated country")
	fs.IntVar(&s.items, "items", 50, "items per feed")
	fs.IntVar(&s.hosts, "hosts", 8, "loopback hosts the portals are spread over")
	fs.IntVar(&s.perHost, "per-host", 2, "bantin's requests in flight per host (politeness)")
	fs.IntVar(&s.workers, "workers", 16, "bantin's fetches in flight overall")
	fs.IntVar(&s.readers, "readers", 64, "concurrent feed readers in the serving phases")
	fs.DurationVar(&s.serveFor, "serve-for", 4*time.Second, "length of each serving phase")
	fs.StringVar(&s.dir, "dir", "", "directory for the config and database (default: a temporary one, removed)")
	fs.Uint64Var(&s.seed, "seed", 1, "seed of the generated stories")
	fs.BoolVar(&s.isChild, "child", false, "internal: run bantin and report to the parent")
	fs.StringVar(&s.child.Config, "child-config", "", "internal")
	fs.StringVar(&s.child.DB, "child-db", "", "internal")
	fs.StringVar(&s.child.Profiles, "profiles", "", "write CPU profiles of each phase of bantin and a heap profile after the first pass into this directory")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	s.child.Readers, s.child.ServeFor = s.readers, s.serveFor
	switch {
	case s.sources < 3 || s.sources > 100_000:
		return nil, fmt.Errorf("-sources %d is outside 3..100000", s.sources)
	case s.items < 1 || s.items > 1000:
		return nil, fmt.Errorf("-items %d is outside 1..1000", s.items)
	case s.hosts < 1 || s.hosts > 200:
		return nil, fmt.Errorf("-hosts %d is outside 1..200", s.hosts)
	case s.perHost < 1 || s.workers < 1 || s.readers < 1:
		return nil, errors.New("-per-host, -workers and -readers must be positive")
	case s.serveFor <= 0:
		return nil, errors.New("-serve-for must be positive")
	}
	return s, nil
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	s, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if s.isChild {
		return runChild(ctx, s.child, stdin, stdout)
	}
	limitParentMemory()
	r, err := measure(ctx, s, stderr)
	if err != nil {
		return err
	}
	r.print(stdout)
	return nil
}

// limitParentMemory gives the parent (the simulated country and the
// baseline) a soft memory limit of 60% of the machine's memory. At a
// million items the country and the fetched feeds are 8 GB live, and the
// Go default lets the heap double before collecting: the kernel killed
// the parent at 24 GB. Below the limit the GC runs as before, so runs of
// the usual sizes are not slowed.
func limitParentMemory() {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return
	}
	var kb int64
	for line := range strings.Lines(string(b)) {
		if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kb); err == nil {
			break
		}
	}
	if kb > 0 {
		debug.SetMemoryLimit(kb << 10 * 6 / 10)
	}
}
