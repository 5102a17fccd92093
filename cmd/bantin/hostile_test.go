package main

import (
	"database/sql"

	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"bantin"
	"bantin/clean"
	"bantin/sim"
	"bantin/vntext"
)

// buildBinary builds bantin the way the Dockerfile does, so the test can
// kill a real process with SIGKILL.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bantin")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// process is one `bantin serve` child.
type process struct {
	cmd  *exec.Cmd
	base string
	log  *os.File
}

func startServe(t *testing.T, bin, cfg, db, addr string) *process {
	t.Helper()
	logf, err := os.CreateTemp(t.TempDir(), "serve-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "-config", cfg, "-db", db, "-addr", addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, base: "http://" + addr, log: logf}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitFor(t, "serve to answer /healthz", 20*time.Second, func() bool {
		var v any
		return getJSON(p.base+"/api/units", &v) == nil
	})
	return p
}

// peakRSS reads the most resident memory the process ever had.
func (p *process) peakRSS(t *testing.T) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

type apiSource struct {
	URL        string  `json:"url"`
	LastFetch  *string `json:"last_fetch_at"`
	LastOKAt   *string `json:"last_ok_at"`
	LastError  string  `json:"last_error"`
	ErrorKind  string  `json:"error_kind"`
	Failures   int     `json:"consecutive_failures"`
	NextFetch  *string `json:"next_fetch_at"`
	LastStatus int     `json:"last_status"`
}

func sourcesByURL(t *testing.T, base string) map[string]apiSource {
	var units []struct {
		Sources []apiSource `json:"sources"`
	}
	if err := getJSON(base+"/api/units", &units); err != nil {
		t.Logf("api/units: %v", err)
		return nil
	}
	out := map[string]apiSource{}
	for _, u := range units {
		for _, s := range u.Sources {
			out[s.URL] = s
		}
	}
	return out
}

type jsonFeed struct {
	Items []struct {
		Title     string   `json:"title"`
		Published string   `json:"date_published"`
		Content   string   `json:"content_html"`
		Summary   string   `json:"summary"`
		Tags      []string `json:"tags"`
		Bantin    struct {
			Units []string `json:"units"`
			Links []string `json:"links"`
		} `json:"_bantin"`
	} `json:"items"`
}

// integrityCheck runs SQLite's own check on a database file.
func integrityCheck(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if res != "ok" {
		t.Fatalf("integrity_check after kill -9: %s", res)
	}
}

// A province where every unit also has a broken or hostile feed, on
// several hosts; bantin is killed with SIGKILL in mid-pass and restarted.
// It stays up within its memory, keeps every good story, shows every
// broken feed with its error, never has more than 2 requests in flight
// per host, and asks unchanged feeds conditionally.
func TestHostileProvinceSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a province for about a minute")
	}
	prov, err := sim.Start(sim.Options{
		Cities: 2, WardsPerCity: 4, Departments: 1, FeedsPerUnit: 2, ItemsPerFeed: 6,
		Hosts: 4, Hostile: true, TLSInsecure: true, CrossPosts: 0.3, Families: 1, Seed: 2026,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer prov.Close()
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "feeds.yaml"), filepath.Join(dir, "bantin.db")
	yaml := strings.Replace(string(prov.ConfigYAML("fetch:\n  connect_timeout: 3s\n  header_timeout: 5s\n  total_timeout: 8s\n")),
		`schedule: "*/15 * * * *"`, `schedule: "@every 2s"`, 1)
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := buildBinary(t)
	addr := freeAddr(t)
	truth := prov.Truth()

	first := startServe(t, bin, cfg, db, addr)
	waitFor(t, "the first fetches to be recorded", 30*time.Second, func() bool {
		fetched := 0
		for _, s := range sourcesByURL(t, first.base) {
			if s.LastFetch != nil {
				fetched++
			}
		}
		return fetched > 0
	})
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()
	integrityCheck(t, db)

	second := startServe(t, bin, cfg, db, addr)
	waitFor(t, "every source to be fetched and every good one to succeed", 90*time.Second, func() bool {
		got := sourcesByURL(t, second.base)
		for _, src := range truth.Sources {
			s, ok := got[src.URL]
			if !ok || s.LastFetch == nil || (src.Delivers && s.LastOKAt == nil) {
				return false
			}
		}
		return true
	})
	time.Sleep(5 * time.Second) // a few more passes over unchanged feeds

	got := sourcesByURL(t, second.base)
	for _, src := range truth.Sources {
		s := got[src.URL]
		if src.Delivers {
			continue
		}
		if s.LastError == "" || !slices.Contains(src.Expect, bantinKind(s.ErrorKind)) {
			t.Errorf("%s (%s): error %q kind %q, want one of %v", src.URL, src.Kind, s.LastError, s.ErrorKind, src.Expect)
		}
	}
	for _, u := range truth.Units {
		checkUnitFeed(t, second.base, u.ID, truth.StoriesOf(u.ID))
	}
	checkCleaned(t, second.base, truth)
	stats := prov.Stats()
	if m := stats.MaxInFlight(); m > 2 {
		for _, h := range stats.Hosts {
			if h.MaxInFlight == m {
				t.Errorf("host %s saw %d requests in flight at once, want at most 2: %q", h.URL, m, h.Peak)
			}
		}
	}
	var repeats, notModified int64
	for _, src := range truth.Sources {
		if src.Delivers && !strings.HasPrefix(src.URL, "https") {
			s := stats.Sources[src.URL]
			repeats += max(s.Requests-1, 0)
			notModified += s.NotModified
		}
	}
	ratio := float64(notModified) / float64(max(repeats, 1))
	t.Logf("repeat requests to good feeds: %d, answered 304: %d (%.2f)", repeats, notModified, ratio)
	if repeats == 0 || ratio < 0.9 {
		t.Errorf("%.2f of repeat requests to unchanged feeds were answered 304, want ≥ 0.90", ratio)
	}
	rss := second.peakRSS(t)
	t.Logf("peak RSS after restart: %d MiB", rss>>20)
	if rss > 256<<20 {
		t.Errorf("peak RSS %d MiB, want under 256 MiB", rss>>20)
	}
	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := second.cmd.Wait(); err != nil {
		t.Errorf("serve exited with %v after SIGTERM, want 0", err)
	}
	integrityCheck(t, db)
}

func bantinKind(s string) bantin.ErrorKind { return bantin.ErrorKind(s) }

// checkUnitFeed holds a unit's JSON Feed to the truth: every story of the
// unit and its descendants once, with exactly its units, its title and
// its time.
func checkUnitFeed(t *testing.T, base, unit string, want []sim.Story) {
	t.Helper()
	var feed jsonFeed
	if err := getJSON(base+"/feeds/"+unit+".json?limit=1000", &feed); err != nil {
		t.Errorf("%s: %v", unit, err)
		return
	}
	if len(feed.Items) != len(want) {
		t.Errorf("%s: %d items, want %d stories", unit, len(feed.Items), len(want))
	}
	for _, story := range want {
		first := story.Copies[0]
		found := 0
		for _, it := range feed.Items {
			if !slices.Contains(it.Bantin.Links, first.Link) {
				continue
			}
			found++
			units := slices.Clone(it.Bantin.Units)
			slices.Sort(units)
			wantUnits := slices.Clone(story.Units)
			slices.Sort(wantUnits)
			if !slices.Equal(units, wantUnits) {
				t.Errorf("%s: %q lists units %v, want %v", unit, story.Title, units, wantUnits)
			}
			if it.Title != story.Title {
				t.Errorf("%s: title %q, want %q", unit, it.Title, story.Title)
			}
			at, err := time.Parse(time.RFC3339, it.Published)
			if err != nil || !sameTime(at, story.Published) {
				t.Errorf("%s: %q published %s, want %s", unit, story.Title, it.Published, story.Published.Format(time.RFC3339))
			}
		}
		if found != 1 {
			t.Errorf("%s: story %q (%s) found %d times, want once", unit, story.Title, first.Link, found)
		}
	}
}

// checkCleaned holds every published story to what "clean" means: the
// lead once and as the summary, no furniture or page date line, nothing
// unsafe, no relative link.
func checkCleaned(t *testing.T, base string, truth sim.Truth) {
	t.Helper()
	var feed jsonFeed
	if err := getJSON(base+"/feeds/all.json?limit=1000", &feed); err != nil {
		t.Fatal(err)
	}
	byLink := map[string]int{}
	for i, it := range feed.Items {
		for _, l := range it.Bantin.Links {
			byLink[l] = i
		}
	}
	for _, story := range truth.Stories {
		primary := story.Copies[0]
		i, ok := byLink[primary.Link]
		if !ok {
			continue // checkUnitFeed reports it
		}
		it := feed.Items[i]
		text := vntext.Fold(clean.PlainText(it.Content))
		if lead := vntext.Fold(primary.Lead); lead != "" {
			if n := strings.Count(text, lead); n != 1 {
				t.Errorf("%q: the lead appears %d times in the content, want once", story.Title, n)
			}
			if vntext.Fold(it.Summary) != lead {
				t.Errorf("%q: summary %q, want the lead %q", story.Title, it.Summary, primary.Lead)
			}
		}
		// Furniture is a block of its own ("Chia sẻ", a related-news
		// title); the same words inside a sentence are the article's.
		lines := map[string]bool{}
		for _, l := range strings.Split(clean.PlainText(it.Content), "\n") {
			lines[vntext.Fold(l)] = true
		}
		for _, d := range primary.Dropped {
			if lines[vntext.Fold(d)] {
				t.Errorf("%q: still carries %q", story.Title, d)
			}
		}
		lower := strings.ToLower(it.Content)
		for _, bad := range []string{"<script", "javascript:", " onerror=", " onload=", `href="/`, `src="/`, `href="//`, `src="//`} {
			if strings.Contains(lower, bad) {
				t.Errorf("%q: content has %q", story.Title, bad)
			}
		}
	}
}

// sameTime compares a published time with the truth to the minute, or to
// the day where the source gave only a day (midnight in its zone): a
// copy of the same day may then carry the hour.
func sameTime(got, want time.Time) bool {
	loc, err := time.LoadLocation(sim.Zone)
	if err != nil {
		return false
	}
	w := want.In(loc)
	if w.Hour() == 0 && w.Minute() == 0 && w.Second() == 0 {
		g := got.In(loc)
		return g.Year() == w.Year() && g.YearDay() == w.YearDay()
	}
	return got.Truncate(time.Minute).Equal(want.Truncate(time.Minute))
}
