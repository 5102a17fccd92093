package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// words feeds a deterministic generator of article text that no two
// stories share, so that only real cross-posts are merged.
var words = strings.Fields(`xã phường huyện tỉnh nhân dân cán bộ hội nghị tổng kết công tác
	dân vận năm triển khai nhiệm vụ đồng chí chủ tịch bí thư ủy ban mặt trận tổ quốc đoàn thanh niên
	phụ nữ nông dân cựu chiến binh giáo dục y tế trường học bệnh viện đường giao thông nông thôn mới
	lúa mùa vụ thu hoạch phòng chống thiên tai bão lũ đê điều thủy lợi kênh mương an ninh trật tự
	công an quân sự tuyển quân bầu cử đại biểu hội đồng kinh tế xã hội ngân sách thuế đất đai quy hoạch
	xây dựng nhà văn hóa thể thao lễ hội di tích du lịch chùa đình làng nghề doanh nghiệp hợp tác xã
	việc làm lao động bảo hiểm chính sách người có công gia đình liệt sĩ hộ nghèo cận nghèo trao quà
	khen thưởng thi đua kỷ niệm ngày thành lập chuyển đổi số dịch vụ công trực tuyến thủ tục hành chính
	tiếp công dân khiếu nại tố cáo môi trường rác thải nước sạch điện chiếu sáng cây xanh`)

func storyText(seed uint64) (title, body string) {
	r := rand.New(rand.NewPCG(seed, seed*7919+1))
	pick := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[r.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	title = fmt.Sprintf("Tin số %d: %s", seed, pick(8))
	var b strings.Builder
	for range 4 {
		fmt.Fprintf(&b, "<p>%s.</p>", pick(30))
	}
	return title, b.String()
}

type unitSpec struct {
	id, name, parent string
	feeds            []string // paths on the portal
}

// province: a province, two cities, five wards: three levels.
var province = []unitSpec{
	{"tinh", "Tỉnh Thử Nghiệm", "", []string{"/tinh/rss.xml", "/tinh/thong-bao.atom"}},
	{"tp-a", "Thành phố A", "tinh", []string{"/tp-a/rss.xml", "/tp-a/su-kien.atom"}},
	{"tp-b", "Thành phố B", "tinh", []string{"/tp-b/rss.xml"}},
	{"phuong-a1", "Phường A1", "tp-a", []string{"/a1/rss.xml", "/a1/tin.atom"}},
	{"phuong-a2", "Phường A2", "tp-a", []string{"/a2/rss.xml"}},
	{"phuong-a3", "Phường A3", "tp-a", []string{"/a3/tin.atom"}},
	{"xa-b1", "Xã B1", "tp-b", []string{"/b1/rss.xml", "/b1/tin.atom"}},
	{"xa-b2", "Xã B2", "tp-b", []string{"/b2/rss.xml"}},
}

func writeConfig(t *testing.T, p *portal, schedule string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: Tin tức tỉnh Thử Nghiệm\nschedule: %q\nallow_private_networks: true\nunits:\n", schedule)
	for _, u := range province {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n", u.id, u.name)
		if u.parent != "" {
			fmt.Fprintf(&b, "    parent: %s\n", u.parent)
		}
		if u.id == "tp-a" {
			b.WriteString("    aliases: [thanh-pho-a-cu]\n")
		}
		b.WriteString("    feeds:\n")
		for _, f := range u.feeds {
			fmt.Fprintf(&b, "      - %s\n", p.url(f))
		}
	}
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// published records which units must list which story titles.
type published map[string][]string // unit id → titles of its own stories

func fillPortal(p *portal, start time.Time) published {
	want := published{}
	seed := uint64(1)
	for _, u := range province {
		for _, path := range u.feeds {
			for i := range 3 {
				title, body := storyText(seed)
				p.add(path, strings.HasSuffix(path, ".atom"), fakeItem{
					guid: fmt.Sprintf("%s-%d", path, i), link: p.url(fmt.Sprintf("%s/bai-%d.html", strings.TrimSuffix(path, filepath.Ext(path)), i)),
					title: title, body: body, published: start.Add(time.Duration(seed) * time.Minute),
				})
				want[u.id] = append(want[u.id], title)
				seed++
			}
		}
	}
	return want
}

func startDaemon(t *testing.T, cfgPath string) (base string, stop func() error) {
	t.Helper()
	logs := &lockedBuffer{}
	d := &daemon{
		flags: flags{config: cfgPath, db: filepath.Join(t.TempDir(), "bantin.db"), addr: "127.0.0.1:0"},
		log:   newLogger(logs, false),
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the daemon's warnings and errors:\n%s", logs.problems())
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	errc := make(chan error, 1)
	go func() { errc <- d.run(ctx, ready) }()
	select {
	case addr := <-ready:
		base = "http://" + addr.String()
	case err := <-errc:
		t.Fatalf("daemon did not start: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("daemon did not start in 20s")
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(40 * time.Second):
			return fmt.Errorf("daemon did not stop in 40s")
		}
	}
	t.Cleanup(func() { stop() })
	return base, stop
}

// lockedBuffer keeps what the daemon logs, for a failing test to show.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// problems returns the lines logged at WARN or ERROR, but for fetch
// failures (the tests' hostile feeds make plenty).
func (b *lockedBuffer) problems() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for line := range strings.Lines(b.buf.String()) {
		if (strings.Contains(line, "level=ERROR") || strings.Contains(line, "level=WARN")) &&
			!strings.Contains(line, `msg="fetch failed"`) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}

type apiUnit struct {
	ID      string `json:"id"`
	Sources []struct {
		URL       string  `json:"url"`
		LastOKAt  *string `json:"last_ok_at"`
		LastError string  `json:"last_error"`
	} `json:"sources"`
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func allSourcesOK(t *testing.T, base string) bool {
	var units []apiUnit
	if err := getJSON(base+"/api/units", &units); err != nil {
		t.Logf("api/units: %v", err)
		return false
	}
	n := 0
	for _, u := range units {
		for _, s := range u.Sources {
			if s.LastOKAt == nil {
				return false
			}
			n++
		}
	}
	return n > 0
}

func getJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func readFeed(t *testing.T, url string) *gofeed.Feed {
	t.Helper()
	feed, err := tryFeed(url)
	if err != nil {
		t.Fatal(err)
	}
	return feed
}

// tryFeed reads a feed as a reader would: GET, then gofeed.
func tryFeed(url string) (*gofeed.Feed, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	feed, err := gofeed.NewParser().Parse(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", url, err)
	}
	return feed, nil
}

// feedHas reports whether the feed at url can be read and lists title.
func feedHas(url, title string) bool {
	feed, err := tryFeed(url)
	return err == nil && slices.Contains(titles(feed), title)
}

// subtree lists id and its descendants in the test province.
func subtree(id string) []string {
	out := []string{id}
	for _, u := range province {
		if u.parent == id {
			out = append(out, subtree(u.id)...)
		}
	}
	return out
}

func unitName(id string) string {
	for _, u := range province {
		if u.id == id {
			return u.name
		}
	}
	return ""
}

func TestEndToEnd(t *testing.T) {
	p := newPortal(t)
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute)
	want := fillPortal(p, start)
	// One story cross-posted by a ward and its city under the same link.
	title, body := storyText(999)
	shared := fakeItem{guid: "shared", link: p.url("/a1/bai-chung.html"), title: title, body: body, published: start.Add(-time.Hour)}
	p.add("/a1/rss.xml", false, shared)
	shared.guid = "tp-a-copy"
	p.add("/tp-a/rss.xml", false, shared)

	base, stop := startDaemon(t, writeConfig(t, p, "@every 1s"))
	waitFor(t, "the first pass", 30*time.Second, func() bool { return allSourcesOK(t, base) })

	for _, u := range append(province, unitSpec{id: "all"}) {
		units := subtree(u.id)
		if u.id == "all" {
			units = subtree("tinh")
		}
		for _, format := range []string{"rss", "atom", "json"} {
			feed := readFeed(t, base+"/feeds/"+u.id+"."+format+"?limit=1000")
			checkFeed(t, u.id+"."+format, feed, units, want, shared.title)
		}
	}

	// A new story at a ward portal reaches the ward's and every ancestor's feed.
	newTitle, newBody := storyText(4242)
	p.add("/a2/rss.xml", false, fakeItem{guid: "new", link: p.url("/a2/moi.html"), title: newTitle, body: newBody, published: time.Now().Add(-time.Minute)})
	for _, id := range []string{"phuong-a2", "tp-a", "tinh", "all"} {
		waitFor(t, "the new story in "+id, 30*time.Second, func() bool { return feedHas(base+"/feeds/"+id+".rss", newTitle) })
	}
	if got := titles(readFeed(t, base+"/feeds/tp-b.rss?limit=1000")); slices.Contains(got, newTitle) {
		t.Error("a ward's story leaked into another city's feed")
	}
	checkConditional(t, base+"/feeds/all.rss")
	checkConditional(t, base+"/opml")
	p.mu.Lock()
	n304 := p.n304
	p.mu.Unlock()
	if n304 == 0 {
		t.Error("bantin never sent a conditional request the portal could answer 304")
	}
	if err := stop(); err != nil {
		t.Fatalf("daemon stopped with %v, want a clean exit", err)
	}
}

func titles(f *gofeed.Feed) []string {
	var out []string
	for _, it := range f.Items {
		out = append(out, it.Title)
	}
	return out
}

// checkFeed asserts every story of units is in feed exactly once with
// its publishing units as categories, and nothing else is.
func checkFeed(t *testing.T, name string, feed *gofeed.Feed, units []string, want published, sharedTitle string) {
	t.Helper()
	expected := map[string]string{} // title → unit name
	for _, u := range units {
		for _, title := range want[u] {
			expected[title] = unitName(u)
		}
	}
	if slices.Contains(units, "phuong-a1") || slices.Contains(units, "tp-a") {
		expected[sharedTitle] = ""
	}
	seen := map[string]int{}
	for _, it := range feed.Items {
		seen[it.Title]++
		unit, ok := expected[it.Title]
		if !ok {
			t.Errorf("%s: unexpected item %q", name, it.Title)
			continue
		}
		if it.Title == sharedTitle {
			if !slices.Contains(it.Categories, "Phường A1") || !slices.Contains(it.Categories, "Thành phố A") {
				t.Errorf("%s: the cross-posted story lists units %v, want both Phường A1 and Thành phố A", name, it.Categories)
			}
			continue
		}
		if !slices.Equal(it.Categories, []string{unit}) {
			t.Errorf("%s: %q has categories %v, want [%s]", name, it.Title, it.Categories, unit)
		}
		if it.PublishedParsed == nil || it.Link == "" || it.GUID == "" {
			t.Errorf("%s: %q lacks a date, link or id", name, it.Title)
		}
	}
	for title := range expected {
		if seen[title] != 1 {
			t.Errorf("%s: %q appears %d times, want once", name, title, seen[title])
		}
	}
}

func checkConditional(t *testing.T, url string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || lastMod == "" {
		t.Fatalf("%s: ETag %q, Last-Modified %q: want both", url, etag, lastMod)
	}
	for _, h := range []struct{ name, value string }{{"If-None-Match", etag}, {"If-Modified-Since", lastMod}} {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set(h.name, h.value)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s with %s: %s, want 304", url, h.name, resp.Status)
		}
	}
}
