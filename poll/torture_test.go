package poll

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"bantin"
	"bantin/clean"
	"bantin/dedup"
	"bantin/fetch"
	"bantin/fetch/fetchtest"
	"bantin/store"
)

// The feedparser and gofeed corpora, served with their headers, go
// through the whole pipeline — fetch, repair, parse, clean, fingerprint,
// store — without a panic or a hang, every outcome is recorded, and what
// can be read is stored.
func TestTortureWholePipeline(t *testing.T) {
	feeds, err := fetchtest.LoadCorpus(filepath.Join("..", "fetch", "testdata", "corpora"))
	if err != nil {
		t.Fatal(err)
	}
	srv := fetchtest.Server(feeds)
	defer srv.Close()

	var paths []string
	for p := range feeds {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	cfg := &bantin.Config{Units: []bantin.Unit{{ID: "torture", Name: "Torture"}}}
	for _, p := range paths {
		cfg.Units[0].Sources = append(cfg.Units[0].Sources, bantin.Source{URL: srv.URL + p, Unit: "torture", Schedule: "@hourly"})
	}
	ctx := context.Background()
	fp := dedup.NewFingerprinter()
	st, err := store.Open(ctx, store.Options{Path: filepath.Join(t.TempDir(), "t.db"), Matcher: fp})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SyncConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	p := New(Options{
		Client:        fetch.NewClient(fetch.Options{AllowPrivateNetworks: true, FetchLimits: bantin.FetchLimits{TotalTimeout: 5 * time.Second}}),
		Cleaner:       clean.NewCleaner(time.UTC, nil),
		Fingerprinter: fp,
		Store:         st,
		Workers:       4,
	})
	passCtx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	results := p.Pass(passCtx, cfg.Sources(), nil)
	if passCtx.Err() != nil {
		t.Fatalf("the pass did not finish in 3 minutes: a source hangs the pipeline")
	}
	if len(results) != len(paths) {
		t.Fatalf("%d results for %d sources", len(results), len(paths))
	}
	var ok, failed int
	var total bantin.IngestStats
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: not recorded: %v", r.Source.URL, r.Err)
			continue
		}
		if r.Fetch.Failed() {
			failed++
			if r.Fetch.ErrorKind != bantin.ErrParse && r.Fetch.ErrorKind != bantin.ErrNotFeed {
				t.Errorf("%s: failed as %q: %s", r.Source.URL, r.Fetch.ErrorKind, r.Fetch.Error)
			}
			continue
		}
		ok++
		total = total.Add(r.Stats)
	}
	states, err := st.SourceStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	recorded := 0
	for _, s := range states {
		if !s.LastFetchAt.IsZero() {
			recorded++
		}
	}
	stories, err := st.Stories(ctx, []string{"torture"}, 100000)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d corpus files: %d fetched and stored, %d refused as not a feed or unparseable; %d stories from %d new items (%d duplicates merged)",
		len(paths), ok, failed, len(stories), total.New, total.Duplicate)
	if recorded != len(paths) {
		t.Errorf("%d of %d sources have a recorded fetch", recorded, len(paths))
	}
	if len(stories) != total.New {
		t.Errorf("%d stories stored, but the pass counted %d new", len(stories), total.New)
	}
	if ok < len(paths)*9/10 {
		t.Errorf("only %d of %d corpus files went through; fetch alone parses ~98%%", ok, len(paths))
	}
}
