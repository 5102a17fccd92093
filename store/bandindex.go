package store

import (
	"cmp"
	"math"
	"slices"

	"bantin"
)

// bandIndex finds the stories that share LSH band keys with an item: the
// Matcher's candidates. It lives in memory and holds only the newest
// stories, those whose id is within window of the newest id it was told
// of: a cross-post comes within days, and the window bounds memory however
// long the history (the SQLite table it replaced held 42 random-key rows
// per story forever, and made every insert and lookup a page read).
//
// It is one Robin Hood hash table of uint64 entries: the high 32 bits a
// hash of the band key (the tag), the low 32 bits the story id; 0 is an
// empty slot. An entry's home slot is its tag scaled to the table, so
// every entry of one tag sits in one run, and a lookup stops as soon as
// the entries it passes are closer to their home than it is to its own.
// Two keys share a tag once in 2^32: the stray candidate that gives is
// compared by the Matcher like any other.
//
// Stories that fall out of the window are not removed one by one (that
// would need their keys): their entries are skipped by lookups and swept
// out when the table fills, in one pass. The table grows only when what
// is live does not fit, and is sized for the full window once it nears
// it, so it settles at 8·keys/fullLoad bytes per indexed story: 442 at
// dedup's 42 keys, 546 with the sketch (BenchmarkBandIndex).
//
// It is not safe for concurrent use: the Store's single writer owns it.
type bandIndex struct {
	slots  []uint64
	mapped bool   // slots is mapped outside the Go heap (offheap.go)
	used   int    // non-empty slots, live or not
	window uint32 // stories indexed: ids > newest-window
	newest uint32 // the largest story id added
	first  uint32 // the smallest story id ever added
	// floor is the newest id committed: sweeps drop only what is out of
	// the window by it, so a rolled-back batch cannot have evicted stories
	// that its undo puts back in the window.
	floor uint32
	// sketches of the indexed stories' fingerprints, by id.
	sketches *sketchRing
	// candidates' buffers, reused from item to item.
	scratch []uint32
	counts  []uint64 // countHits' table, all zero between calls
	tally   []uint8  // tallyHits' counts by id modulo the window, likewise
	// tallyHits' distinct ids
	scratchIDs []uint32
	hits       []uint64
	multi      []uint64 // shared's
	top        []uint64
	sink       uint64 // touch's loads go here, so that they are not dropped
}

// Load factors: a full table is swept at sweepLoad; if what is live still
// fills more than growLoad of it, it grows to newLoad (or, near the full
// window, to fullLoad: see grown).
const (
	sweepLoad = 0.87
	growLoad  = 0.80
	newLoad   = 0.62
	minSlots  = 1 << 10
)

func newBandIndex(window int) *bandIndex {
	w := uint32(min(max(window, 1), 1<<31))
	return &bandIndex{window: w, slots: make([]uint64, minSlots), sketches: newSketchRing(w)}
}

// tagOf is the 32-bit hash of a band key kept in an entry.
func tagOf(key uint64) uint32 { return uint32(mix64(key) >> 32) }

// mix64 is splitmix64's finalizer: every bit of x moves about half of
// the result's bits.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func (x *bandIndex) home(tag uint32) int {
	return int(uint64(tag) * uint64(len(x.slots)) >> 32)
}

// dist is how far the entry e at slot i sits from its home slot.
func (x *bandIndex) dist(e uint64, i int) int {
	d := i - x.home(uint32(e>>32))
	if d < 0 {
		d += len(x.slots)
	}
	return d
}

// live reports whether story id is within the window of cut.
func live(id, cut uint32) bool { return id > cut }

// cut is the id at and below which stories are out of the window.
func (x *bandIndex) cut(newest uint32) uint32 {
	if newest <= x.window {
		return 0
	}
	return newest - x.window
}

// add indexes story id under keys, with sketch sk of its fingerprint (nil:
// none). A key already there for the story is not added twice.
func (x *bandIndex) add(id uint32, keys []uint64, sk *bantin.Sketch) {
	if id == 0 {
		return
	}
	if len(keys) == 0 {
		sk = nil // never a candidate: no sketch to keep
	}
	x.sketches.set(id, sk)
	x.newest = max(x.newest, id)
	if x.first == 0 || id < x.first {
		x.first = id
	}
	x.touch(keys)
	for _, k := range keys {
		if float64(x.used+1) > sweepLoad*float64(len(x.slots)) {
			x.makeRoom()
		}
		x.insert(uint64(tagOf(k))<<32 | uint64(id))
	}
}

// insert adds entry e in one walk from its home slot: up to where Robin
// Hood order puts e, the walk passes every entry of e's tag (they share
// its home), so it knows whether the tag already has maxPerTag entries.
// If it does, e takes the slot of the oldest of them if it is newer (the
// swap keeps the table's order), or is dropped; else it goes in there,
// shifting what follows. (Counting first and inserting in a second walk
// was a third of adding a story.)
func (x *bandIndex) insert(e uint64) {
	tag := uint32(e >> 32)
	n := len(x.slots)
	i, d := x.home(tag), 0
	count, oldest := 0, -1
	for {
		cur := x.slots[i]
		if cur == e {
			return
		}
		if cur == 0 || x.dist(cur, i) < d {
			break
		}
		if uint32(cur>>32) == tag {
			count++
			if oldest < 0 || uint32(cur) < uint32(x.slots[oldest]) {
				oldest = i
			}
		}
		if i++; i == n {
			i = 0
		}
		d++
	}
	if count >= maxPerTag {
		if uint32(e) > uint32(x.slots[oldest]) {
			x.slots[oldest] = e
		}
		return
	}
	x.shiftIn(i, e)
}

// shiftIn puts e at slot i and moves the entries from i up to the next
// empty slot one slot on. A Robin Hood table keeps each run of slots in
// the order of the entries' home slots, and i is where e's home puts it,
// so moving the rest of the run keeps that order: a memmove, instead of
// a distance and a swap for every slot (at the loads the table runs at,
// the empty slot can be tens of slots away; that walk was two thirds of
// adding a story).
func (x *bandIndex) shiftIn(i int, e uint64) {
	n := len(x.slots)
	j := i
	for x.slots[j] != 0 {
		if j++; j == n {
			j = 0
		}
	}
	if j >= i {
		copy(x.slots[i+1:j+1], x.slots[i:j])
	} else { // the run wraps past the table's end
		last := x.slots[n-1]
		copy(x.slots[1:j+1], x.slots[:j])
		x.slots[0] = last
		copy(x.slots[i+1:], x.slots[i:n-1])
	}
	x.slots[i] = e
	x.used++
}

// maxPerTag bounds the entries of one tag: candidates takes at most the
// newest maxCandidates stories of a key, and a key that thousands of
// stories share (a portal's boilerplate paragraph) made a run of thousands
// of slots that every insert and lookup of it walked: 40% of a 1,700-feed
// first pass's CPU.
const maxPerTag = maxCandidates

// replace re-indexes story id from under old keys to under new ones,
// with sk the sketch of its new fingerprint, leaving the index as
// remove(id, old) and then add(id, new, sk) would. A story's new primary
// copy is a near-duplicate of the old one and shares most of its keys:
// those stay where they are, unless the entry is missing (a full tag
// dropped it), which add would have tried to put back.
func (x *bandIndex) replace(id uint32, old, new []uint64, sk *bantin.Sketch) {
	if len(new) == 0 {
		sk = nil // as add: never a candidate, so no sketch to keep
	}
	gone, kept, added := keyDiff(old, new)
	for _, k := range gone {
		if i, ok := x.find(uint64(tagOf(k))<<32 | uint64(id)); ok {
			x.deleteAt(i)
		}
	}
	x.sketches.set(id, sk)
	x.newest = max(x.newest, id)
	if x.first == 0 || id < x.first {
		x.first = id
	}
	for _, k := range kept {
		if _, ok := x.find(uint64(tagOf(k))<<32 | uint64(id)); !ok {
			added = append(added, k)
		}
	}
	x.touch(added)
	for _, k := range added {
		if float64(x.used+1) > sweepLoad*float64(len(x.slots)) {
			x.makeRoom()
		}
		x.insert(uint64(tagOf(k))<<32 | uint64(id))
	}
}

// keyDiff splits the keys of old and new into those of old alone, of
// both and of new alone, each sorted and once; added has room for kept.
func keyDiff(old, new []uint64) (gone, kept, added []uint64) {
	a, b := sortedKeys(old), sortedKeys(new)
	n := len(a)
	buf := make([]uint64, 3*n+len(b))
	gone, kept, added = buf[:0:n], buf[n:n:2*n], buf[2*n:2*n]
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			gone, a = append(gone, a[0]), a[1:]
		case a[0] > b[0]:
			added, b = append(added, b[0]), b[1:]
		default:
			kept, a, b = append(kept, a[0]), a[1:], b[1:]
		}
	}
	return append(gone, a...), kept, append(added, b...)
}

// sortedKeys returns keys sorted and each once: keys itself if it is
// (band keys are stored so), else a sorted copy.
func sortedKeys(keys []uint64) []uint64 {
	for i := 1; i < len(keys); i++ {
		if keys[i] <= keys[i-1] {
			return slices.Compact(slices.Sorted(slices.Values(keys)))
		}
	}
	return keys
}

// remove takes story id out from under keys, and its sketch away.
func (x *bandIndex) remove(id uint32, keys []uint64) {
	x.sketches.clear(id)
	for _, k := range keys {
		e := uint64(tagOf(k))<<32 | uint64(id)
		if i, ok := x.find(e); ok {
			x.deleteAt(i)
		}
	}
}

func (x *bandIndex) find(e uint64) (int, bool) {
	n := len(x.slots)
	i, d := x.home(uint32(e>>32)), 0
	for {
		cur := x.slots[i]
		if cur == e {
			return i, true
		}
		if cur == 0 || x.dist(cur, i) < d {
			return 0, false
		}
		if i++; i == n {
			i = 0
		}
		d++
	}
}

// deleteAt empties slot i and shifts the rest of its run back by one, as
// Robin Hood hashing does instead of leaving tombstones.
func (x *bandIndex) deleteAt(i int) {
	n := len(x.slots)
	for {
		next := i + 1
		if next == n {
			next = 0
		}
		e := x.slots[next]
		if e == 0 || x.dist(e, next) == 0 {
			break
		}
		x.slots[i] = e
		i = next
	}
	x.slots[i] = 0
	x.used--
}

// touch reads the home slot of every key before any is probed: the
// loads do not depend on one another, so the CPU has many cache misses in
// flight at once instead of one per probe (the table is tens of MB, and
// every key's slot is a miss).
func (x *bandIndex) touch(keys []uint64) {
	var sum uint64
	for _, k := range keys {
		sum += x.slots[x.home(tagOf(k))]
	}
	x.sink = sum
}

// lookup appends to ids the stories in the window indexed under key.
func (x *bandIndex) lookup(key uint64, ids []uint32) []uint32 {
	tag := tagOf(key)
	cut := x.cut(x.newest)
	n := len(x.slots)
	i, d := x.home(tag), 0
	for {
		e := x.slots[i]
		if e == 0 {
			return ids
		}
		if uint32(e>>32) == tag {
			if id := uint32(e); live(id, cut) {
				ids = append(ids, id)
			}
		} else if x.dist(e, i) < d {
			return ids
		}
		if i++; i == n {
			i = 0
		}
		d++
	}
}

// makeRoom sweeps out the stories that left the window and, if what is
// left still fills the table, grows it.
func (x *bandIndex) makeRoom() {
	x.sweep(x.cut(min(x.newest, x.floor)))
	if float64(x.used) > growLoad*float64(len(x.slots)) {
		x.resize(x.grown())
	}
}

// fullLoad is the load a table is sized for when it is meant to hold the
// whole window: low enough under growLoad that sweeps, not growth, keep
// it at that size.
const fullLoad = 0.76

// grown is the size to grow to. While the window fills up, the table
// grows by about a third at a time, until the size the full window needs
// (estimated from how many entries the stories indexed so far have) is
// near: then it goes straight there, so that the table settles at
// fullLoad rather than wherever the last step of growth happened to land.
func (x *bandIndex) grown() int {
	used := float64(x.used)
	next := used / newLoad
	// The ids the live entries come from: a store opened with its
	// history indexes from the window's floor, a new one from its first.
	span := float64(x.newest - max(x.first-1, x.cut(x.newest)))
	if span > 0 {
		full := used * float64(x.window) / span / fullLoad
		if full < 1.5*next {
			next = max(full, 1.1*used/growLoad)
		}
	}
	return int(next) + 1
}

// sweep deletes every entry of a story at or below cut, in one pass: a
// deletion shifts the following entries back, so the slot is looked at
// again before moving on.
func (x *bandIndex) sweep(cut uint32) {
	if cut == 0 {
		return
	}
	for i := 0; i < len(x.slots); {
		if e := x.slots[i]; e != 0 && !live(uint32(e), cut) {
			x.deleteAt(i)
			continue
		}
		i++
	}
}

func (x *bandIndex) resize(n int) {
	old, oldMapped := x.slots, x.mapped
	n = max(n, minSlots)
	x.slots = offHeap[uint64](n)
	x.mapped = x.slots != nil
	if !x.mapped {
		x.slots = make([]uint64, n)
	}
	x.used = 0
	for _, e := range old {
		if e != 0 {
			x.insert(e)
		}
	}
	if oldMapped {
		freeOffHeap(old)
	}
}

// release hands back the table's memory; the index is empty after it.
// The Store calls it once it is closed: a mapped table is not the
// collector's to free.
func (x *bandIndex) release() {
	if x.mapped {
		freeOffHeap(x.slots)
	}
	x.slots, x.mapped, x.used = make([]uint64, minSlots), false, 0
	x.sketches.release()
}

// bytes is the memory the table and the sketches hold.
func (x *bandIndex) bytes() int { return 8*len(x.slots) + x.sketches.bytes() }

// candidates returns at most limit stories of the window that share band
// keys with keys (each key once): those sharing the most first, then the
// newest. Each key contributes at most its limit newest stories, so that
// a key shared by thousands of template stories costs no more than any
// other.
func (x *bandIndex) candidates(keys []uint64, limit int) []int64 {
	x.touch(keys)
	all := x.scratch[:0]
	for _, k := range keys {
		from := len(all)
		all = x.lookup(k, all)
		if len(all)-from > limit {
			slices.SortFunc(all[from:], func(a, b uint32) int { return cmp.Compare(b, a) })
			all = all[:from+limit]
		}
	}
	x.scratch = all
	if len(all) == 0 {
		return nil
	}
	// Count each story's keys in a reused open-addressing table, then
	// keep the limit largest (keys, id) pairs, packed in a uint64, in a
	// bounded heap: sorting every id and then the hits with a comparison
	// function, then sorting all the hits, were most of this.
	var hits []uint64
	if x.window <= maxTally && len(keys) <= math.MaxUint8 {
		hits = x.tallyHits(all)
	} else {
		hits = x.countHits(all)
	}
	top := topHits(x.shared(hits, limit), limit, x.top[:0])
	x.top = top
	out := make([]int64, len(top))
	for i, h := range top {
		out[i] = int64(uint32(h))
	}
	return out
}

// shared returns the hits of stories that share more than one key, if
// there are at least limit of them: the limit largest are among them, and
// most stories share one key (on a first pass, 72 of an item's 508).
// Else it returns hits.
func (x *bandIndex) shared(hits []uint64, limit int) []uint64 {
	multi := x.multi[:0]
	for _, h := range hits {
		if h >= 2<<32 {
			multi = append(multi, h)
		}
	}
	x.multi = multi
	if len(multi) >= limit {
		return multi
	}
	return hits
}

// topHits appends to dst the limit largest of hits, largest first,
// reordering hits. It selects them in place (quickselect) and sorts only
// those: a bounded heap, which most hits pass with one comparison, spent
// its time sifting the many that did not (BenchmarkTopHits: 4.1–4.9 µs
// against 2.7–3.5 µs for 300 to 700 hits).
func topHits(hits []uint64, limit int, dst []uint64) []uint64 {
	if limit <= 0 {
		return dst
	}
	if len(hits) > limit {
		selectLargest(hits, limit)
		hits = hits[:limit]
	}
	start := len(dst)
	dst = append(dst, hits...)
	slices.Sort(dst[start:])
	slices.Reverse(dst[start:])
	return dst
}

// selectLargest reorders h so that its first k (0 < k < len(h)) are its
// k largest: Hoare's partition around a median of three, largest first,
// into the side that holds the k-th.
func selectLargest(h []uint64, k int) {
	lo, hi := 0, len(h)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if h[mid] > h[lo] {
			h[mid], h[lo] = h[lo], h[mid]
		}
		if h[hi] > h[lo] {
			h[hi], h[lo] = h[lo], h[hi]
		}
		if h[hi] > h[mid] {
			h[hi], h[mid] = h[mid], h[hi]
		}
		p := h[mid]
		i, j := lo, hi
		for i <= j {
			for h[i] > p {
				i++
			}
			for h[j] < p {
				j--
			}
			if i <= j {
				h[i], h[j] = h[j], h[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return // between j and i: every slot there holds the pivot
		}
	}
}

// maxTally is the largest window tallyHits counts in: a byte a story of
// the window, a MiB at most.
const maxTally = 1 << 20

// tallyHits is countHits for a window of at most maxTally stories and
// ids from at most 255 keys: the ids a search finds are all in the
// window, so that each has a counter of its own at its id modulo the
// window, in an array that stays in the cache (150 KB at the default
// window), where countHits' hash table probed, compared and then swept a
// table twice the ids' size: the count was over a third of a search
// (1.04 of 2.44 s in a first pass's profile; BenchmarkCountHits).
func (x *bandIndex) tallyHits(ids []uint32) []uint64 {
	if len(x.tally) == 0 {
		x.tally = make([]uint8, max(x.window, 1))
	}
	w := uint32(len(x.tally))
	distinct := x.scratchIDs[:0]
	for _, id := range ids {
		c := &x.tally[id%w]
		if *c == 0 {
			distinct = append(distinct, id)
		}
		*c++
	}
	x.scratchIDs = distinct
	hits := x.hits[:0]
	for _, id := range distinct {
		c := &x.tally[id%w]
		hits = append(hits, uint64(*c)<<32|uint64(id))
		*c = 0
	}
	x.hits = hits
	return hits
}

// countHits returns, for each distinct id of ids, its count in the high
// 32 bits and the id in the low, in x.hits (reused).
func (x *bandIndex) countHits(ids []uint32) []uint64 {
	bits := 4
	for 1<<bits < 2*len(ids) {
		bits++
	}
	if len(x.counts) < 1<<bits {
		x.counts = make([]uint64, 1<<bits)
	}
	table, mask := x.counts[:1<<bits], uint32(1<<bits-1)
	for _, id := range ids {
		i := id * 0x9E3779B1 >> (32 - bits)
		for {
			e := table[i]
			if e == 0 {
				table[i] = uint64(id)<<32 | 1
				break
			}
			if uint32(e>>32) == id {
				table[i]++
				break
			}
			i = (i + 1) & mask
		}
	}
	hits := x.hits[:0]
	for i, e := range table {
		if e != 0 {
			hits = append(hits, e<<32|e>>32)
			table[i] = 0
		}
	}
	x.hits = hits
	return hits
}
