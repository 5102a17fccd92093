// Command simprovince runs a simulated province of fake government portals
// on loopback (package bantin/sim), for trying bantin by hand and from
// scripts:
//
//	go run ./cmd/simprovince -cities 3 -wards 8 -hostile -hosts 4 -config /tmp/sim/feeds.yaml
//
// It writes a feeds.yaml for bantin (and with -truth the truth as JSON),
// prints its hosts, and serves until SIGINT or SIGTERM. On SIGUSR1, and
// every -publish-every, it publishes a new story in the next unit in turn
// and rewrites the truth file.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"bantin/sim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	publish := make(chan struct{})
	go func() {
		for range usr1 {
			publish <- struct{}{}
		}
	}()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, publish)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "simprovince:", err)
		os.Exit(1)
	}
}

// settings is what the command line asks for.
type settings struct {
	opts         sim.Options
	config       string
	truth        string
	extra        string
	publishEvery time.Duration
}

func parseFlags(args []string, stderr io.Writer) (*settings, error) {
	s := &settings{}
	fs := flag.NewFlagSet("simprovince", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &s.opts
	fs.IntVar(&o.Cities, "cities", 3, "cities under the province")
	fs.IntVar(&o.WardsPerCity, "wards", 4, "wards and communes under each city")
	fs.IntVar(&o.Departments, "departments", 0, "departments under the province")
	fs.IntVar(&o.FeedsPerUnit, "feeds", 1, "good feeds per unit")
	fs.IntVar(&o.ItemsPerFeed, "items", 10, "stories per good feed")
	fs.IntVar(&o.Hosts, "hosts", 3, "listeners the units are spread over")
	fs.BoolVar(&o.Hostile, "hostile", false, "give every unit one hostile feed")
	fs.IntVar(&o.HostileHosts, "hostile-hosts", 0, "put the hostile feeds on this many listeners of their own (0: on their unit's)")
	fs.BoolVar(&o.TLSInsecure, "tls-insecure", false, "list the self-signed source with tls_insecure: true")
	fs.Float64Var(&o.CrossPosts, "crossposts", 0.2, "fraction of ward stories the city re-posts")
	fs.IntVar(&o.Families, "families", 1, "template families per city (same headline in every ward)")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the generated stories")
	start := fs.String("start", "", "date stories before this RFC 3339 time (default now)")
	fs.StringVar(&s.config, "config", "feeds.sim.yaml", "write bantin's feeds.yaml here")
	fs.StringVar(&s.truth, "truth", "", "write the truth as JSON here")
	extra := fs.String("extra", "", "file of YAML top-level keys to add to the config (fetch limits, say)")
	fs.DurationVar(&s.publishEvery, "publish-every", 0, "publish a new story this often (0: only on SIGUSR1)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *start != "" {
		t, err := time.Parse(time.RFC3339, *start)
		if err != nil {
			return nil, fmt.Errorf("-start: %w", err)
		}
		o.Start = t
	}
	if *extra != "" {
		b, err := os.ReadFile(*extra)
		if err != nil {
			return nil, fmt.Errorf("-extra: %w", err)
		}
		s.extra = string(b)
	}
	if s.publishEvery < 0 {
		return nil, fmt.Errorf("-publish-every %v is negative", s.publishEvery)
	}
	return s, nil
}

// run starts the province, writes its files and serves until ctx ends,
// publishing on every value of publish and every -publish-every.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, publish <-chan struct{}) error {
	s, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	p, err := sim.Start(s.opts)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := writeFile(s.config, p.ConfigYAML(s.extra)); err != nil {
		return err
	}
	if err := s.writeTruth(p); err != nil {
		return err
	}
	t := p.Truth()
	for _, h := range p.Hosts() {
		fmt.Fprintln(stdout, "host", h)
	}
	fmt.Fprintf(stdout, "config %s: %d units, %d sources, %d stories\n", s.config, len(t.Units), len(t.Sources), len(t.Stories))
	fmt.Fprintln(stdout, "ready")

	var tick <-chan time.Time
	if s.publishEvery > 0 {
		ticker := time.NewTicker(s.publishEvery)
		defer ticker.Stop()
		tick = ticker.C
	}
	next := 0
	for {
		select {
		case <-ctx.Done():
			printStats(stdout, p.Stats())
			fmt.Fprintln(stdout, "stopping")
			return nil
		case <-publish:
		case <-tick:
		}
		story, err := publishNext(p, t.Units, &next)
		if err != nil {
			fmt.Fprintln(stderr, "simprovince:", err)
			continue
		}
		fmt.Fprintf(stdout, "published %s in %s: %s\n", story.ID, story.Units[0], story.Title)
		if err := s.writeTruth(p); err != nil {
			fmt.Fprintln(stderr, "simprovince:", err)
		}
	}
}

// printStats tells what bantin did to each host, so a script can check
// it kept to two requests in flight per host and sent validators.
func printStats(w io.Writer, st sim.Stats) {
	for _, h := range st.Hosts {
		fmt.Fprintf(w, "stats %s: %d requests, at most %d in flight %v, %d conditional, %d not modified\n",
			h.URL, h.Requests, h.MaxInFlight, h.Peak, h.Conditional, h.NotModified)
	}
}

// publishNext publishes in the next unit that can take a story.
func publishNext(p *sim.Province, units []sim.Unit, next *int) (sim.Story, error) {
	var err error
	for range units {
		u := units[*next%len(units)]
		*next++
		var s sim.Story
		if s, err = p.Publish(u.ID); err == nil {
			return s, nil
		}
	}
	return sim.Story{}, err
}

func (s *settings) writeTruth(p *sim.Province) error {
	if s.truth == "" {
		return nil
	}
	b, err := json.MarshalIndent(p.Truth(), "", "  ")
	if err != nil {
		return fmt.Errorf("truth: %w", err)
	}
	return writeFile(s.truth, append(b, '\n'))
}

// writeFile replaces path in one rename, so that bantin re-reading it on
// SIGHUP never sees half a file.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".simprovince-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
