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

// ChangeCounter is what a Store may also implement so that serving an
// unchanged feed does not sum the versions of its units: Changes returns
// a number that changes whenever Version of any units would, and must
// change only once the new versions are readable (a reader that sees the
// new count and then calls Version sees the change).
type ChangeCounter interface {
	Changes() uint64
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
	changes         ChangeCounter // the store, when it counts its changes; else nil
	current         atomic.Pointer[snapshot]
	renders         atomic.Int64 // feeds and OPMLs rendered, for tests and metrics
	answering       atomic.Int64 // requests being answered
	lastAsked       atomic.Int64 // when the last request came, Unix ns
}

// readersRecent is how long after its last request the server counts
// its readers as still reading. A reader waiting for a CPU is not yet in
// the handler: requests in flight alone miss most of the readers a
// saturated machine keeps waiting.
const readersRecent = time.Second

// ReadersActive reports whether a request is being answered or came
// within the last second: the store's writer lets readers go first while
// they are (store.Options.ReadersActive).
func (s *Server) ReadersActive() bool {
	return s.answering.Load() > 0 || s.clock().UnixNano()-s.lastAsked.Load() < int64(readersRecent)
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
	feeds  map[string]*unitFeed // by canonical id and AllUnits
}

// unitFeed is what serving one unit's feed needs from the config, worked
// out once per config instead of on every request.
type unitFeed struct {
	units []string // the unit and its descendants, sorted; read-only
	seen  atomic.Pointer[versionSeen]
}

// versionSeen is the store's version of a unit feed's units as read when
// the store's change count was changes.
type versionSeen struct {
	changes, version uint64
	changed          time.Time
}

func newSnapshot(cfg *bantin.Config, base string, loc *time.Location, loaded time.Time) *snapshot {
	st := &snapshot{
		cfg:    cfg,
		tree:   bantin.NewTree(cfg),
		base:   strings.TrimRight(base, "/"),
		loc:    loc,
		loaded: loaded,
		cache:  newRenderCache(defaultCacheBytes),
		feeds:  make(map[string]*unitFeed, len(cfg.Units)+1),
	}
	st.feeds[bantin.AllUnits] = &unitFeed{units: st.tree.Subtree(bantin.AllUnits)}
	for i := range cfg.Units {
		id := cfg.Units[i].ID
		st.feeds[id] = &unitFeed{units: st.tree.Subtree(id)}
	}
	return st
}

// unitFeed returns the feed of id, a canonical id or AllUnits; an id not
// in the config gets an empty one, as Subtree would.
func (st *snapshot) unitFeed(id string) *unitFeed {
	if uf, ok := st.feeds[id]; ok {
		return uf
	}
	return &unitFeed{units: st.tree.Subtree(id)}
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
	s.changes, _ = opts.Store.(ChangeCounter)
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
	s.current.Store(newSnapshot(cfg, base, loc, s.clock().Truncate(time.Second)))
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
