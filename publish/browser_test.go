package publish

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// browser is a headless chromium tab with JavaScript switched off, as on
// a government desktop whose policy forbids it, on a closed network.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	shot []string // directories screenshots are written to
}

// newBrowser starts Debian's chromium. Without it the test is skipped on
// a developer's machine, and fails in CI, where it must be installed.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	exe := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		if os.Getenv("CI") == "" {
			t.Skip("no chromium on this machine (apt-get install chromium); CI runs this test")
		}
		t.Fatal("CI is set but chromium is not installed: add it to .ci/run's apt-get line")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTime)
	b := &browser{t: t, ctx: ctx, base: base, shot: []string{t.TempDir()}}
	if dir := os.Getenv("BANTIN_SCREENSHOTS"); dir != "" {
		b.shot = append(b.shot, dir)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled,
		emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("start chromium and turn JavaScript off: %v", err)
	}
	// A headless chromium asks for English whatever its --lang.
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders,
		network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"}}); err != nil {
		t.Fatalf("ask for Vietnamese: %v", err)
	}
	return b
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

func run[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

// open navigates to path on the server.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// follow clicks the element and waits for the page it leads to.
func (b *browser) follow(sel string) {
	b.t.Helper()
	if _, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
}

// count is how many elements match a CSS selector.
func (b *browser) count(sel string) int {
	b.t.Helper()
	ids, err := chromedp.Run(b.ctx, chromedp.QueryNodeIDs(chromedp.CSSAll(sel), chromedp.AtLeast(0)))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return len(ids)
}

func (b *browser) html(sel string) string {
	b.t.Helper()
	return run(b, chromedp.OuterHTML(chromedp.CSS(sel)))
}

// screenshot saves the whole page at width CSS pixels as name.png.
func (b *browser) screenshot(name string, width int64) {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(width, 900))
	png := run(b, chromedp.FullScreenshot(100))
	for _, dir := range b.shot {
		path := filepath.Join(dir, name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			b.t.Fatal(err)
		}
		b.t.Logf("screenshot %s", path)
	}
}

// provinceBrowser walks the morning round of provincial staff with
// JavaScript off: the overview of the simulated province, the filter to
// the failing units, one of them, and a search typed without diacritics.
func provinceBrowser(t *testing.T, p *simProvince) {
	b := newBrowser(t, p.http.URL)

	b.open("/")
	if got := run(b, chromedp.Title()); !strings.Contains(got, "Tin tức tỉnh Ninh Bình") {
		t.Errorf("title %q", got)
	}
	if n := b.count("table.tree tbody tr"); n != len(simUnits) {
		t.Errorf("overview shows %d units, want %d", n, len(simUnits))
	}
	if n := b.count("table.tree tbody svg.spark"); n != len(simUnits) {
		t.Errorf("%d sparklines for %d units", n, len(simUnits))
	}
	b.screenshot("overview-1280", 1280)
	b.screenshot("overview-390", 390)

	b.do(chromedp.EmulateViewport(1280, 900))
	b.follow("a.count.failing")
	if loc := run(b, chromedp.Location()); !strings.Contains(loc, "status=loi") {
		t.Fatalf("the lỗi filter led to %s", loc)
	}
	want := wantCount(statusFailing)
	if n := b.count("table.tree tbody tr:not(.context)"); n != want {
		t.Errorf("filtered to lỗi: %d units, want %d", n, want)
	}
	if n := b.count("table.tree tbody tr:not(.context) .badge.failing"); n != want {
		t.Errorf("filtered to lỗi: %d rows say lỗi, want every one of %d", n, want)
	}
	if n := b.count("table.tree tbody tr.context .badge"); n != 0 {
		t.Errorf("%d context rows carry a status", n)
	}
	if got := b.html(`a.count[aria-current]`); !strings.Contains(got, "lỗi") {
		t.Errorf("current filter: %s", got)
	}
	b.screenshot("loi-1280", 1280)

	b.do(chromedp.EmulateViewport(1280, 900))
	b.follow("#u-nam-son th a")
	if h1 := b.html("h1"); !strings.Contains(h1, "Phường Nam Sơn") {
		t.Fatalf("opened %s", h1)
	}
	if got := b.html("dl.facts"); !strings.Contains(got, "không tìm thấy tên miền") || !strings.Contains(got, "im lặng") {
		t.Errorf("unit facts lack the DNS failure or the silence:\n%s", got)
	}
	if n := b.count("section.source table.log tbody tr"); n != 7 {
		t.Errorf("fetch history has %d rows, want 4 fetches and 3 failures", n)
	}
	if n := b.count("section.source table.log tbody tr.failed"); n != 3 {
		t.Errorf("fetch history shows %d failures, want 3", n)
	}
	feed := run(b, chromedp.AttributeValue(chromedp.CSS("#feed-0"), "value"))
	if feed.Value != "http://bantin.ninhbinh.test/feeds/nam-son.rss" {
		t.Errorf("RSS address to copy: %q", feed.Value)
	}
	if label := b.html(`label[for="feed-0"]`); !strings.Contains(label, "RSS") {
		t.Errorf("the RSS field's label: %s", label)
	}
	if n := b.count("table.items tbody tr"); n == 0 {
		t.Error("the unit's items are not listed")
	}
	b.screenshot("unit-1280", 1280)
	b.screenshot("unit-390", 390)

	b.do(chromedp.EmulateViewport(390, 844))
	b.open("/items")
	b.do(chromedp.SendKeys(chromedp.ID("q"), "dan van"))
	b.follow(`form[role=search] button[type=submit]`)
	results := strings.Split(b.html("ol.stories"), "<li>")[1:]
	if len(results) == 0 {
		t.Error("search for dan van found nothing")
	}
	for _, r := range results {
		if !strings.Contains(r, "dân vận") {
			t.Errorf("search for dan van found %s", r)
		}
	}
	b.screenshot("search-390", 390)
}
