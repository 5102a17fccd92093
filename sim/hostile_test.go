package sim

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// hostileURL returns the URL of the first source of a kind.
func hostileURL(t *testing.T, p *Province, k Kind) string {
	t.Helper()
	for _, s := range p.Truth().Sources {
		if s.Kind == k {
			return s.URL
		}
	}
	t.Fatalf("no source of kind %s", k)
	return ""
}

func TestHostileKinds(t *testing.T) {
	// 3 cities with 4 wards: 16 units, so every one of the 14 kinds is
	// given to a unit.
	p := startProvince(t, Options{Cities: 3, WardsPerCity: 4, ItemsPerFeed: 2, Hostile: true, EndlessEvery: 10 * time.Millisecond})
	tests := []struct {
		kind  Kind
		check func(t *testing.T, url string)
	}{
		{ServerError, wantStatus(500, "")},
		{NotFound, wantStatus(404, "")},
		{TooManyRequests, wantStatus(429, "120")},
		{Unavailable, func(t *testing.T, url string) {
			resp, _ := fetch(t, client(false), url, nil)
			at, err := http.ParseTime(resp.Header.Get("Retry-After"))
			if resp.StatusCode != 503 || err != nil || !at.After(time.Now()) {
				t.Errorf("status %d, Retry-After %q (%v): want 503 and a date to come", resp.StatusCode, resp.Header.Get("Retry-After"), err)
			}
		}},
		{Endless, func(t *testing.T, url string) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			resp, err := client(false).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("read ended with %v after %d bytes, want it to go on until the deadline", err, len(body))
			}
			if n := bytes.Count(body, []byte("<item>")); resp.StatusCode != 200 || n < 5 {
				t.Errorf("status %d, %d items in 300ms: want 200 and an item every 10ms", resp.StatusCode, n)
			}
		}},
		{RedirectLoop, func(t *testing.T, url string) {
			var hops []string
			c := client(false)
			c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
				hops = append(hops, req.URL.String())
				if len(via) >= 8 {
					return errors.New("enough")
				}
				return nil
			}
			resp, err := c.Get(url)
			if err == nil {
				resp.Body.Close()
			}
			if len(hops) != 8 || hops[1] != url || hops[0] != hops[2] || hops[0] == url {
				t.Errorf("hops %v: want the feed and one other URL in turn", hops)
			}
		}},
		{Huge, func(t *testing.T, url string) {
			resp, body := fetch(t, client(false), url, nil)
			if resp.ContentLength < 30<<20 || int64(len(body)) != resp.ContentLength {
				t.Errorf("Content-Length %d, read %d: want at least 30 MiB, all sent", resp.ContentLength, len(body))
			}
			if !bytes.HasPrefix(body, []byte("<?xml")) || !bytes.HasSuffix(body, []byte("</rss>\n")) {
				t.Error("the huge feed is not a whole feed")
			}
		}},
		{GzipBomb, func(t *testing.T, url string) {
			resp, err := client(false).Get(url)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			packed, _ := io.ReadAll(resp.Body)
			zr, err := gzip.NewReader(bytes.NewReader(packed))
			if err != nil {
				t.Fatal(err)
			}
			n, err := io.Copy(io.Discard, zr)
			if resp.Header.Get("Content-Encoding") != "gzip" || len(packed) > 1<<20 || n < 30<<20 || err != nil {
				t.Errorf("encoding %q, %d bytes unpacking to %d (%v): want gzip, under 1 MiB, past 30 MiB",
					resp.Header.Get("Content-Encoding"), len(packed), n, err)
			}
		}},
		{EntityBomb, func(t *testing.T, url string) {
			resp, body := fetch(t, client(false), url, nil)
			if resp.StatusCode != 200 || len(body) > 4096 || !bytes.Contains(body, []byte("<!ENTITY lol9")) || !bytes.Contains(body, []byte("&lol9;")) {
				t.Errorf("status %d, %d bytes: want a small billion laughs", resp.StatusCode, len(body))
			}
		}},
		{HTMLPage, func(t *testing.T, url string) {
			resp, body := fetch(t, client(false), url, nil)
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte("<html")) {
				t.Errorf("status %d, %q: want an HTML page with 200", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
		}},
		{Empty, func(t *testing.T, url string) {
			resp, body := fetch(t, client(false), url, nil)
			if resp.StatusCode != 200 || len(body) != 0 {
				t.Errorf("status %d, %d bytes: want 200 and nothing", resp.StatusCode, len(body))
			}
		}},
		{Cut, func(t *testing.T, url string) {
			resp, err := client(false).Get(url)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if !errors.Is(err, io.ErrUnexpectedEOF) || len(body) == 0 || int64(len(body)) >= resp.ContentLength {
				t.Errorf("read %d of %d bytes, then %v: want the connection cut mid-body", len(body), resp.ContentLength, err)
			}
		}},
		{SelfSigned, func(t *testing.T, url string) {
			_, err := client(false).Get(url)
			var verr *tls.CertificateVerificationError
			if !errors.As(err, &verr) {
				t.Errorf("a verifying client got %v, want a certificate error", err)
			}
			resp, body := fetch(t, client(true), url, nil)
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
			if resp.StatusCode != 200 || err != nil || len(feed.Items) != 2 {
				t.Errorf("an insecure client: status %d, %v: want the feed's 2 items", resp.StatusCode, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			url := hostileURL(t, p, tt.kind)
			if len(tt.kind.Expect(false)) == 0 {
				t.Errorf("%s expects no failure", tt.kind)
			}
			tt.check(t, url)
		})
	}
	if len(tests) != len(HostileKinds())-1 { // the trickle has its own test
		t.Errorf("%d kinds tested of %d", len(tests)+1, len(HostileKinds()))
	}
}

func wantStatus(code int, retryAfter string) func(t *testing.T, url string) {
	return func(t *testing.T, url string) {
		resp, _ := fetch(t, client(false), url, nil)
		if resp.StatusCode != code || resp.Header.Get("Retry-After") != retryAfter {
			t.Errorf("status %d, Retry-After %q: want %d, %q", resp.StatusCode, resp.Header.Get("Retry-After"), code, retryAfter)
		}
	}
}

// TestTrickleOneBytePerSecond times the trickle at its default pace.
func TestTrickleOneBytePerSecond(t *testing.T) {
	t.Parallel()
	p := startProvince(t, Options{Cities: 1, WardsPerCity: 1, ItemsPerFeed: 1, Hostile: true, HostileKinds: []Kind{Trickle}})
	resp, err := client(false).Get(hostileURL(t, p, Trickle))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	begin := time.Now()
	var got []byte
	one := make([]byte, 1)
	for len(got) < 4 {
		if _, err := io.ReadFull(resp.Body, one); err != nil {
			t.Fatal(err)
		}
		got = append(got, one[0])
	}
	// Four bytes: the first at once, then three pauses of a second.
	if took := time.Since(begin); took < 2900*time.Millisecond || took > 4*time.Second {
		t.Errorf("4 bytes took %v, want about 3s", took)
	}
	if string(got) != "<?xm" || resp.ContentLength < 200 {
		t.Errorf("got %q of %d bytes: want a feed's first bytes", got, resp.ContentLength)
	}
}

// TestRetryAfterUsesTheClock: the 503's date comes from Options.Now.
func TestRetryAfterUsesTheClock(t *testing.T) {
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	p := startProvince(t, Options{Cities: 1, WardsPerCity: 1, Hostile: true, HostileKinds: []Kind{Unavailable}, Now: func() time.Time { return now }})
	resp, _ := fetch(t, client(false), hostileURL(t, p, Unavailable), nil)
	if got := resp.Header.Get("Retry-After"); got != now.Add(2*time.Hour).Format(http.TimeFormat) {
		t.Errorf("Retry-After %q", got)
	}
}

// TestHostileHostsApart: with HostileHosts, no good feed shares a host
// with a hostile one.
func TestHostileHostsApart(t *testing.T) {
	p := startProvince(t, Options{Cities: 2, WardsPerCity: 2, Hostile: true, HostileHosts: 2,
		HostileKinds: []Kind{ServerError, Endless, SelfSigned}})
	good, bad := map[string]bool{}, map[string]bool{}
	for _, s := range p.Truth().Sources {
		if s.Kind == Good {
			good[s.Host] = true
		} else {
			bad[s.Host] = true
		}
	}
	for h := range bad {
		if good[h] {
			t.Errorf("host %s has good and hostile feeds", h)
		}
	}
	if len(good) != 3 || len(bad) != 3 {
		t.Errorf("%d good hosts, %d hostile ones: want 3 and 2 plus the TLS one", len(good), len(bad))
	}
	if got := len(p.Hosts()); got != 6 {
		t.Errorf("%d hosts, want 6", got)
	}
	if !strings.HasPrefix(p.Hosts()[5], "https://") {
		t.Errorf("the last host is %s, want the TLS one", p.Hosts()[5])
	}
}
