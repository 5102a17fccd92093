package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"bantin/app"
	"bantin/config"
	"bantin/poll"
)

// drainTimeout bounds how long a stopping daemon waits for fetches in flight.
const drainTimeout = 65 * time.Second

func runServe(ctx context.Context, args []string, stderr io.Writer) error {
	var f flags
	fs := newFlagSet("serve", stderr, &f)
	if err := parse(fs, args); err != nil {
		return err
	}
	d := &daemon{flags: f, log: newLogger(stderr, f.verbose)}
	app.LimitMemory()
	return d.run(ctx, nil)
}

// daemon is `bantin serve`: the HTTP server and the scheduler over one app.
type daemon struct {
	flags flags
	log   *slog.Logger
	app   *app.App
	sched *poll.Scheduler
}

// run serves until ctx is cancelled, then stops taking work, lets the
// fetches in flight finish, closes the database and returns nil. ready,
// when not nil, receives the address listened on.
func (d *daemon) run(ctx context.Context, ready chan<- net.Addr) error {
	a, err := openApp(ctx, d.flags, d.log)
	if err != nil {
		return err
	}
	defer closeApp(a, d.log)
	d.app = a
	ln, err := net.Listen("tcp", d.flags.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", d.flags.addr, err)
	}
	srv := &http.Server{
		Handler:           a.Server.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(d.log.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	d.log.Info("serving", "addr", ln.Addr().String(), "units", len(a.Config.Units), "config", d.flags.config, "db", d.flags.db)
	if ready != nil {
		ready <- ln.Addr()
	}

	stop, stopScheduling := context.WithCancel(context.Background())
	work, abandon := context.WithCancel(context.Background())
	defer abandon()
	d.sched = poll.NewScheduler(a.Poller)
	sources := a.Config.FetchOrder() // here: a reload replaces a.Config while Run starts
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		d.sched.Run(stop, work, sources)
	}()

	var runErr error
loop:
	for {
		select {
		case <-hup:
			d.reload(ctx)
		case err := <-serveErr:
			runErr = fmt.Errorf("serve http: %w", err)
			break loop
		case <-ctx.Done():
			break loop
		}
	}
	d.log.Info("stopping: no new fetches; finishing those in flight")
	stopScheduling()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	go func() {
		<-shutdownCtx.Done()
		abandon()
	}()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		d.log.Warn("http shutdown", "err", err)
	}
	<-schedDone
	d.log.Info("stopped")
	return runErr
}

// reload applies a changed feeds.yaml. An invalid file is refused with
// its errors logged, and the running config stays.
func (d *daemon) reload(ctx context.Context) {
	cfg, err := config.Load(d.flags.config)
	if err != nil {
		d.log.Error("reload refused: config has errors; keeping the running one", "config", d.flags.config, "err", err)
		return
	}
	if err := d.app.Reload(ctx, cfg); err != nil {
		d.log.Error("reload refused", "err", err)
		return
	}
	sources := cfg.FetchOrder()
	d.sched.SetSources(sources)
	d.log.Info("config reloaded", "units", len(cfg.Units), "sources", len(sources))
}
