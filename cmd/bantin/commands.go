package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"bantin"
	"bantin/app"
	"bantin/config"
	"bantin/poll"
)

func runFetch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f flags
	fs := newFlagSet("fetch", stderr, &f)
	if err := parse(fs, args); err != nil {
		return err
	}
	log := newLogger(stderr, f.verbose)
	app.LimitMemory()
	a, err := openApp(ctx, f, log)
	if err != nil {
		return err
	}
	defer closeApp(a, log)
	sources := a.Config.FetchOrder()
	bar := newProgress(stderr, len(sources))
	results := a.Poller.Pass(ctx, sources, bar.step)
	bar.done()
	fmt.Fprintln(stdout, summarize(results))
	for _, r := range results {
		if r.Err != nil {
			return fmt.Errorf("record fetch of %s: %w", r.Source.URL, r.Err)
		}
	}
	return ctx.Err()
}

// summarize is the one line `bantin fetch` ends with.
func summarize(results []poll.Result) string {
	var ok, failed int
	var total bantin.IngestStats
	for _, r := range results {
		if r.Failed() {
			failed++
		} else {
			ok++
		}
		total = total.Add(r.Stats)
	}
	return fmt.Sprintf("sources: %d ok, %d failed; items: %d new, %d updated, %d duplicate",
		ok, failed, total.New, total.Updated, total.Duplicate)
}

// progress draws a bar on a terminal and stays silent elsewhere (logs,
// systemd, pipes), where a line per source would only be noise.
type progress struct {
	w          io.Writer
	total, n   int
	failed     int
	isTerminal bool
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total}
	if f, ok := w.(*os.File); ok {
		p.isTerminal = term.IsTerminal(int(f.Fd()))
	}
	return p
}

func (p *progress) step(r poll.Result) {
	p.n++
	if r.Failed() {
		p.failed++
	}
	if !p.isTerminal {
		return
	}
	const width = 30
	filled := width * p.n / max(p.total, 1)
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d sources, %d failed ", strings.Repeat("#", filled),
		strings.Repeat(".", width-filled), p.n, p.total, p.failed)
}

func (p *progress) done() {
	if p.isTerminal {
		fmt.Fprintln(p.w)
	}
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	var f flags
	fs := newFlagSet("check", stderr, &f)
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(f.config)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok: %d units, %d sources\n", f.config, len(cfg.Units), len(cfg.Sources()))
	return nil
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f flags
	var out string
	fs := newFlagSet("export", stderr, &f)
	fs.StringVar(&out, "out", "", "directory to write the feeds and the OPML into (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if out == "" {
		fmt.Fprintln(stderr, "export: -out DIR is required")
		return errUsage
	}
	log := newLogger(stderr, f.verbose)
	a, err := openApp(ctx, f, log)
	if err != nil {
		return err
	}
	defer closeApp(a, log)
	if err := a.Server.Export(ctx, out); err != nil {
		return fmt.Errorf("export to %s: %w", out, err)
	}
	fmt.Fprintf(stdout, "exported %d units to %s\n", len(a.Config.Units), out)
	return nil
}

// runHealthcheck lets a container image without curl check the daemon.
func runHealthcheck(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080/healthz", "URL that must answer 200")
	if err := parse(fs, args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return fmt.Errorf("health check %s: %w", *url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health check %s: %w", *url, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check %s: %s", *url, resp.Status)
	}
	return nil
}
