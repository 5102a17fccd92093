package fetch

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
)

// hostLimiter bounds the requests in flight to one host. It lives in the
// client rather than in the poller so the bound holds whoever calls Get.
// Get holds a slot of the source's host for the whole fetch; the transport
// takes one for every other host a redirect leads to, from the request
// until its body is closed.
type hostLimiter struct {
	per   int
	mu    sync.Mutex
	hosts map[string]*hostSlots
}

type hostSlots struct {
	sem   chan struct{}
	users int // holders and waiters; the entry goes when it drops to zero
}

func newHostLimiter(per int) *hostLimiter {
	return &hostLimiter{per: per, hosts: make(map[string]*hostSlots)}
}

// acquire waits for a slot of host or for ctx to end.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	l.mu.Lock()
	s := l.hosts[host]
	if s == nil {
		s = &hostSlots{sem: make(chan struct{}, l.per)}
		l.hosts[host] = s
	}
	s.users++
	l.mu.Unlock()

	select {
	case s.sem <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-s.sem; l.leave(host, s) }) }, nil
	case <-ctx.Done():
		l.leave(host, s)
		return nil, fmt.Errorf("waiting for a free connection to %s: %w", host, ctx.Err())
	}
}

func (l *hostLimiter) leave(host string, s *hostSlots) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s.users--
	if s.users == 0 {
		delete(l.hosts, host)
	}
}

// hostKey names a host with its port so that example.gov.vn and
// example.gov.vn:443 share their slots.
func hostKey(r *http.Request) string {
	host, port := strings.ToLower(r.URL.Hostname()), r.URL.Port()
	if port == "" {
		port = "80"
		if strings.EqualFold(r.URL.Scheme, "https") {
			port = "443"
		}
	}
	return net.JoinHostPort(host, port)
}

// heldHostKey carries the host whose slot Get already holds, so hops of
// the same request to that host do not wait for a second one.
type heldHostKey struct{}

// insecureKey marks the context of a request to a source that accepts
// broken certificates, so the choice follows its redirects.
type insecureKey struct{}

// transport routes a request to the verifying or the non-verifying
// transport and holds a host slot while the request is in flight.
type transport struct {
	secure, insecure http.RoundTripper
	limit            *hostLimiter
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	release := func() {}
	if key := hostKey(r); r.Context().Value(heldHostKey{}) != key {
		var err error
		if release, err = t.limit.acquire(r.Context(), key); err != nil {
			return nil, err
		}
	}
	rt := t.secure
	if insecure, _ := r.Context().Value(insecureKey{}).(bool); insecure {
		rt = t.insecure
	}
	resp, err := rt.RoundTrip(r)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
