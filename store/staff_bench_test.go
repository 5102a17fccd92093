package store

import (
	"context"
	"testing"
	"time"
)

// BenchmarkStaffQueriesOf100k runs what the staff pages and /metrics ask
// of a store of 100,000 items in 20 units (items an hour apart, so the
// last 30 days hold 720).
func BenchmarkStaffQueriesOf100k(b *testing.B) {
	s, ids := storiesBench(b, 20, 100_000)
	ctx := context.Background()
	now := s.now()
	loc := time.FixedZone("ICT", 7*3600)
	for _, bc := range []struct {
		name string
		run  func() error
	}{
		{"daily-counts-30", func() error { _, err := s.DailyCounts(ctx, 30, now, loc); return err }},
		{"monthly-counts-12", func() error {
			_, err := s.MonthlyCounts(ctx, now.In(loc).AddDate(-1, 0, 0), now.In(loc))
			return err
		}},
		{"unit-activity", func() error { _, err := s.UnitActivity(ctx, now, loc); return err }},
		{"totals", func() error { _, err := s.Totals(ctx); return err }},
		{"unit-items-30", func() error { _, err := s.UnitItems(ctx, ids[3], 30); return err }},
		{"search-rare", func() error { _, _, err := s.Search(ctx, "tin 4242", nil, 50, 0); return err }},
		{"search-every-story", func() error { _, _, err := s.Search(ctx, "noi dung", nil, 50, 0); return err }},
		{"search-every-story-one-unit", func() error { _, _, err := s.Search(ctx, "noi dung", ids[:1], 50, 0); return err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
