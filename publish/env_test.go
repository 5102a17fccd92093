package publish

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"bantin"
	"bantin/store"
)

// testEnv is a Server on a real store in a temporary directory, served on
// loopback.
type testEnv struct {
	t      testing.TB
	cfg    *bantin.Config
	store  *store.Store
	srv    *Server
	http   *httptest.Server
	client *http.Client
	clock  *testClock
}

// testClock is a settable clock shared by the store and the server.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newTestEnv starts a server for testConfig at 10:00 on 22 December 2020,
// with the stories of seedStories stored.
func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	e := newEnv(t, testConfig(), time.Date(2020, 12, 22, 10, 0, 0, 0, ict))
	e.seed()
	return e
}

// newEnv starts a server for cfg on an empty store, its clock at now.
func newEnv(t testing.TB, cfg *bantin.Config, now time.Time) *testEnv {
	t.Helper()
	ctx := context.Background()
	clock := &testClock{now: now}
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "bantin.db"), Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	e := &testEnv{t: t, cfg: cfg, store: st, clock: clock}
	e.srv = NewServer(cfg, Options{Store: st, Clock: clock.Now})
	e.http = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.http.Close)
	// The transport must not ask for gzip by itself (and hide it): the
	// tests set Accept-Encoding when they mean it.
	e.client = &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	t.Cleanup(e.client.CloseIdleConnections)
	return e
}

// seed stores what portals published: a ward's article copied by its
// city (one story, two units), a province notice, and a city article.
func (e *testEnv) seed() {
	ward := e.cfg.Units[2].Sources[0].URL
	city := e.cfg.Units[1].Sources[0].URL
	prov := e.cfg.Units[0].Sources[0].URL
	e.record(ward, "le-hong-phong", item("https://lehongphong.example.gov.vn/tin/hoi-nghi-tong-ket.html",
		`Giá điện < 2.000 đồng & "hội nghị" tổng kết`, "Sáng 21/12, Thành uỷ Phủ Lý tổ chức hội nghị <tổng kết> & trao thưởng.",
		time.Date(2020, 12, 21, 8, 30, 0, 0, ict)))
	copied := item("https://phuly.example.gov.vn/tin-tuc/hoi-nghi-tong-ket-123.html?utm_source=x",
		`Giá điện < 2.000 đồng & "hội nghị" tổng kết`, "Sáng 21/12, Thành uỷ Phủ Lý tổ chức hội nghị <tổng kết> & trao thưởng.",
		time.Date(2020, 12, 21, 9, 15, 0, 0, ict))
	copied.CanonicalLink = "https://lehongphong.example.gov.vn/tin/hoi-nghi-tong-ket.html"
	e.record(city, "phu-ly", copied,
		item("https://phuly.example.gov.vn/tin-tuc/dai-hoi-456.html", "Đại hội Đoàn thanh niên thành phố",
			"Đại hội lần thứ XII.", time.Date(2020, 12, 19, 14, 0, 0, 0, ict)))
	e.record(prov, "ha-nam", item("https://hanam.example.gov.vn/thong-bao/lich-tiep-cong-dan.html",
		"Thông báo lịch tiếp công dân tháng 12", "", time.Date(2020, 12, 20, 8, 0, 0, 0, ict)))
}

func item(link, title, summary string, published time.Time) bantin.Item {
	return bantin.Item{
		GUID:          link,
		Link:          link,
		CanonicalLink: link,
		Title:         title,
		Summary:       summary,
		Content:       "<p>" + title + "</p><p>Nội dung bài viết.</p>",
		Published:     published,
	}
}

// record stores one successful fetch of source with items.
func (e *testEnv) record(source, unit string, items ...bantin.Item) {
	e.t.Helper()
	for i := range items {
		items[i].Source, items[i].Unit = source, unit
	}
	now := e.clock.Now()
	_, err := e.store.RecordFetch(context.Background(), &bantin.Fetch{
		Source: source, Started: now, Duration: 420 * time.Millisecond, Status: 200,
		NextFetchAt: now.Add(15 * time.Minute), Items: items,
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// fail stores a failed fetch of source.
func (e *testEnv) fail(source string, kind bantin.ErrorKind, msg string) {
	e.t.Helper()
	now := e.clock.Now()
	_, err := e.store.RecordFetch(context.Background(), &bantin.Fetch{
		Source: source, Started: now, Duration: 10 * time.Second, ErrorKind: kind, Error: msg,
		NextFetchAt: now.Add(15 * time.Minute),
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request with header pairs ("Accept-Encoding", "gzip", ...).
func (e *testEnv) do(method, path string, header ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

func (e *testEnv) get(path string, header ...string) response {
	e.t.Helper()
	return e.do(http.MethodGet, path, header...)
}
