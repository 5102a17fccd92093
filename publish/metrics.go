package publish

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
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

// slogPrinter lets promhttp report its errors through the server's logger.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.log.Error("serve metrics", "err", fmt.Sprint(v...)) }
