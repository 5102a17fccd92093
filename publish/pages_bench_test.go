package publish

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkStaffPages renders the staff pages of the simulated province
// (33 units, about 1,400 items) through the handler, store included.
func BenchmarkStaffPages(b *testing.B) {
	p := newProvince(b)
	h := p.srv.Handler()
	for _, path := range []string{"/", "/?status=loi", "/?sort=name", "/units/hoa-lu", "/items?q=dan+van",
		"/report.csv?from=2024-10&to=2024-12&by=source", "/metrics"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
		})
	}
}
