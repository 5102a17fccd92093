package publish

// Real feed clients nobody here wrote read what we serve: Python's
// feedparser, newsboat and the jing validator. Each test skips when its
// program is missing on a developer's machine and fails when it is missing
// in CI (CI=true), where .ci/run installs them.

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// requireProgram returns the path of a program the test needs.
func requireProgram(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, name+" is not installed")
	}
	return p
}

func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; CI must install it (apt-get install python3-feedparser newsboat jing)", what)
	}
	t.Skip(what)
}

// feedparserPython finds a Python that can import feedparser: the Debian
// package installs it for the system Python, which may not be first on
// PATH.
func feedparserPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if p, err := exec.LookPath(py); err == nil && exec.Command(p, "-c", "import feedparser").Run() == nil {
			return p
		}
	}
	missing(t, "no python3 with feedparser")
	return ""
}

// feedparserScript parses the URL in argv[1] and prints what a reader
// gets, as JSON.
const feedparserScript = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
    "bozo": int(d.bozo),
    "error": str(d.get("bozo_exception", "")),
    "version": d.version,
    "status": d.get("status", 0),
    "title": d.feed.get("title", ""),
    "language": d.feed.get("language", ""),
    "entries": [{
        "title": e.get("title", ""),
        "id": e.get("id", ""),
        "link": e.get("link", ""),
        "summary": e.get("summary", ""),
        "tags": [t.term for t in e.get("tags", [])],
        "published": list(e.published_parsed[:6]) if e.get("published_parsed") else [],
    } for e in d.entries],
}))
`

type feedparserResult struct {
	Bozo     int    `json:"bozo"`
	Error    string `json:"error"`
	Version  string `json:"version"`
	Status   int    `json:"status"`
	Title    string `json:"title"`
	Language string `json:"language"`
	Entries  []struct {
		Title     string   `json:"title"`
		ID        string   `json:"id"`
		Link      string   `json:"link"`
		Summary   string   `json:"summary"`
		Tags      []string `json:"tags"`
		Published []int    `json:"published"`
	} `json:"entries"`
}

func TestFeedparserReadsFeeds(t *testing.T) {
	py := feedparserPython(t)
	e := newTestEnv(t)
	for _, tc := range []struct{ path, version, summary string }{
		// RSS descriptions are HTML: the summary's < and & arrive escaped once.
		{"/feeds/phu-ly.rss", "rss20", "Sáng 21/12, Thành uỷ Phủ Lý tổ chức hội nghị &lt;tổng kết&gt; &amp; trao thưởng."},
		{"/feeds/phu-ly.atom", "atom10", "Sáng 21/12, Thành uỷ Phủ Lý tổ chức hội nghị <tổng kết> & trao thưởng."},
	} {
		t.Run(tc.path, func(t *testing.T) {
			out, err := exec.Command(py, "-c", feedparserScript, e.http.URL+tc.path).Output()
			if err != nil {
				t.Fatalf("feedparser: %v", err)
			}
			var got feedparserResult
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if got.Bozo != 0 || got.Status != 200 || got.Version != tc.version {
				t.Fatalf("bozo %d (%s), status %d, version %q", got.Bozo, got.Error, got.Status, got.Version)
			}
			if got.Title != "Thành phố Phủ Lý" || !strings.HasPrefix(got.Language, "vi") {
				t.Errorf("title %q language %q", got.Title, got.Language)
			}
			if len(got.Entries) != 2 {
				t.Fatalf("%d entries, want 2", len(got.Entries))
			}
			first := got.Entries[0]
			if first.Title != `Giá điện < 2.000 đồng & "hội nghị" tổng kết` {
				t.Errorf("title %q", first.Title)
			}
			if !strings.HasPrefix(first.ID, "urn:bantin:") || first.Link != "https://lehongphong.example.gov.vn/tin/hoi-nghi-tong-ket.html" {
				t.Errorf("id %q link %q", first.ID, first.Link)
			}
			if first.Summary != tc.summary {
				t.Errorf("summary %q, want %q", first.Summary, tc.summary)
			}
			if !slices.Equal(first.Tags, []string{"Phường Lê Hồng Phong", "Thành phố Phủ Lý"}) {
				t.Errorf("tags %q", first.Tags)
			}
			// feedparser gives UTC: 08:30 at +07:00 is 01:30.
			if !slices.Equal(first.Published, []int{2020, 12, 21, 1, 30, 0}) {
				t.Errorf("published %v", first.Published)
			}
		})
	}
}

// TestFeedparserReadsOPML: feedparser finds the OPML well-formed, and
// Python's own XML parser reads the nested outlines with their names.
// feedparser is given the bytes, not the URL: over HTTP it flags any
// media type it does not know as XML, text/x-opml included, whatever the
// document.
func TestFeedparserReadsOPML(t *testing.T) {
	py := feedparserPython(t)
	e := newTestEnv(t)
	const script = `
import json, sys, urllib.request, xml.etree.ElementTree as ET, feedparser
body = urllib.request.urlopen(sys.argv[1]).read()
d = feedparser.parse(body)
root = ET.fromstring(body)
def walk(o, depth):
    out = [[depth, o.get("text"), o.get("type"), o.get("xmlUrl"), o.get("htmlUrl")]]
    for c in o.findall("outline"):
        out += walk(c, depth + 1)
    return out
rows = []
for o in root.find("body").findall("outline"):
    rows += walk(o, 0)
print(json.dumps({"bozo": int(d.bozo), "error": str(d.get("bozo_exception", "")), "outlines": rows}))
`
	out, err := exec.Command(py, "-c", script, e.http.URL+"/opml").Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var got struct {
		Bozo     int     `json:"bozo"`
		Error    string  `json:"error"`
		Outlines [][]any `json:"outlines"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Bozo != 0 {
		t.Fatalf("bozo: %s", got.Error)
	}
	want := [][]any{
		{0.0, "Tỉnh Hà Nam", "rss", testBase + "/feeds/ha-nam.rss", testBase + "/units/ha-nam"},
		{1.0, "Thành phố Phủ Lý", "rss", testBase + "/feeds/phu-ly.rss", testBase + "/units/phu-ly"},
		{2.0, "Phường Lê Hồng Phong", "rss", testBase + "/feeds/le-hong-phong.rss", testBase + "/units/le-hong-phong"},
		{0.0, "Sở Giáo dục & Đào tạo <Hà Nam>", "rss", testBase + "/feeds/so-gd.rss", testBase + "/units/so-gd"},
	}
	if len(got.Outlines) != len(want) {
		t.Fatalf("outlines %v, want %v", got.Outlines, want)
	}
	for i := range want {
		if !slices.Equal(got.Outlines[i], want[i]) {
			t.Errorf("outline %d = %v, want %v", i, got.Outlines[i], want[i])
		}
	}
}

// TestNewsboatReadsFeeds runs newsboat headless on each feed, then reads
// what it stored in its cache.
func TestNewsboatReadsFeeds(t *testing.T) {
	nb := requireProgram(t, "newsboat")
	e := newTestEnv(t)
	for _, path := range []string{"/feeds/phu-ly.rss", "/feeds/phu-ly.atom"} {
		t.Run(path, func(t *testing.T) {
			// One cache per feed: newsboat keys items by guid across feeds.
			dir := t.TempDir()
			urls, cfg, cache := filepath.Join(dir, "urls"), filepath.Join(dir, "config"), filepath.Join(dir, "cache.db")
			if err := os.WriteFile(urls, []byte(e.http.URL+path+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cfg, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, nb, "-u", urls, "-C", cfg, "-c", cache, "-x", "reload", "print-unread")
			cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("newsboat: %v: %s", err, out)
			}
			if !strings.Contains(string(out), "2 unread articles") {
				t.Errorf("newsboat says %q, want 2 unread articles", out)
			}
			items := newsboatItems(t, cache)
			want := map[string][3]string{
				`Giá điện < 2.000 đồng & "hội nghị" tổng kết`: {"https://lehongphong.example.gov.vn/tin/hoi-nghi-tong-ket.html", "2020-12-21T01:30:00Z"},
				"Đại hội Đoàn thanh niên thành phố":           {"https://phuly.example.gov.vn/tin-tuc/dai-hoi-456.html", "2020-12-19T07:00:00Z"},
			}
			if len(items) != len(want) {
				t.Fatalf("newsboat stored %v", items)
			}
			for title, w := range want {
				got, ok := items[title]
				if !ok {
					t.Errorf("newsboat lacks %q (has %v)", title, items)
					continue
				}
				if got[0] != w[0] || got[1] != w[1] || !strings.HasPrefix(got[2], "urn:bantin:") {
					t.Errorf("%q: link, date, guid = %q, want %q", title, got, w)
				}
			}
		})
	}
}

// newsboatItems reads newsboat's cache: title → link, UTC date, guid.
func newsboatItems(t *testing.T, cache string) map[string][3]string {
	t.Helper()
	db, err := sql.Open("sqlite", cache)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT title, url, pubDate, guid FROM rss_item")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][3]string{}
	for rows.Next() {
		var title, link, guid string
		var pub int64
		if err := rows.Scan(&title, &link, &pub, &guid); err != nil {
			t.Fatal(err)
		}
		out[title] = [3]string{link, time.Unix(pub, 0).UTC().Format(time.RFC3339), guid}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAtomValidatesWithJing validates the served Atom feeds against the
// RELAX NG grammar of RFC 4287.
func TestAtomValidatesWithJing(t *testing.T) {
	jing := requireProgram(t, "jing")
	e := newTestEnv(t)
	dir := t.TempDir()
	var files []string
	for _, path := range []string{"/feeds/phu-ly.atom", "/feeds/all.atom?limit=1", "/feeds/so-gd.atom"} {
		r := e.get(path)
		if r.status != 200 {
			t.Fatalf("%s: %d", path, r.status)
		}
		f := filepath.Join(dir, strings.NewReplacer("/", "_", "?", "_").Replace(path))
		if err := os.WriteFile(f, r.body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, jing, append([]string{"-c", "testdata/atom-rfc4287.rnc"}, files...)...)
	var stdout strings.Builder
	cmd.Stdout = &stdout // errors go to stdout; stderr has jing's start-up warnings
	if err := cmd.Run(); err != nil {
		t.Fatalf("jing: %v\n%s", err, stdout.String())
	}
}
