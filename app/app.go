// Package app wires bantin's stages into one application: the config,
// the store, the poller and the publisher, the way every command of
// cmd/bantin and the load harness of cmd/bantinload run them, so that
// what is measured is what is deployed.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"

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

// Options say where the application's config and database are.
type Options struct {
	Config string       // path of feeds.yaml
	DB     string       // path of the SQLite file
	Addr   string       // listen address; the base URL when the config gives none
	Logger *slog.Logger // nil: discard
}

// App is bantin wired together. Config is the one in force; Reload
// replaces it.
type App struct {
	Config   *bantin.Config
	Store    *store.Store
	Poller   *poll.Poller
	Server   *publish.Server
	Registry *prometheus.Registry
	log      *slog.Logger
}

// Open loads the config, opens the database and wires the stages. A bad
// config or an unusable database is an error; nothing has started.
func Open(ctx context.Context, o Options) (*App, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg, err := config.Load(o.Config)
	if err != nil {
		return nil, err
	}
	fp := dedup.NewFingerprinter()
	// The server is made after the store it reads from; the writer asks
	// it whether readers wait only once a pass runs.
	var server atomic.Pointer[publish.Server]
	readersActive := func() bool {
		s := server.Load()
		return s != nil && s.ReadersActive()
	}
	st, err := store.Open(ctx, store.Options{Path: o.DB, Matcher: fp, Logger: log, PlainText: clean.PlainText,
		ReadersActive: readersActive})
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", o.DB, err)
	}
	if err := st.SyncConfig(ctx, cfg); err != nil {
		st.Close()
		return nil, fmt.Errorf("record config in database: %w", err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a := &App{Config: cfg, Store: st, Registry: reg, log: log}
	client, cleaner := stages(cfg, log)
	a.Poller = poll.New(poll.Options{
		Client:        client,
		Cleaner:       cleaner,
		Fingerprinter: fp,
		Store:         st,
		Logger:        log,
		Location:      cfg.Location,
		Workers:       cfg.Fetch.Workers,
		Metrics:       poll.NewMetrics(reg),
		Backlog:       new(gcForBacklog).backlog,
	})
	a.Server = publish.NewServer(cfg, publish.Options{
		Store:    st,
		BaseURL:  BaseURL(o.Addr),
		Registry: reg,
		Logger:   log,
		// Read at start only: who may scrape is a deployment decision.
		MetricsLoopbackOnly: cfg.MetricsLoopbackOnly,
	})
	server.Store(a.Server)
	return a, nil
}

// Reload applies a new, valid config to the store, the poller and the
// server, keeping every stored item. The caller reschedules the sources.
func (a *App) Reload(ctx context.Context, cfg *bantin.Config) error {
	if err := a.Store.SyncConfig(ctx, cfg); err != nil {
		return fmt.Errorf("record config in database: %w", err)
	}
	client, cleaner := stages(cfg, a.log)
	a.Poller.Reconfigure(client, cleaner, cfg.Location)
	a.Server.SetConfig(cfg)
	a.Config = cfg
	return nil
}

// Close closes the database.
func (a *App) Close() error { return a.Store.Close() }

// stages builds the parts of the pipeline that depend on the config.
func stages(cfg *bantin.Config, log *slog.Logger) (*fetch.Client, *clean.Cleaner) {
	client := fetch.NewClient(fetch.Options{FetchLimits: cfg.Fetch, AllowPrivateNetworks: cfg.AllowPrivateNetworks, Logger: log})
	return client, clean.NewCleaner(cfg.Location, nil)
}

// BaseURL is where readers find a server listening on addr when the
// config does not say.
func BaseURL(addr string) string {
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
