package publish

import (
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

// nationConfig is a country at the size of issue 6: one root per
// province, 117 communes and wards under each, 4,012 units, each with
// its portal's feed.
func nationConfig() *bantin.Config {
	cfg := &bantin.Config{Title: "Tin tức cả nước", Location: ict, BaseURL: testBase}
	add := func(id, name, parent string) {
		cfg.Units = append(cfg.Units, bantin.Unit{ID: id, Name: name, Parent: parent, Sources: []bantin.Source{
			{URL: "https://" + id + ".example.gov.vn/rss/tin-tuc.xml", Unit: id},
		}})
	}
	for p := range 34 {
		prov := fmt.Sprintf("tinh-%02d", p)
		add(prov, fmt.Sprintf("Tỉnh số %d", p), "")
		for w := range 117 {
			add(fmt.Sprintf("%s-xa-%03d", prov, w), fmt.Sprintf("Xã số %d của tỉnh %d", w, p), prov)
		}
	}
	return cfg
}

// BenchmarkServeNation serves cached feeds of a 4,012-unit country: all
// of it, one province and one ward, each as a 200 and as a 304, beside
// http.ServeFile of the same bytes.
func BenchmarkServeNation(b *testing.B) {
	cfg := nationConfig()
	e := newEnv(b, cfg, time.Date(2020, 12, 22, 10, 0, 0, 0, ict))
	body := strings.Repeat("<p>Sáng 21/12, Đảng ủy xã tổ chức hội nghị tổng kết công tác dân vận năm 2020.</p>", 25)
	for _, u := range []string{"tinh-07", "tinh-07-xa-042", "tinh-20-xa-100"} {
		var items []bantin.Item
		for i := range DefaultLimit / 2 {
			it := item(fmt.Sprintf("https://%s.example.gov.vn/tin-tuc/bai-%d.html", u, i),
				fmt.Sprintf("Tin số %d của %s", i, u), "Tóm tắt bài viết.", time.Date(2020, 12, 1, 8, i, 0, 0, ict))
			it.Content = body
			items = append(items, it)
		}
		e.record("https://"+u+".example.gov.vn/rss/tin-tuc.xml", u, items...)
	}
	h := e.srv.Handler()
	for _, unit := range []string{bantin.AllUnits, "tinh-07", "tinh-07-xa-042"} {
		path := "/feeds/" + unit + ".rss"
		first := httptest.NewRecorder()
		h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, path, nil))
		if first.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, first.Code)
		}
		file := filepath.Join(b.TempDir(), unit+".rss")
		if err := os.WriteFile(file, first.Body.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(unit+"/cached", func(b *testing.B) { serveLoop(b, h, path, http.StatusOK) })
		b.Run(unit+"/not-modified", func(b *testing.B) {
			serveLoop(b, h, path, http.StatusNotModified, "If-None-Match", first.Header().Get("ETag"))
		})
		b.Run(unit+"/servefile", func(b *testing.B) {
			serveLoop(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, file) }),
				"/"+unit+".rss", http.StatusOK)
		})
	}
}

// serveLoop has h answer the same GET, with header pairs, until the
// benchmark ends; every answer must have the status want.
func serveLoop(b *testing.B, h http.Handler, path string, want int, header ...string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	b.ReportAllocs()
	for b.Loop() {
		w := &discardWriter{header: http.Header{}}
		h.ServeHTTP(w, req)
		if w.code != want {
			b.Fatalf("status %d, want %d", w.code, want)
		}
	}
}
