package sim

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// host is one simulated web server: a listener on its own loopback
// address (127.0.0.2, 127.0.0.3, …) or, where those are missing, its own
// port of 127.0.0.1. It routes by the exact request URI and counts what
// clients do to it.
type host struct {
	addr   string // "127.0.0.2:41234"
	scheme string // http or https
	ln     net.Listener
	srv    *http.Server

	mu     sync.RWMutex
	routes map[string]*route // request URI → route

	flight                             flight
	requests, notModified, conditional atomic.Int64
}

// flight counts the requests a host is serving whose client is still
// there. A request leaves when its handler returns or as soon as the
// server sees the client go, whichever is first, so that a handler still
// noticing a dropped connection is not counted against the client.
type flight struct {
	mu   sync.Mutex
	now  map[int64]string // request number → request URI
	next int64
	max  int
	peak []string // the URIs in flight when max was first reached
}

// enter counts a request in and returns the function that counts it out;
// calling that again does nothing.
func (f *flight) enter(r *http.Request) (leave func()) {
	f.mu.Lock()
	if f.now == nil {
		f.now = map[int64]string{}
	}
	f.next++
	id := f.next
	f.now[id] = r.URL.RequestURI()
	if len(f.now) > f.max {
		f.max = len(f.now)
		f.peak = slices.Sorted(maps.Values(f.now))
	}
	f.mu.Unlock()
	var once sync.Once
	out := func() {
		once.Do(func() {
			f.mu.Lock()
			delete(f.now, id)
			f.mu.Unlock()
		})
	}
	stop := context.AfterFunc(r.Context(), out)
	return func() {
		stop()
		out()
	}
}

// count is the number of requests in flight now.
func (f *flight) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.now)
}

// route is one URL of a host and its counters.
type route struct {
	url     string
	handler http.Handler
	source  bool // a feed listed in the config, as opposed to an article page

	requests, notModified, conditional atomic.Int64
}

// base is the host's origin, "http://127.0.0.2:41234".
func (h *host) base() string { return h.scheme + "://" + h.addr }

// handle registers a handler for one request URI ("/phu-ly/rss.aspx?cat=1").
func (h *host) handle(uri string, handler http.Handler, source bool) *route {
	r := &route{url: h.base() + uri, handler: handler, source: source}
	h.mu.Lock()
	h.routes[uri] = r
	h.mu.Unlock()
	return r
}

func (h *host) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.requests.Add(1)
	defer h.flight.enter(r)()
	cond := r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""
	if cond {
		h.conditional.Add(1)
	}

	h.mu.RLock()
	rt := h.routes[r.URL.RequestURI()]
	h.mu.RUnlock()
	if rt == nil {
		http.Error(w, "Không tìm thấy trang", http.StatusNotFound)
		return
	}
	rt.requests.Add(1)
	if cond {
		rt.conditional.Add(1)
	}
	sw := &statusWriter{ResponseWriter: w}
	rt.handler.ServeHTTP(sw, r)
	if sw.status == http.StatusNotModified {
		h.notModified.Add(1)
		rt.notModified.Add(1)
	}
}

// statusWriter remembers the status sent. Unwrap lets handlers reach
// Flush and Hijack through http.ResponseController.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// loopbacks reports whether this machine answers on 127.0.0.2 and beyond
// (Linux routes all of 127.0.0.0/8 to loopback; other systems may not).
func loopbacks() bool {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// newHost listens on ip (a free port) and serves. A non-nil cert makes it
// a TLS host.
func newHost(ip string, cert *tls.Certificate, log *slog.Logger, wg *sync.WaitGroup) (*host, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", ip, err)
	}
	h := &host{addr: ln.Addr().String(), scheme: "http", ln: ln, routes: map[string]*route{}}
	if cert != nil {
		h.scheme = "https"
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12})
	}
	h.srv = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := h.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("sim host stopped", "addr", h.addr, "err", err)
		}
	}()
	return h, nil
}

// HostStats is what one host saw.
type HostStats struct {
	Addr        string // host:port
	URL         string // origin, "http://127.0.0.2:41234"
	Requests    int64
	MaxInFlight int64    // most requests in flight at once
	Peak        []string // the request URIs in flight when MaxInFlight was first reached
	NotModified int64    // 304 answers sent
	Conditional int64    // requests with If-None-Match or If-Modified-Since
}

// SourceStats is what one feed URL saw.
type SourceStats struct {
	Requests    int64
	NotModified int64
	Conditional int64
}

// Stats is what the province's hosts saw since it started.
type Stats struct {
	Hosts   []HostStats
	Sources map[string]SourceStats // by feed URL, as in the config
}

// MaxInFlight is the most requests any one host had in flight at once.
func (s Stats) MaxInFlight() int64 {
	var m int64
	for _, h := range s.Hosts {
		m = max(m, h.MaxInFlight)
	}
	return m
}

// Requests is the number of requests every host received.
func (s Stats) Requests() int64 {
	var n int64
	for _, h := range s.Hosts {
		n += h.Requests
	}
	return n
}

func (h *host) stats() HostStats {
	h.flight.mu.Lock()
	max, peak := h.flight.max, slices.Clone(h.flight.peak)
	h.flight.mu.Unlock()
	return HostStats{
		Addr:        h.addr,
		URL:         h.base(),
		Requests:    h.requests.Load(),
		MaxInFlight: int64(max),
		Peak:        peak,
		NotModified: h.notModified.Load(),
		Conditional: h.conditional.Load(),
	}
}

func (h *host) sourceStats(into map[string]SourceStats) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, r := range h.routes {
		if r.source {
			into[r.url] = SourceStats{
				Requests:    r.requests.Load(),
				NotModified: r.notModified.Load(),
				Conditional: r.conditional.Load(),
			}
		}
	}
}
