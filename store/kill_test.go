package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"bantin"
)

// The kill test re-runs this test binary as a child that writes fetches
// until it is SIGKILLed. These variables tell the child what to do.
const (
	killEnvPath  = "BANTIN_STORE_KILL_DB"
	killEnvFirst = "BANTIN_STORE_KILL_FIRST"
	killItems    = 20
)

// TestKillMidWrite kills a writing process at random moments, three times
// over, and checks after each that every fetch the child saw committed is
// in the database and that the database is intact.
func TestKillMidWrite(t *testing.T) {
	if path := os.Getenv(killEnvPath); path != "" {
		first, _ := strconv.Atoi(os.Getenv(killEnvFirst))
		killChild(path, first)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	path := filepath.Join(t.TempDir(), "bantin.db")
	c := newClock()
	s := openAt(t, path, c, nil) // create and sync the config once
	s.Close()

	next := 1
	var all []int
	for round := range 3 {
		acked := runAndKill(t, path, next, 10+rand.IntN(20))
		if len(acked) == 0 {
			t.Fatalf("round %d: child acknowledged no fetch", round)
		}
		all = append(all, acked...)
		last := checkAfterKill(t, path, all, acked)
		// The child may have committed fetches it never acknowledged
		// (one in flight, or dozens on a loaded machine): the next round
		// starts after the newest committed, so that no fetch is written
		// twice, with a second log row.
		next = max(acked[len(acked)-1], last) + 1
	}
}

// runAndKill starts the child, lets it acknowledge want fetches, kills it
// a random moment later, and returns the acknowledged fetch numbers.
func runAndKill(t *testing.T, path string, first, want int) []int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidWrite$", "-test.count=1")
	cmd.Env = append(os.Environ(), killEnvPath+"="+path, killEnvFirst+"="+strconv.Itoa(first))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []int
	lines := bufio.NewScanner(out)
	deadline := time.Now().Add(60 * time.Second)
	for len(acked) < want && time.Now().Before(deadline) && lines.Scan() {
		if n, ok := strings.CutPrefix(lines.Text(), "committed "); ok {
			i, err := strconv.Atoi(n)
			if err != nil {
				t.Fatalf("child said %q", lines.Text())
			}
			acked = append(acked, i)
		}
	}
	// Kill while the next fetch is being written.
	time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	return acked
}

// checkAfterKill checks the items of every fetch acknowledged so far, and
// the log rows of this round's (older ones may be pruned by now), and
// returns the number of the newest fetch committed.
func checkAfterKill(t *testing.T, path string, acked, round []int) int {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: path, Clock: newClock().Now})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	var integrity string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check = %q, %v", integrity, err)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM pragma_foreign_key_check"); n != 0 {
		t.Errorf("%d foreign key violations", n)
	}
	for _, i := range acked {
		if n := count(t, s, "SELECT COUNT(*) FROM items WHERE guid LIKE ?", fmt.Sprintf("%d-%%", i)); n != killItems {
			t.Errorf("fetch %d committed but %d of its %d items found", i, n, killItems)
		}
	}
	// The child may run ahead of its acknowledgements before the kill
	// lands (on a loaded machine, by dozens of fetches): each source keeps
	// its last fetchLogKeep log rows, and the two alternate.
	var newest int64
	if err := s.db.QueryRow("SELECT MAX(at) FROM fetch_log").Scan(&newest); err != nil {
		t.Fatal(err)
	}
	last := int((newest - toDB(killStart(0))) / int64(time.Minute)) // the newest fetch's number
	for _, i := range round {
		if i <= last-2*fetchLogKeep {
			continue
		}
		if n := count(t, s, "SELECT COUNT(*) FROM fetch_log WHERE at = ?", toDB(killStart(i))); n != 1 {
			t.Errorf("fetch %d committed: %d log rows, want 1", i, n)
		}
	}
	// Every item that is there is whole: story, unit link and all.
	if n := count(t, s, `SELECT COUNT(*) FROM items i LEFT JOIN story_units su
		ON su.story_id = i.story_id AND su.unit_id = i.unit_id WHERE su.story_id IS NULL`); n != 0 {
		t.Errorf("%d items without their story_units row", n)
	}
	return last
}

func killStart(i int) time.Time {
	return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
}

// killChild writes fetches numbered from first until killed. Each fetch
// brings new items, a copy of an earlier item from the other source and
// an edit of an earlier one, so every write path is under way when the
// kill comes. It prints "committed N" once RecordFetch N has returned.
func killChild(path string, first int) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: path, Matcher: &equalBytes{}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(2)
	}
	for i := first; i < first+100000; i++ {
		src, other := srcCity, srcWard
		if i%2 == 0 {
			src, other = other, src
		}
		f := &bantin.Fetch{Source: src, Started: killStart(i), Status: 200, NextFetchAt: killStart(i + 15)}
		for j := range killItems {
			key := fmt.Sprintf("%d-%d", i, j)
			it := item(src, key, host(src)+"/tin/"+key, "Tin "+key, killStart(i))
			it.Fingerprint, it.Bands = []byte("sig-"+key), []uint64{uint64(i*100 + j), uint64(j)}
			f.Items = append(f.Items, it)
		}
		if i > first {
			prev := fmt.Sprintf("%d-0", i-1)
			f.Items = append(f.Items,
				item(src, "copy-"+prev, host(other)+"/tin/"+prev, "Tin "+prev, killStart(i)),
				item(src, fmt.Sprintf("%d-1", i-2), host(src)+fmt.Sprintf("/tin/%d-1", i-2), "Sửa", killStart(i)))
		}
		if _, err := s.RecordFetch(ctx, f); err != nil {
			fmt.Fprintln(os.Stderr, "child record:", err)
			os.Exit(2)
		}
		if _, err := fmt.Fprintf(os.Stdout, "committed %d\n", i); err != nil {
			os.Exit(0) // the parent is gone
		}
	}
	os.Exit(0)
}

// host returns the scheme and host of a source URL.
func host(src string) string {
	u, err := url.Parse(src)
	if err != nil {
		panic(err)
	}
	return u.Scheme + "://" + u.Host
}
