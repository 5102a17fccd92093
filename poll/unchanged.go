package poll

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"bantin"
	"bantin/clean"
	"bantin/fetch"
)

// recordedFeeds remembers, by hash, what each source's last recorded fetch
// held. Many portals send their whole feed on every request, with no
// validators or with ones that change each time, and a feed changes by an
// item or two between passes: every pass read, cleaned and fingerprinted
// all fifty items again to find the new one, and the store looked each up
// to learn it had not changed. Now a body the same as last recorded is
// not parsed again, and an item the same as then, in a feed the same in
// what its cleaning reads (clean.ItemContext) and cleaned by the same
// stages, goes no further than the parser: the store already holds what
// it would become.
//
// The one write the store made for an item sent again unchanged now
// waits for the item's next edit: a story's first copy keeps no
// fingerprint of its own until another copy becomes the story's primary,
// and it stored its own at its next fetch (see store's storedItemColumns).
// Matching goes by the story's fingerprint, which is the primary's.
//
// Only a recorded fetch is remembered, so an item the store could not
// record is tried again. The memory lives as long as the Poller and its
// stages (a restart or a reload reads everything once), holds 8 bytes an
// item and is keyed by source URL.
type recordedFeeds struct {
	seed maphash.Seed
	mu   sync.Mutex
	m    map[string]recordedFeed
}

// recordedFeed is what one fetch of a source held.
type recordedFeed struct {
	gen   uint64   // of the stages that cleaned it (a reload may clean differently); 0: none
	body  uint64   // hash of the body as received
	items []uint64 // hashes of its parsed items, sorted
}

func newRecordedFeeds() *recordedFeeds {
	return &recordedFeeds{seed: maphash.MakeSeed(), m: make(map[string]recordedFeed)}
}

// last is what the last recorded fetch of source held, if the stages of
// generation gen cleaned it; else nothing (gen 0, no items).
func (r *recordedFeeds) last(source string, gen uint64) recordedFeed {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f := r.m[source]; f.gen == gen {
		return f
	}
	return recordedFeed{}
}

// sameBody reports whether f holds a body with hash body.
func (f recordedFeed) sameBody(body uint64) bool { return f.gen != 0 && f.body == body }

// forget drops everything remembered.
func (r *recordedFeeds) forget() {
	r.mu.Lock()
	defer r.mu.Unlock()
	clear(r.m)
}

// remember keeps f as what source's store now holds; one whose gen is 0
// (a 304, a failed fetch: nothing new is known) leaves what was there.
func (r *recordedFeeds) remember(source string, f recordedFeed) {
	if f.gen == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[source] = f
}

// bodyHash hashes a response's body with what its items' reading
// depends on besides: the URL it came from (relative links resolve
// against it; a portal that starts redirecting to https sends the same
// bytes) and the type it was declared as.
func (r *recordedFeeds) bodyHash(resp *fetch.Response) uint64 {
	var h maphash.Hash
	h.SetSeed(r.seed)
	hashString(&h, resp.URL)
	hashString(&h, resp.ContentType)
	h.Write(resp.Body)
	return h.Sum64()
}

func (f recordedFeed) has(item uint64) bool {
	_, ok := slices.BinarySearch(f.items, item)
	return ok
}

// feedHash hashes the items of one fetched feed.
type feedHash struct {
	h       maphash.Hash
	context uint64 // what every item's cleaning also reads
}

// newFeedHash hashes what cleaning an item reads besides the item: the
// source, the URL the feed came from and the feed's ItemContext, which
// leaves out what moves on every request (lastBuildDate) and changes no
// item.
func (r *recordedFeeds) newFeedHash(src bantin.Source, feedURL string, feed *gofeed.Feed) *feedHash {
	fh := &feedHash{}
	fh.h.SetSeed(r.seed)
	hashValue(&fh.h, reflect.ValueOf(src), 0)
	hashString(&fh.h, feedURL)
	hashValue(&fh.h, reflect.ValueOf(clean.ItemContext(feed)), 0)
	fh.context = fh.h.Sum64()
	return fh
}

// item hashes every field of it, with the feed's context.
func (fh *feedHash) item(it *gofeed.Item) uint64 {
	fh.h.Reset()
	hashUint(&fh.h, fh.context)
	hashValue(&fh.h, reflect.ValueOf(it), 0)
	return fh.h.Sum64()
}

// unchangedItems splits feed's items into those last (see last) holds,
// which it counts, and the others, which it returns; holds is what the
// store will hold once these are recorded.
func (r *recordedFeeds) unchangedItems(last recordedFeed, gen, body uint64,
	src bantin.Source, feedURL string, feed *gofeed.Feed) (changed []*gofeed.Item, unchanged int, holds recordedFeed) {
	holds = recordedFeed{gen: gen, body: body, items: make([]uint64, 0, len(feed.Items))}
	fh := r.newFeedHash(src, feedURL, feed)
	changed = make([]*gofeed.Item, 0, len(feed.Items))
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		h := fh.item(it)
		holds.items = append(holds.items, h)
		if last.has(h) {
			unchanged++
			continue
		}
		changed = append(changed, it)
	}
	slices.Sort(holds.items)
	return changed, unchanged, holds
}

// maxHashDepth bounds the walk: gofeed's extension elements nest as deep
// as the document did.
const maxHashDepth = 64

var timeType = reflect.TypeFor[time.Time]()

// hashValue writes every field, element and entry reachable from v, so
// that a field gofeed adds later, or one the cleaner starts reading, is
// covered without a change here. Lengths and nil marks keep neighbouring
// values apart; map entries are summed, as their order is random.
func hashValue(h *maphash.Hash, v reflect.Value, depth int) {
	if depth > maxHashDepth {
		h.WriteByte(0xff)
		return
	}
	switch v.Kind() {
	case reflect.String:
		hashString(h, v.String())
	case reflect.Bool:
		if v.Bool() {
			h.WriteByte(1)
		} else {
			h.WriteByte(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		hashUint(h, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		hashUint(h, v.Uint())
	case reflect.Float32, reflect.Float64:
		hashUint(h, math.Float64bits(v.Float()))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.WriteByte(0)
			return
		}
		h.WriteByte(1)
		hashValue(h, v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		hashUint(h, uint64(v.Len()))
		for i := range v.Len() {
			hashValue(h, v.Index(i), depth+1)
		}
	case reflect.Map:
		hashMap(h, v, depth)
	case reflect.Struct:
		if v.Type() == timeType && v.CanInterface() {
			hashTime(h, v.Interface().(time.Time))
			return
		}
		for i := range v.NumField() {
			hashValue(h, v.Field(i), depth+1)
		}
	default: // functions and channels: nothing a parser fills
		h.WriteByte(0xfe)
	}
}

func hashMap(h *maphash.Hash, v reflect.Value, depth int) {
	hashUint(h, uint64(v.Len()))
	var entry maphash.Hash
	entry.SetSeed(h.Seed())
	var sum uint64
	for it := v.MapRange(); it.Next(); {
		entry.Reset()
		hashValue(&entry, it.Key(), depth+1)
		hashValue(&entry, it.Value(), depth+1)
		sum += entry.Sum64()
	}
	hashUint(h, sum)
}

// hashTime writes the instant and the zone it was given in: a date's
// zone decides its day for a portal's day-only dates.
func hashTime(h *maphash.Hash, t time.Time) {
	hashUint(h, uint64(t.Unix()))
	hashUint(h, uint64(t.Nanosecond()))
	name, offset := t.Zone()
	hashString(h, name)
	hashUint(h, uint64(offset))
}

func hashString(h *maphash.Hash, s string) {
	hashUint(h, uint64(len(s)))
	h.WriteString(s)
}

func hashUint(h *maphash.Hash, n uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], n)
	h.Write(b[:])
}
