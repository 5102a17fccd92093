// Package publish talks to readers and staff: it renders the merged feeds
// of every unit (RSS 2.0, Atom 1.0, JSON Feed 1.1) and the OPML list of
// them, serves them with validators and compression from a cache that is
// rebuilt only when the store or the config changes, writes them as static
// files, and serves the staff pages (the units and their health, each
// unit's sources and items, search, the monthly report as CSV), the JSON
// API, the health check and the metrics.
package publish

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"bantin"

	"github.com/prometheus/client_golang/prometheus"
)

// Store is what publish reads from the database. Package store implements
// it; everything here is read-only.
type Store interface {
	Ping(ctx context.Context) error
	// Stories returns the newest stories any of units published, newest
	// first, with Units and Links filled.
	Stories(ctx context.Context, units []string, limit int) ([]bantin.Story, error)
	// Version changes whenever a story of any of units changes; the time
	// is that of the latest change. It is cheap: called on every request.
	Version(units []string) (uint64, time.Time)
	SourceStates(ctx context.Context) ([]bantin.SourceState, error)
	UnitActivity(ctx context.Context, now time.Time, loc *time.Location) (map[string]bantin.Activity, error)
	FetchLog(ctx context.Context, url string, n int) ([]bantin.FetchRecord, error)
	// DailyCounts returns per unit its items on each of the last days
	// calendar days in loc, today last; units without any are absent.
	DailyCounts(ctx context.Context, days int, now time.Time, loc *time.Location) (map[string][]int, error)
	// MonthlyCounts returns items per month, unit and source, months
	// taken in from's location, from's month to to's month included.
	MonthlyCounts(ctx context.Context, from, to time.Time) ([]bantin.MonthCount, error)
	// UnitItems returns the newest items the unit itself published.
	UnitItems(ctx context.Context, unit string, limit int) ([]bantin.UnitItem, error)
	// Search returns a page of the stories matching q, newest first, and
	// how many match; units, when given, restricts them to those units'.
	Search(ctx context.Context, q string, units []string, limit, offset int) ([]bantin.Story, int, error)
	Totals(ctx context.Context) (bantin.StoreTotals, error)
}

// Options are the dependencies of a Server.
type Options struct {
	Store               Store                // required
	BaseURL             string               // used when cfg.BaseURL is empty, e.g. "http://127.0.0.1:8080"
	Registry            *prometheus.Registry // /metrics serves it; nil: a new one
	MetricsLoopbackOnly bool                 // /metrics answers 403 to non-loopback clients
	Clock               func() time.Time     // nil: time.Now
	Logger              *slog.Logger         // nil: discard
}

// Feed limits: what a reader gets without asking, and the most it may ask.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Server renders and serves feeds and pages for one config at a time.
type Server struct {
	store           Store
	defaultBase     string
	registry        *prometheus.Registry
	metricsLoopback bool
	clock           func() time.Time
	log             *slog.Logger
	metrics         *metrics
	current         atomic.Pointer[snapshot]
	renders         atomic.Int64 // feeds and OPMLs rendered, for tests and metrics
}

// snapshot is everything derived from one config. SetConfig swaps the
// whole of it, so a request sees one config from start to end and the
// cache of the old one goes with it.
type snapshot struct {
	cfg    *bantin.Config
	tree   *bantin.Tree
	base   string         // public URL without a trailing slash
	loc    *time.Location // never nil
	loaded time.Time      // when this config was taken in: the fallback modification time
	cache  *renderCache
}

// NewServer returns a server for cfg. cfg must be valid (package config
// guarantees it) and is not modified.
func NewServer(cfg *bantin.Config, opts Options) *Server {
	s := &Server{
		store:           opts.Store,
		defaultBase:     opts.BaseURL,
		registry:        opts.Registry,
		metricsLoopback: opts.MetricsLoopbackOnly,
		clock:           opts.Clock,
		log:             opts.Logger,
	}
	if s.registry == nil {
		s.registry = prometheus.NewRegistry()
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.metrics = newMetrics(s.registry, s.log)
	registerCollector(s.registry, s.log, newStoreCollector(s))
	s.SetConfig(cfg)
	return s
}

// SetConfig makes cfg the config served from now on (on SIGHUP). Requests
// in flight finish with the old one; every cached rendering is dropped,
// since names, the tree and the base URL may all have changed.
func (s *Server) SetConfig(cfg *bantin.Config) {
	base := cfg.BaseURL
	if base == "" {
		base = s.defaultBase
	}
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	s.current.Store(&snapshot{
		cfg:    cfg,
		tree:   bantin.NewTree(cfg),
		base:   strings.TrimRight(base, "/"),
		loc:    loc,
		loaded: s.clock().Truncate(time.Second),
		cache:  newRenderCache(defaultCacheBytes),
	})
}

func (s *Server) snapshot() *snapshot { return s.current.Load() }

// allTitle is the title of the feed of every root unit.
func (st *snapshot) allTitle() string {
	if st.cfg.Title != "" {
		return st.cfg.Title
	}
	return "Tất cả đơn vị"
}

// unitName returns the display name of a unit id, or the id itself for a
// unit no longer in the config (its stories are kept forever).
func (st *snapshot) unitName(id string) string {
	if id == bantin.AllUnits {
		return st.allTitle()
	}
	if u := st.tree.Unit(id); u != nil {
		return u.Name
	}
	return id
}

// silentDays is how many days without an item make a unit "im lặng".
func (st *snapshot) silentDays(u *bantin.Unit) int {
	switch {
	case u.SilentDays > 0:
		return u.SilentDays
	case st.cfg.SilentDays > 0:
		return st.cfg.SilentDays
	}
	return 7
}
