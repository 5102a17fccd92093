package sim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkStart builds a province the size of one real province: about
// 140 units and 150 sources with 50 stories each.
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		p, err := Start(Options{Cities: 10, WardsPerCity: 13, Departments: 8, ItemsPerFeed: 50, Hostile: true,
			CrossPosts: 0.2, Families: 1, Start: testStart})
		if err != nil {
			b.Fatal(err)
		}
		p.Close()
	}
}

// BenchmarkRender renders a 50-item feed from scratch, as after Publish.
func BenchmarkRender(b *testing.B) {
	p := startProvince(b, Options{Cities: 1, WardsPerCity: 1, ItemsPerFeed: 50})
	f := p.feeds[0]
	for b.Loop() {
		f.mu.Lock()
		f.body = nil
		f.mu.Unlock()
		body, _, _, _ := f.rendered()
		b.SetBytes(int64(len(body)))
	}
}

// BenchmarkServe serves a 50-item feed from its cache.
func BenchmarkServe(b *testing.B) {
	p := startProvince(b, Options{Cities: 1, WardsPerCity: 1, ItemsPerFeed: 50})
	h := p.good[0]
	uri := strings.TrimPrefix(p.feeds[0].url, h.base())
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, uri, nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
