package main

import (
	"compress/gzip"
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bantin/sim"
)

// The figures of the end-to-end issue on a simulated province of 3
// cities × 8 wards with clean feeds: every story in its unit's feed and
// every ancestor's, every source with last_ok_at, the OPML nesting every
// unit, 304 on repeat, gzip, 404 for an unknown unit.
func TestCleanProvinceCoverage(t *testing.T) {
	prov, err := sim.Start(sim.Options{Cities: 3, WardsPerCity: 8, FeedsPerUnit: 2, ItemsPerFeed: 5, Hosts: 4,
		CrossPosts: 0.2, Families: 1, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer prov.Close()
	cfg := filepath.Join(t.TempDir(), "feeds.yaml")
	if err := os.WriteFile(cfg, prov.ConfigYAML(""), 0o644); err != nil {
		t.Fatal(err)
	}
	base, stop := startDaemon(t, cfg)
	waitFor(t, "the first pass", 60*time.Second, func() bool { return allSourcesOK(t, base) })

	truth := prov.Truth()
	for _, u := range truth.Units {
		checkUnitFeed(t, base, u.ID, truth.StoriesOf(u.ID))
	}
	checkUnitFeed(t, base, "all", truth.StoriesOf(truth.Root))
	checkOPMLNests(t, base, truth)
	checkConditional(t, base+"/feeds/all.rss")
	checkConditional(t, base+"/opml")
	checkGzip(t, base+"/feeds/all.atom")
	if resp, err := http.Get(base + "/feeds/no-such-unit.rss"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown unit: %v %v, want 404", resp.Status, err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

type outline struct {
	Text     string    `xml:"text,attr"`
	XMLURL   string    `xml:"xmlUrl,attr"`
	Children []outline `xml:"outline"`
}

// checkOPMLNests asserts the OPML has one outline per unit, under its parent's.
func checkOPMLNests(t *testing.T, base string, truth sim.Truth) {
	t.Helper()
	resp, err := http.Get(base + "/opml")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Body struct {
			Outlines []outline `xml:"outline"`
		} `xml:"body"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	parentOf := map[string]string{}
	var walk func(parent string, os []outline)
	walk = func(parent string, os []outline) {
		for _, o := range os {
			id := strings.TrimSuffix(o.XMLURL[strings.LastIndex(o.XMLURL, "/")+1:], ".rss")
			if _, dup := parentOf[id]; dup {
				t.Errorf("OPML lists %s twice", id)
			}
			parentOf[id] = parent
			walk(id, o.Children)
		}
	}
	walk("", doc.Body.Outlines)
	for _, u := range truth.Units {
		p, ok := parentOf[u.ID]
		if !ok || p != u.Parent {
			t.Errorf("OPML: %s under %q (listed %v), want under %q", u.ID, p, ok, u.Parent)
		}
	}
}

func checkGzip(t *testing.T, url string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("%s: Content-Encoding %q, want gzip", url, resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil || !strings.Contains(string(body), "<feed") {
		t.Errorf("%s: gzip body does not decode to the feed: %v", url, err)
	}
}
