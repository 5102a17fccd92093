package sim_test

import (
	"fmt"
	"net/http"
	"time"

	"bantin/sim"
)

func Example() {
	p, err := sim.Start(sim.Options{Cities: 2, WardsPerCity: 3, ItemsPerFeed: 5, Hostile: true, Seed: 1,
		Start: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	truth := p.Truth()
	fmt.Println(len(truth.Units), "units,", len(truth.Sources), "sources,", len(truth.Stories), "stories")
	for _, s := range truth.Sources[:4] {
		fmt.Println(s.Unit, s.Kind, s.Expect)
	}

	resp, err := http.Get(truth.Sources[0].URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), p.Stats().Requests(), "request")
	// Output:
	// 9 units, 18 sources, 45 stories
	// ha-nam good []
	// ha-nam status-500 [http]
	// phu-ly good []
	// phu-ly status-404 [http]
	// 200 application/rss+xml; charset=utf-8 1 request
}
