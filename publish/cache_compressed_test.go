package publish

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// testRendering is version v of feed i: about 12 KB of XML that gzips
// about as well as a real feed, the same bytes every time.
func testRendering(t testing.TB, i int, v uint64) *rendered {
	t.Helper()
	r := rand.New(rand.NewPCG(uint64(i), v))
	var b strings.Builder
	fmt.Fprintf(&b, "<rss><channel><title>Đơn vị %04d, bản %d</title>", i, v)
	for k := 0; b.Len() < 12_000; k++ {
		fmt.Fprintf(&b, "<item><title>Tin số %03d</title><description>%s %s</description></item>",
			k, fill(r, benchSentences[r.IntN(len(benchSentences))], "xã"), benchWords[r.IntN(len(benchWords))])
	}
	b.WriteString("</channel></rss>")
	rd, err := newRendered([]byte(b.String()), time.Date(2020, 12, 21, 9, 0, 0, 0, time.UTC).Add(time.Duration(v)*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

// sizedCache is a cache with room for the gzip of gzipped renderings like
// one, and for the plain bytes of plain of them.
func sizedCache(one *rendered, gzipped, plain int) *renderCache {
	gzPart, plainPart := one.size()-cap(one.body), cap(one.body)
	c := newRenderCache(0)
	c.plainMax = plain*plainPart + plainPart/2
	c.maxBytes = c.plainMax + gzipped*gzPart + gzPart/2
	return c
}

// checkCache fails t unless the cache counts exactly what its entries
// hold and keeps to its budgets.
func checkCache(t testing.TB, c *renderCache) {
	t.Helper()
	if err := cacheError(c); err != nil {
		t.Fatal(err)
	}
}

func cacheError(c *renderCache) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	held, plain, plainHeld := 0, 0, 0
	for el := c.lru.Front(); el != nil; el = el.Next() {
		e := el.Value.(*cacheEntry)
		if c.entries[e.key] != el {
			return fmt.Errorf("%v is in the list but not the map", e.key)
		}
		if e.r == nil {
			continue
		}
		held += e.r.size()
		if (e.r.body != nil) != (e.plainEl != nil) {
			return fmt.Errorf("%v: plain bytes %v, in the plain list %v", e.key, e.r.body != nil, e.plainEl != nil)
		}
		if e.r.body != nil {
			plain += cap(e.r.body)
			plainHeld++
		}
	}
	if len(c.entries) != c.lru.Len() || plainHeld != c.plainLRU.Len() {
		return fmt.Errorf("%d entries in the map, %d in the list; %d hold plain bytes, %d in the plain list",
			len(c.entries), c.lru.Len(), plainHeld, c.plainLRU.Len())
	}
	if held != c.bytes || plain != c.plainBytes {
		return fmt.Errorf("counts %d bytes (%d plain), holds %d (%d plain)", c.bytes, c.plainBytes, held, plain)
	}
	if c.bytes > c.maxBytes || c.plainBytes > c.plainMax || c.bytes-c.plainBytes > c.gzipMax() {
		return fmt.Errorf("%d bytes of %d, %d plain of %d", c.bytes, c.maxBytes, c.plainBytes, c.plainMax)
	}
	return nil
}

// ask has the cache answer a request for feed i at version v as
// handleFeed does, and reports whether it rendered.
func ask(t testing.TB, c *renderCache, i int, v uint64, header ...string) (w *httptest.ResponseRecorder, built bool) {
	t.Helper()
	key := cacheKey{unit: fmt.Sprintf("xa-%04d", i), format: formatRSS, limit: DefaultLimit}
	rd, err := c.get(context.Background(), key, v, func() (*rendered, error) {
		built = true
		return testRendering(t, i, v), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/feeds/"+key.unit+".rss", nil)
	for k := 0; k+1 < len(header); k += 2 {
		req.Header.Set(header[k], header[k+1])
	}
	w = httptest.NewRecorder()
	if err := serveCached(w, req, formatRSS.contentType(), c, key, rd); err != nil {
		t.Fatal(err)
	}
	return w, built
}

// plainOfResponse is the plain body of a 200, gunzipped if it is gzip,
// failing t unless its ETag is its rendering's.
func plainOfResponse(t testing.TB, w *httptest.ResponseRecorder) []byte {
	t.Helper()
	body, err := responseBody(w)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func responseBody(w *httptest.ResponseRecorder) ([]byte, error) {
	if w.Code != http.StatusOK {
		return nil, fmt.Errorf("status %d: %s", w.Code, w.Body)
	}
	body, suffix := w.Body.Bytes(), ""
	if w.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		if body, err = io.ReadAll(zr); err != nil {
			return nil, err
		}
		suffix = "-gz"
	}
	sum := sha256.Sum256(body)
	if want := `"` + hex.EncodeToString(sum[:12]) + suffix + `"`; w.Header().Get("ETag") != want {
		return nil, fmt.Errorf("ETag %s for a body whose ETag is %s", w.Header().Get("ETag"), want)
	}
	if n := w.Header().Get("Content-Length"); n != "" && n != fmt.Sprint(w.Body.Len()) {
		return nil, fmt.Errorf("Content-Length %s for %d bytes", n, w.Body.Len())
	}
	return body, nil
}

// TestServeCompressedOnly: a rendering the cache holds gzipped only is
// served exactly as the rendering with its plain bytes: the same bytes,
// validators and answers to conditional requests, plain or gzip.
func TestServeCompressedOnly(t *testing.T) {
	full := testRendering(t, 7, 1)
	c := sizedCache(full, 4, 0)
	c.plainMax = 0 // nothing plain: every rendering is held compressed only
	key := cacheKey{unit: "xa-0007", format: formatRSS, limit: DefaultLimit}
	first, err := c.get(context.Background(), key, 1, func() (*rendered, error) { return full, nil })
	if err != nil || first != full {
		t.Fatalf("the builder got %p, %v; want its rendering", first, err)
	}
	held, _ := c.get(context.Background(), key, 1, nil)
	if held.body != nil || held.plain.etag != full.plain.etag || held.gzETag != full.gzETag {
		t.Fatalf("the cache holds plain bytes %v, ETags %s %s; want none and %s %s",
			held.body != nil, held.plain.etag, held.gzETag, full.plain.etag, full.gzETag)
	}
	checkCache(t, c)
	lm := full.modTime.Format(http.TimeFormat)
	tests := []struct {
		name, method string
		header       []string
		wantBody     []byte
	}{
		{"first visit", "GET", nil, full.body},
		{"gzip reader", "GET", []string{"Accept-Encoding", "gzip"}, full.gz.body},
		{"HEAD", "HEAD", nil, nil},
		{"reader asks with its ETag", "GET", []string{"If-None-Match", full.plain.etag}, nil},
		{"gzip reader with its ETag", "GET", []string{"Accept-Encoding", "gzip", "If-None-Match", full.gzETag}, nil},
		{"gzip reader with the plain ETag", "GET", []string{"Accept-Encoding", "gzip", "If-None-Match", full.plain.etag}, full.gz.body},
		{"date of the last visit", "GET", []string{"If-Modified-Since", lm}, nil},
		{"stale ETag", "GET", []string{"If-None-Match", `"cu"`}, full.body},
		{"range", "GET", []string{"Range", "bytes=0-99"}, full.body[:100]},
		{"If-Match", "GET", []string{"If-Match", full.plain.etag}, full.body},
		{"HEAD through ServeContent", "HEAD", []string{"If-Match", full.plain.etag}, nil},
	}
	for _, tc := range tests {
		header := http.Header{}
		for i := 0; i+1 < len(tc.header); i += 2 {
			header.Add(tc.header[i], tc.header[i+1])
		}
		serve := func(rd *rendered) *httptest.ResponseRecorder {
			req := httptest.NewRequest(tc.method, "/feeds/xa-0007.rss", nil)
			req.Header = header.Clone()
			w := httptest.NewRecorder()
			if err := serveCached(w, req, formatRSS.contentType(), c, key, rd); err != nil {
				t.Fatal(err)
			}
			return w
		}
		got, want := serve(held), serve(full)
		sameResponse(t, tc.name, got, want)
		if !bytes.Equal(got.Body.Bytes(), tc.wantBody) {
			t.Errorf("%s: %d bytes, want %d", tc.name, got.Body.Len(), len(tc.wantBody))
		}
	}
	if c.promotions != 0 {
		t.Errorf("%d renderings kept plain in a cache with no room for them", c.promotions)
	}
	checkCache(t, c)
}

// TestDamagedGzipIsAnError: plain bytes that do not decompress to what
// was rendered are an error and nothing written, never a body of another
// length or content; the server answers 500.
func TestDamagedGzipIsAnError(t *testing.T) {
	full := testRendering(t, 1, 1)
	tests := []struct {
		name   string
		damage func(gz []byte) []byte
	}{
		{"cut short", func(gz []byte) []byte { return gz[:len(gz)/2] }},
		{"flipped byte in the data", func(gz []byte) []byte { gz[len(gz)/2] ^= 0x55; return gz }},
		{"wrong checksum", func(gz []byte) []byte { gz[len(gz)-6] ^= 1; return gz }},
		{"not gzip", func([]byte) []byte { return []byte("<rss/>") }},
	}
	for _, tc := range tests {
		rd := full.compressedOnly()
		rd.gz.body = tc.damage(bytes.Clone(full.gz.body))
		req := httptest.NewRequest(http.MethodGet, "/feeds/xa-0001.rss", nil)
		w := httptest.NewRecorder()
		err := serveCached(w, req, formatRSS.contentType(), newRenderCache(defaultCacheBytes), cacheKey{unit: "xa-0001"}, rd)
		if err == nil || w.Body.Len() != 0 || w.Header().Get("ETag") != "" {
			t.Errorf("%s: %v, %d bytes written, ETag %q; want an error and nothing", tc.name, err, w.Body.Len(), w.Header().Get("ETag"))
		}
		w = httptest.NewRecorder()
		serveRendered(w, req, formatRSS.contentType(), rd)
		if w.Code != http.StatusInternalServerError {
			t.Errorf("%s: status %d, want 500", tc.name, w.Code)
		}
	}
}

// TestRenderCacheBounds: under readers cycling over more feeds than fit,
// plain or gzip, the cache never counts more than its bound, counts what
// it holds, evicts the least recently used, keeps every feed whose gzip
// fits, and keeps no failed rendering.
func TestRenderCacheBounds(t *testing.T) {
	one := testRendering(t, 0, 1)
	tests := []struct {
		name           string
		feeds          int
		gzipped, plain int // renderings the budgets hold
		header         []string
		wantBuilds     int // over three rounds
		wantEntries    int
		wantPlain      int // renderings holding plain bytes, while there is room
	}{
		{"every feed's gzip fits, plain readers", 24, 30, 4, nil, 24, 24, 4},
		{"every feed's gzip fits, gzip readers", 24, 30, 4, []string{"Accept-Encoding", "gzip"}, 24, 24, 4},
		{"no room for plain bytes", 24, 30, 0, nil, 24, 24, 0},
		{"more feeds than fit: least recently used out", 24, 10, 4, nil, 72, 10, 4},
		{"more feeds than fit, gzip readers", 24, 10, 4, []string{"Accept-Encoding", "gzip"}, 72, 10, 4},
	}
	for _, tc := range tests {
		c := sizedCache(one, tc.gzipped, tc.plain)
		builds := 0
		for round := range 3 {
			for i := range tc.feeds {
				w, built := ask(t, c, i, 1, tc.header...)
				if built {
					builds++
				}
				if body := plainOfResponse(t, w); !bytes.Equal(body, testRendering(t, i, 1).body) {
					t.Fatalf("%s: round %d, feed %d: not its rendering", tc.name, round, i)
				}
				checkCache(t, c)
			}
		}
		if builds != tc.wantBuilds || c.lru.Len() != tc.wantEntries || c.plainLRU.Len() != tc.wantPlain {
			t.Errorf("%s: %d builds, %d entries, %d plain; want %d, %d, %d", tc.name,
				builds, c.lru.Len(), c.plainLRU.Len(), tc.wantBuilds, tc.wantEntries, tc.wantPlain)
		}
	}

	c := sizedCache(one, 5, 2)
	for i := range 5 {
		ask(t, c, i, 1)
	}
	before := c.bytes
	ask(t, c, 4, 2) // a new version replaces the old one
	if _, built := ask(t, c, 0, 1); built {
		t.Error("a new version evicted another feed")
	}
	checkCache(t, c)
	if c.lru.Len() != 5 || c.bytes < before-before/10 || c.bytes > before+before/10 {
		t.Errorf("after a new version: %d entries, %d bytes; want 5 and about %d", c.lru.Len(), c.bytes, before)
	}
	failing := func() (*rendered, error) { return nil, io.ErrUnexpectedEOF }
	if _, err := c.get(context.Background(), cacheKey{unit: "bad"}, 1, failing); err == nil {
		t.Fatal("no error from a failed build")
	}
	if _, ok := c.entries[cacheKey{unit: "bad"}]; ok {
		t.Error("a failed rendering was kept")
	}
	huge := sizedCache(one, 3, 2)
	if _, built := ask(t, huge, 0, 1); !built || huge.lru.Len() != 0 || huge.bytes != 0 {
		t.Errorf("a rendering over a quarter of the gzip budget was kept: %d entries, %d bytes", huge.lru.Len(), huge.bytes)
	}
}

// TestHotFeedsKeepPlainBytes: while readers cycle over every feed, the
// feeds asked for often keep (or get back) their plain bytes, and the
// cycling ones do not take plain bytes from each other.
func TestHotFeedsKeepPlainBytes(t *testing.T) {
	one := testRendering(t, 0, 1)
	const feeds, hot = 60, 1000
	tests := []struct {
		name     string
		plain    int  // renderings the plain budget holds
		hotEvery int  // a request for the hot feeds after every hotEvery others
		warm     bool // and a feed asked for every fourth request, less than they are
		hotFirst bool // the hot feed is asked for before the plain budget fills
		change   bool // the hot feed changes halfway
	}{
		{"the root feed asked every other request", 3, 1, false, false, false},
		{"a province asked every tenth request", 3, 10, false, false, false},
		{"hot from the start, holding its plain bytes", 3, 3, false, true, false},
		{"hot and changing during a pass", 3, 3, false, false, true},
		{"two hot feeds and a warm one, room for two", 2, 1, true, false, false},
	}
	hotKey := func(k int) cacheKey {
		return cacheKey{unit: fmt.Sprintf("xa-%04d", hot+k), format: formatRSS, limit: DefaultLimit}
	}
	for _, tc := range tests {
		c := sizedCache(one, feeds+4, tc.plain)
		if tc.hotFirst {
			ask(t, c, hot, 1)
		}
		hotFeeds := 1
		if tc.warm {
			hotFeeds = 2
		}
		version := uint64(1)
		n := 0
		for round := range 6 {
			if tc.change && round == 3 {
				version++
			}
			for i := range feeds {
				ask(t, c, i, 1)
				if n++; n%tc.hotEvery == 0 {
					for k := range hotFeeds {
						plainOfResponse(t, must(ask(t, c, hot+k, version)))
					}
				}
				if tc.warm && n%4 == 0 {
					plainOfResponse(t, must(ask(t, c, hot+2, 1)))
				}
			}
			checkCache(t, c)
		}
		for k := range hotFeeds {
			e := c.entries[hotKey(k)].Value.(*cacheEntry)
			if e.r.body == nil || e.version != version {
				t.Errorf("%s: hot feed %d (version %d of %d) keeps no plain bytes", tc.name, k, e.version, version)
			}
		}
		// Room is made for a hot feed once (twice when it changes); the
		// cycling feeds, or a warm one, never take it from hotter ones.
		if c.promotions > 2 {
			t.Errorf("%s: %d renderings got their plain bytes back, want at most 2", tc.name, c.promotions)
		}
	}
}

func must(w *httptest.ResponseRecorder, _ bool) *httptest.ResponseRecorder { return w }

// TestPlainBytesLeastRecentlyUsedFirst: plain bytes are taken from the
// rendering asked for least recently, and one rendering is decompressed
// to be kept by one reader, not by every reader asking at once.
func TestPlainBytesLeastRecentlyUsedFirst(t *testing.T) {
	one := testRendering(t, 0, 1)
	c := sizedCache(one, 10, 3)
	for i := range 3 {
		ask(t, c, i, 1)
	}
	ask(t, c, 0, 1)
	var order []string
	for el := c.plainLRU.Front(); el != nil; el = el.Next() {
		order = append(order, el.Value.(*cacheEntry).key.unit)
	}
	if want := []string{"xa-0000", "xa-0002", "xa-0001"}; !slices.Equal(order, want) {
		t.Errorf("plain renderings in the order %q, want %q", order, want)
	}

	ask(t, c, 3, 1) // no room: held compressed only
	key := cacheKey{unit: "xa-0003", format: formatRSS, limit: DefaultLimit}
	e := c.entries[key].Value.(*cacheEntry)
	for range hotHits {
		c.get(context.Background(), key, 1, nil)
	}
	rd := e.r
	if rd.body != nil || !c.startPromotion(key, rd) {
		t.Fatal("a hot rendering held compressed only is not kept plain")
	}
	if c.startPromotion(key, rd) {
		t.Error("a second reader decompresses the rendering being kept plain")
	}
	body, err := c.codec.plainInto(nil, rd)
	c.endPromotion(key, rd, body, err)
	checkCache(t, c)
	if e.r.body == nil || c.entries[cacheKey{unit: "xa-0001", format: formatRSS, limit: DefaultLimit}].Value.(*cacheEntry).r.body != nil {
		t.Error("the hot rendering did not take the plain bytes of the least recently used one")
	}
}

// TestCyclingReadersDoNotChurn: 64 readers at random places in the cycle
// over every feed (the load command's readers): after the first round
// every request is answered from the cache, and plain bytes are not
// handed from feed to feed.
func TestCyclingReadersDoNotChurn(t *testing.T) {
	one := testRendering(t, 0, 1)
	const feeds, readers = 150, 64
	c := sizedCache(one, feeds+10, 10)
	r := rand.New(rand.NewPCG(6, 4))
	next := make([]int, readers)
	for i := range next {
		next[i] = r.IntN(feeds)
	}
	for i := range feeds {
		ask(t, c, i, 1)
	}
	builds := 0
	for range 20 * feeds {
		k := r.IntN(readers)
		if _, built := ask(t, c, next[k], 1); built {
			builds++
		}
		next[k] = (next[k] + 1) % feeds
	}
	checkCache(t, c)
	if builds != 0 || c.promotions > 1 {
		t.Errorf("%d builds and %d renderings kept plain again in 3,000 requests; want none", builds, c.promotions)
	}
}

// TestStaleWhileRevalidateCompressedOnly: the previous rendering is served
// while a new one builds even when it is held compressed only, plain and
// gzip, and the new one replaces it once built.
func TestStaleWhileRevalidateCompressedOnly(t *testing.T) {
	ctx := context.Background()
	old := testRendering(t, 3, 1)
	c := sizedCache(old, 4, 0)
	key := cacheKey{unit: "xa-0003", format: formatRSS, limit: DefaultLimit}
	if _, err := c.get(ctx, key, 1, func() (*rendered, error) { return old, nil }); err != nil {
		t.Fatal(err)
	}
	noBuild := func() (*rendered, error) {
		t.Error("a second build while one is running")
		return nil, io.ErrUnexpectedEOF
	}
	newer := testRendering(t, 3, 2)
	release, built := make(chan struct{}), make(chan struct{})
	start := time.Now()
	got, err := c.get(ctx, key, 2, func() (*rendered, error) {
		defer close(built)
		<-release
		return newer, nil
	})
	if err != nil || got.plain.etag != old.plain.etag || got.body != nil {
		t.Fatalf("slow build: the builder got %v, %v; want the previous rendering, compressed", got.plain.etag, err)
	}
	if waited := time.Since(start); waited < staleAfter {
		t.Errorf("the builder waited %v, want at least %v", waited, staleAfter)
	}
	for _, header := range [][]string{nil, {"Accept-Encoding", "gzip"}} {
		rd, err := c.get(ctx, key, 2, noBuild)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodGet, "/feeds/xa-0003.rss", nil)
		if header != nil {
			req.Header.Set(header[0], header[1])
		}
		w := httptest.NewRecorder()
		if err := serveCached(w, req, formatRSS.contentType(), c, key, rd); err != nil {
			t.Fatal(err)
		}
		if body := plainOfResponse(t, w); !bytes.Equal(body, old.body) {
			t.Errorf("during the build (%q): not the previous rendering", header)
		}
	}
	close(release)
	<-built
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		got, _ := c.get(ctx, key, 2, noBuild)
		if got.plain.etag == newer.plain.etag {
			if got.body != nil || c.bytes != newer.size()-cap(newer.body) {
				t.Errorf("the cache holds %d bytes, plain %v; want %d, compressed only", c.bytes, got.body != nil, newer.size()-cap(newer.body))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow rendering never replaced the previous one")
		}
	}
	checkCache(t, c)
}

// TestRenderCacheConcurrentReaders: readers asking at once, plain and
// gzip, while feeds change, each get their feed's bytes under its ETag,
// and the cache keeps to its bound and counts what it holds.
func TestRenderCacheConcurrentReaders(t *testing.T) {
	one := testRendering(t, 0, 1)
	c := sizedCache(one, 12, 3)
	const feeds = 20
	renderings := make(map[[2]int]*rendered) // built beforehand: t.Fatal is for this goroutine
	for i := range feeds {
		for v := 1; v <= 3; v++ {
			renderings[[2]int{i, v}] = testRendering(t, i, uint64(v))
		}
	}
	reader := func(g int) error {
		r := rand.New(rand.NewPCG(uint64(g), 1))
		for n := range 150 {
			i, v := r.IntN(feeds), 1+n/50
			if g == 0 && n%2 == 0 {
				i = 0 // a hot one
			}
			key := cacheKey{unit: fmt.Sprintf("xa-%04d", i), format: formatRSS, limit: DefaultLimit}
			rd, err := c.get(context.Background(), key, uint64(v), func() (*rendered, error) { return renderings[[2]int{i, v}], nil })
			if err != nil {
				return err
			}
			req := httptest.NewRequest(http.MethodGet, "/feeds/"+key.unit+".rss", nil)
			if r.IntN(2) == 0 {
				req.Header.Set("Accept-Encoding", "gzip")
			}
			w := httptest.NewRecorder()
			if err := serveCached(w, req, formatRSS.contentType(), c, key, rd); err != nil {
				return err
			}
			if _, err := responseBody(w); err != nil {
				return fmt.Errorf("feed %d: %w", i, err)
			}
		}
		return nil
	}
	errs := make(chan error, 9)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() { errs <- reader(g) })
	}
	stop := make(chan struct{})
	var checker sync.WaitGroup
	checker.Go(func() {
		for {
			if err := cacheError(c); err != nil {
				errs <- err
				return
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	})
	wg.Wait()
	close(stop)
	checker.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	checkCache(t, c)
}

// TestServerWithCompressedOnlyFeeds: a server whose cache keeps no plain
// bytes serves and exports the bytes it rendered, rendering each feed
// once.
func TestServerWithCompressedOnlyFeeds(t *testing.T) {
	e := newTestEnv(t)
	st := e.srv.snapshot()
	st.cache.plainMax = 0
	h := e.srv.Handler()
	do := func(path string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	for _, path := range []string{"/feeds/phu-ly.rss", "/feeds/ha-nam.atom", "/feeds/all.json", "/opml"} {
		first := do(path)
		renders := e.srv.renders.Load()
		again, gz := do(path), do(path, "Accept-Encoding", "gzip")
		if !bytes.Equal(plainOfResponse(t, again), first.Body.Bytes()) || !bytes.Equal(plainOfResponse(t, gz), first.Body.Bytes()) {
			t.Errorf("%s: the compressed-only rendering serves other bytes", path)
		}
		if nm := do(path, "If-None-Match", first.Header().Get("ETag")); nm.Code != http.StatusNotModified {
			t.Errorf("%s: status %d for its ETag, want 304", path, nm.Code)
		}
		if n := e.srv.renders.Load() - renders; n != 0 {
			t.Errorf("%s: rendered %d more times", path, n)
		}
	}
	checkCache(t, st.cache)
	if st.cache.plainBytes != 0 {
		t.Errorf("%d plain bytes held with no room for them", st.cache.plainBytes)
	}
	dir := t.TempDir()
	if err := e.srv.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"feeds/phu-ly.rss", "feeds/all.json", "opml"} {
		file, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := do("/" + name); !bytes.Equal(file, got.Body.Bytes()) {
			t.Errorf("%s: the exported file is not what GET serves", name)
		}
	}
}
