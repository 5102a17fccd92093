package publish

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// defaultCacheBytes bounds the renderings kept in memory. Every rendering
// is kept gzipped, and a unit's feed of 50 stories (about 100 KB of XML)
// gzips to 17–18 KB, held in 18 KiB, 18.75 KiB with what the cache
// spends on its entry: the 4,000 feeds of a national deployment take
// 73 MiB, which 64 MiB cannot hold (and a reader cycling over more feeds
// than an LRU cache holds never finds one). 96 MiB holds them in the five
// sixths kept for gzip (80 MiB), with a sixth (16 MiB, about 160 feeds)
// for the plain bytes of the most asked ones. A province of 1,700 units
// takes 31 MiB of gzip.
const defaultCacheBytes = 96 << 20

// plainShare is the part of the cache (1/plainShare) that plain bytes may
// take; the rest is for gzip. The two budgets are separate, so that
// keeping plain bytes never costs another feed its rendering, and a
// reader cycling over every feed never evicts the plain bytes of hot
// ones (see plainRoom).
const plainShare = 6

// gzipLevel is the compression of every rendering, chosen by
// BenchmarkCompressFeed on a 97 KB unit feed: level 4 compresses it in
// about 1 ms to 17.5 KB, level 6 (the default) in 1.8 ms to 17.0 KB (both
// held in the same 18 KiB allocation size class), level 3 in 0.7 ms to
// 18.7 KB, level 1 in 0.45 ms but to 22 KB (held in 24 KiB: 96 MiB for the
// nation's gzip alone). Decompressing level 4 takes 0.17 ms, the fastest.
const gzipLevel = 4

// entryOverhead is what the cache spends on an entry beside the bytes of
// its rendering: the rendering's struct and header values, the entry,
// its list element and its map slot. It is counted so that the bound is
// on memory held, which BenchmarkCacheCycle compares with the heap.
const entryOverhead = 768

// rendered is one document as served: its plain bytes, their gzip, and
// the validators of each. The header values are built once here, so that
// serving it from the cache allocates nothing for them.
//
// A rendering never changes once made; readers may hold it while the
// cache replaces it. A rendering held compressed only is a copy without
// the plain bytes (compressedOnly), and one whose plain bytes come back a
// copy with them (withPlain).
//
// Every rendering is gzipped when made, once, since the cache keeps the
// gzip of every feed: about 1 ms beside the 2.5 ms of querying and
// rendering a unit's feed. (Gzip made on a client's first asking would
// spare that for renderings replaced before any gzip client asks, as a
// province's during a pass; but a rendering must be compressed before
// its plain bytes can go, and a reader cycling over every feed makes
// that every rendering.)
type rendered struct {
	body         []byte // the plain bytes; nil when held compressed only
	plainLen     int    // len of the plain bytes, held or not
	modTime      time.Time
	plain        variant // its body is body
	lastModified []string
	gzETag       string // gz.etag
	gz           variant
}

// variant is one encoding of a rendering with its header values; every
// slice has len == cap, so a handler appending to one copies it.
type variant struct {
	body          []byte
	etag          string
	etagHeader    []string
	contentLength []string
}

func newVariant(body []byte, n int, etag string) variant {
	return variant{
		body:          body,
		etag:          etag,
		etagHeader:    []string{etag},
		contentLength: []string{strconv.Itoa(n)},
	}
}

// size is what the rendering holds: the capacity of its byte slices (what
// was allocated for them) and the cache's overhead for an entry.
func (r *rendered) size() int { return cap(r.body) + cap(r.gz.body) + entryOverhead }

// compressedOnly is r without its plain bytes.
func (r *rendered) compressedOnly() *rendered {
	c := *r
	c.body, c.plain.body = nil, nil
	return &c
}

// withPlain is r with its plain bytes, body.
func (r *rendered) withPlain(body []byte) *rendered {
	c := *r
	c.body, c.plain.body = body, body
	return &c
}

// gzipCodec compresses renderings and decompresses those held compressed
// only, reusing compressors, decompressors and buffers: a gzip compressor
// at level 4 is about 800 KB of tables, which allocated per rendering
// would be most of a rendering's garbage.
type gzipCodec struct {
	writers sync.Pool // of *gzipWriter
	readers sync.Pool // of *gzipReader
	buffers sync.Pool // of *[]byte, plain bytes of one response
}

type gzipWriter struct {
	buf bytes.Buffer
	zw  *gzip.Writer
}

type gzipReader struct {
	src bytes.Reader
	zr  gzip.Reader
	one [1]byte
}

// newRendered makes the rendering of body, last changed at modTime. Its
// ETag is a digest of the plain bytes; the gzip variant's is the same
// with "-gz", as caches must not mix the two.
func (g *gzipCodec) newRendered(body []byte, modTime time.Time) (*rendered, error) {
	// A rendering comes from a growing buffer and may have a third of
	// its capacity unused, which a cache keeping it would hold.
	if cap(body)-len(body) > len(body)/16 {
		body = append([]byte(nil), body...)
	}
	gz, err := g.compress(body)
	if err != nil {
		return nil, fmt.Errorf("gzip feed: %w", err)
	}
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	r := &rendered{
		body:         body,
		plainLen:     len(body),
		modTime:      modTime,
		plain:        newVariant(body, len(body), `"`+tag+`"`),
		lastModified: []string{modTime.UTC().Format(http.TimeFormat)},
		gzETag:       `"` + tag + `-gz"`,
	}
	r.gz = newVariant(gz, len(gz), r.gzETag)
	return r, nil
}

// compress returns the gzip of body in a slice of its own, whose capacity
// is the allocation's size class: what the cache counts is what it holds.
func (g *gzipCodec) compress(body []byte) ([]byte, error) {
	w, _ := g.writers.Get().(*gzipWriter)
	if w == nil {
		w = new(gzipWriter)
		zw, err := gzip.NewWriterLevel(&w.buf, gzipLevel)
		if err != nil {
			return nil, err
		}
		w.zw = zw
	}
	w.buf.Reset()
	w.zw.Reset(&w.buf)
	if _, err := w.zw.Write(body); err != nil {
		return nil, err
	}
	if err := w.zw.Close(); err != nil {
		return nil, err
	}
	gz := append([]byte(nil), w.buf.Bytes()...)
	g.writers.Put(w)
	return gz, nil
}

// plainInto returns r's plain bytes: its own, or decompressed into dst.
func (g *gzipCodec) plainInto(dst []byte, r *rendered) ([]byte, error) {
	if r.body != nil {
		return r.body, nil
	}
	zr, _ := g.readers.Get().(*gzipReader)
	if zr == nil {
		zr = new(gzipReader)
	}
	defer g.readers.Put(zr)
	dst = slices.Grow(dst[:0], r.plainLen)[:r.plainLen]
	zr.src.Reset(r.gz.body)
	if err := zr.zr.Reset(&zr.src); err != nil {
		return nil, fmt.Errorf("gunzip feed: %w", err)
	}
	if _, err := io.ReadFull(&zr.zr, dst); err != nil {
		return nil, fmt.Errorf("gunzip feed: %w", err)
	}
	// Reading to the end checks the gzip's CRC and length.
	if n, err := zr.zr.Read(zr.one[:]); n != 0 || err != io.EOF {
		return nil, fmt.Errorf("gunzip feed: not the %d bytes rendered (%v)", r.plainLen, err)
	}
	return dst, nil
}

func (g *gzipCodec) buffer() *[]byte {
	if b, ok := g.buffers.Get().(*[]byte); ok {
		return b
	}
	return new([]byte)
}

// cacheKey names one rendering: a unit's feed in one format and limit, or
// the OPML (unit "", format -1).
type cacheKey struct {
	unit   string
	format format
	limit  int
}

// renderCache keeps renderings while the store version they were made
// from is current. Requests for a rendering being built wait for it
// instead of building it again, so a change seen by fifty readers at once
// costs one query.
//
// While a newer rendering is being built, readers get the previous one at
// once (stale while revalidating) instead of queueing behind the build:
// during a pass a province's feed changes with every batch, and its
// readers would otherwise wait for one rendering after another. The
// reader who starts a build waits for it up to staleAfter, so a reader
// who asks after a change on a machine that is not overloaded gets the
// change.
//
// Every rendering is kept gzipped, least recently used out first when the
// gzip budget is full. Plain bytes are kept beside the gzip in a budget
// of their own for the renderings asked for most: plain requests for the
// others are answered by decompressing (0.2–0.25 ms for a unit feed, against
// 2.5 ms to query and render it again). Readers cycling over every feed,
// as the load command's do, so find every feed in the cache, and they
// neither evict the plain bytes of hot feeds nor churn their own in and
// out: plain bytes are taken from one rendering for another only when the
// other is asked for more often (plainRoom).
type renderCache struct {
	maxBytes int
	plainMax int // of maxBytes, for plain bytes; the rest is for gzip
	codec    gzipCodec

	mu         sync.Mutex
	bytes      int        // held by the renderings, plain and gzip
	plainBytes int        // of bytes, the plain ones
	lru        *list.List // of *cacheEntry, most recent first
	plainLRU   *list.List // of the *cacheEntry holding plain bytes, most recent first
	entries    map[cacheKey]*list.Element
	clock      uint64 // requests so far, to age the entries' counts
	nextAging  uint64
	age        uint32
	promotions int // renderings whose plain bytes were kept again, for tests
}

type cacheEntry struct {
	key     cacheKey
	r       *rendered // the newest complete rendering; nil before the first
	version uint64    // r's
	pending *pendingBuild

	plainEl   *list.Element // in plainLRU while r holds plain bytes
	promoting *rendered     // being decompressed to be kept plain
	hits      uint32        // requests, halved at every aging
	age       uint32        // the cache's age when hits was last halved
}

// pendingBuild is a rendering in progress.
type pendingBuild struct {
	version uint64
	done    chan struct{} // closed when r or err is set
	r       *rendered
	err     error
}

func newRenderCache(maxBytes int) *renderCache {
	return &renderCache{
		maxBytes: maxBytes,
		plainMax: maxBytes / plainShare,
		lru:      list.New(),
		plainLRU: list.New(),
		entries:  make(map[cacheKey]*list.Element),
	}
}

// newRendered makes a rendering with the cache's compressors.
func (c *renderCache) newRendered(body []byte, modTime time.Time) (*rendered, error) {
	return c.codec.newRendered(body, modTime)
}

// get returns the rendering of key at version, calling build when there is
// none, or the previous rendering while another reader builds this one.
// A failed build is not kept.
func (c *renderCache) get(ctx context.Context, key cacheKey, version uint64, build func() (*rendered, error)) (*rendered, error) {
	counted := false
	for {
		c.mu.Lock()
		el, ok := c.entries[key]
		if !ok {
			el = c.lru.PushFront(&cacheEntry{key: key, age: c.age})
			c.entries[key] = el
		}
		c.lru.MoveToFront(el)
		e := el.Value.(*cacheEntry)
		if !counted {
			c.count(e)
			counted = true
		}
		if e.r != nil && e.version == version {
			r := e.r
			c.mu.Unlock()
			return r, nil
		}
		if p := e.pending; p != nil {
			prev := e.r
			c.mu.Unlock()
			if prev != nil {
				return prev, nil
			}
			if err := p.wait(ctx); err != nil || p.version == version {
				return p.r, cmp.Or(err, p.err)
			}
			continue // an older version was built: now build this one
		}
		p := &pendingBuild{version: version, done: make(chan struct{})}
		e.pending = p
		prev := e.r
		c.mu.Unlock()

		if prev == nil {
			p.r, p.err = build()
			c.finish(el, p)
			return p.r, p.err
		}
		go func() {
			p.r, p.err = build()
			c.finish(el, p)
		}()
		t := time.NewTimer(staleAfter)
		defer t.Stop()
		select {
		case <-p.done:
			return p.r, p.err
		case <-t.C:
			return prev, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// staleAfter is how long the reader who starts a new rendering waits for
// it before taking the previous one. A feed renders in a few milliseconds
// when the machine is idle, so a reader asking after a change gets the
// change; while a pass saturates both cores a province's feed can take
// far longer, and its readers get the previous rendering instead of
// waiting behind the ingest.
const staleAfter = 40 * time.Millisecond

// Aging: every entry's count of requests is halved each time the cache
// has answered as many requests as it has entries (agingMin at least), so
// a count is about twice the entry's requests in such a period. An entry
// asked as often as the average one counts about 2; hotHits is four times
// that. Simulated with Poisson arrivals, one request in 9,000 of a feed
// asked as often as the average (a reader cycling over every feed, or 64
// of them at random phases) counts hotHits, against 1 in 90 at twice the
// average rate and 3 in 10 at four times.
const (
	agingMin = 64
	hotHits  = 8
)

// count counts a request for e.
func (c *renderCache) count(e *cacheEntry) {
	c.clock++
	if c.clock >= c.nextAging {
		c.age++
		c.nextAging = c.clock + uint64(max(c.lru.Len(), agingMin))
	}
	e.hits = c.hitsOf(e) + 1
	if e.plainEl != nil {
		c.plainLRU.MoveToFront(e.plainEl)
	}
}

// hitsOf is e's count, aged to now.
func (c *renderCache) hitsOf(e *cacheEntry) uint32 {
	if shift := c.age - e.age; shift > 0 {
		e.hits >>= min(shift, 31)
		e.age = c.age
	}
	return e.hits
}

// finish makes p's rendering its entry's, unless the entry was dropped
// meanwhile, and keeps the cache to its size.
func (c *renderCache) finish(el *list.Element, p *pendingBuild) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(p.done)
	e := el.Value.(*cacheEntry)
	if e.pending == p {
		e.pending = nil
	}
	if c.entries[e.key] != el {
		return // dropped meanwhile
	}
	if p.err != nil || p.r.size()-cap(p.r.body) > c.gzipMax()/4 {
		if e.r == nil && e.pending == nil {
			c.remove(el)
		}
		return
	}
	c.drop(e)
	if !c.makeRoom(el, p.r.size()-cap(p.r.body)) {
		if e.pending == nil {
			c.remove(el)
		}
		return
	}
	r := p.r
	if r.body != nil && !c.plainRoom(e, cap(r.body), true) {
		r = r.compressedOnly()
	}
	c.hold(e, r)
	e.version = p.version
}

func (p *pendingBuild) wait(ctx context.Context) error {
	select {
	case <-p.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *renderCache) gzipMax() int { return c.maxBytes - c.plainMax }

// hold makes r e's rendering and counts what it holds; e has none.
func (c *renderCache) hold(e *cacheEntry, r *rendered) {
	e.r = r
	c.bytes += r.size()
	if r.body != nil {
		c.plainBytes += cap(r.body)
		e.plainEl = c.plainLRU.PushFront(e)
	}
}

// drop lets go of e's rendering.
func (c *renderCache) drop(e *cacheEntry) {
	if e.r == nil {
		return
	}
	c.bytes -= e.r.size()
	if e.plainEl != nil {
		c.plainBytes -= cap(e.r.body)
		c.plainLRU.Remove(e.plainEl)
		e.plainEl = nil
	}
	e.r = nil
}

// makeRoom evicts renderings, least recently used first, until n more
// bytes of gzip fit, and reports whether they do. keep is spared.
func (c *renderCache) makeRoom(keep *list.Element, n int) bool {
	for c.bytes-c.plainBytes+n > c.gzipMax() {
		if !c.evictOldest(keep) {
			return false
		}
	}
	return true
}

// evictOldest drops the least recently used entry with a rendering and no
// build in progress, other than keep, and reports whether there was one.
// When every other entry has a build in progress, it drops the oldest of
// their previous renderings instead, keeping the entry: readers then wait
// for its build, which is never started twice.
func (c *renderCache) evictOldest(keep *list.Element) bool {
	var stale *cacheEntry
	for el := c.lru.Back(); el != nil; el = el.Prev() {
		e := el.Value.(*cacheEntry)
		if el == keep || e.r == nil {
			continue
		}
		if e.pending == nil {
			c.remove(el)
			return true
		}
		if stale == nil {
			stale = e
		}
	}
	if stale == nil {
		return false
	}
	c.drop(stale)
	return true
}

func (c *renderCache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	c.drop(e)
}

// plainScan is how many of the least recently used plain renderings
// plainRoom looks at for room.
const plainScan = 8

// plainRoom reports whether e's rendering may keep n bytes of plain, and
// when commit is set makes room for them if it must. There is room when
// the plain budget has it; otherwise only a hot entry (hotHits) takes
// it, from the least recently used plain renderings asked for less often
// than it is, so that entries asked for about as often as each other do
// not take it from one another: that would decompress into new buffers,
// for nothing, at every request of a reader cycling over them.
func (c *renderCache) plainRoom(e *cacheEntry, n int, commit bool) bool {
	if c.plainBytes+n <= c.plainMax {
		return true
	}
	hits := c.hitsOf(e)
	if n > c.plainMax || hits < hotHits {
		return false
	}
	var victims [plainScan]*cacheEntry
	k, free := 0, c.plainMax-c.plainBytes
	for el := c.plainLRU.Back(); el != nil && k < plainScan && free < n; el = el.Prev() {
		if v := el.Value.(*cacheEntry); c.hitsOf(v) < hits {
			victims[k] = v
			k++
			free += cap(v.r.body)
		}
	}
	if free < n {
		return false
	}
	if commit {
		for _, v := range victims[:k] {
			c.demote(v)
		}
	}
	return true
}

// demote keeps e's rendering compressed only.
func (c *renderCache) demote(e *cacheEntry) {
	r := e.r
	c.drop(e)
	c.hold(e, r.compressedOnly())
}

// plainBody returns the plain bytes of rd, the rendering of key: its own,
// or decompressed. A rendering asked for often enough (plainRoom) keeps
// the bytes decompressed for it; for any other, they are decompressed
// into a pooled buffer, returned in pooled, which the caller gives back
// with putBuffer once it has written them. A nil cache decompresses with
// a decompressor of its own.
func (c *renderCache) plainBody(key cacheKey, rd *rendered) (body []byte, pooled *[]byte, err error) {
	if rd.body != nil {
		return rd.body, nil, nil
	}
	if c == nil {
		body, err := new(gzipCodec).plainInto(nil, rd)
		return body, nil, err
	}
	if c.startPromotion(key, rd) {
		body, err := c.codec.plainInto(nil, rd)
		c.endPromotion(key, rd, body, err)
		return body, nil, err
	}
	pooled = c.codec.buffer()
	body, err = c.codec.plainInto(*pooled, rd)
	if err == nil {
		*pooled = body
	}
	return body, pooled, err
}

// putBuffer gives back a buffer plainBody lent.
func (c *renderCache) putBuffer(pooled *[]byte) {
	if c != nil && pooled != nil {
		c.codec.buffers.Put(pooled)
	}
}

// startPromotion reports whether rd, key's rendering, is to keep its plain
// bytes, and marks it as being decompressed so that one reader does it.
// It only looks for room; endPromotion makes it, once the bytes are there.
func (c *renderCache) startPromotion(key cacheKey, rd *rendered) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return false
	}
	e := el.Value.(*cacheEntry)
	if e.r != rd || e.promoting != nil || !c.plainRoom(e, rd.plainLen, false) {
		return false
	}
	e.promoting = rd
	return true
}

// endPromotion keeps body as the plain bytes of rd, key's rendering, if it
// still is and there is still room.
func (c *renderCache) endPromotion(key cacheKey, rd *rendered, body []byte, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return
	}
	e := el.Value.(*cacheEntry)
	if e.promoting == rd {
		e.promoting = nil
	}
	if err != nil || e.r != rd || !c.plainRoom(e, cap(body), true) {
		return
	}
	c.drop(e)
	c.hold(e, rd.withPlain(body))
	c.promotions++
}

// plainOf returns rd's plain bytes in a slice the caller may keep.
func (c *renderCache) plainOf(rd *rendered) ([]byte, error) {
	if c == nil {
		return new(gzipCodec).plainInto(nil, rd)
	}
	return c.codec.plainInto(nil, rd)
}
