package publish

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bantin"

	"github.com/mmcdole/gofeed"
)

func TestRoutes(t *testing.T) {
	e := newTestEnv(t)
	tests := []struct {
		name, method, path string
		status             int
		contentType        string
		location           string
	}{
		{"city feed as RSS", "GET", "/feeds/phu-ly.rss", 200, "application/rss+xml; charset=utf-8", ""},
		{"city feed as Atom", "GET", "/feeds/phu-ly.atom", 200, "application/atom+xml; charset=utf-8", ""},
		{"city feed as JSON Feed", "GET", "/feeds/phu-ly.json", 200, "application/feed+json; charset=utf-8", ""},
		{"every root", "GET", "/feeds/all.rss", 200, "application/rss+xml; charset=utf-8", ""},
		{"largest limit", "GET", "/feeds/ha-nam.atom?limit=1000", 200, "application/atom+xml; charset=utf-8", ""},
		{"former id of the city", "GET", "/feeds/tp-phu-ly.atom?limit=5", 301, "", "/feeds/phu-ly.atom?limit=5"},
		{"unknown unit", "GET", "/feeds/ha-tay.rss", 404, "", ""},
		{"unknown format", "GET", "/feeds/phu-ly.xml", 404, "", ""},
		{"no format", "GET", "/feeds/phu-ly", 404, "", ""},
		{"limit zero", "GET", "/feeds/phu-ly.rss?limit=0", 400, "", ""},
		{"limit over the cap", "GET", "/feeds/phu-ly.rss?limit=1001", 400, "", ""},
		{"limit not a number", "GET", "/feeds/phu-ly.rss?limit=nhieu", 400, "", ""},
		{"OPML", "GET", "/opml", 200, "text/x-opml; charset=utf-8", ""},
		{"OPML with an extension", "GET", "/opml.xml", 200, "text/x-opml; charset=utf-8", ""},
		{"monitoring page", "GET", "/", 200, "text/html; charset=utf-8", ""},
		{"unit page", "GET", "/units/phu-ly", 200, "text/html; charset=utf-8", ""},
		{"unit page by former id", "GET", "/units/tp-phu-ly", 301, "", "/units/phu-ly"},
		{"unit page of nobody", "GET", "/units/ha-tay", 404, "", ""},
		{"API", "GET", "/api/units", 200, "application/json; charset=utf-8", ""},
		{"health", "GET", "/healthz", 200, "text/plain; charset=utf-8", ""},
		{"metrics", "GET", "/metrics", 200, "", ""},
		{"unknown path", "GET", "/wp-admin/", 404, "", ""},
		{"HEAD of a feed", "HEAD", "/feeds/phu-ly.rss", 200, "application/rss+xml; charset=utf-8", ""},
		{"POST to a feed", "POST", "/feeds/phu-ly.rss", 405, "", ""},
		{"DELETE of the page", "DELETE", "/", 405, "", ""},
		{"PUT to the API", "PUT", "/api/units", 405, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(tc.method, tc.path)
			if r.status != tc.status {
				t.Fatalf("%s %s: %d, want %d: %s", tc.method, tc.path, r.status, tc.status, r.body)
			}
			if tc.contentType != "" && r.header.Get("Content-Type") != tc.contentType {
				t.Errorf("Content-Type %q, want %q", r.header.Get("Content-Type"), tc.contentType)
			}
			if tc.location != "" && r.header.Get("Location") != tc.location {
				t.Errorf("Location %q, want %q", r.header.Get("Location"), tc.location)
			}
			if r.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
		})
	}
	if r := e.get("/feeds/phu-ly.rss?limit=0"); !strings.Contains(string(r.body), "from 1 to 1000") {
		t.Errorf("bad limit message %q does not say what is allowed", r.body)
	}
}

// TestFeedMergesSubtree: a unit's feed carries its own stories and its
// descendants', newest first, a story copied by two units once.
func TestFeedMergesSubtree(t *testing.T) {
	e := newTestEnv(t)
	tests := []struct {
		path   string
		titles []string
	}{
		{"/feeds/ha-nam.json", []string{`Giá điện < 2.000 đồng & "hội nghị" tổng kết`, "Thông báo lịch tiếp công dân tháng 12", "Đại hội Đoàn thanh niên thành phố"}},
		{"/feeds/all.json", []string{`Giá điện < 2.000 đồng & "hội nghị" tổng kết`, "Thông báo lịch tiếp công dân tháng 12", "Đại hội Đoàn thanh niên thành phố"}},
		{"/feeds/phu-ly.json", []string{`Giá điện < 2.000 đồng & "hội nghị" tổng kết`, "Đại hội Đoàn thanh niên thành phố"}},
		{"/feeds/le-hong-phong.json", []string{`Giá điện < 2.000 đồng & "hội nghị" tổng kết`}},
		{"/feeds/ha-nam.json?limit=2", []string{`Giá điện < 2.000 đồng & "hội nghị" tổng kết`, "Thông báo lịch tiếp công dân tháng 12"}},
		{"/feeds/so-gd.json", nil},
	}
	for _, tc := range tests {
		r := e.get(tc.path)
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		var titles []string
		for _, it := range feed.Items {
			titles = append(titles, it.Title)
		}
		if !slices.Equal(titles, tc.titles) {
			t.Errorf("%s: titles %q, want %q", tc.path, titles, tc.titles)
		}
	}
	var doc struct {
		Items []struct {
			Tags   []string      `json:"tags"`
			Bantin jsonExtension `json:"_bantin"`
		} `json:"items"`
	}
	if err := json.Unmarshal(e.get("/feeds/phu-ly.json").body, &doc); err != nil {
		t.Fatal(err)
	}
	first := doc.Items[0]
	if !slices.Equal(first.Bantin.Units, []string{"le-hong-phong", "phu-ly"}) ||
		!slices.Equal(first.Tags, []string{"Phường Lê Hồng Phong", "Thành phố Phủ Lý"}) || len(first.Bantin.Links) != 2 {
		t.Errorf("story copied by the city: %+v", first)
	}
}

func TestConditionalRequestsAndGzip(t *testing.T) {
	e := newTestEnv(t)
	for _, path := range []string{"/feeds/phu-ly.rss", "/feeds/all.atom", "/feeds/ha-nam.json?limit=2", "/opml"} {
		t.Run(path, func(t *testing.T) {
			plain := e.get(path)
			etag, lastMod := plain.header.Get("ETag"), plain.header.Get("Last-Modified")
			if plain.status != 200 || etag == "" || lastMod == "" {
				t.Fatalf("status %d ETag %q Last-Modified %q", plain.status, etag, lastMod)
			}
			if !strings.Contains(plain.header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary = %q", plain.header.Get("Vary"))
			}
			if r := e.get(path, "If-None-Match", etag); r.status != 304 || len(r.body) != 0 {
				t.Errorf("If-None-Match: %d with %d bytes, want 304", r.status, len(r.body))
			}
			if r := e.get(path, "If-None-Match", `"something-else"`); r.status != 200 {
				t.Errorf("If-None-Match of another version: %d, want 200", r.status)
			}
			if r := e.get(path, "If-Modified-Since", lastMod); r.status != 304 {
				t.Errorf("If-Modified-Since: %d, want 304", r.status)
			}
			if r := e.get(path, "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT"); r.status != 200 {
				t.Errorf("If-Modified-Since long ago: %d, want 200", r.status)
			}

			gz := e.get(path, "Accept-Encoding", "br, gzip;q=0.8")
			if gz.header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding %q", gz.header.Get("Content-Encoding"))
			}
			if gz.header.Get("ETag") == etag || gz.header.Get("ETag") == "" {
				t.Errorf("gzip ETag %q, want one of its own", gz.header.Get("ETag"))
			}
			zr, err := gzip.NewReader(bytes.NewReader(gz.body))
			if err != nil {
				t.Fatal(err)
			}
			unzipped, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(unzipped, plain.body) {
				t.Errorf("gzip body does not decode to the plain body (err %v)", err)
			}
			if r := e.get(path, "Accept-Encoding", "gzip", "If-None-Match", gz.header.Get("ETag")); r.status != 304 {
				t.Errorf("If-None-Match of the gzip variant: %d", r.status)
			}
			if r := e.get(path, "Accept-Encoding", "gzip;q=0"); r.header.Get("Content-Encoding") != "" {
				t.Error("gzip sent to a client that refused it")
			}

			head := e.do(http.MethodHead, path)
			if head.status != 200 || len(head.body) != 0 || head.header.Get("ETag") != etag ||
				head.header.Get("Content-Length") != plain.header.Get("Content-Length") {
				t.Errorf("HEAD: %d, %d bytes, ETag %q, length %q", head.status, len(head.body),
					head.header.Get("ETag"), head.header.Get("Content-Length"))
			}
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   bool
	}{
		{"nothing said", nil, false},
		{"plain gzip", []string{"gzip"}, true},
		{"browser list", []string{"gzip, deflate, br, zstd"}, true},
		{"upper case", []string{"GZIP"}, true},
		{"old name", []string{"x-gzip"}, true},
		{"refused", []string{"gzip;q=0"}, false},
		{"refused with spaces", []string{"gzip ; q=0.0, identity"}, false},
		{"anything", []string{"*"}, true},
		{"anything but gzip", []string{"*, gzip;q=0"}, false},
		{"identity only", []string{"identity"}, false},
		{"split over two headers", []string{"br", "gzip;q=0.5"}, true},
		{"bad quality", []string{"gzip;q=high"}, false},
	}
	for _, tc := range tests {
		if got := acceptsGzip(tc.header); got != tc.want {
			t.Errorf("%s: acceptsGzip(%q) = %v, want %v", tc.name, tc.header, got, tc.want)
		}
	}
}

// TestCacheFollowsStoreVersion: a feed is rendered once while nothing
// changes, again when one of its units gets a story, and not when an
// unrelated unit does.
func TestCacheFollowsStoreVersion(t *testing.T) {
	e := newTestEnv(t)
	renders := func() int64 { return e.srv.renders.Load() }
	first := e.get("/feeds/phu-ly.rss")
	e.get("/feeds/so-gd.rss")
	base := renders()
	for range 3 {
		e.get("/feeds/phu-ly.rss")
		e.get("/feeds/so-gd.rss", "Accept-Encoding", "gzip")
	}
	if renders() != base {
		t.Fatalf("%d renders without a change", renders()-base)
	}

	e.clock.Advance(time.Hour)
	e.record(e.cfg.Units[2].Sources[0].URL, "le-hong-phong", item("https://lehongphong.example.gov.vn/tin/moi.html",
		"Tin mới của phường", "Tóm tắt.", e.clock.Now().Add(-time.Minute)))
	second := e.get("/feeds/phu-ly.rss")
	if renders() != base+1 {
		t.Errorf("%d renders after a ward's new story, want 1", renders()-base)
	}
	if bytes.Equal(first.body, second.body) || !bytes.Contains(second.body, []byte("Tin mới của phường")) {
		t.Error("the city feed does not show its ward's new story")
	}
	if second.header.Get("ETag") == first.header.Get("ETag") {
		t.Error("ETag did not change with the content")
	}
	if lm, _ := http.ParseTime(second.header.Get("Last-Modified")); !lm.After(mustParseHTTPTime(t, first.header.Get("Last-Modified"))) {
		t.Errorf("Last-Modified %v did not move forward", lm)
	}
	e.get("/feeds/so-gd.rss")
	if renders() != base+1 {
		t.Errorf("an unrelated unit's feed was rendered again")
	}

	e.srv.SetConfig(testConfig())
	e.get("/feeds/so-gd.rss")
	if renders() != base+2 {
		t.Errorf("a new config did not drop the cache")
	}
}

// TestReadersWaitForTheRenderInFlight: readers arriving while a feed is
// being rendered wait for that rendering instead of each querying the
// store.
func TestReadersWaitForTheRenderInFlight(t *testing.T) {
	c := newRenderCache(defaultCacheBytes)
	key := cacheKey{unit: "ha-nam", format: formatAtom, limit: DefaultLimit}
	release := make(chan struct{})
	var builds atomic.Int32
	build := func() (*rendered, error) {
		if builds.Add(1) == 1 {
			<-release
		}
		return newRendered([]byte("<feed/>"), time.Time{})
	}
	first := make(chan *rendered)
	go func() {
		r, _ := c.get(context.Background(), key, 1, build)
		first <- r
	}()
	for deadline := time.Now().Add(5 * time.Second); builds.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("first build never started")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.get(ctx, key, 1, build); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second reader: %v, want to wait (and time out)", err)
	}
	var wg sync.WaitGroup
	got := make([]*rendered, 8)
	for i := range got {
		wg.Go(func() { got[i], _ = c.get(context.Background(), key, 1, build) })
	}
	close(release)
	wg.Wait()
	r := <-first
	for i := range got {
		if got[i] != r {
			t.Errorf("reader %d got another rendering", i)
		}
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds, want 1", n)
	}
}

func mustParseHTTPTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := http.ParseTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// TestExportMatchesGET: the static files are the bytes the server sends.
func TestExportMatchesGET(t *testing.T) {
	e := newTestEnv(t)
	dir := filepath.Join(t.TempDir(), "site")
	if err := e.srv.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, id := range []string{"all", "ha-nam", "phu-ly", "le-hong-phong", "so-gd"} {
		for _, f := range allFormats {
			want = append(want, "feeds/"+id+"."+f.ext())
		}
	}
	want = append(want, "opml", "opml.xml")
	var got []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	for _, name := range want {
		file, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		path := "/" + strings.TrimSuffix(name, ".xml")
		if served := e.get(path).body; !bytes.Equal(file, served) {
			t.Errorf("%s differs from GET %s", name, path)
		}
	}
}

// TestExportStaysInsideDir: even a unit id that slipped past validation
// cannot make Export write outside its directory.
func TestExportStaysInsideDir(t *testing.T) {
	e := newTestEnv(t)
	cfg := testConfig()
	cfg.Units = append(cfg.Units, bantin.Unit{ID: "../../escaped", Name: "Kẻ trốn"})
	parent := t.TempDir()
	dir := filepath.Join(parent, "a", "site")
	err := NewServer(cfg, Options{Store: e.store}).Export(context.Background(), dir)
	if err == nil {
		t.Fatal("Export wrote a unit whose id leaves the directory")
	}
	filepath.WalkDir(parent, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			t.Errorf("%s written outside the export directory", p)
		}
		return err
	})
}

func TestHealthz(t *testing.T) {
	e := newTestEnv(t)
	if r := e.get("/healthz"); r.status != 200 || strings.TrimSpace(string(r.body)) != "ok" {
		t.Fatalf("healthy: %d %q", r.status, r.body)
	}
	e.store.Close()
	if r := e.get("/healthz"); r.status != http.StatusServiceUnavailable {
		t.Errorf("closed database: %d, want 503", r.status)
	}
}

func TestMetricsLoopbackOnly(t *testing.T) {
	e := newTestEnv(t)
	e.get("/feeds/phu-ly.rss")
	r := e.get("/metrics")
	for _, want := range []string{`bantin_http_requests_total{code="200",route="GET /feeds/{file}"} 1`, `bantin_feed_renders_total{format="rss"} 1`} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("metrics lack %s:\n%s", want, r.body)
		}
	}
	srv := NewServer(testConfig(), Options{Store: e.store, MetricsLoopbackOnly: true})
	for addr, want := range map[string]int{"192.0.2.10:4000": 403, "127.0.0.1:4000": 200, "[::1]:4000": 200} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("metrics from %s: %d, want %d", addr, rec.Code, want)
		}
	}
}

func TestAPIUnits(t *testing.T) {
	e := newTestEnv(t)
	e.clock.Advance(time.Hour)
	for range 2 {
		e.fail(e.cfg.Units[1].Sources[1].URL, bantin.ErrTimeout, "context deadline exceeded")
	}
	var units []struct {
		ID         string     `json:"id"`
		Name       string     `json:"name"`
		Parent     *string    `json:"parent"`
		LastItemAt *time.Time `json:"last_item_at"`
		Items7d    int        `json:"items_7d"`
		Items30d   int        `json:"items_30d"`
		Sources    []struct {
			URL                 string     `json:"url"`
			LastFetchAt         *time.Time `json:"last_fetch_at"`
			LastOKAt            *time.Time `json:"last_ok_at"`
			LastStatus          int        `json:"last_status"`
			LastError           string     `json:"last_error"`
			ErrorKind           string     `json:"error_kind"`
			ConsecutiveFailures int        `json:"consecutive_failures"`
			FailingSince        *time.Time `json:"failing_since"`
			NextFetchAt         *time.Time `json:"next_fetch_at"`
			TLSInsecure         bool       `json:"tls_insecure"`
		} `json:"sources"`
	}
	r := e.get("/api/units")
	if err := json.Unmarshal(r.body, &units); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	var ids []string
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	if !slices.Equal(ids, []string{"ha-nam", "phu-ly", "le-hong-phong", "so-gd"}) {
		t.Fatalf("ids %q, want file order", ids)
	}
	if units[0].Parent != nil || units[1].Parent == nil || *units[1].Parent != "ha-nam" {
		t.Errorf("parents: root %v, city %v", units[0].Parent, units[1].Parent)
	}
	city := units[1]
	if city.Name != "Thành phố Phủ Lý" || city.Items7d != 2 || city.Items30d != 2 || city.LastItemAt == nil ||
		!city.LastItemAt.Equal(time.Date(2020, 12, 21, 9, 15, 0, 0, ict)) {
		t.Errorf("city activity: %+v", city)
	}
	if !strings.Contains(string(r.body), `"last_item_at": "2020-12-21T09:15:00+07:00"`) {
		t.Error("times are not RFC 3339 in the configured zone")
	}
	ok, failing := city.Sources[0], city.Sources[1]
	if ok.LastStatus != 200 || ok.LastError != "" || ok.ConsecutiveFailures != 0 || ok.LastOKAt == nil || ok.FailingSince != nil || ok.NextFetchAt == nil {
		t.Errorf("working source: %+v", ok)
	}
	if failing.LastStatus != 0 || failing.ErrorKind != "timeout" || failing.LastError == "" || failing.ConsecutiveFailures != 2 ||
		failing.LastOKAt != nil || failing.FailingSince == nil || !failing.TLSInsecure || failing.LastFetchAt == nil {
		t.Errorf("failing source: %+v", failing)
	}
	if so := units[3]; so.LastItemAt != nil || so.Sources[0].LastFetchAt != nil || so.Sources[0].NextFetchAt != nil {
		t.Errorf("never fetched unit: %+v", so)
	}
}

// TestReadersGetThePreviousRenderingWhileANewOneBuilds: after a change,
// the reader who asks first builds the new rendering and waits for it,
// up to staleAfter; readers arriving meanwhile get the previous one at
// once; once built, everyone gets the new one.
func TestReadersGetThePreviousRenderingWhileANewOneBuilds(t *testing.T) {
	ctx := context.Background()
	c := newRenderCache(defaultCacheBytes)
	key := cacheKey{unit: "ninh-binh", format: formatRSS, limit: DefaultLimit}
	renderOf := func(body string) func() (*rendered, error) {
		return func() (*rendered, error) { return newRendered([]byte(body), time.Time{}) }
	}
	old, err := c.get(ctx, key, 1, renderOf("<rss>cũ</rss>"))
	if err != nil {
		t.Fatal(err)
	}
	noBuild := func() (*rendered, error) {
		t.Error("a second build while one is running")
		return nil, io.ErrUnexpectedEOF
	}

	// A quick rendering: the reader who asked after the change sees it.
	quick, err := c.get(ctx, key, 2, renderOf("<rss>mới</rss>"))
	if err != nil || string(quick.body) != "<rss>mới</rss>" {
		t.Fatalf("after a change: got %q, %v; want the new rendering", quick.body, err)
	}

	// A slow one: the builder gives up waiting after staleAfter, and every
	// reader meanwhile gets the previous rendering.
	release := make(chan struct{})
	built := make(chan struct{})
	start := time.Now()
	got, err := c.get(ctx, key, 3, func() (*rendered, error) {
		defer close(built)
		<-release
		return newRendered([]byte("<rss>mới hơn</rss>"), time.Time{})
	})
	if err != nil || got != quick {
		t.Errorf("slow build: the builder got %q, %v; want the previous rendering", got.body, err)
	}
	if waited := time.Since(start); waited < staleAfter {
		t.Errorf("the builder waited %v, want at least %v", waited, staleAfter)
	}
	if got, err := c.get(ctx, key, 3, noBuild); err != nil || got != quick {
		t.Errorf("during the build: got %q, %v; want the previous rendering at once", got.body, err)
	}
	close(release)
	<-built
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		got, _ := c.get(ctx, key, 3, noBuild)
		if string(got.body) == "<rss>mới hơn</rss>" {
			if c.bytes != got.size() {
				t.Errorf("cache counts %d bytes, want %d (older renderings released)", c.bytes, got.size())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow rendering never replaced the previous one")
		}
	}
	if quick == old {
		t.Error("the change was never rendered")
	}
}

// TestReadersActive: the server counts its readers as reading while a
// request is answered and for a second after the last one came, so that
// the store's writer lets them go first (store.Options.ReadersActive).
func TestReadersActive(t *testing.T) {
	e := newTestEnv(t)
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	srv := NewServer(testConfig(), Options{Store: e.store, Clock: func() time.Time { return now }})
	if srv.ReadersActive() {
		t.Fatal("active before any request")
	}
	inside := make(chan bool, 1)
	h := srv.instrument(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now = now.Add(time.Minute) // a slow answer: still active while it runs
		inside <- srv.ReadersActive()
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/feeds/all.rss", nil))
	if !<-inside {
		t.Error("not active while a request is answered")
	}
	now = now.Add(-time.Minute + readersRecent/2)
	if !srv.ReadersActive() {
		t.Error("not active half a second after a request")
	}
	now = now.Add(readersRecent)
	if srv.ReadersActive() {
		t.Error("still active well after the last request")
	}
}

// TestReadersActiveAfterAPanic: a handler that panics is no longer
// counted as answering once net/http has recovered it.
func TestReadersActiveAfterAPanic(t *testing.T) {
	e := newTestEnv(t)
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	srv := NewServer(testConfig(), Options{Store: e.store, Clock: func() time.Time { return now }})
	h := srv.instrument(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	func() {
		defer func() { recover() }()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/feeds/all.rss", nil))
	}()
	now = now.Add(2 * readersRecent)
	if srv.ReadersActive() {
		t.Error("a panicked request is still counted")
	}
}
