package interop

// The JavaScript side: js/parse.mjs runs one npm feed parser on one
// downloaded document and prints what it read; these tests compare that
// with what the store holds. The parsers are installed by
// `npm ci --prefix interop/js` (.ci/run does it); without node or them the
// tests skip on a developer's machine and fail in CI.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bantin"

	"golang.org/x/text/unicode/norm"
)

// jsParsers are the npm parsers parse.mjs knows and the kinds of document
// each reads. "json" is JSON.parse read by the JSON Feed spec, as a site
// without a feed library would. feed-extractor gives a text digest of the
// body, not the HTML, so its content is not compared.
var jsParsers = []struct {
	name    string
	kinds   []string
	content bool // hands over the item's HTML body
}{
	{"rss-parser", []string{"rss", "atom"}, true},
	{"rowanmanning", []string{"rss", "atom"}, true},
	{"feedparser", []string{"rss", "atom"}, true},
	{"feed-extractor", []string{"rss", "atom", "json"}, false},
	{"feedsmith", []string{"rss", "atom", "json", "opml"}, true},
	{"json", []string{"json"}, true},
}

// parsed is what parse.mjs prints.
type parsed struct {
	Parser   string       `json:"parser"`
	Format   string       `json:"format"`
	Title    string       `json:"title"`
	Items    []parsedItem `json:"items"`
	Outlines []outline    `json:"outlines"`
}

type parsedItem struct {
	Title      string   `json:"title"`
	Link       string   `json:"link"`
	ID         string   `json:"id"`
	Published  string   `json:"published"`
	Categories []string `json:"categories"`
	Content    string   `json:"content"`
}

type outline struct {
	Text     string    `json:"text"`
	Title    string    `json:"title"`
	XMLURL   string    `json:"xmlUrl"`
	HTMLURL  string    `json:"htmlUrl"`
	Outlines []outline `json:"outlines"`
}

// TestJSParsersReadPublishedFeeds runs every parser on every document it
// reads: the feeds of all units and of a city (with its ward), in each
// format, and the OPML.
func TestJSParsersReadPublishedFeeds(t *testing.T) {
	node := requireNode(t)
	fx := newFixture(t)
	devs := newDeviationLog()
	for _, d := range fx.docs {
		for _, p := range jsParsers {
			if !slices.Contains(p.kinds, d.kind) {
				continue
			}
			t.Run(path.Base(d.path)+"/"+p.name, func(t *testing.T) {
				got, err := runParser(t.Context(), node, p.name, d.file)
				if err != nil {
					t.Fatal(err)
				}
				if d.kind == "opml" {
					fx.checkOPML(t, got.Title, got.Outlines)
					return
				}
				fx.checkFeed(t, devs, d, got, p.content)
				devs.checked(p.name, d.kind)
			})
		}
	}
	if !t.Failed() {
		devs.stale(t)
	}
}

// TestParseScriptRefuses: parse.mjs fails loudly rather than printing an
// empty feed, so a parser that cannot read a document is never mistaken
// for one that read nothing.
func TestParseScriptRefuses(t *testing.T) {
	node := requireNode(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	jsonFeed := write("feed.json", `{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[]}`)
	for _, tc := range []struct {
		name, parser, file, want string
	}{
		{"unknown parser", "feedreader", jsonFeed, "unknown parser"},
		{"XML parser given JSON Feed", "rss-parser", jsonFeed, "does not read json"},
		{"JSON that is no feed", "json", write("api.json", `{"units":[]}`), "not a JSON Feed"},
		{"missing file", "feedsmith", filepath.Join(dir, "absent.xml"), "ENOENT"},
		{"HTML page served as a feed", "feedparser", write("page.html", "<!DOCTYPE html><html><body><p>Trang chủ</p></body></html>"), "Not a feed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runParser(t.Context(), node, tc.parser, tc.file)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// requireNode returns the path of node, skipping when it or the npm
// packages are missing on a developer's machine and failing in CI.
func requireNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join("js", "node_modules"))
	}
	if err != nil {
		const how = "install node 20+ and npm (Debian: apt-get install nodejs npm), then run `npm ci --prefix interop/js --no-audit --no-fund` from the repository root"
		if os.Getenv("CI") != "" {
			t.Fatalf("JavaScript feed parsers unavailable (%v); %s", err, how)
		}
		t.Skipf("JavaScript feed parsers unavailable (%v); %s", err, how)
	}
	return node
}

// runParser runs parse.mjs and decodes what it printed; a parser's error
// comes back with its message.
func runParser(ctx context.Context, node, parser, file string) (*parsed, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("js", "parse.mjs"), parser, file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("parse %s with %s: %w: %s", filepath.Base(file), parser, err, firstLines(stderr.String(), 6))
	}
	var out parsed
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("parse %s with %s: read its output: %w", filepath.Base(file), parser, err)
	}
	return &out, nil
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	return strings.Join(lines[:min(len(lines), n)], "\n")
}

// checkFeed compares what a parser read with the stories d must list:
// the same titles byte for byte (after NFC), in the same order, each with
// its link, id, date, the names of the units that published it and,
// where the parser hands it over, its HTML body.
func (fx *fixture) checkFeed(t *testing.T, devs *deviationLog, d document, got *parsed, content bool) {
	t.Helper()
	if nfc(got.Title) != nfc(d.title) {
		t.Errorf("feed title %q, want %q", got.Title, d.title)
	}
	if len(got.Items) != len(d.want) {
		t.Fatalf("%d items, want %d\n got %q\nwant %q", len(got.Items), len(d.want), titles(got.Items), storyTitles(d.want))
	}
	bad := func(field string, s bantin.Story, format string, args ...any) {
		t.Helper()
		devs.mismatch(t, got.Parser, d.kind, field, s, format, args...)
	}
	for i, s := range d.want {
		it := got.Items[i]
		if nfc(it.Title) != nfc(s.Title) {
			bad("title", s, "item %d title\n got %+q\nwant %+q", i, it.Title, s.Title)
		}
		if it.Link != s.Link {
			bad("link", s, "item %d (%.40s) link %q, want %q", i, s.Title, it.Link, s.Link)
		}
		if it.ID != s.ID {
			bad("id", s, "item %d (%.40s) id %q, want %q", i, s.Title, it.ID, s.ID)
		}
		if pub, err := time.Parse(time.RFC3339, it.Published); err != nil || !pub.Equal(s.Published) {
			bad("published", s, "item %d (%.40s) published %q, want %s", i, s.Title, it.Published, s.Published.UTC().Format(time.RFC3339))
		}
		for _, name := range fx.unitNames(s) {
			if !slices.ContainsFunc(it.Categories, func(c string) bool { return nfc(c) == nfc(name) }) {
				bad("categories", s, "item %d (%.40s) categories %q lack %q", i, s.Title, it.Categories, name)
			}
		}
		// Parsers trim the body; bantin's never starts or ends in space.
		if content && strings.TrimSpace(it.Content) != strings.TrimSpace(s.Content) {
			bad("content", s, "item %d (%.40s) content\n got %.200q\nwant %.200q", i, s.Title, it.Content, s.Content)
		}
	}
}

// checkOPML compares the outlines a parser read with the unit tree: one
// outline per unit, nested like the units, each naming the unit's feed.
func (fx *fixture) checkOPML(t *testing.T, title string, got []outline) {
	t.Helper()
	if nfc(title) != nfc(fx.cfg.Title) {
		t.Errorf("OPML title %q, want %q", title, fx.cfg.Title)
	}
	fx.checkOutlines(t, "body", got, fx.tree.Roots())
}

func (fx *fixture) checkOutlines(t *testing.T, where string, got []outline, units []string) {
	t.Helper()
	if len(got) != len(units) {
		t.Errorf("%s: %d outlines, want %d (%q)", where, len(got), len(units), units)
		return
	}
	base := strings.TrimRight(fx.cfg.BaseURL, "/")
	for i, id := range units {
		o, u := got[i], fx.tree.Unit(id)
		if nfc(o.Text) != nfc(u.Name) || nfc(o.Title) != nfc(u.Name) {
			t.Errorf("%s: outline %d text %q title %q, want %q", where, i, o.Text, o.Title, u.Name)
		}
		if o.XMLURL != base+"/feeds/"+id+".rss" || o.HTMLURL != base+"/units/"+id {
			t.Errorf("%s: outline %d (%s) xmlUrl %q htmlUrl %q", where, i, id, o.XMLURL, o.HTMLURL)
		}
		fx.checkOutlines(t, where+"/"+id, o.Outlines, fx.tree.Children(id))
	}
}

func nfc(s string) string { return norm.NFC.String(s) }

func titles(items []parsedItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Title
	}
	return out
}

// storyTitles is for failure messages.
func storyTitles(stories []bantin.Story) []string {
	out := make([]string, len(stories))
	for i, s := range stories {
		out[i] = s.Title
	}
	return out
}
