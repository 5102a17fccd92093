package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"

	"bantin"
	"bantin/app"
	"bantin/poll"
)

// childReport is what the child process, which runs bantin itself, sends
// back: its own CPU and memory, apart from the simulated portals'.
type childReport struct {
	Sources int `json:"sources"`

	FirstWall, FirstCPU time.Duration
	FirstItems          int // items parsed, cleaned, fingerprinted and recorded
	FirstStats          bantin.IngestStats
	FirstFailed         int
	FirstPeakKB         int64 // VmHWM from start through the first pass and its search index
	// The stories the first pass stored are indexed for search once the
	// writer is idle; this is that catch-up, run at once after the pass.
	IndexWall, IndexCPU time.Duration
	Indexed             int

	SteadyWall, SteadyCPU time.Duration
	Steady304             int
	SteadyFailed          int
	SteadyPeakKB          int64 // VmHWM through the 304 pass, reset before it
	SteadyRSSKB           int64 // VmRSS after it
	SteadyGoKB            int64 // of which the Go runtime holds (the rest is mostly SQLite's caches)
	SteadyHeapKB          int64 // of which live heap after a collection

	Serve serveReport
	Size  sizeReport
}

// childSettings is what the parent passes down.
type childSettings struct {
	Config   string
	DB       string
	Readers  int
	ServeFor time.Duration
	Profiles string // directory for pprof files; "" for none
}

// runChild is bantin under load: open the store, one pass of new items,
// one pass of 304s, then serving, measured in this process only.
func runChild(ctx context.Context, cs childSettings, in io.Reader, out io.Writer) error {
	// The daemon's own wiring, metrics included: what is measured is
	// what is deployed.
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	app.LimitMemory()
	a, err := app.Open(ctx, app.Options{Config: cs.Config, DB: cs.DB, Addr: "127.0.0.1:8080", Logger: log})
	if err != nil {
		return err
	}
	defer a.Close()
	cfg, poller := a.Config, a.Poller
	sources := cfg.FetchOrder()
	rep := childReport{Sources: len(sources)}

	stopProfile, err := profileCPU(cs.Profiles, "first-pass")
	if err != nil {
		return err
	}
	sp := startSpan()
	first := poller.Pass(ctx, sources, nil)
	rep.FirstWall, rep.FirstCPU = sp.stop()
	stopProfile()
	if stopProfile, err = profileCPU(cs.Profiles, "search-index"); err != nil {
		return err
	}
	sp = startSpan()
	if rep.Indexed, err = a.Store.IndexSearch(ctx); err != nil {
		return err
	}
	rep.IndexWall, rep.IndexCPU = sp.stop()
	stopProfile()
	rep.FirstPeakKB = memKB("VmHWM")
	if err := profileHeap(cs.Profiles, "after-first-pass"); err != nil {
		return err
	}
	for _, r := range first {
		if r.Err != nil {
			return fmt.Errorf("record fetch of %s: %w", r.Source.URL, r.Err)
		}
		if r.Fetch.Failed() {
			rep.FirstFailed++
			continue
		}
		rep.FirstItems += r.Items
		rep.FirstStats = rep.FirstStats.Add(r.Stats)
	}
	first = nil
	// Between passes a daemon has minutes: its indexer hands SQLite's
	// page caches back once nothing waits (it waits for idle, here the
	// search index was built at once), and the scavenger the first pass's
	// garbage. Here both are done at once, so the steady state's peak is
	// its own.
	if err := a.Store.ReleaseMemory(ctx); err != nil {
		return err
	}
	debug.FreeOSMemory()

	if err := resetPeak(); err != nil {
		return err
	}
	if stopProfile, err = profileCPU(cs.Profiles, "steady-pass"); err != nil {
		return err
	}
	sp = startSpan()
	steady := schedulerRound(ctx, poller, sources)
	rep.SteadyWall, rep.SteadyCPU = sp.stop()
	stopProfile()
	rep.SteadyPeakKB, rep.SteadyRSSKB = memKB("VmHWM"), memKB("VmRSS")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rep.SteadyGoKB, rep.SteadyHeapKB = int64(ms.Sys-ms.HeapReleased)>>10, int64(ms.HeapAlloc)>>10
	for _, r := range steady {
		switch {
		case r.Err != nil:
			return fmt.Errorf("record fetch of %s: %w", r.Source.URL, r.Err)
		case r.Fetch.Failed():
			rep.SteadyFailed++
		case r.Fetch.NotModified:
			rep.Steady304++
		}
	}

	if stopProfile, err = profileCPU(cs.Profiles, "serving"); err != nil {
		return err
	}
	defer stopProfile()
	publish := func() error { return handshake(in, out) }
	rep.Serve, err = measureServing(ctx, a.Server.Handler(), cs, cfg, publish, func(ctx context.Context) error {
		for _, r := range poller.Pass(ctx, sources, nil) {
			if r.Err != nil {
				return fmt.Errorf("record fetch of %s: %w", r.Source.URL, r.Err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	stopProfile()
	// Between passes a daemon's store has indexed the pass's stories and
	// handed its page caches back (half a second after the last batch);
	// measure it in that state, not while it does so.
	if _, err := a.Store.IndexSearch(ctx); err != nil {
		return err
	}
	time.Sleep(time.Second)
	if stopProfile, err = profileCPU(cs.Profiles, "at-size"); err != nil {
		return err
	}
	defer stopProfile()
	if rep.Size, err = measureAtSize(ctx, a); err != nil {
		return err
	}
	stopProfile()
	return json.NewEncoder(out).Encode(rep)
}

// handshake asks the parent to publish new stories in the portals and
// waits until it has.
func handshake(in io.Reader, out io.Writer) error {
	if _, err := fmt.Fprintln(out, wantPublish); err != nil {
		return fmt.Errorf("ask parent to publish: %w", err)
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil {
		return fmt.Errorf("wait for parent to publish: %w", err)
	}
	if line != published+"\n" {
		return fmt.Errorf("parent answered %q to %q", line, wantPublish)
	}
	return nil
}

const (
	wantPublish = "publish please"
	published   = "published"
)

// listen serves h on a fresh loopback port until ctx ends.
func listen(ctx context.Context, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	context.AfterFunc(ctx, func() { srv.Close() })
	return "http://" + ln.Addr().String(), nil
}

// sameBytesFile writes body where http.ServeFile can serve it.
func sameBytesFile(dir string, body []byte) (string, error) {
	path := filepath.Join(dir, "feed.rss")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		return "", fmt.Errorf("write feed copy: %w", err)
	}
	return path, nil
}

// profileCPU profiles the CPU into dir/name.cpu.pprof until the returned
// function is called; with no dir it does nothing.
func profileCPU(dir, name string) (stop func(), err error) {
	if dir == "" {
		return func() {}, nil
	}
	f, err := os.Create(filepath.Join(dir, name+".cpu.pprof"))
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}, nil
}

// profileHeap writes the live heap into dir/name.heap.pprof.
func profileHeap(dir, name string) error {
	if dir == "" {
		return nil
	}
	f, err := os.Create(filepath.Join(dir, name+".heap.pprof"))
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}

// schedulerRound runs one round of the daemon's scheduler, in which every
// source is due at once, and returns its results: the steady pass as
// serve runs it, the scheduler's bookkeeping included (Pass leaves it
// out, and it once cost more than the fetches).
func schedulerRound(ctx context.Context, p *poll.Poller, sources []bantin.Source) []poll.Result {
	if len(sources) == 0 {
		return nil
	}
	sched := poll.NewScheduler(p)
	results := make([]poll.Result, 0, len(sources))
	all := make(chan struct{})
	sched.Observe(func(r poll.Result) {
		results = append(results, r)
		if len(results) == len(sources) {
			close(all)
		}
	})
	stop, cancel := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		sched.Run(stop, ctx, sources)
	}()
	select {
	case <-all:
	case <-ctx.Done():
	}
	cancel()
	<-ran
	return results
}
