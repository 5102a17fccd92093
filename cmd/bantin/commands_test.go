package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// `bantin fetch` makes one pass, ends with a one-line summary and exits
// 0 although a source fails; `bantin export` then writes the feeds.
func TestFetchThenExport(t *testing.T) {
	p := newPortal(t)
	for i := range 3 {
		title, body := storyText(uint64(700 + i))
		p.add("/tin.xml", false, fakeItem{guid: fmt.Sprint(i), link: p.url(fmt.Sprintf("/%d.html", i)),
			title: title, body: body, published: time.Now().Add(-time.Hour)})
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "feeds.yaml")
	yaml := fmt.Sprintf("allow_private_networks: true\nunits:\n  - id: xa\n    name: Xã\n    feeds: [%s, %s]\n",
		p.url("/tin.xml"), p.url("/khong-co.xml"))
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "bantin.db")
	var stdout, stderr strings.Builder
	if code := run(t.Context(), []string{"fetch", "-config", cfg, "-db", db}, &stdout, &stderr); code != 0 {
		t.Fatalf("fetch exited %d: %s", code, stderr.String())
	}
	want := "sources: 1 ok, 1 failed; items: 3 new, 0 updated, 0 duplicate\n"
	if stdout.String() != want {
		t.Errorf("fetch printed %q, want %q", stdout.String(), want)
	}
	stdout.Reset()
	if code := run(t.Context(), []string{"fetch", "-config", cfg, "-db", db}, &stdout, &stderr); code != 0 {
		t.Fatalf("second fetch exited %d", code)
	}
	if want := "sources: 1 ok, 1 failed; items: 0 new, 0 updated, 0 duplicate\n"; stdout.String() != want {
		t.Errorf("a second pass over unchanged feeds printed %q, want %q", stdout.String(), want)
	}

	out := filepath.Join(dir, "site")
	if code := run(t.Context(), []string{"export", "-config", cfg, "-db", db, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr.String())
	}
	rss, err := os.ReadFile(filepath.Join(out, "feeds", "xa.rss"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(rss), "<item>"); n != 3 {
		t.Errorf("exported xa.rss has %d items, want 3", n)
	}

	if code := run(t.Context(), []string{"fetch", "-config", filepath.Join(dir, "missing.yaml"), "-db", db}, &stdout, &stderr); code != 1 {
		t.Errorf("fetch with a missing config exited %d, want 1", code)
	}

	stderr.Reset()
	url := filepath.Join(dir, "url")
	code := run(t.Context(), []string{"export", "-config", cfg, "-db", db, "-out", url, "-addr", "http://127.0.0.1:8080"}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "want host:port") {
		t.Errorf("export with a URL for -addr exited %d (%q), want 2 and host:port asked for", code, stderr.String())
	}
	if _, err := os.Stat(url); !os.IsNotExist(err) {
		t.Errorf("export with a bad -addr wrote %s: %v", url, err)
	}
}
