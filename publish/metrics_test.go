package publish

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// provinceStoreMetrics: /metrics says, at scrape time, what the store holds
// and what the overview shows.
func provinceStoreMetrics(t *testing.T, p *simProvince) {
	totals, err := p.store.Totals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	body := string(p.get("/metrics").body)
	for _, want := range []string{
		fmt.Sprintf("bantin_items_stored %d\n", totals.Items),
		fmt.Sprintf("bantin_stories_stored %d\n", totals.Stories),
		fmt.Sprintf("bantin_units_silent %d\n", wantCount(statusSilent)),
		`bantin_sources_failing{kind="dns"} 1` + "\n",
		`bantin_sources_failing{kind="http"} 2` + "\n",
		`bantin_sources_failing{kind="not_feed"} 1` + "\n",
		`bantin_sources_failing{kind="timeout"} 1` + "\n",
		`bantin_sources_failing{kind="tls"} 1` + "\n",
		`bantin_sources_failing{kind="connect"} 0` + "\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if totals.Items != len(p.items) || totals.Stories >= totals.Items {
		t.Errorf("totals %+v for %d items stored, with re-posts merged", totals, len(p.items))
	}
	// A new item moves the figure at the next scrape: nothing is cached.
	p.record(simSourceURL("ninh-binh", 0), "ninh-binh", item("https://ninh-binh.ninhbinh.example.gov.vn/tin/moi.html",
		"Tin mới", "", simNow))
	if body := string(p.get("/metrics").body); !strings.Contains(body, fmt.Sprintf("bantin_items_stored %d\n", totals.Items+1)) {
		t.Error("items stored did not move")
	}
}

// Two servers on one registry (an export beside a serve) do not fail.
func TestStoreMetricsRegisterOnce(t *testing.T) {
	e := newTestEnv(t)
	reg := prometheus.NewRegistry()
	NewServer(testConfig(), Options{Store: e.store, Registry: reg})
	NewServer(testConfig(), Options{Store: e.store, Registry: reg})
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range families {
		if f.GetName() == "bantin_items_stored" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d bantin_items_stored families", n)
	}
}
