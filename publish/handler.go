package publish

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler returns the HTTP interface: feeds, OPML, pages, API, health and
// metrics. Methods other than GET and HEAD answer 405, unknown paths 404.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feeds/{file}", s.handleFeed)
	mux.HandleFunc("GET /opml", s.handleOPML)
	mux.HandleFunc("GET /opml.xml", s.handleOPML)
	mux.HandleFunc("GET /api/units", s.handleAPIUnits)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.HandleFunc("GET /{$}", s.handleOverview)
	mux.HandleFunc("GET /units/{id}", s.handleUnit)
	mux.HandleFunc("GET /items", s.handleSearch)
	mux.HandleFunc("GET /report.csv", s.handleReport)
	return s.instrument(mux)
}

// instrument adds what every response carries and counts responses by
// route pattern (not by path: unit ids would explode the label set).
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["X-Content-Type-Options"] = nosniff
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		s.answering.Add(1)
		s.lastAsked.Store(s.clock().UnixNano())
		// Deferred: a handler that panics (net/http recovers it) must not
		// leave the server counting a reader forever.
		defer s.answering.Add(-1)
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.metrics.requests.WithLabelValues(route, statusLabel(rec.status)).Inc()
	})
}

// nosniff is the X-Content-Type-Options value (len == cap: appending to
// it copies).
var nosniff = []string{"nosniff"}

// statusLabel is strconv.Itoa without an allocation for what is answered
// most.
func statusLabel(code int) string {
	switch code {
	case http.StatusOK:
		return "200"
	case http.StatusNotModified:
		return "304"
	case http.StatusNotFound:
		return "404"
	}
	return strconv.Itoa(code)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// healthTimeout bounds the database check, so a stuck database makes the
// check fail instead of hang.
const healthTimeout = 5 * time.Second

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "health check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

func (s *Server) metricsHandler() http.Handler {
	h := promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{ErrorLog: slogPrinter{s.log}})
	if !s.metricsLoopback {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fromLoopback(r) {
			http.Error(w, "metrics are served to local clients only", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// fromLoopback reports whether the request's peer is on this machine.
// Behind a reverse proxy on the same host every request is, which is why
// loopback-only metrics are an option and not the rule.
func fromLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.Unmap().IsLoopback()
}
