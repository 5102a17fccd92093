package store

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMergeAgreesWithASearchNow: candidates searched ahead of the writer
// and brought up to date after the writer added stories and gave others
// new keys are the candidates a search made then finds, in the same
// order, while no key holds more stories than a search keeps.
func TestMergeAgreesWithASearchNow(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := newBandIndex(2000)
	x.log = newBandLog()
	keysOf := func() []uint64 {
		// From a small set, so that stories share keys; sorted, once each.
		var ks []uint64
		for range 6 {
			ks = append(ks, uint64(rng.IntN(3000)))
		}
		slices.Sort(ks)
		return slices.Compact(ks)
	}
	stored := map[int64][]uint64{}
	next := int64(1)
	var sc bandScratch
	followed := 0
	for round := range 200 {
		items := make([]itemValues, 10)
		for i := range items {
			items[i].keys = keysOf()
			x.searchAhead(&items[i], nil, &sc)
		}
		w := newBandWriter(x)
		for range 1 + rng.IntN(30) {
			if rng.IntN(4) == 0 && next > 1 {
				id := 1 + rng.Int64N(next-1)
				ks := keysOf()
				w.remove(id, stored[id])
				w.add(id, ks, nil)
				stored[id] = ks
				continue
			}
			ks := keysOf()
			w.add(next, ks, nil)
			stored[next] = ks
			next++
		}
		w.commit()
		for i := range items {
			v := &items[i]
			want := x.candidates(v.keys, maxCandidates)
			if !x.followable(&v.ahead) {
				continue
			}
			followed++
			if got := x.merge(&v.ahead, v.keys, nil, nil); !slices.Equal(got, want) {
				t.Fatalf("round %d item %d: merged %v, searched now %v", round, i, got, want)
			}
		}
	}
	if followed < 1000 {
		t.Errorf("only %d searches were followed", followed)
	}
}

// TestRollbackIsNotFollowed: a search made before a batch that rolled back
// is made again, since the rolled-back stories' ids are given again.
func TestRollbackIsNotFollowed(t *testing.T) {
	x := newBandIndex(100)
	x.log = newBandLog()
	v := itemValues{keys: []uint64{1, 2, 3}}
	var sc bandScratch
	x.searchAhead(&v, nil, &sc)
	w := newBandWriter(x)
	w.add(1, []uint64{1, 2}, nil)
	if !x.followable(&v.ahead) {
		t.Fatal("a search before an add is not followed")
	}
	w.rollback()
	if x.followable(&v.ahead) {
		t.Fatal("a search before a rolled-back batch is followed")
	}
}
