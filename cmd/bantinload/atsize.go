package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"time"

	"bantin"
	"bantin/app"
)

// sizeReport is goal 5 of the issue, read from the store the run filled:
// how long the reads that grow with the store take at its size.
type sizeReport struct {
	StoredItems, StoredStories int64
	// Newest50 is Store.Stories of one ward's newest 50, over many wards.
	Newest50P50, Newest50P99 time.Duration
	// RenderAll is an uncached rendering of the whole country's feed:
	// the store's query and the RSS, as a reader's request causes it.
	RenderAllP50, RenderAllMax time.Duration
}

// measureAtSize times the size-bound reads on a's store as it is.
func measureAtSize(ctx context.Context, a *app.App) (sizeReport, error) {
	var rep sizeReport
	totals, err := a.Store.Totals(ctx)
	if err != nil {
		return rep, err
	}
	rep.StoredItems, rep.StoredStories = int64(totals.Items), int64(totals.Stories)

	var lat []time.Duration
	leaves := leafUnits(a.Config)
	for i := range min(400, len(leaves)) {
		unit := leaves[(i*7919)%len(leaves)]
		t := time.Now()
		if _, err := a.Store.Stories(ctx, []string{unit}, 50); err != nil {
			return rep, fmt.Errorf("newest 50 of %s: %w", unit, err)
		}
		lat = append(lat, time.Since(t))
	}
	rep.Newest50P50, rep.Newest50P99 = percentile(lat, 0.5), percentile(lat, 0.99)

	// Each limit is its own cache entry: every request renders.
	h := a.Server.Handler()
	lat = lat[:0]
	for limit := 50; limit < 70; limit++ {
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/feeds/"+bantin.AllUnits+".rss?limit="+strconv.Itoa(limit), nil)
		w := httptest.NewRecorder()
		t := time.Now()
		h.ServeHTTP(w, req)
		lat = append(lat, time.Since(t))
		if w.Code != http.StatusOK {
			return rep, fmt.Errorf("render all: status %d: %s", w.Code, w.Body.Bytes())
		}
	}
	rep.RenderAllP50, rep.RenderAllMax = percentile(lat, 0.5), percentile(lat, 1)
	return rep, nil
}

// leafUnits are the units no other unit names as parent: wards and
// communes, the feeds most readers follow.
func leafUnits(cfg *bantin.Config) []string {
	parents := make(map[string]bool)
	for _, u := range cfg.Units {
		parents[u.Parent] = true
	}
	var out []string
	for _, u := range cfg.Units {
		if !parents[u.ID] {
			out = append(out, u.ID)
		}
	}
	return out
}

func percentile(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}
