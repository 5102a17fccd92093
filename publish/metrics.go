package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"bantin"
)

// metrics are what publish adds to the registry it serves.
type metrics struct {
	requests *prometheus.CounterVec
	renders  *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry, log *slog.Logger) *metrics {
	return &metrics{
		requests: register(reg, log, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bantin_http_requests_total",
			Help: "HTTP responses by route pattern and status code.",
		}, []string{"route", "code"})),
		renders: register(reg, log, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bantin_feed_renders_total",
			Help: "Feeds and OPML documents rendered (cache misses), by format.",
		}, []string{"format"})),
	}
}

// register adds c to reg, or returns the collector already there: a
// second Server on the same registry (a test, an export beside a serve)
// shares the counters instead of failing.
func register(reg *prometheus.Registry, log *slog.Logger, c *prometheus.CounterVec) *prometheus.CounterVec {
	err := reg.Register(c)
	if err == nil {
		return c
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(*prometheus.CounterVec); ok {
			return existing
		}
	}
	// A clashing collector of another type: count anyway, unexported.
	log.Error("register metric", "err", err)
	return c
}

// scrapeTimeout bounds the store queries behind one scrape.
const scrapeTimeout = 10 * time.Second

// storeCollector reports what the store holds and what staff would see on
// the overview, computed when Prometheus scrapes: a few index scans and
// the queries of one overview, not a counter kept in step by hand.
type storeCollector struct {
	s                              *Server
	items, stories, failing, quiet *prometheus.Desc
}

func newStoreCollector(s *Server) *storeCollector {
	return &storeCollector{
		s:       s,
		items:   prometheus.NewDesc("bantin_items_stored", "Items stored: every copy of every article from every source.", nil, nil),
		stories: prometheus.NewDesc("bantin_stories_stored", "Stories stored: items merged across sources.", nil, nil),
		failing: prometheus.NewDesc("bantin_sources_failing", "Configured sources whose last fetch failed, by error kind.", []string{"kind"}, nil),
		quiet:   prometheus.NewDesc("bantin_units_silent", "Units with no new item for their silence threshold.", nil, nil),
	}
}

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.items
	ch <- c.stories
	ch <- c.failing
	ch <- c.quiet
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	totals, err := c.s.store.Totals(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.items, err)
		ch <- prometheus.NewInvalidMetric(c.stories, err)
	} else {
		ch <- prometheus.MustNewConstMetric(c.items, prometheus.GaugeValue, float64(totals.Items))
		ch <- prometheus.MustNewConstMetric(c.stories, prometheus.GaugeValue, float64(totals.Stories))
	}
	st := c.s.snapshot()
	reps, err := c.s.reports(ctx, st, c.s.clock())
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.failing, err)
		ch <- prometheus.NewInvalidMetric(c.quiet, err)
		return
	}
	silent := 0
	byKind := make(map[bantin.ErrorKind]int)
	for k := range vi.ErrorKinds {
		byKind[k] = 0 // every kind present, so a dashboard sees the 0
	}
	for i := range reps {
		if reps[i].health.silent {
			silent++
		}
		for _, src := range reps[i].sources {
			if src.failing() {
				byKind[src.state.ErrorKind]++
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(byKind)) {
		ch <- prometheus.MustNewConstMetric(c.failing, prometheus.GaugeValue, float64(byKind[k]), string(k))
	}
	ch <- prometheus.MustNewConstMetric(c.quiet, prometheus.GaugeValue, float64(silent))
}

// registerCollector adds c to reg; a second Server on the same registry
// leaves the first one's in place.
func registerCollector(reg *prometheus.Registry, log *slog.Logger, c prometheus.Collector) {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	if err != nil && !errors.As(err, &are) {
		log.Error("register metric", "err", err)
	}
}

// slogPrinter lets promhttp report its errors through the server's logger.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.log.Error("serve metrics", "err", fmt.Sprint(v...)) }
