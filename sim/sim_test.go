package sim

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin/config"
)

func TestUnitsOnThreeLevels(t *testing.T) {
	p := startProvince(t, Options{Cities: 2, WardsPerCity: 3, Departments: 2, ItemsPerFeed: 1})
	units := p.Truth().Units
	if len(units) != 1+2+2*3+2 {
		t.Fatalf("%d units, want the province, 2 cities, 6 wards, 2 departments", len(units))
	}
	level := map[string]int{}
	ids := map[string]bool{}
	validID := regexp.MustCompile(`^[a-z0-9-]+$`)
	for _, u := range units {
		if ids[u.ID] || !validID.MatchString(u.ID) {
			t.Errorf("id %q repeated or not [a-z0-9-]+", u.ID)
		}
		ids[u.ID] = true
		for _, a := range u.Aliases {
			if ids[a] {
				t.Errorf("alias %q is also an id", a)
			}
			ids[a] = true
		}
		if u.Parent != "" {
			level[u.ID] = level[u.Parent] + 1
		}
	}
	counts := map[int]int{}
	for _, u := range units {
		counts[level[u.ID]]++
	}
	if counts[0] != 1 || counts[1] != 4 || counts[2] != 6 {
		t.Errorf("units by level %v, want 1, 4, 6", counts)
	}
	if units[0].Parent != "" || units[0].Name != "Tỉnh Hà Nam" {
		t.Errorf("root %+v", units[0])
	}
}

func TestConfigYAMLLoads(t *testing.T) {
	p := startProvince(t, Options{Cities: 2, WardsPerCity: 2, Departments: 1, FeedsPerUnit: 2, Hostile: true, TLSInsecure: true,
		HostileKinds: []Kind{SelfSigned, ServerError, Trickle}})
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	if err := os.WriteFile(path, p.ConfigYAML("fetch:\n  total_timeout: 3s\n  per_host: 2"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatalf("config.Load:\n%v", err)
	}
	truth := p.Truth()
	if !cfg.AllowPrivateNetworks || cfg.Fetch.TotalTimeout != 3*time.Second || cfg.Location.String() != Zone {
		t.Errorf("allow_private_networks %v, total_timeout %v, zone %v", cfg.AllowPrivateNetworks, cfg.Fetch.TotalTimeout, cfg.Location)
	}
	if len(cfg.Units) != len(truth.Units) {
		t.Fatalf("%d units in the config, %d in the truth", len(cfg.Units), len(truth.Units))
	}
	insecure := 0
	for i, u := range cfg.Units {
		tu := truth.Units[i]
		if u.ID != tu.ID || u.Name != tu.Name || u.Parent != tu.Parent || !slices.Equal(u.Aliases, tu.Aliases) {
			t.Errorf("config unit %+v, truth %+v", u, tu)
		}
		var urls []string
		for _, s := range u.Sources {
			urls = append(urls, s.URL)
			src, _ := truth.Source(s.URL)
			if s.TLSInsecure != src.TLSInsecure {
				t.Errorf("%s: tls_insecure %v, truth %v", s.URL, s.TLSInsecure, src.TLSInsecure)
			}
			if s.TLSInsecure {
				insecure++
			}
		}
		if !slices.Equal(urls, tu.Sources) {
			t.Errorf("%s: feeds %v, truth %v", u.ID, urls, tu.Sources)
		}
	}
	if insecure == 0 {
		t.Error("no source is listed with tls_insecure")
	}
}

func TestConditionalGet(t *testing.T) {
	p := startProvince(t, Options{Cities: 1, WardsPerCity: 1, ItemsPerFeed: 3})
	src := p.Truth().Sources[0].URL
	c := client(false)
	first, _ := fetch(t, c, src, nil)
	etag, modified := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, modified)
	}
	tests := []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"reader sends the etag", map[string]string{"If-None-Match": etag}, 304},
		{"reader sends a list of etags", map[string]string{"If-None-Match": `"x", ` + etag}, 304},
		{"reader sends the date only", map[string]string{"If-Modified-Since": modified}, 304},
		{"reader has an old etag", map[string]string{"If-None-Match": `"old"`, "If-Modified-Since": modified}, 200},
		{"reader has an older date", map[string]string{"If-Modified-Since": "Mon, 02 Jan 2006 15:04:05 GMT"}, 200},
		{"reader sends nothing", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, c, src, tt.headers)
			if resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.want)
			}
			if tt.want == 304 && len(body) != 0 {
				t.Errorf("a 304 with %d bytes", len(body))
			}
		})
	}
	st := p.Stats()
	if s := st.Sources[src]; s.Requests != 7 || s.Conditional != 5 || s.NotModified != 3 {
		t.Errorf("source stats %+v: want 7 requests, 5 conditional, 3 not modified", s)
	}
	if st.Requests() != 7 || st.Hosts[0].NotModified != 3 || st.Hosts[0].Conditional != 5 {
		t.Errorf("host stats %+v", st.Hosts)
	}

	// A new story changes the validators.
	if _, err := p.Publish(p.Truth().Units[0].ID); err != nil {
		t.Fatal(err)
	}
	resp, _ := fetch(t, c, src, map[string]string{"If-None-Match": etag, "If-Modified-Since": modified})
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag || resp.Header.Get("Last-Modified") == modified {
		t.Errorf("after Publish: status %d, ETag %q, Last-Modified %q", resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"))
	}
}

func TestGzipWhenAsked(t *testing.T) {
	p := startProvince(t, Options{Cities: 1, WardsPerCity: 2, ItemsPerFeed: 3})
	for _, s := range p.Truth().Sources {
		if !slices.Contains(s.Quirks, "gzip") {
			continue
		}
		zipped, zbody := fetch(t, client(false), s.URL, map[string]string{"Accept-Encoding": "gzip"})
		plainResp, body := fetch(t, client(false), s.URL, nil)
		if zipped.Header.Get("Content-Encoding") != "gzip" || plainResp.Header.Get("Content-Encoding") != "" || string(zbody) != string(body) {
			t.Errorf("%s: gzip %q then %q; same body %v", s.URL, zipped.Header.Get("Content-Encoding"), plainResp.Header.Get("Content-Encoding"), string(zbody) == string(body))
		}
		return
	}
	t.Fatal("no feed gzips")
}

func TestPublish(t *testing.T) {
	now := testStart.Add(90 * time.Minute).Add(17 * time.Second)
	p := startProvince(t, Options{Cities: 1, WardsPerCity: 2, FeedsPerUnit: 2, ItemsPerFeed: 3, Now: func() time.Time { return now }})
	truth := p.Truth()
	ward := truth.Units[2]
	if _, err := p.Publish("khong-co"); err == nil {
		t.Error("Publish in an unknown unit did not fail")
	}
	var feeds []string
	for range 2 {
		s, err := p.Publish(ward.ID)
		if err != nil {
			t.Fatal(err)
		}
		c := s.Copies[0]
		feeds = append(feeds, c.Source)
		want := now.Truncate(time.Minute)
		src, _ := truth.Source(c.Source)
		if slices.Contains(src.Quirks, "dates:date-line") {
			y, m, d := want.In(p.loc).Date()
			want = time.Date(y, m, d, 0, 0, 0, 0, p.loc)
		}
		if !slices.Equal(s.Units, []string{ward.ID}) || !c.Published.Equal(want) {
			t.Errorf("story %+v: want one copy in %s published %v", s, ward.ID, want)
		}
		resp, body := fetch(t, client(false), c.Source, map[string]string{"Accept-Encoding": "gzip"})
		text, err := decodeFeed(body, resp.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().ParseString(text)
		if err != nil {
			t.Fatal(err)
		}
		if got := cleanTitle(feed.Items[0].Title); got != c.Title || len(feed.Items) != 4 {
			t.Errorf("first of %d items %q, want the new %q", len(feed.Items), got, c.Title)
		}
	}
	if feeds[0] == feeds[1] || !slices.Contains(ward.Sources, feeds[0]) || !slices.Contains(ward.Sources, feeds[1]) {
		t.Errorf("published in %v, want each of the ward's feeds in turn", feeds)
	}
	if got := len(p.Truth().Stories); got != len(truth.Stories)+2 {
		t.Errorf("%d stories after 2 published, want %d", got, len(truth.Stories)+2)
	}
}

func TestArticlePages(t *testing.T) {
	p := startProvince(t, Options{Cities: 1, WardsPerCity: 1, ItemsPerFeed: 2})
	s := p.Truth().Stories[0]
	resp, body := fetch(t, client(false), s.Copies[0].Canonical, nil)
	if resp.StatusCode != 200 || !strings.Contains(cleanTitle(string(body)), s.Title) {
		t.Errorf("article page: status %d, title %q missing", resp.StatusCode, s.Title)
	}
}

// TestInFlightCounted: the hosts count the requests they serve at once,
// which is how tests hold bantin to two per host.
func TestInFlightCounted(t *testing.T) {
	p := startProvince(t, Options{Cities: 1, WardsPerCity: 1, Hosts: 1, Hostile: true, HostileKinds: []Kind{Endless}})
	url := hostileURL(t, p, Endless)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	c := client(false)
	for range 3 {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if resp, err := c.Do(req); err == nil {
				io.Copy(io.Discard, resp.Body) // until cancelled
				resp.Body.Close()
			}
		})
	}
	waitFor(t, func() bool { return p.good[0].flight.count() == 3 })
	cancel()
	wg.Wait()
	waitFor(t, func() bool { return p.good[0].flight.count() == 0 })
	if st := p.Stats(); st.MaxInFlight() != 3 || st.Hosts[0].Requests != 3 {
		t.Errorf("max in flight %d, requests %d: want 3 and 3", st.MaxInFlight(), st.Hosts[0].Requests)
	}
}

// TestCloseLeavesNothingRunning: never-ending bodies end on Close and no
// goroutine of the province outlives it.
func TestCloseLeavesNothingRunning(t *testing.T) {
	before := runtime.NumGoroutine()
	p, err := Start(Options{Cities: 1, WardsPerCity: 3, Hostile: true, Start: testStart,
		HostileKinds: []Kind{Endless, Trickle, Cut, SelfSigned}})
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	c := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	for _, k := range []Kind{Endless, Trickle, Endless, Trickle} {
		url := hostileURL(t, p, k)
		wg.Go(func() {
			resp, err := c.Get(url)
			if err != nil {
				return
			}
			defer resp.Body.Close()
			buf := make([]byte, 512)
			for {
				if _, err := resp.Body.Read(buf); err != nil {
					return
				}
			}
		})
	}
	waitFor(t, func() bool { return p.busy() && p.Stats().Requests() == 4 })
	closed := time.Now()
	p.Close()
	p.Close() // twice is fine
	wg.Wait()
	if took := time.Since(closed); took > 2*time.Second {
		t.Errorf("Close and the clients took %v", took)
	}
	tr.CloseIdleConnections()
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before })
	if p.busy() {
		t.Error("handlers still running after Close")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("condition not met in 3s; goroutines:\n%s", buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestOptionsRefused(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"negative cities", Options{Cities: -1}},
		{"too many feeds per unit", Options{FeedsPerUnit: 100}},
		{"cross-posts above one", Options{CrossPosts: 1.5}},
		{"unknown hostile kind", Options{Hostile: true, HostileKinds: []Kind{"meteor"}}},
		{"hostile without kinds", Options{Hostile: true, HostileKinds: []Kind{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Start(tt.opts)
			if err == nil {
				p.Close()
				t.Fatal("Start accepted it")
			}
		})
	}
}

// FuzzServe sends any request URI and validators to a host: it answers,
// never panics.
func FuzzServe(f *testing.F) {
	p := startProvince(f, Options{Cities: 1, WardsPerCity: 1, ItemsPerFeed: 2})
	src := p.Truth().Sources[0]
	h := p.good[0]
	f.Add(strings.TrimPrefix(src.URL, h.base()), `"x"`, "Mon, 02 Jan 2006 15:04:05 GMT", "gzip")
	f.Add("/%zz", "*", "garbage", "br;q=0")
	f.Add("/ha-nam/rss.aspx?cat=tin-tuc", "W/\"1\", \"2\"", "", "")
	f.Fuzz(func(t *testing.T, uri, inm, ims, ae string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RequestURI = uri
		if u, err := req.URL.Parse(uri); err == nil {
			req.URL = u
		}
		req.Header.Set("If-None-Match", inm)
		req.Header.Set("If-Modified-Since", ims)
		req.Header.Set("Accept-Encoding", ae)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if code := rec.Code; code != 200 && code != 304 && code != 404 && code != 412 {
			t.Errorf("status %d for %q", code, uri)
		}
	})
}

// TestConcurrentUse publishes, reads feeds, the truth and the stats at
// once; run with -race.
func TestConcurrentUse(t *testing.T) {
	p := startProvince(t, Options{Cities: 1, WardsPerCity: 2, FeedsPerUnit: 2, ItemsPerFeed: 3, CrossPosts: 0.5})
	truth := p.Truth()
	var wg sync.WaitGroup
	for _, u := range truth.Units {
		wg.Go(func() {
			for range 5 {
				if _, err := p.Publish(u.ID); err != nil {
					t.Error(err)
				}
			}
		})
	}
	for _, s := range truth.Sources {
		wg.Go(func() {
			for range 5 {
				fetch(t, client(false), s.URL, map[string]string{"Accept-Encoding": "gzip"})
			}
		})
	}
	wg.Go(func() {
		for range 5 {
			p.Truth()
			p.Stats()
		}
	})
	wg.Wait()
	if got, want := len(p.Truth().Stories), len(truth.Stories)+5*len(truth.Units); got != want {
		t.Errorf("%d stories, want %d", got, want)
	}
}

// TestFlightLeavesWhenClientGoes: a request stops counting as in flight
// once its client is gone, even if the handler is still busy, so that a
// slow handler is not held against the client.
func TestFlightLeavesWhenClientGoes(t *testing.T) {
	var f flight
	ctx, cancel := context.WithCancel(context.Background())
	leave := f.enter(httptest.NewRequest(http.MethodGet, "/a", nil).WithContext(ctx))
	leave2 := f.enter(httptest.NewRequest(http.MethodGet, "/b?x=1", nil))
	if f.count() != 2 || f.max != 2 || !slices.Equal(f.peak, []string{"/a", "/b?x=1"}) {
		t.Fatalf("count %d, max %d, peak %v", f.count(), f.max, f.peak)
	}
	cancel()
	waitFor(t, func() bool { return f.count() == 1 })
	leave()
	leave()
	leave2()
	if f.count() != 0 || f.max != 2 {
		t.Errorf("count %d, max %d after everyone left", f.count(), f.max)
	}
}

// Render writes every story feed's bytes at once, those changed by a
// publication too, and they are what a reader then fetches.
func TestRenderWritesEveryFeed(t *testing.T) {
	p := startProvince(t, Options{Cities: 1, WardsPerCity: 2, FeedsPerUnit: 2, ItemsPerFeed: 3})
	ward := p.Truth().Units[2]
	if _, err := p.Publish(ward.ID); err != nil {
		t.Fatal(err)
	}
	p.Render()
	for _, u := range p.units {
		for _, f := range u.storyFeeds() {
			f.mu.Lock()
			body := f.body
			f.mu.Unlock()
			if body == nil {
				t.Fatalf("%s not rendered", f.url)
			}
			if _, got := fetch(t, client(false), f.url, nil); !bytes.Equal(got, body) {
				t.Errorf("%s: fetched bytes differ from the rendered ones", f.url)
			}
		}
	}
}
