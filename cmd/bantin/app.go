package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"bantin"
	"bantin/clean"
	"bantin/config"
	"bantin/dedup"
	"bantin/fetch"
	"bantin/poll"
	"bantin/publish"
	"bantin/store"
)

// app is every part of bantin wired together, for one command.
type app struct {
	flags  flags
	log    *slog.Logger
	cfg    *bantin.Config
	store  *store.Store
	poller *poll.Poller
	server *publish.Server
	reg    *prometheus.Registry
}

func newLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openApp loads the config, opens the database and wires the stages. A
// bad config or an unusable database is an error; nothing has started.
func openApp(ctx context.Context, f flags, log *slog.Logger) (*app, error) {
	cfg, err := config.Load(f.config)
	if err != nil {
		return nil, err
	}
	fp := dedup.NewFingerprinter()
	st, err := store.Open(ctx, store.Options{Path: f.db, Matcher: fp, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", f.db, err)
	}
	if err := st.SyncConfig(ctx, cfg); err != nil {
		st.Close()
		return nil, fmt.Errorf("record config in database: %w", err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a := &app{flags: f, log: log, cfg: cfg, store: st, reg: reg}
	client, cleaner := newStages(cfg, log)
	a.poller = poll.New(poll.Options{
		Client:        client,
		Cleaner:       cleaner,
		Fingerprinter: fp,
		Store:         st,
		Logger:        log,
		Location:      cfg.Location,
		Workers:       cfg.Fetch.Workers,
		Metrics:       poll.NewMetrics(reg),
	})
	a.server = publish.NewServer(cfg, publish.Options{
		Store:    st,
		BaseURL:  baseURL(f.addr),
		Registry: reg,
		Logger:   log,
		// Read at start only: who may scrape is a deployment decision.
		MetricsLoopbackOnly: cfg.MetricsLoopbackOnly,
	})
	return a, nil
}

// newStages builds the parts of the pipeline that depend on the config.
func newStages(cfg *bantin.Config, log *slog.Logger) (*fetch.Client, *clean.Cleaner) {
	client := fetch.NewClient(fetch.Options{FetchLimits: cfg.Fetch, AllowPrivateNetworks: cfg.AllowPrivateNetworks, Logger: log})
	return client, clean.NewCleaner(cfg.Location, nil)
}

// baseURL is where readers find us when the config does not say.
func baseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return "http://" + host + ":" + port
}

func (a *app) close() {
	if err := a.store.Close(); err != nil {
		a.log.Error("close database", "err", err)
	}
}
