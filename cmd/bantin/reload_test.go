package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func unitIDs(t *testing.T, base string) []string {
	var units []apiUnit
	if err := getJSON(base+"/api/units", &units); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	return ids
}

// A SIGHUP applies a valid new feeds.yaml without losing stored stories
// (a removed source's stories stay) and refuses an invalid one, keeping
// the running config.
func TestReloadOnSIGHUP(t *testing.T) {
	p := newPortal(t)
	title1, body1 := storyText(501)
	title2, body2 := storyText(502)
	title3, body3 := storyText(503)
	now := time.Now().Add(-time.Hour)
	p.add("/x/rss.xml", false, fakeItem{guid: "1", link: p.url("/x/1.html"), title: title1, body: body1, published: now})
	p.add("/x/old.xml", false, fakeItem{guid: "2", link: p.url("/x/2.html"), title: title2, body: body2, published: now})
	p.add("/y/rss.xml", false, fakeItem{guid: "3", link: p.url("/y/3.html"), title: title3, body: body3, published: now})

	path := writeConfig(t, p, "@every 1s")
	write := func(yaml string) {
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	head := "schedule: \"@every 1s\"\nallow_private_networks: true\nunits:\n"
	write(head + fmt.Sprintf("  - id: tinh\n    name: Tỉnh\n    feeds: [%s, %s]\n", p.url("/x/rss.xml"), p.url("/x/old.xml")))
	base, stop := startDaemon(t, path)
	waitFor(t, "the first pass", 30*time.Second, func() bool { return allSourcesOK(t, base) })

	// Drop a source, add a unit with its own feed.
	write(head + fmt.Sprintf("  - id: tinh\n    name: Tỉnh\n    feeds: [%s]\n  - id: xa-y\n    name: Xã Y\n    parent: tinh\n    feeds: [%s]\n",
		p.url("/x/rss.xml"), p.url("/y/rss.xml")))
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the new unit's story", 30*time.Second, func() bool { return feedHas(base+"/feeds/xa-y.rss", title3) })
	got := titles(readFeed(t, base+"/feeds/tinh.rss"))
	for _, want := range []string{title1, title2, title3} {
		if !slices.Contains(got, want) {
			t.Errorf("after reload the province feed lacks %q (a removed source's stories must stay)", want)
		}
	}

	// An invalid file is refused: the daemon keeps serving the running config.
	write(head + "  - id: tinh\n    name: Tỉnh\n    parent: nowhere\n    bogus_key: 1\n")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if ids := unitIDs(t, base); strings.Join(ids, ",") != "tinh,xa-y" {
		t.Errorf("after an invalid reload the units are %v, want the running tinh,xa-y", ids)
	}
	if err := stop(); err != nil {
		t.Fatalf("daemon stopped with %v", err)
	}
}

func TestCheckReportsEveryProblemWithItsLine(t *testing.T) {
	path := t.TempDir() + "/feeds.yaml"
	bad := "units:\n  - id: a\n    name: A\n    parent: ghost\n  - id: a\n    name: Again\n    feeds: [ftp://x/rss]\n"
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	code := run(t.Context(), []string{"check", "-config", path}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("check of a bad file exited %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) < 3 {
		t.Fatalf("want a line per problem (unknown parent, duplicate id, bad URL), got:\n%s", stderr.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, path+":") {
			t.Errorf("%q is not of the form file:line: problem", l)
		}
	}
	stdout.Reset()
	good := "units:\n  - id: a\n    name: A\n"
	os.WriteFile(path, []byte(good), 0o644)
	if code := run(t.Context(), []string{"check", "-config", path}, &stdout, &stderr); code != 0 {
		t.Errorf("check of a good file exited %d, want 0", code)
	}
}
