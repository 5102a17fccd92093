package publish

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bantin"
)

// benchEnv is a server whose city feed has a full page of stories of a
// portal's usual size.
func benchEnv(b *testing.B) *testEnv {
	e := newTestEnv(b)
	var items []bantin.Item
	body := strings.Repeat("<p>Sáng 21/12, Thành ủy Phủ Lý tổ chức hội nghị tổng kết công tác dân vận năm 2020.</p>", 25)
	for i := range DefaultLimit {
		it := item(fmt.Sprintf("https://phuly.example.gov.vn/tin-tuc/bai-%d.html", i),
			fmt.Sprintf("Tin số %d của thành phố", i), "Tóm tắt bài viết.", time.Date(2020, 12, 1, 8, i, 0, 0, ict))
		it.Content = body
		items = append(items, it)
	}
	e.record(e.cfg.Units[1].Sources[0].URL, "phu-ly", items...)
	return e
}

// BenchmarkServeFeed compares serving a cached feed with serving the same
// bytes from a file, and shows what a 304 and a render cost.
func BenchmarkServeFeed(b *testing.B) {
	e := benchEnv(b)
	h := e.srv.Handler()
	serve := func(b *testing.B, h http.Handler, path string, header ...string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		for b.Loop() {
			w := &discardWriter{header: http.Header{}}
			h.ServeHTTP(w, req)
			if w.code != 200 && w.code != 304 {
				b.Fatalf("status %d", w.code)
			}
		}
	}
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, "/feeds/phu-ly.rss", nil))
	b.Logf("feed: %d bytes", first.Body.Len())

	b.Run("cached", func(b *testing.B) { serve(b, h, "/feeds/phu-ly.rss") })
	b.Run("cached-gzip", func(b *testing.B) { serve(b, h, "/feeds/phu-ly.rss", "Accept-Encoding", "gzip") })
	b.Run("not-modified", func(b *testing.B) {
		serve(b, h, "/feeds/phu-ly.rss", "If-None-Match", first.Header().Get("ETag"))
	})
	b.Run("servefile", func(b *testing.B) {
		file := filepath.Join(b.TempDir(), "phu-ly.rss")
		if err := os.WriteFile(file, first.Body.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
		serve(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, file) }), "/phu-ly.rss")
	})
	b.Run("render", func(b *testing.B) {
		st := e.srv.snapshot()
		stories, err := e.store.Stories(context.Background(), st.tree.Subtree("phu-ly"), DefaultLimit)
		if err != nil {
			b.Fatal(err)
		}
		codec := new(gzipCodec) // reused, as the server's cache reuses its compressors
		for b.Loop() {
			body, err := newFeedDoc(st, "phu-ly", DefaultLimit, stories, time.Time{}).render(formatRSS)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := codec.newRendered(body, time.Time{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gzip", func(b *testing.B) { // the part of render that compresses
		codec := new(gzipCodec)
		for b.Loop() {
			if _, err := codec.compress(first.Body.Bytes()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// discardWriter is a ResponseWriter that keeps nothing, so the benchmarks
// measure the server and not a recorder's buffer.
type discardWriter struct {
	header http.Header
	code   int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) { w.code = code }

func (w *discardWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return len(p), nil
}
