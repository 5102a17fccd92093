package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin/sim"
)

// results are every figure of one run, bantin's and the baselines'.
type results struct {
	s                 *settings
	simStart          time.Duration
	feeds, feedBytes  int
	baseItems         int
	baseRefused       int // feeds bare gofeed cannot read
	baseWall, baseCPU time.Duration
	// oneWall is the same bytes parsed by one goroutine: bare
	// gofeed.Parser.Parse in a loop, the other reading of goal 1.
	oneWall time.Duration
	child   childReport
}

// measure runs the whole load: the country, the baseline, then bantin.
func measure(ctx context.Context, s *settings, progress io.Writer) (*results, error) {
	dir := s.dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "bantinload-")
		if err != nil {
			return nil, fmt.Errorf("temporary directory: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	r := &results{s: s}
	t := time.Now()
	cities := max(1, (s.sources+99)/100)
	wards := max(1, (s.sources-1-cities+cities-1)/cities)
	p, err := sim.Start(sim.Options{Cities: cities, WardsPerCity: wards, ItemsPerFeed: s.items, Hosts: s.hosts,
		CrossPosts: 0.1, Families: 1, Seed: s.seed})
	if err != nil {
		return nil, fmt.Errorf("start the simulated country: %w", err)
	}
	defer p.Close()
	r.simStart = time.Since(t)
	cfgPath := filepath.Join(dir, "feeds.yaml")
	extra := fmt.Sprintf("fetch:\n  per_host: %d\n  workers: %d\n", s.perHost, s.workers)
	if err := os.WriteFile(cfgPath, p.ConfigYAML(extra), 0o644); err != nil {
		return nil, fmt.Errorf("write config: %w", err)
	}
	truth := p.Truth()
	var urls []string
	for _, src := range truth.Sources {
		urls = append(urls, src.URL)
	}
	fmt.Fprintf(progress, "bantinload: %d sources on %d hosts, built in %s; baseline…\n", len(urls), s.hosts, r.simStart.Round(time.Millisecond))
	if err := r.baseline(ctx, urls); err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "bantinload: baseline %d items; bantin…\n", r.baseItems)
	r.child, err = runBantin(ctx, s, cfgPath, filepath.Join(dir, "bantin.db"), progress, func() error {
		for _, u := range truth.Units {
			if _, err := p.Publish(u.ID); err != nil {
				return err
			}
		}
		p.Render()
		return nil
	})
	return r, err
}

// baseline fetches every feed once into memory, then times bare gofeed
// parsing those bytes on every core, and in one goroutine.
func (r *results) baseline(ctx context.Context, urls []string) error {
	bodies, err := fetchAll(ctx, urls)
	if err != nil {
		return err
	}
	r.feeds = len(bodies)
	for _, b := range bodies {
		r.feedBytes += len(b)
	}
	// Bare gofeed refuses what bantin repairs (Windows-1258, say): the
	// baseline is timed on the feeds it reads, so its rate is not dragged
	// down by failures.
	bodies = slices.DeleteFunc(bodies, func(b []byte) bool {
		_, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		return err != nil
	})
	r.baseRefused = r.feeds - len(bodies)
	var err1, err2 error
	r.baseItems, r.baseWall, r.baseCPU, err1 = timeGofeed(bodies, runtime.GOMAXPROCS(0))
	_, r.oneWall, _, err2 = timeGofeed(bodies, 1)
	bodies = nil
	debug.FreeOSMemory()
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("baseline parse: %w", err)
	}
	return nil
}

// timeGofeed parses bodies with bare gofeed on the given number of
// goroutines and returns the items read and the time taken.
func timeGofeed(bodies [][]byte, workers int) (items int, wall, cpu time.Duration, err error) {
	runtime.GC()
	sp := startSpan()
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan []byte)
	for range workers {
		wg.Go(func() {
			n := 0
			for b := range next {
				f, perr := gofeed.NewParser().Parse(bytes.NewReader(b))
				if perr != nil {
					mu.Lock()
					err = errors.Join(err, perr)
					mu.Unlock()
					continue
				}
				n += len(f.Items)
			}
			mu.Lock()
			items += n
			mu.Unlock()
		})
	}
	for _, b := range bodies {
		next <- b
	}
	close(next)
	wg.Wait()
	wall, cpu = sp.stop()
	return items, wall, cpu, err
}

// fetchAll gets every feed's body as a reader without bantin would: plain
// GETs, no compression asked for.
func fetchAll(ctx context.Context, urls []string) ([][]byte, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}}
	bodies := make([][]byte, len(urls))
	errs := make([]error, len(urls))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for i, u := range urls {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			bodies[i], errs[i] = fetchOnceRaw(ctx, client, u)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("baseline fetch: %w", err)
	}
	return bodies, nil
}

func fetchOnceRaw(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get %s: status %d", url, resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", url, err)
	}
	return b, nil
}

// childCommand is how the child is started: this same binary with -child.
// A test binary has its own (see TestMain).
func childCommand(ctx context.Context, args ...string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own executable: %w", err)
	}
	return exec.CommandContext(ctx, exe, append([]string{"-child"}, args...)...), nil
}

// runBantin starts the child that runs bantin, answers its request to
// publish new stories with publish, and reads its report.
func runBantin(ctx context.Context, s *settings, cfgPath, db string, stderr io.Writer, publish func() error) (childReport, error) {
	var rep childReport
	cmd, err := childCommand(ctx, "-child-config", cfgPath, "-child-db", db,
		"-readers", fmt.Sprint(s.readers), "-serve-for", s.serveFor.String(), "-profiles", s.child.Profiles)
	if err != nil {
		return rep, err
	}
	cmd.Stderr = stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return rep, fmt.Errorf("child stdin: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return rep, fmt.Errorf("child stdout: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return rep, fmt.Errorf("start child: %w", err)
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var last []byte
	for sc.Scan() {
		if sc.Text() != wantPublish {
			last = append(last[:0], sc.Bytes()...)
			continue
		}
		if err := publish(); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return rep, fmt.Errorf("publish new stories: %w", err)
		}
		if _, err := fmt.Fprintln(in, published); err != nil {
			return rep, fmt.Errorf("tell child: %w", err)
		}
	}
	if err := cmd.Wait(); err != nil {
		return rep, fmt.Errorf("bantin child: %w", err)
	}
	if err := json.Unmarshal(last, &rep); err != nil {
		return rep, fmt.Errorf("read child report %q: %w", last, err)
	}
	return rep, nil
}
