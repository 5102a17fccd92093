package dedup

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusItem is one copy of a story in testdata/corpus.
type corpusItem struct {
	Unit  string   `json:"unit"`
	Title string   `json:"title"`
	Text  string   `json:"text"`
	Edits []string `json:"edits"`
}

// corpusGroup is one labelled story: every item in it is the same story;
// items of different groups are different stories, templates included.
type corpusGroup struct {
	Group  string       `json:"group"`
	Kind   string       `json:"kind"` // "story" or "template"
	Family string       `json:"family"`
	Items  []corpusItem `json:"items"`
}

// labelled is a corpus item with its label and fingerprint.
type labelled struct {
	group, family, kind string
	item                corpusItem
	sig                 []byte
	bands               []uint64
}

func loadCorpus(t testing.TB) []corpusGroup {
	t.Helper()
	files, err := filepath.Glob("testdata/corpus/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	sort.Strings(files)
	var groups []corpusGroup
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		var g corpusGroup
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("decode %s: %v", f, err)
		}
		if g.Group == "" || len(g.Items) == 0 {
			t.Fatalf("%s: no group id or no items", f)
		}
		groups = append(groups, g)
	}
	return groups
}

func fingerprintCorpus(f *Fingerprinter, groups []corpusGroup) []labelled {
	var items []labelled
	for _, g := range groups {
		for _, it := range g.Items {
			sig, bands := f.Fingerprint(it.Title, it.Text)
			items = append(items, labelled{group: g.Group, family: g.Family, kind: g.Kind, item: it, sig: sig, bands: bands})
		}
	}
	return items
}

// pairCounts are the pairwise decisions against the labels.
type pairCounts struct {
	tp, fp, fn, tn int
	candidates     int
	fnPairs        [][2]int
	fpPairs        [][2]int
}

func (c pairCounts) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c pairCounts) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

// decidePairs decides every pair as the store would: only items sharing a
// band key are compared, and SameStory judges them.
func decidePairs(f *Fingerprinter, items []labelled) pairCounts {
	index := make(map[uint64][]int32)
	var c pairCounts
	for j, it := range items {
		seen := make(map[int32]bool)
		for _, k := range it.bands {
			for _, i := range index[k] {
				seen[i] = true
			}
		}
		c.candidates += len(seen)
		for i := range j {
			same := items[i].group == it.group
			got := seen[int32(i)] && f.SameStory(items[i].sig, it.sig)
			switch {
			case same && got:
				c.tp++
			case same:
				c.fn++
				c.fnPairs = append(c.fnPairs, [2]int{i, j})
			case got:
				c.fp++
				c.fpPairs = append(c.fpPairs, [2]int{i, j})
			default:
				c.tn++
			}
		}
		for _, k := range it.bands {
			index[k] = append(index[k], int32(j))
		}
	}
	return c
}

func TestCorpusShape(t *testing.T) {
	groups := loadCorpus(t)
	stories, reposts, families := 0, 0, map[string]int{}
	for _, g := range groups {
		switch g.Kind {
		case "story":
			stories++
			reposts += len(g.Items) - 1
			if len(g.Items) < 2 || len(g.Items) > 4 {
				t.Errorf("%s: %d items, want an original and 1-3 re-posts", g.Group, len(g.Items))
			}
		case "template":
			families[g.Family]++
		default:
			t.Errorf("%s: kind %q", g.Group, g.Kind)
		}
		for i, it := range g.Items {
			lo, hi := 150, 400 // an original, as the brief sizes a story
			if i > 0 {
				lo = 100 // a re-post may drop its lead and a sentence
			}
			if n := len(strings.Fields(it.Text)); n < lo || n > hi {
				t.Errorf("%s item %d: %d words, want %d-%d", g.Group, i, n, lo, hi)
			}
		}
	}
	if stories < 60 {
		t.Errorf("%d stories, want at least 60", stories)
	}
	if len(families) < 6 {
		t.Errorf("%d template families, want at least 6", len(families))
	}
	for f, n := range families {
		if n < 5 || n > 8 {
			t.Errorf("family %s has %d wards, want 5-8", f, n)
		}
	}
	t.Logf("corpus: %d stories with %d re-posts, %d template families, %d groups", stories, reposts, len(families), len(groups))
}

func TestCorpusPrecisionRecall(t *testing.T) {
	f := NewFingerprinter()
	items := fingerprintCorpus(f, loadCorpus(t))
	c := decidePairs(f, items)
	t.Logf("items %d, pairs %d, band candidates %d", len(items), c.tp+c.fp+c.fn+c.tn, c.candidates)
	t.Logf("precision %.4f recall %.4f (tp %d fp %d fn %d)", c.precision(), c.recall(), c.tp, c.fp, c.fn)
	for _, p := range c.fnPairs {
		a, b := items[p[0]], items[p[1]]
		t.Logf("missed: %s %v vs %v: %s", a.group, a.item.Edits, b.item.Edits, explain(a.sig, b.sig))
	}
	for _, p := range c.fpPairs {
		a, b := items[p[0]], items[p[1]]
		t.Logf("merged wrongly: %s / %s: %s", a.group, b.group, explain(a.sig, b.sig))
	}
	if c.precision() < 0.995 || c.recall() < 0.98 {
		t.Errorf("precision %.4f recall %.4f: want at least 0.995 and 0.98", c.precision(), c.recall())
	}
}

// TestCorpusIngest runs the corpus through the store's procedure: items
// arrive in a shuffled order (a city's re-post may come before the ward's
// original), each is compared with the primary copy of at most 50 stories
// sharing a band key, and joins the first that matches or starts a story.
func TestCorpusIngest(t *testing.T) {
	f := NewFingerprinter()
	items := fingerprintCorpus(f, loadCorpus(t))
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })

	const maxCandidates = 50
	type story struct {
		primary []byte
		groups  map[string]bool
	}
	var stories []story
	index := make(map[uint64][]int32)
	for _, it := range items {
		var cands []int32
		seen := make(map[int32]bool)
		for _, k := range it.bands {
			for _, s := range index[k] {
				if !seen[s] && len(cands) < maxCandidates {
					seen[s] = true
					cands = append(cands, s)
				}
			}
		}
		joined := false
		for _, s := range cands {
			if f.SameStory(stories[s].primary, it.sig) {
				stories[s].groups[it.group] = true
				joined = true
				break
			}
		}
		if joined {
			continue
		}
		id := int32(len(stories))
		stories = append(stories, story{primary: it.sig, groups: map[string]bool{it.group: true}})
		for _, k := range it.bands {
			index[k] = append(index[k], id)
		}
	}
	perGroup := make(map[string]int)
	wrong := 0
	for _, s := range stories {
		if len(s.groups) > 1 {
			wrong++
		}
		for g := range s.groups {
			perGroup[g]++
		}
	}
	split := 0
	for _, n := range perGroup {
		if n > 1 {
			split++
		}
	}
	t.Logf("ingest: %d items became %d stories for %d labelled stories; %d wrong merges, %d split", len(items), len(stories), len(perGroup), wrong, split)
	if wrong > 0 || float64(split) > 0.02*float64(len(perGroup)) {
		t.Errorf("%d stories mix labels, %d labels split: want 0 and at most 2%%", wrong, split)
	}
}
