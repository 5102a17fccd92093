package fetch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"bantin"
)

// acceptFeeds asks for feeds first but takes anything: many portals serve
// their RSS as text/html.
const acceptFeeds = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"

// Client fetches sources. It is safe for concurrent use.
type Client struct {
	limits bantin.FetchLimits
	hosts  *hostLimiter
	log    *slog.Logger
	now    func() time.Time
	http   *http.Client
}

// NewClient builds the one HTTP client every fetch goes through.
func NewClient(opts Options) *Client {
	policy := publicOnly
	if opts.AllowPrivateNetworks {
		policy = func(netip.Addr) error { return nil }
	}
	return newClient(opts, policy)
}

// newClient takes the address policy apart from Options so tests can
// refuse one loopback address and allow another.
func newClient(opts Options, policy func(netip.Addr) error) *Client {
	opts = opts.withDefaults()
	c := &Client{limits: opts.FetchLimits, hosts: newHostLimiter(opts.PerHost), log: opts.Logger, now: opts.Now}

	dialer := &net.Dialer{
		Timeout:   opts.ConnectTimeout,
		KeepAlive: 30 * time.Second,
		Control:   dialControl(policy),
	}
	secure := &http.Transport{
		// No proxy from the environment: a proxy would dial on our behalf
		// and the address check above would never see the portal.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   opts.ConnectTimeout,
		ResponseHeaderTimeout: opts.HeaderTimeout,
		// We ask for gzip ourselves so the size cap counts decompressed bytes.
		DisableCompression:  true,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: opts.PerHost,
		IdleConnTimeout:     90 * time.Second,
		TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS12},
	}
	insecure := secure.Clone()
	// A source marked tls_insecure already has a broken certificate; old
	// portals behind it often speak only TLS 1.0 as well.
	insecure.TLSClientConfig = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10} //nolint:gosec // per source, opted in by staff

	c.http = &http.Client{
		Transport: &transport{
			secure:   secure,
			insecure: insecure,
			limit:    c.hosts,
		},
		CheckRedirect: c.checkRedirect,
	}
	return c
}

// checkRedirect allows at most MaxRedirects hops, to http or https only,
// and names a loop as a loop.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	if err := checkScheme(req.URL); err != nil {
		return &Error{Kind: bantin.ErrForbidden, Status: status, Err: fmt.Errorf("redirect: %w", err)}
	}
	next := req.URL.String()
	for _, v := range via {
		if v.URL.String() == next {
			return &Error{Kind: bantin.ErrHTTP, Status: status,
				Err: fmt.Errorf("redirect loop: back to %s after %d redirects", next, len(via))}
		}
	}
	if len(via) > c.limits.MaxRedirects {
		return &Error{Kind: bantin.ErrHTTP, Status: status,
			Err: fmt.Errorf("more than %d redirects, last to %s", c.limits.MaxRedirects, next)}
	}
	return nil
}

// abandonedGrace is how long a failed fetch keeps its host's slot after
// Get returns: time for the server to notice the closed connection.
const abandonedGrace = 250 * time.Millisecond

// Get does one conditional GET of src (If-None-Match and If-Modified-Since
// from etag and lastModified) and reads the body up to the cap. A 304 is a
// success with NotModified set; any other status outside 2xx is an *Error
// of kind ErrHTTP.
func (c *Client) Get(ctx context.Context, src bantin.Source, etag, lastModified string) (*Response, error) {
	u, err := checkURL(src.URL)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &Error{Kind: bantin.ErrOther, Err: fmt.Errorf("fetch %s: %w", src.URL, err)}
	}
	c.setHeaders(req, etag, lastModified)

	// The wait for a free slot of the host is not counted in the total
	// timeout: a source queued behind its slow neighbours has not timed out.
	key := hostKey(req)
	release, err := c.hosts.acquire(ctx, key)
	if err != nil {
		return nil, &Error{Kind: classify(err), Err: fmt.Errorf("fetch %s: %w", src.URL, err)}
	}
	failed := false
	defer func() {
		if failed {
			// A request given up on (a timeout, a body too large, a
			// connection cut mid-answer) is still running at the server
			// until it sees the connection go; the next request to the
			// host waits that long, so the host never sees more than its
			// limit at once. The worker goes on meanwhile.
			time.AfterFunc(abandonedGrace, release)
			return
		}
		release()
	}()
	ctx = context.WithValue(ctx, heldHostKey{}, key)
	if src.TLSInsecure {
		ctx = context.WithValue(ctx, insecureKey{}, true)
	}
	reqCtx, cancel := context.WithTimeout(ctx, c.limits.TotalTimeout)
	defer cancel()

	start := c.now()
	resp, err := c.do(reqCtx, req.WithContext(reqCtx))
	if err != nil {
		failed = true
		c.log.DebugContext(ctx, "fetch failed", slog.String("url", src.URL),
			slog.String("kind", string(Kind(err))), slog.Any("error", err))
		return nil, err
	}
	c.log.DebugContext(ctx, "fetched", slog.String("url", src.URL), slog.Int("status", resp.Status),
		slog.Int("bytes", len(resp.Body)), slog.Duration("duration", c.now().Sub(start)))
	return resp, nil
}

func (c *Client) setHeaders(req *http.Request, etag, lastModified string) {
	req.Header.Set("User-Agent", c.limits.UserAgent)
	req.Header.Set("Accept", acceptFeeds)
	req.Header.Set("Accept-Encoding", "gzip")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
}

// do sends req and turns the answer into a Response or an *Error.
func (c *Client) do(ctx context.Context, req *http.Request) (*Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.failure(ctx, req.URL.String(), 0, err)
	}
	defer resp.Body.Close()

	r := &Response{
		Status:       resp.StatusCode,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		ContentType:  resp.Header.Get("Content-Type"),
		URL:          resp.Request.URL.String(),
		RetryAfter:   parseRetryAfter(resp.Header.Get("Retry-After"), c.now()),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		r.NotModified = true
		// Some servers answer 304 without repeating the validators; the
		// ones we sent are still the right ones to send next time.
		if r.ETag == "" {
			r.ETag = req.Header.Get("If-None-Match")
		}
		if r.LastModified == "" {
			r.LastModified = req.Header.Get("If-Modified-Since")
		}
		return r, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, &Error{Kind: bantin.ErrHTTP, Status: resp.StatusCode, RetryAfter: r.RetryAfter,
			Err: fmt.Errorf("fetch %s: %s", req.URL, statusText(resp.StatusCode))}
	}
	body, err := c.readBody(resp)
	if err != nil {
		return nil, c.failure(ctx, req.URL.String(), resp.StatusCode, err)
	}
	r.Body = body
	return r, nil
}

func statusText(code int) string {
	return strings.TrimSpace(fmt.Sprintf("HTTP %d %s", code, http.StatusText(code)))
}

// errTooLarge marks a body over the cap.
var errTooLarge = errors.New("body too large")

// readBody reads the body, decompressing gzip itself, and stops one byte
// past the cap: a gzip bomb costs at most the cap in memory.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	limit := c.limits.MaxBodyBytes
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	if (enc == "" || enc == "identity") && resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes announced, the cap is %d", errTooLarge, resp.ContentLength, limit)
	}
	br := bufio.NewReader(resp.Body)
	var r io.Reader = br
	switch enc {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		r = zr
	case "", "identity":
		// Portals serving a .xml.gz file say nothing of its encoding.
		if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
			zr, err := gzip.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("gzip body: %w", err)
			}
			r = zr
		}
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", enc)
	}
	body, err := readCapped(r, limit, resp.ContentLength)
	if err != nil {
		return nil, err
	}
	return body, nil
}

// readCapped reads r to its end into one buffer that grows by doubling but
// never past limit+1 bytes, so refusing a body costs about twice the cap at
// worst, whatever the body would have decompressed to.
func readCapped(r io.Reader, limit, sizeHint int64) ([]byte, error) {
	size := int64(64 << 10)
	if sizeHint > 0 {
		size = sizeHint + 1 // room to see EOF without growing
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return nil, fmt.Errorf("%w: over %d bytes after decompression", errTooLarge, limit)
			}
			buf = slices.Grow(buf, int(min(int64(cap(buf))*2, limit+1))-len(buf))
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case errors.Is(err, io.EOF):
			if int64(len(buf)) > limit {
				return nil, fmt.Errorf("%w: over %d bytes after decompression", errTooLarge, limit)
			}
			return buf, nil
		case err != nil:
			return nil, fmt.Errorf("read body: %w", err)
		}
	}
}

// failure turns a transport or body error into an *Error. The context is
// asked first: when the total timeout fired, whatever the transport said
// (a reset, a closed body) is a consequence of it.
func (c *Client) failure(ctx context.Context, rawURL string, status int, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var fe *Error
	if errors.As(err, &fe) {
		return &Error{Kind: fe.Kind, Status: fe.Status, RetryAfter: fe.RetryAfter,
			Err: fmt.Errorf("fetch %s: %w", rawURL, fe.Err)}
	}
	kind := classify(err)
	switch {
	case errors.Is(err, errTooLarge):
		kind = bantin.ErrTooLarge
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		kind = bantin.ErrTimeout
		err = fmt.Errorf("no complete answer in time (limit %s): %w", c.limits.TotalTimeout, err)
	case errors.Is(ctx.Err(), context.Canceled):
		kind = bantin.ErrOther
	}
	return &Error{Kind: kind, Status: status, Err: fmt.Errorf("fetch %s: %w", rawURL, err)}
}
