package store

import (
	"math/rand/v2"
	"testing"

	"bantin"
)

func TestOffHeap(t *testing.T) {
	for _, tc := range []struct {
		n          int
		wantMapped bool
	}{
		{minSlots, false},
		{offHeapMin/8 - 1, false},
		{offHeapMin / 8, offHeapMaps},
		{3*offHeapMin/8 + 5, offHeapMaps}, // not a whole number of pages
	} {
		slots := offHeap[uint64](tc.n)
		if mapped := slots != nil; mapped != tc.wantMapped {
			t.Fatalf("offHeap(%d): mapped %v, want %v", tc.n, mapped, tc.wantMapped)
		}
		if slots == nil {
			continue
		}
		if len(slots) != tc.n {
			t.Fatalf("offHeap(%d): %d slots", tc.n, len(slots))
		}
		for i, v := range slots {
			if v != 0 {
				t.Fatalf("offHeap(%d): slot %d is %x, not zero", tc.n, i, v)
			}
		}
		slots[0], slots[tc.n-1] = 1, 2 // writable to its last slot
		freeOffHeap(slots)
	}
}

// A table that grows past offHeapMin moves off the heap and finds every
// story it found on the heap; release hands it back.
func TestBandIndexOffHeap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0))
	x := newBandIndex(10_000)
	kept := make(map[uint32][]uint64)
	for id := uint32(1); id <= 5_000; id++ {
		keys := make([]uint64, 42)
		for i := range keys {
			keys[i] = r.Uint64() >> 1
		}
		x.add(id, keys, nil)
		x.floor = x.newest
		kept[id] = keys
	}
	if 8*len(x.slots) < offHeapMin || x.mapped != offHeapMaps {
		t.Fatalf("%d slots, mapped %v: want a table of %d bytes or more, mapped %v", len(x.slots), x.mapped, offHeapMin, offHeapMaps)
	}
	for id, keys := range kept {
		// Another story may come second: two keys share a 32-bit tag
		// once in 2^32 (bandIndex).
		if got := x.candidates(keys, maxCandidates); len(got) == 0 || got[0] != int64(id) {
			t.Fatalf("story %d's own keys found %v", id, got)
		}
	}
	x.release()
	if x.mapped || len(x.slots) != minSlots || x.used != 0 {
		t.Fatalf("after release: %d slots, %d used, mapped %v", len(x.slots), x.used, x.mapped)
	}
	if got := x.candidates(kept[1], maxCandidates); len(got) != 0 {
		t.Errorf("after release, story 1 is still found: %v", got)
	}
}

// A ring big enough to be mapped keeps every sketch set, up to its last,
// partial, chunk; after release it holds none.
func TestSketchRingOffHeap(t *testing.T) {
	const window = 3*sketchChunk*10 + 7 // over offHeapMin, ends in a partial chunk
	r := newSketchRing(window)
	if (r.mapped != nil) != offHeapMaps {
		t.Fatalf("ring of %d: mapped %v, want %v", window, r.mapped != nil, offHeapMaps)
	}
	mark := func(id uint32) byte { return byte(id%251 + 1) }
	ids := []uint32{1, sketchChunk - 1, sketchChunk, window - 1, window + 2}
	for _, id := range ids {
		sk := new(bantin.Sketch)
		sk[0], sk[len(sk)-1] = mark(id), mark(id)
		r.set(id, sk)
	}
	for _, id := range ids {
		sk, ok := r.get(id)
		if !ok || sk[0] != mark(id) || sk[len(sk)-1] != mark(id) {
			t.Errorf("sketch of %d: %v, %v", id, ok, sk)
		}
	}
	r.release()
	if _, ok := r.get(sketchChunk); ok || r.mapped != nil {
		t.Error("after release, the ring still holds a sketch")
	}
}
