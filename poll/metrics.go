package poll

import (
	"github.com/prometheus/client_golang/prometheus"

	"bantin"
)

// Metrics are the poller's Prometheus collectors.
type Metrics struct {
	fetches  *prometheus.CounterVec
	duration prometheus.Histogram
	items    *prometheus.CounterVec
}

// NewMetrics registers the poller's collectors with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bantin_fetches_total",
			Help: "Fetches of sources by result: ok, not_modified, or the error kind.",
		}, []string{"result"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "bantin_fetch_duration_seconds",
			Help:    "Time to fetch, parse, clean and store one source.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60},
		}),
		items: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bantin_items_total",
			Help: "Items seen by what they did to the store: new, updated, duplicate (merged into a story).",
		}, []string{"kind"}),
	}
	reg.MustRegister(m.fetches, m.duration, m.items)
	return m
}

func (m *Metrics) observe(f *bantin.Fetch, s bantin.IngestStats) {
	if m == nil || f == nil {
		return
	}
	result := "ok"
	switch {
	case f.Failed():
		result = string(f.ErrorKind)
	case f.NotModified:
		result = "not_modified"
	}
	m.fetches.WithLabelValues(result).Inc()
	m.duration.Observe(f.Duration.Seconds())
	m.items.WithLabelValues("new").Add(float64(s.New))
	m.items.WithLabelValues("updated").Add(float64(s.Updated))
	m.items.WithLabelValues("duplicate").Add(float64(s.Duplicate))
}
