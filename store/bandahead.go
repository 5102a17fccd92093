package store

import (
	"cmp"
	"slices"
	"sync"

	"bantin"
)

// An item's candidates are searched for before the writer is taken, on
// the cores that prepare a batch while the writer records the one before
// (PrepareFetches): the band index's probes, counting and sketch tests
// were a third of the one writer's time on a 1,700-feed first pass. The
// writer then adds only what changed since the search (bandAhead.merge):
// the stories indexed after it, found in a small index of the newest
// stories, and the stories given new keys, compared one by one. What the
// writer cannot follow (a rolled-back batch, another process's writes, a
// search older than what the small index or the log of new keys holds)
// makes it search again, as before.

// recentStories is how many of the newest stories the small index holds:
// a few batches' worth, so that a search made while the batch before
// was being written is still followed.
const recentStories = 8192

// rekeysKept bounds the log of stories given new keys.
const rekeysKept = 4096

// bandLog is what the writer changes in the band index, kept so that a
// search made before a change can be brought up to date.
type bandLog struct {
	// mu is held by the writer while it changes the index, and by a
	// search ahead of it while it reads.
	mu     sync.RWMutex
	recent *bandIndex // the newest recentStories stories' keys again
	seq    uint64     // stories added to or removed from the index so far
	gen    uint64     // changes the log cannot follow (rollbacks, syncs)
	rekeys []rekey    // keys given to stories not new, oldest first
	// rekeyFrom is the seq of the oldest change the log still holds: a
	// search older than it is not followed.
	rekeyFrom uint64
}

// rekey is a story not new to the index given keys: its fingerprint
// changed, or a rolled-back removal put it back.
type rekey struct {
	seq  uint64
	id   uint32
	keys []uint64
}

func newBandLog() *bandLog {
	return &bandLog{recent: newBandIndex(recentStories)}
}

// added notes that story id was indexed under keys; newest is the
// index's newest id before it.
func (l *bandLog) added(id uint32, keys []uint64, newest uint32) {
	l.seq++
	l.recent.add(id, keys, nil)
	if id <= newest {
		if len(l.rekeys) == rekeysKept {
			l.rekeys = slices.Delete(l.rekeys, 0, rekeysKept/2)
			l.rekeyFrom = l.rekeys[0].seq
		}
		l.rekeys = append(l.rekeys, rekey{seq: l.seq, id: id, keys: keys})
	}
}

// removed notes that story id's keys were taken out.
func (l *bandLog) removed(id uint32, keys []uint64) {
	l.seq++
	l.recent.remove(id, keys)
}

// lost notes a change searches cannot be brought up to date with.
func (l *bandLog) lost() {
	l.gen++
	l.rekeys = l.rekeys[:0]
	l.rekeyFrom = l.seq + 1
}

// bandAhead is an item's candidates as searched before the writer took
// it, and what the index was then.
type bandAhead struct {
	searched bool
	gen, seq uint64
	newest   uint32   // the newest story indexed
	hits     []uint64 // the top candidates, hits<<32 | id, most first
	mayMatch uint64   // bit i: hits[i]'s sketch may match (or it has none)
}

// searchAhead searches x for v's candidates, ahead of the writer, with
// sc's buffers (one per goroutine).
func (x *bandIndex) searchAhead(v *itemValues, sketcher bantin.SketchMatcher, sc *bandScratch) {
	l := x.log
	l.mu.RLock()
	defer l.mu.RUnlock()
	a := bandAhead{searched: true, gen: l.gen, seq: l.seq, newest: x.newest}
	top := x.hitsOf(v.keys, maxCandidates, x.cut(x.newest), sc)
	a.hits = slices.Clone(top)
	for i, h := range a.hits {
		if x.sketchMayMatch(sketcher, v.sketch, uint32(h)) {
			a.mayMatch |= 1 << i
		}
	}
	v.ahead = a
}

// sketchMayMatch reports whether story id may match an item of sketch sk:
// yes when either has no sketch.
func (x *bandIndex) sketchMayMatch(sketcher bantin.SketchMatcher, sk *bantin.Sketch, id uint32) bool {
	if sketcher == nil || sk == nil {
		return true
	}
	other, ok := x.sketches.get(id)
	return !ok || sketcher.MayMatch(sk, other)
}

// followable reports whether the writer can bring a up to date: nothing
// it cannot follow happened since, and the small index and the log still
// hold every change since.
func (x *bandIndex) followable(a *bandAhead) bool {
	l := x.log
	return a.searched && l != nil && a.gen == l.gen && a.seq >= l.rekeyFrom &&
		x.newest-a.newest < recentStories/2
}

// aheadCandidate is a candidate as merge weighs it.
type aheadCandidate struct {
	hits    uint64 // hits<<32 | id
	checked bool   // its sketch was tested ahead
	may     bool   // and may match
}

// merge brings a, searched for an item of keys and sketch sk, up to date
// with what the writer changed since, and returns the candidates as
// candidates and mayMatch would now: stories shared keys with since
// (recent), stories given new keys since (counted again), those that
// left the window dropped. The writer calls it, holding the index.
func (x *bandIndex) merge(a *bandAhead, keys []uint64, sk *bantin.Sketch, sketcher bantin.SketchMatcher) []int64 {
	l := x.log
	cut := x.cut(x.newest)
	cands := make([]aheadCandidate, 0, len(a.hits)+8)
	for i, h := range a.hits {
		if live(uint32(h), cut) {
			cands = append(cands, aheadCandidate{hits: h, checked: true, may: a.mayMatch&(1<<i) != 0})
		}
	}
	cands = x.rekeyed(cands, a, keys, cut)
	for _, h := range l.recent.hitsOf(keys, maxCandidates, a.newest, &x.scratch) {
		cands = append(cands, aheadCandidate{hits: h})
	}
	slices.SortFunc(cands, func(p, q aheadCandidate) int {
		switch {
		case p.hits > q.hits:
			return -1
		case p.hits < q.hits:
			return 1
		}
		return 0
	})
	cands = cands[:min(len(cands), maxCandidates)]
	out := make([]int64, 0, len(cands))
	for _, c := range cands {
		id := uint32(c.hits)
		if c.checked && c.may || !c.checked && x.sketchMayMatch(sketcher, sk, id) {
			out = append(out, int64(id))
		}
	}
	return out
}

// rekeyed recounts the keys shared with the stories that were given new
// keys since a was searched: their count in cands is the old keys'.
func (x *bandIndex) rekeyed(cands []aheadCandidate, a *bandAhead, keys []uint64, cut uint32) []aheadCandidate {
	rekeys := x.log.rekeys
	from, _ := slices.BinarySearchFunc(rekeys, a.seq+1, func(r rekey, seq uint64) int { return cmp.Compare(r.seq, seq) })
	for _, r := range rekeys[from:] {
		if r.id > a.newest || !live(r.id, cut) {
			continue
		}
		n := uint64(sharedKeys(keys, r.keys))
		cands = slices.DeleteFunc(cands, func(c aheadCandidate) bool { return uint32(c.hits) == r.id })
		if n > 0 {
			cands = append(cands, aheadCandidate{hits: n<<32 | uint64(r.id)})
		}
	}
	return cands
}

// sharedKeys counts the keys in both a and b, each sorted and without
// repeats (storyBands).
func sharedKeys(a, b []uint64) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			n++
			a, b = a[1:], b[1:]
		}
	}
	return n
}
