package store

import (
	"unsafe"

	"bantin"
)

// sketchRing holds the Matcher's sketch of every indexed story's
// fingerprint (bantin.SketchMatcher), so that candidates whose sketch
// rules them out are passed over without reading their fingerprints:
// on a first pass most of an item's fifty candidates share a key by
// chance, and reading their fingerprints from SQLite was a quarter of
// the CPU. A story's slot is its id modulo the window (the index's stories
// are the newest window ids, so they never share a slot) and keeps the id,
// so that a story that left the window, or never had a sketch, has none:
// its fingerprint is read as before. 104 bytes a story, a chunk at a time
// as stories come: from one mapping of the whole ring, outside the Go
// heap, whose pages take memory only once written (offheap.go), or else
// allocated chunk by chunk.
type sketchRing struct {
	size   uint32
	chunks [][]sketchSlot
	mapped []sketchSlot // the chunks' memory, if mapped
}

type sketchSlot struct {
	id     uint32 // 0: empty
	sketch bantin.Sketch
}

const sketchChunk = 1024

func newSketchRing(window uint32) *sketchRing {
	return &sketchRing{size: window, chunks: make([][]sketchSlot, (window+sketchChunk-1)/sketchChunk),
		mapped: offHeap[sketchSlot](int(window))}
}

// release hands back the ring's mapping; the ring is empty after it.
func (r *sketchRing) release() {
	if r.mapped != nil {
		freeOffHeap(r.mapped)
	}
	r.mapped = nil
	clear(r.chunks)
}

func (r *sketchRing) slot(id uint32, grow bool) *sketchSlot {
	i := id % r.size
	c := &r.chunks[i/sketchChunk]
	if *c == nil {
		if !grow {
			return nil
		}
		if r.mapped != nil {
			start := i / sketchChunk * sketchChunk
			*c = r.mapped[start:min(start+sketchChunk, r.size)]
		} else {
			*c = make([]sketchSlot, sketchChunk)
		}
	}
	return &(*c)[i%sketchChunk]
}

// set gives story id the sketch sk; nil takes its sketch away.
func (r *sketchRing) set(id uint32, sk *bantin.Sketch) {
	if sk == nil {
		r.clear(id)
		return
	}
	s := r.slot(id, true)
	s.id, s.sketch = id, *sk
}

func (r *sketchRing) clear(id uint32) {
	if s := r.slot(id, false); s != nil && s.id == id {
		s.id = 0
	}
}

// get returns story id's sketch, if it has one: the pointer is valid until
// the ring next changes.
func (r *sketchRing) get(id uint32) (*bantin.Sketch, bool) {
	s := r.slot(id, false)
	if s == nil || s.id != id {
		return nil, false
	}
	return &s.sketch, true
}

// touch reads the slots of ids before any is compared, both cache lines
// of each: the loads do not depend on one another, so the CPU has them
// in flight at once instead of missing once per candidate, one after
// the other (BenchmarkSketchFilter). It returns a sum so that the loads
// are not dropped.
func (r *sketchRing) touch(ids []int64) uint64 {
	var sum uint64
	for _, id := range ids {
		i := uint32(id) % r.size
		if c := r.chunks[i/sketchChunk]; c != nil {
			s := &c[i%sketchChunk]
			sum += uint64(s.id) + uint64(s.sketch[len(s.sketch)-1])
		}
	}
	return sum
}

// saved returns a copy of story id's sketch, or nil, for a journal.
func (r *sketchRing) saved(id uint32) *bantin.Sketch {
	sk, ok := r.get(id)
	if !ok {
		return nil
	}
	c := *sk
	return &c
}

// bytes is the memory the ring holds.
func (r *sketchRing) bytes() int {
	n := 0
	for _, c := range r.chunks {
		n += len(c) * int(unsafe.Sizeof(sketchSlot{}))
	}
	return n
}
