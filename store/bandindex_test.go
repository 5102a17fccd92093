package store

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"bantin"
)

// bandModel is the band index written the obvious way, to check the
// real one against.
type bandModel struct {
	window uint32
	newest uint32
	keys   map[uint64]map[uint32]bool
}

func (m *bandModel) add(id uint32, keys []uint64) {
	m.newest = max(m.newest, id)
	for _, k := range keys {
		if m.keys[k] == nil {
			m.keys[k] = make(map[uint32]bool)
		}
		m.keys[k][id] = true
	}
}

func (m *bandModel) remove(id uint32, keys []uint64) {
	for _, k := range keys {
		delete(m.keys[k], id)
	}
}

func (m *bandModel) candidates(keys []uint64, limit int) []int64 {
	hits := make(map[uint32]int)
	for _, k := range keys {
		var ids []uint32
		for id := range m.keys[k] {
			if m.newest <= m.window || id > m.newest-m.window {
				ids = append(ids, id)
			}
		}
		slices.SortFunc(ids, func(a, b uint32) int { return cmp.Compare(b, a) })
		for _, id := range ids[:min(len(ids), limit)] {
			hits[id]++
		}
	}
	var out []int64
	for id := range hits {
		out = append(out, int64(id))
	}
	slices.SortFunc(out, func(a, b int64) int {
		if c := cmp.Compare(hits[uint32(b)], hits[uint32(a)]); c != 0 {
			return c
		}
		return cmp.Compare(b, a)
	})
	return out[:min(len(out), limit)]
}

// TestBandIndexAgainstModel runs random stories through the index and
// the model, with a small key space (so that keys are shared, as
// template stories share them), removals (a story's text edited), a
// window that fills many times over (sweeps) and a table that starts
// small (growth), and compares every lookup.
func TestBandIndexAgainstModel(t *testing.T) {
	for _, tc := range []struct {
		name          string
		window, keys  int
		stories, seed uint64
		probe         int // keys a lookup asks about
	}{
		{"window never full", 10_000, 40, 2_000, 1, 3},
		{"window full many times over", 300, 8, 5_000, 2, 3},
		{"window of one story", 1, 3, 500, 3, 3},
		{"many stories under one key", 2_000, 1, 3_000, 4, 3},
		// Over maxCandidates stories share two keys or more with a probe:
		// the top is taken among them alone (shared).
		{"many stories share several keys", 5_000, 40, 1_500, 5, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(tc.seed, 0))
			x := newBandIndex(tc.window)
			m := &bandModel{window: uint32(tc.window), keys: make(map[uint64]map[uint32]bool)}
			kept := make(map[uint32][]uint64)
			sketches := make(map[uint32]*bantin.Sketch)
			key := func() uint64 { return r.Uint64N(uint64(tc.keys)*50) | 1<<63 }
			for id := uint32(1); id <= uint32(tc.stories); id++ {
				keys := make([]uint64, tc.keys)
				for i := range keys {
					keys[i] = key()
				}
				keys = slices.Compact(slices.Sorted(slices.Values(keys)))
				var sk *bantin.Sketch
				if r.IntN(4) > 0 { // most stories have a sketch
					sk = new(bantin.Sketch)
					sk[0], sk[1] = byte(id), byte(id>>8)
				}
				x.add(id, keys, sk)
				x.floor = x.newest // committed, as the writer does after each batch
				m.add(id, keys)
				kept[id], sketches[id] = keys, sk
				if r.IntN(10) == 0 { // an edit: the story's keys change
					victim := uint32(r.IntN(int(id))) + 1
					old := kept[victim]
					x.remove(victim, old)
					m.remove(victim, old)
					kept[victim], sketches[victim] = nil, nil
				}
				probe := make([]uint64, tc.probe)
				for i := range probe {
					probe[i] = key()
				}
				got, want := x.candidates(probe, maxCandidates), m.candidates(probe, maxCandidates)
				if !slices.Equal(got, want) {
					t.Fatalf("after story %d: candidates(%v) = %v, want %v", id, probe, got, want)
				}
				for _, c := range got {
					checkSketch(t, x, uint32(c), sketches[uint32(c)])
				}
			}
			if x.used > int(sweepLoad*float64(len(x.slots)))+1 {
				t.Errorf("table of %d slots holds %d entries", len(x.slots), x.used)
			}
		})
	}
}

// checkSketch fails unless the index holds want (nil: none) as story id's
// sketch.
func checkSketch(t *testing.T, x *bandIndex, id uint32, want *bantin.Sketch) {
	t.Helper()
	got, ok := x.sketches.get(id)
	switch {
	case want == nil && ok:
		t.Fatalf("story %d has a sketch, want none", id)
	case want != nil && !ok:
		t.Fatalf("story %d has no sketch, want one", id)
	case want != nil && *got != *want:
		t.Fatalf("story %d has sketch %v…, want %v…", id, got[:2], want[:2])
	}
}

// A story is found under each of its keys, and only while it is within
// the window of the newest story.
func TestBandIndexWindow(t *testing.T) {
	x := newBandIndex(3)
	for id := uint32(1); id <= 5; id++ {
		x.add(id, []uint64{uint64(id), 100}, nil)
	}
	if got := x.candidates([]uint64{100}, maxCandidates); !slices.Equal(got, []int64{5, 4, 3}) {
		t.Errorf("shared key: %v, want the 3 newest", got)
	}
	if got := x.candidates([]uint64{2}, maxCandidates); len(got) != 0 {
		t.Errorf("story 2, out of the window: found %v", got)
	}
	if got := x.candidates([]uint64{4, 100}, maxCandidates); !slices.Equal(got, []int64{4, 5, 3}) {
		t.Errorf("two keys: %v, want the story sharing both first", got)
	}
}

// A batch that rolls back leaves the index as it was: its stories are not
// found, and the ids SQLite hands out again do not inherit their keys.
func TestBandWriterRollback(t *testing.T) {
	x := newBandIndex(100)
	w := newBandWriter(x)
	first := &bantin.Sketch{1}
	w.add(1, []uint64{10, 11}, first)
	w.commit()
	w = newBandWriter(x)
	w.add(2, []uint64{10, 12}, &bantin.Sketch{2})
	w.remove(1, []uint64{10, 11})
	w.add(1, []uint64{13}, &bantin.Sketch{3})
	w.rollback()
	checkSketch(t, x, 1, first)
	checkSketch(t, x, 2, nil)
	for key, want := range map[uint64][]int64{10: {1}, 11: {1}, 12: nil, 13: nil} {
		if got := x.candidates([]uint64{key}, maxCandidates); !slices.Equal(got, want) {
			t.Errorf("key %d after rollback: %v, want %v", key, got, want)
		}
	}
	if x.newest != 1 {
		t.Errorf("newest = %d after rollback, want 1", x.newest)
	}
}

// BenchmarkBandIndex fills an index with 42 random keys per story, as
// dedup makes them, to twice its window, and reports its memory per
// story of the window and the cost of indexing a story and of looking up
// an item's candidates.
func BenchmarkBandIndex(b *testing.B) {
	for _, window := range []int{20_000, DefaultIndexedStories} {
		b.Run(fmt.Sprintf("window=%d", window), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			keys := func() []uint64 {
				k := make([]uint64, 42)
				for i := range k {
					k[i] = r.Uint64()
				}
				return k
			}
			x := newBandIndex(window)
			id := uint32(0)
			var sk bantin.Sketch
			for range 2 * window {
				id++
				x.add(id, keys(), &sk)
				x.floor = x.newest
			}
			probe := keys()
			for b.Loop() {
				id++
				x.add(id, keys(), &sk)
				x.floor = x.newest
				x.candidates(probe, maxCandidates)
			}
			b.ReportMetric(float64(x.bytes())/float64(window), "bytes/story")
		})
	}
}

// TestBandIndexKeepsTheNewestOfASharedKey: a key that every story shares
// (a portal's boilerplate) keeps only its newest maxPerTag stories, so
// that its run of slots stays short, and lookups still see the newest.
func TestBandIndexKeepsTheNewestOfASharedKey(t *testing.T) {
	x := newBandIndex(100_000)
	const shared = 0xB01E
	for id := uint32(1); id <= 2000; id++ {
		x.add(id, []uint64{shared, uint64(id) << 20}, nil)
	}
	got := x.lookup(shared, nil)
	slices.Sort(got)
	if len(got) != maxPerTag || got[0] != 2000-maxPerTag+1 || got[len(got)-1] != 2000 {
		t.Fatalf("shared key: %d stories, %v…%v; want the newest %d", len(got), got[:min(3, len(got))], got[max(0, len(got)-3):], maxPerTag)
	}
	if x.used != 2000+maxPerTag {
		t.Errorf("%d slots used, want %d (each story's own key and the shared key's newest)", x.used, 2000+maxPerTag)
	}
	if own := x.lookup(uint64(7)<<20, nil); !slices.Equal(own, []uint32{7}) {
		t.Errorf("an old story's own key: %v, want [7]", own)
	}
}

// BenchmarkCandidatesShared looks up an item's candidates where, as in a
// country of template articles, each of an item's keys is shared by about
// fifty stories: the ids to count and order run to two thousand.
func BenchmarkCandidatesShared(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	keys := func() []uint64 {
		k := make([]uint64, 42)
		for i := range k {
			k[i] = r.Uint64N(400) | uint64(i)<<56
		}
		return k
	}
	x := newBandIndex(20_000)
	for id := uint32(1); id <= 20_000; id++ {
		x.add(id, keys(), nil)
		x.floor = x.newest
	}
	probes := make([][]uint64, 64)
	for i := range probes {
		probes[i] = keys()
	}
	n := 0
	for i := 0; b.Loop(); i++ {
		n += len(x.candidates(probes[i%len(probes)], maxCandidates))
	}
	b.ReportMetric(float64(n)/float64(b.N), "candidates/op")
}

func TestTopHits(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, n := range []int{0, 1, 5, 49, 50, 51, 200, 3000} {
		for _, limit := range []int{0, 1, 3, 50} {
			hits := make([]uint64, n)
			for i := range hits {
				hits[i] = uint64(r.IntN(4))<<32 | uint64(r.Uint32N(1000)) // ties on purpose
			}
			want := slices.Clone(hits)
			slices.Sort(want)
			slices.Reverse(want)
			want = want[:min(limit, n)]
			if got := topHits(hits, limit, nil); !slices.Equal(got, want) {
				t.Errorf("n=%d limit=%d: %v, want %v", n, limit, got, want)
			}
		}
	}
	// Many random sizes, limits and spreads of ties, as countHits makes
	// them (distinct ids) and not (repeated values).
	for range 2000 {
		n, limit := r.IntN(700), 1+r.IntN(60)
		hits := hitsSample(r, n)
		if r.IntN(3) == 0 {
			for i := range hits {
				hits[i] = uint64(r.IntN(3))<<32 | uint64(r.IntN(20))
			}
		}
		want := slices.Clone(hits)
		slices.Sort(want)
		slices.Reverse(want)
		want = want[:min(limit, n)]
		if got := topHits(hits, limit, []uint64{7}); !slices.Equal(got[1:], want) || got[0] != 7 {
			t.Fatalf("n=%d limit=%d: %v, want 7 then %v", n, limit, got, want)
		}
	}
}

// hitsSample is n hits as countHits makes them for an item of a first
// pass: most stories share one key, one in ten two to four.
func hitsSample(r *rand.Rand, n int) []uint64 {
	h := make([]uint64, n)
	for i := range h {
		c := uint64(1)
		if r.IntN(10) == 0 {
			c = uint64(2 + r.IntN(3))
		}
		h[i] = c<<32 | uint64(r.Uint32N(100_000))
	}
	return h
}

func BenchmarkTopHits(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	samples := make([][]uint64, 64)
	for i := range samples {
		samples[i] = hitsSample(r, 300+r.IntN(400))
	}
	buf := make([]uint64, 700)
	var dst []uint64
	for i := 0; b.Loop(); i++ {
		h := buf[:len(samples[i%64])]
		copy(h, samples[i%64]) // topHits reorders its input
		dst = topHits(h, maxCandidates, dst[:0])
	}
}

// Entries whose home slots are the table's last push their runs past its
// end: the shift that makes room must carry them over to its start and
// keep every run in Robin Hood order.
func TestBandIndexRunsWrapAround(t *testing.T) {
	x := newBandIndex(1 << 20)
	n := len(x.slots)
	var keys []uint64
	for k := uint64(1); len(keys) < 300; k++ {
		if x.home(tagOf(k)) >= n-8 {
			keys = append(keys, k)
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	for i, k := range keys {
		x.add(uint32(i+1), []uint64{k}, nil)
	}
	if x.used != len(keys) || len(x.slots) != n {
		t.Fatalf("%d entries in %d slots, want %d in %d", x.used, len(x.slots), len(keys), n)
	}
	for i := range n {
		e, prev := x.slots[i], x.slots[(i+n-1)%n]
		if e != 0 && prev != 0 && x.dist(e, i) > x.dist(prev, (i+n-1)%n)+1 {
			t.Fatalf("slot %d: distance %d after %d: not Robin Hood order", i, x.dist(e, i), x.dist(prev, (i+n-1)%n))
		}
	}
	for i, k := range keys {
		if got := x.lookup(k, nil); !slices.Contains(got, uint32(i+1)) {
			t.Fatalf("story %d not found under its key: %v", i+1, got)
		}
	}
}

// TestBandIndexReplaceIsRemoveThenAdd feeds two indexes the same stories
// and fingerprint changes: one re-indexes a changed story with replace,
// the other with remove and then add, as before replace. Keys are few
// (tags fill up and drop their oldest stories), the window small (sweeps)
// and the new keys mostly the old ones, as a near-duplicate copy's are.
// Every lookup and sketch must agree.
func TestBandIndexReplaceIsRemoveThenAdd(t *testing.T) {
	for _, tc := range []struct {
		name         string
		window, keys int
		space        uint64
	}{
		{"window never full", 10_000, 40, 2_000},
		{"full tags", 10_000, 20, 60},
		{"window full many times over", 300, 8, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, uint64(tc.window)))
			a, b := newBandIndex(tc.window), newBandIndex(tc.window)
			kept := make(map[uint32][]uint64)
			key := func() uint64 { return r.Uint64N(tc.space) | 1<<63 }
			keysLike := func(old []uint64) []uint64 {
				var keys []uint64
				for _, k := range old {
					if r.IntN(10) < 7 {
						keys = append(keys, k)
					}
				}
				for len(keys) < tc.keys {
					keys = append(keys, key())
				}
				return slices.Compact(slices.Sorted(slices.Values(keys)))
			}
			sketch := func(id uint32) *bantin.Sketch {
				if r.IntN(4) == 0 {
					return nil
				}
				sk := new(bantin.Sketch)
				sk[0], sk[1], sk[2] = byte(id), byte(id>>8), byte(r.IntN(256))
				return sk
			}
			for id := uint32(1); id <= 3_000; id++ {
				keys, sk := keysLike(nil), sketch(id)
				a.add(id, keys, sk)
				b.add(id, keys, sk)
				a.floor, b.floor = a.newest, b.newest
				kept[id] = keys
				if r.IntN(3) > 0 { // a new primary copy: the fingerprint changes
					victim := id - uint32(r.IntN(min(int(id), 50)))
					old, next, nsk := kept[victim], keysLike(kept[victim]), sketch(victim)
					if r.IntN(20) == 0 {
						next = nil // the new copy has no fingerprint
					}
					a.replace(victim, old, next, nsk)
					b.remove(victim, old)
					b.add(victim, next, nsk)
					kept[victim] = next
					for _, k := range slices.Concat(old, next) {
						if got, want := a.lookup(k, nil), b.lookup(k, nil); !sameIDs(got, want) {
							t.Fatalf("story %d re-indexed: lookup(%x) = %v, want %v", victim, k, got, want)
						}
					}
					bs, _ := b.sketches.get(victim)
					checkSketch(t, a, victim, bs)
				}
				probe := keysLike(kept[id-uint32(r.IntN(int(id)))])
				if got, want := a.candidates(probe, maxCandidates), b.candidates(probe, maxCandidates); !slices.Equal(got, want) {
					t.Fatalf("after story %d: candidates = %v, want %v", id, got, want)
				}
			}
		})
	}
}

func sameIDs(a, b []uint32) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// BenchmarkReplaceKeys re-indexes a story of a filled index under keys
// that keep 7 in 10 of its old ones, as a new primary copy does: replace
// against remove and then add.
func BenchmarkReplaceKeys(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	keys := func(old []uint64) []uint64 {
		var out []uint64
		for _, k := range old {
			if r.IntN(10) < 7 {
				out = append(out, k)
			}
		}
		for len(out) < 42 {
			out = append(out, r.Uint64())
		}
		return slices.Compact(slices.Sorted(slices.Values(out)))
	}
	for _, how := range []string{"remove+add", "replace"} {
		b.Run(how, func(b *testing.B) {
			x := newBandIndex(DefaultIndexedStories)
			kept := make(map[uint32][]uint64)
			var sk bantin.Sketch
			for id := uint32(1); id <= DefaultIndexedStories; id++ {
				kept[id] = keys(nil)
				x.add(id, kept[id], &sk)
			}
			x.floor = x.newest
			id := uint32(0)
			for b.Loop() {
				id = id%DefaultIndexedStories + 1
				old, next := kept[id], keys(kept[id])
				if how == "replace" {
					x.replace(id, old, next, &sk)
				} else {
					x.remove(id, old)
					x.add(id, next, &sk)
				}
				kept[id] = next
			}
		})
	}
}

// TestReplacePutsBackADroppedKey: a story's entry under a key can be
// missing though the key is its own (a full tag dropped it for newer
// stories); once the tag has room again, re-indexing the story under the
// same key puts the entry back, as remove and add did.
func TestReplacePutsBackADroppedKey(t *testing.T) {
	const shared, a, b = 0x5A, 0xA, 0xB
	x := newBandIndex(1_000)
	x.add(1, []uint64{shared, a}, nil)
	for id := uint32(2); id <= maxPerTag+1; id++ {
		x.add(id, []uint64{shared}, nil)
	}
	if slices.Contains(x.lookup(shared, nil), 1) {
		t.Fatal("story 1 still under the full key; the test needs it dropped")
	}
	for id := uint32(2); id <= maxPerTag+1; id++ {
		x.remove(id, []uint64{shared})
	}
	x.replace(1, []uint64{shared, a}, []uint64{shared, b}, nil)
	if got := x.lookup(shared, nil); !slices.Equal(got, []uint32{1}) {
		t.Errorf("lookup(shared) = %v, want [1]", got)
	}
	if got := x.lookup(a, nil); len(got) != 0 {
		t.Errorf("lookup(a) = %v, want none", got)
	}
	if got := x.lookup(b, nil); !slices.Equal(got, []uint32{1}) {
		t.Errorf("lookup(b) = %v, want [1]", got)
	}
}

// TestTallyHitsIsCountHits: for ids of a window, found under up to 255
// keys, the tally counts as the hash table does.
func TestTallyHitsIsCountHits(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, window := range []int{1, 7, 1000, DefaultIndexedStories} {
		x := newBandIndex(window)
		for range 300 {
			newest := uint32(r.IntN(3*window) + 1)
			cut := x.cut(newest)
			var ids []uint32
			for range r.IntN(60) { // keys
				seen := map[uint32]bool{}
				for range r.IntN(min(window, 50) + 1) {
					id := cut + 1 + uint32(r.IntN(int(newest-cut)))
					if !seen[id] {
						seen[id] = true
						ids = append(ids, id)
					}
				}
			}
			want := slices.Sorted(slices.Values(x.countHits(ids)))
			got := slices.Sorted(slices.Values(x.tallyHits(ids)))
			if !slices.Equal(got, want) {
				t.Fatalf("window %d, ids %v: tally %v, want %v", window, ids, got, want)
			}
		}
		if i := slices.IndexFunc(x.tally, func(c uint8) bool { return c != 0 }); i >= 0 {
			t.Fatalf("window %d: tally left %d at %d", window, x.tally[i], i)
		}
	}
}

// BenchmarkCountHits counts an item's ids as a first pass finds them:
// 42 keys, about 500 ids, most stories under one key, in a window of the
// default size.
func BenchmarkCountHits(b *testing.B) {
	r := rand.New(rand.NewPCG(8, 9))
	x := newBandIndex(DefaultIndexedStories)
	newest := uint32(DefaultIndexedStories + 5_000)
	cut := x.cut(newest)
	samples := make([][]uint32, 64)
	for i := range samples {
		pool := make([]uint32, 400) // the stories an item's keys lead to
		for j := range pool {
			pool[j] = cut + 1 + uint32(r.IntN(DefaultIndexedStories))
		}
		for range 42 {
			seen := map[uint32]bool{}
			for range r.IntN(25) {
				if id := pool[r.IntN(len(pool))]; !seen[id] {
					seen[id] = true
					samples[i] = append(samples[i], id)
				}
			}
		}
	}
	for _, how := range []string{"hash", "tally"} {
		b.Run(how, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if how == "hash" {
					x.countHits(samples[i%len(samples)])
				} else {
					x.tallyHits(samples[i%len(samples)])
				}
			}
		})
	}
}
