package publish

import (
	"bytes"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"bantin"
	"bantin/store"
)

// countingStore is a store that counts its changes, as ChangeCounter
// asks, and the Version calls made of it.
type countingStore struct {
	*store.Store
	changes  atomic.Uint64
	versions atomic.Int64
}

func (c *countingStore) Changes() uint64 { return c.changes.Load() }

func (c *countingStore) Version(units []string) (uint64, time.Time) {
	c.versions.Add(1)
	return c.Store.Version(units)
}

// TestChangeCounterSkipsVersion: with a store that counts its changes, an
// unchanged feed is served without asking the store for its units'
// version, and a change anywhere below the unit still shows at once.
func TestChangeCounterSkipsVersion(t *testing.T) {
	e := newTestEnv(t)
	cs := &countingStore{Store: e.store}
	srv := NewServer(e.cfg, Options{Store: cs, Clock: e.clock.Now})
	h := srv.Handler()
	get := func(path string) []byte {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 200 {
			t.Fatalf("GET %s: %d", path, w.Code)
		}
		return w.Body.Bytes()
	}
	first := get("/feeds/ha-nam.rss")
	get("/feeds/all.atom")
	before := cs.versions.Load()
	for range 5 {
		get("/feeds/ha-nam.rss")
		get("/feeds/all.atom")
	}
	if n := cs.versions.Load() - before; n != 0 {
		t.Errorf("%d Version calls for unchanged feeds", n)
	}

	e.clock.Advance(time.Hour)
	e.record(e.cfg.Units[2].Sources[0].URL, "le-hong-phong", item("https://lehongphong.example.gov.vn/tin/moi.html",
		"Tin mới của phường", "Tóm tắt.", e.clock.Now().Add(-time.Minute)))
	cs.changes.Add(1)
	if second := get("/feeds/ha-nam.rss"); bytes.Equal(first, second) || !bytes.Contains(second, []byte("Tin mới của phường")) {
		t.Error("the province feed does not show its ward's new story")
	}
	if !bytes.Contains(get("/feeds/all.atom"), []byte("Tin mới của phường")) {
		t.Error("the feed of every unit does not show the ward's new story")
	}
	before = cs.versions.Load()
	get("/feeds/ha-nam.rss")
	get("/feeds/so-gd.rss")
	if n := cs.versions.Load() - before; n != 1 {
		t.Errorf("%d Version calls after one change, want 1 (so-gd's first check since it)", n)
	}
}

// BenchmarkServeNationCounted is BenchmarkServeNation's `all` with a
// store that counts its changes: the cost of an unchanged feed no longer
// grows with the units below it.
func BenchmarkServeNationCounted(b *testing.B) {
	cfg := nationConfig()
	e := newEnv(b, cfg, time.Date(2020, 12, 22, 10, 0, 0, 0, ict))
	e.record("https://tinh-07-xa-042.example.gov.vn/rss/tin-tuc.xml", "tinh-07-xa-042",
		item("https://tinh-07-xa-042.example.gov.vn/tin/1.html", "Tin của xã", "Tóm tắt.", time.Date(2020, 12, 1, 8, 0, 0, 0, ict)))
	h := NewServer(cfg, Options{Store: &countingStore{Store: e.store}, Clock: e.clock.Now}).Handler()
	for _, unit := range []string{bantin.AllUnits, "tinh-07-xa-042"} {
		path := "/feeds/" + unit + ".rss"
		b.Run(unit+"/cached", func(b *testing.B) { serveLoop(b, h, path, 200) })
	}
}
