package publish

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkServeLoopback serves the city feed over real loopback
// connections to 32 parallel readers: the cached rendering, a 304 and
// http.ServeFile of the same bytes, so that what the network stack and
// net/http cost is in the figures (BenchmarkServeFeed leaves it out).
func BenchmarkServeLoopback(b *testing.B) {
	e := benchEnv(b)
	h := e.srv.Handler()
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, "/feeds/phu-ly.rss", nil))
	file := filepath.Join(b.TempDir(), "phu-ly.rss")
	if err := os.WriteFile(file, first.Body.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.Logf("feed: %d bytes", first.Body.Len())
	ours := httptest.NewServer(h)
	defer ours.Close()
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, file)
	}))
	defer files.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	defer client.CloseIdleConnections()

	run := func(url string, want int, header ...string) func(*testing.B) {
		return func(b *testing.B) {
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest(http.MethodGet, url, nil)
					for i := 0; i+1 < len(header); i += 2 {
						req.Header.Set(header[i], header[i+1])
					}
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != want {
						b.Errorf("status %d, want %d", resp.StatusCode, want)
						return
					}
				}
			})
		}
	}
	b.Run("cached", run(ours.URL+"/feeds/phu-ly.rss", http.StatusOK))
	b.Run("servefile", run(files.URL+"/phu-ly.rss", http.StatusOK))
	b.Run("not-modified", run(ours.URL+"/feeds/phu-ly.rss", http.StatusNotModified,
		"If-None-Match", first.Header().Get("ETag")))
}
