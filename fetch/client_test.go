package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bantin"
)

const rssBody = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Phường Phủ Lý</title></channel></rss>`

// testClient allows loopback, as every test server lives there.
func testClient(limits bantin.FetchLimits) *Client {
	return NewClient(Options{FetchLimits: limits, AllowPrivateNetworks: true})
}

func source(url string) bantin.Source { return bantin.Source{URL: url, Unit: "phu-ly"} }

// wantKind fails unless err is an *Error of kind.
func wantKind(t *testing.T, err error, kind bantin.ErrorKind) *Error {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %T %v, want *Error of kind %q", err, err, kind)
	}
	if fe.Kind != kind {
		t.Fatalf("kind %q (%v), want %q", fe.Kind, err, kind)
	}
	return fe
}

func TestGetConditional(t *testing.T) {
	const etag, lastMod = `"v7"`, "Mon, 21 Dec 2020 01:30:00 GMT"
	var gotUA, gotAE atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA.Store(r.Header.Get("User-Agent"))
		gotAE.Store(r.Header.Get("Accept-Encoding"))
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			if r.URL.Path == "/bare" {
				w.WriteHeader(http.StatusNotModified) // no validators repeated
				return
			}
			w.Header().Set("ETag", etag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		io.WriteString(w, rssBody)
	}))
	defer srv.Close()
	c := testClient(bantin.FetchLimits{})

	tests := []struct {
		name, path, etag, lastMod string
		notModified               bool
	}{
		{"first fetch gets the body", "/rss", "", "", false},
		{"validators sent give 304", "/rss", etag, lastMod, true},
		{"304 without validators keeps ours", "/bare", etag, lastMod, true},
		{"stale etag gets the body", "/rss", `"v6"`, lastMod, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Get(context.Background(), source(srv.URL+tt.path), tt.etag, tt.lastMod)
			if err != nil {
				t.Fatal(err)
			}
			if resp.NotModified != tt.notModified {
				t.Fatalf("NotModified %v, want %v", resp.NotModified, tt.notModified)
			}
			if resp.ETag != etag || resp.LastModified != lastMod {
				t.Errorf("validators %q %q", resp.ETag, resp.LastModified)
			}
			if !tt.notModified && (string(resp.Body) != rssBody || resp.Status != 200 ||
				resp.ContentType != "application/rss+xml; charset=utf-8") {
				t.Errorf("response %d %q %q", resp.Status, resp.ContentType, resp.Body)
			}
			if tt.notModified && (len(resp.Body) != 0 || resp.Status != 304) {
				t.Errorf("304 with status %d body %q", resp.Status, resp.Body)
			}
		})
	}
	if gotUA.Load() != DefaultUserAgent || gotAE.Load() != "gzip" {
		t.Errorf("User-Agent %q, Accept-Encoding %q", gotUA.Load(), gotAE.Load())
	}
}

func gzipped(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGetDecompressesGzip(t *testing.T) {
	zbody := gzipped(t, []byte(rssBody))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/declared" {
			w.Header().Set("Content-Encoding", "gzip")
		}
		w.Write(zbody) // /undeclared: a .xml.gz served as is
	}))
	defer srv.Close()
	for _, path := range []string{"/declared", "/undeclared"} {
		resp, err := testClient(bantin.FetchLimits{}).Get(context.Background(), source(srv.URL+path), "", "")
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if string(resp.Body) != rssBody {
			t.Errorf("%s: body %q", path, resp.Body)
		}
	}
}

func TestGetBodyCap(t *testing.T) {
	const limit = 1 << 20
	// 64 gzip members of 1 MiB of zeros each: 64 KiB on the wire, 64 MiB
	// once decompressed, a bomb built without compressing 64 MiB.
	member := gzipped(t, make([]byte, 1<<20))
	bomb := bytes.Repeat(member, 64)
	big := bytes.Repeat([]byte("x"), limit+1)

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/announced":
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			w.Write(big)
		case "/chunked":
			for i := 0; i < len(big); i += 64 << 10 {
				w.Write(big[i:min(i+64<<10, len(big))])
				w.(http.Flusher).Flush()
			}
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		case "/exact":
			w.Write(big[:limit])
		}
	}))
	defer srv.Close()
	c := testClient(bantin.FetchLimits{MaxBodyBytes: limit})

	for _, path := range []string{"/announced", "/chunked", "/bomb"} {
		t.Run(path, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := c.Get(context.Background(), source(srv.URL+path), "", "")
			runtime.ReadMemStats(&after)
			wantKind(t, err, bantin.ErrTooLarge)
			if !strings.Contains(err.Error(), "too large") {
				t.Errorf("message %q", err)
			}
			// Reading everything would cost 64 MiB for the bomb; a bounded
			// buffer costs a few times the cap (test server included).
			alloc := after.TotalAlloc - before.TotalAlloc
			if alloc > 6*limit {
				t.Errorf("refusing cost %d bytes of allocation", alloc)
			}
			t.Logf("refusing cost %d bytes of allocation", alloc)
		})
	}
	resp, err := c.Get(context.Background(), source(srv.URL+"/exact"), "", "")
	if err != nil || len(resp.Body) != limit {
		t.Fatalf("a body of exactly the cap: %v", err)
	}
}

func TestGetRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/a", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			io.WriteString(w, rssBody)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://127.0.0.1/rss.xml", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := testClient(bantin.FetchLimits{}) // 5 redirects

	tests := []struct {
		name, path string
		kind       bantin.ErrorKind
		message    string
	}{
		{"loop between two pages", "/loop/a", bantin.ErrHTTP, "redirect loop"},
		{"five hops are fine", "/hop/5", bantin.ErrNone, ""},
		{"six hops are too many", "/hop/6", bantin.ErrHTTP, "more than 5 redirects"},
		{"redirect to ftp", "/to-ftp", bantin.ErrForbidden, "scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Get(context.Background(), source(srv.URL+tt.path), "", "")
			if tt.kind == bantin.ErrNone {
				if err != nil {
					t.Fatal(err)
				}
				if resp.URL != srv.URL+"/hop/0" {
					t.Errorf("final URL %q", resp.URL)
				}
				return
			}
			fe := wantKind(t, err, tt.kind)
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("message %q lacks %q", err, tt.message)
			}
			if fe.Status < 300 || fe.Status > 399 {
				t.Errorf("status %d, want the redirect's", fe.Status)
			}
		})
	}
}

func TestGetRefusesPrivateAddresses(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, rssBody)
	}))
	defer srv.Close()

	_, err := NewClient(Options{}).Get(context.Background(), source(srv.URL), "", "")
	wantKind(t, err, bantin.ErrForbidden)
	localhost := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	_, err = NewClient(Options{}).Get(context.Background(), source(localhost), "", "")
	wantKind(t, err, bantin.ErrForbidden)
	if hits.Load() != 0 {
		t.Errorf("%d requests reached a loopback server", hits.Load())
	}
}

// A public portal redirecting to a private address: 127.0.0.1 stands for
// the public portal, 127.0.0.2 for the LAN.
func TestGetRefusesRedirectToPrivateAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 here: %v", err)
	}
	var lanHits atomic.Int32
	lan := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lanHits.Add(1)
	})}}
	lan.Start()
	defer lan.Close()
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, lan.URL+"/admin", http.StatusFound)
	}))
	defer portal.Close()

	portalAddr := netip.MustParseAddr("127.0.0.1")
	c := newClient(Options{}, func(a netip.Addr) error {
		if a == portalAddr {
			return nil
		}
		return publicOnly(a)
	})
	_, err = c.Get(context.Background(), source(portal.URL), "", "")
	wantKind(t, err, bantin.ErrForbidden)
	if lanHits.Load() != 0 {
		t.Error("the redirect reached the private address")
	}
}

func TestPublicOnly(t *testing.T) {
	tests := []struct {
		addr    string
		blocked bool
	}{
		{"127.0.0.1", true}, {"10.1.2.3", true}, {"172.16.0.1", true}, {"192.168.1.1", true},
		{"169.254.169.254", true}, {"100.64.0.1", true}, {"0.0.0.0", true}, {"0.1.2.3", true},
		{"224.0.0.1", true}, {"255.255.255.255", true}, {"::1", true}, {"::", true},
		{"fc00::1", true}, {"fd12::1", true}, {"fe80::1%eth0", true}, {"ff02::1", true},
		{"::ffff:127.0.0.1", true}, {"::ffff:10.0.0.1", true}, {"64:ff9b::a00:1", true}, {"2002:c0a8:101::1", true},
		{"14.225.0.1", false}, {"203.162.4.1", false}, {"100.128.0.1", false}, {"2001:ee0::1", false},
		{"::ffff:14.225.0.1", false}, {"64:ff9b::e0e:e0e", false},
	}
	for _, tt := range tests {
		if err := publicOnly(netip.MustParseAddr(tt.addr)); (err != nil) != tt.blocked {
			t.Errorf("publicOnly(%s) = %v, want blocked %v", tt.addr, err, tt.blocked)
		}
	}
}

func TestGetRefusesSchemes(t *testing.T) {
	c := testClient(bantin.FetchLimits{})
	for _, u := range []string{"ftp://127.0.0.1/rss.xml", "file:///etc/passwd", "gopher://127.0.0.1/", "javascript:alert(1)", "http:///rss.xml"} {
		_, err := c.Get(context.Background(), source(u), "", "")
		wantKind(t, err, bantin.ErrForbidden)
	}
	_, err := c.Get(context.Background(), source("http://[::1"), "", "")
	wantKind(t, err, bantin.ErrOther)
}

func TestGetTimeouts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sleep": // headers never come
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		case "/trickle": // one byte a second, forever
			w.Header().Set("Content-Type", "application/rss+xml")
			for {
				if _, err := w.Write([]byte("<")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(time.Second):
				}
			}
		}
	}))
	defer srv.Close()
	c := testClient(bantin.FetchLimits{HeaderTimeout: 200 * time.Millisecond, TotalTimeout: 500 * time.Millisecond})
	for _, path := range []string{"/sleep", "/trickle"} {
		t.Run(path, func(t *testing.T) {
			start := time.Now()
			_, err := c.Get(context.Background(), source(srv.URL+path), "", "")
			wantKind(t, err, bantin.ErrTimeout)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("gave up after %s", d)
			}
		})
	}
}

func TestGetConnectionFailures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		if r.URL.Path == "/cut" {
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 1000\r\n\r\n<rss><channel>")
			buf.Flush()
		}
		// "/hangup": closed without a word
	}))
	defer srv.Close()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedURL := "http://" + closed.Addr().String() + "/rss"
	closed.Close()

	c := testClient(bantin.FetchLimits{})
	for _, u := range []string{srv.URL + "/cut", srv.URL + "/hangup", refusedURL} {
		_, err := c.Get(context.Background(), source(u), "", "")
		wantKind(t, err, bantin.ErrConnect)
	}
}

func TestGetStatusErrors(t *testing.T) {
	now := time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)
	retryDate := time.Date(2025, 7, 1, 9, 30, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/busy":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/maintenance":
			w.Header().Set("Retry-After", retryDate.Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/broken":
			w.WriteHeader(http.StatusInternalServerError)
		case "/gone":
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := NewClient(Options{AllowPrivateNetworks: true, Now: func() time.Time { return now }})

	tests := []struct {
		path, message string
		status        int
		retryAfter    time.Time
	}{
		{"/busy", "HTTP 429 Too Many Requests", 429, now.Add(120 * time.Second)},
		{"/maintenance", "HTTP 503 Service Unavailable", 503, retryDate},
		{"/broken", "HTTP 500 Internal Server Error", 500, time.Time{}},
		{"/gone", "HTTP 404 Not Found", 404, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := c.Get(context.Background(), source(srv.URL+tt.path), "", "")
			fe := wantKind(t, err, bantin.ErrHTTP)
			if fe.Status != tt.status || !fe.RetryAfter.Equal(tt.retryAfter) || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("got %d %v %q, want %d %v %q", fe.Status, fe.RetryAfter, err, tt.status, tt.retryAfter, tt.message)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"0", now},
		{" 3600 ", now.Add(time.Hour)},
		{"Tue, 01 Jul 2025 09:00:00 GMT", now.Add(time.Hour)},
		{"Tuesday, 01-Jul-25 09:00:00 GMT", now.Add(time.Hour)},
		{"99999999999999", now.Add(maxRetryAfter)},
		{"-5", time.Time{}},
		{"soon", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); !got.Equal(tt.want) {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// flightCounter counts a test server's requests in flight, and the most
// at once.
type flightCounter struct{ now, most atomic.Int32 }

// enter counts a request in and returns what counts it out.
func (f *flightCounter) enter() (leave func()) {
	n := f.now.Add(1)
	for m := f.most.Load(); n > m && !f.most.CompareAndSwap(m, n); m = f.most.Load() {
	}
	return func() { f.now.Add(-1) }
}

func TestGetPerHostLimit(t *testing.T) {
	var flight flightCounter
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer flight.enter()()
		time.Sleep(30 * time.Millisecond)
		io.WriteString(w, rssBody)
	}))
	defer srv.Close()
	c := testClient(bantin.FetchLimits{})
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Go(func() {
			_, err := c.Get(context.Background(), source(fmt.Sprintf("%s/rss/%d", srv.URL, i)), "", "")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := flight.most.Load(); got != 2 {
		t.Errorf("at most %d requests in flight, want 2", got)
	}
}

// With one slot per host, a redirect to the same host must not wait for
// the slot its own first hop holds.
func TestGetPerHostLimitFollowsRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		io.WriteString(w, rssBody)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := testClient(bantin.FetchLimits{PerHost: 1}).Get(ctx, source(srv.URL+"/old"), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if resp.URL != srv.URL+"/new" {
		t.Errorf("final URL %q", resp.URL)
	}
}

func TestGetWaitingForHostRespectsContext(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	c := testClient(bantin.FetchLimits{PerHost: 1})
	go c.Get(context.Background(), source(srv.URL+"/slow"), "", "")
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Get(ctx, source(srv.URL+"/waiting"), "", "")
	wantKind(t, err, bantin.ErrTimeout)
	if d := time.Since(start); d > time.Second {
		t.Errorf("waited %s for a slot", d)
	}
}

func TestGetTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, rssBody)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	srv.StartTLS()
	defer srv.Close()
	c := testClient(bantin.FetchLimits{})

	_, err := c.Get(context.Background(), source(srv.URL), "", "")
	wantKind(t, err, bantin.ErrTLS)

	src := source(srv.URL)
	src.TLSInsecure = true
	resp, err := c.Get(context.Background(), src, "", "")
	if err != nil {
		t.Fatalf("tls_insecure source: %v", err)
	}
	if string(resp.Body) != rssBody {
		t.Errorf("body %q", resp.Body)
	}
	// The insecure transport is the source's alone.
	_, err = c.Get(context.Background(), source(srv.URL), "", "")
	wantKind(t, err, bantin.ErrTLS)
}

// Sources queued behind a slow neighbour on the same host must not time
// out for the wait: the total timeout starts when their request does.
func TestGetWaitForHostIsNotTimedOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(150 * time.Millisecond)
		io.WriteString(w, rssBody)
	}))
	defer srv.Close()
	c := testClient(bantin.FetchLimits{PerHost: 1, TotalTimeout: 400 * time.Millisecond})
	var wg sync.WaitGroup
	for i := range 4 { // the last waits about 450ms, more than the timeout
		wg.Go(func() {
			if _, err := c.Get(context.Background(), source(fmt.Sprintf("%s/rss/%d", srv.URL, i)), "", ""); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// A fetch given up on (here, timed out) keeps its host's slot a moment:
// the server is still at work on it until it notices the connection gone
// (this one for 100 ms more), and the next request to the host must not
// make it two at once.
func TestGetAbandonedKeepsHostSlot(t *testing.T) {
	var flight flightCounter
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer flight.enter()()
		if r.URL.Path == "/slow" {
			<-r.Context().Done()
			time.Sleep(100 * time.Millisecond)
			return
		}
		io.WriteString(w, rssBody)
	}))
	defer srv.Close()
	c := testClient(bantin.FetchLimits{PerHost: 1, TotalTimeout: 200 * time.Millisecond})
	if _, err := c.Get(context.Background(), source(srv.URL+"/slow"), "", ""); err == nil {
		t.Fatal("the slow fetch did not time out")
	}
	if _, err := c.Get(context.Background(), source(srv.URL+"/fast"), "", ""); err != nil {
		t.Fatal(err)
	}
	if m := flight.most.Load(); m != 1 {
		t.Errorf("the host had %d requests in flight at once, want 1", m)
	}
}
